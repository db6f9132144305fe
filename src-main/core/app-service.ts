// The facade the UI and the CLI talk to. One method per contract channel; every method takes an
// already-validated payload. Everything behind it (settings, auth, store, sync) is core code.
import {
  AppError,
  type AccountSummary,
  type AppInfo,
  type AppNotice,
  type AuthStatus,
  type DataMode,
  type DemoReason,
  type InvokeHandlers,
  type Settings,
  type SettingsPatch,
  type SignInRequest,
  type SignOutRequest,
  type SwitchDataModeRequest,
  type AppDetailView,
  type AppsOverview,
  type SyncNowRequest,
  type SyncStatus,
  type SyncSummary,
  type TenantSummary,
  type UsageSeries,
  type UsageSeriesRequest,
  type ChooseExportTargetRequest,
  type ExportResultView,
  type ExportTarget,
  type StartExportRequest,
  type AlertList,
  type AlertSettingsView,
  type ListAlertsRequest,
  type UpdateAlertSettingsRequest,
} from '../contract'
import { AlertService } from './alerts/alert-service'
import type { AuthManager } from './auth/auth-manager'
import { cloudEndpoints } from './auth/clouds'
import { toAppError } from './cloud-errors'
import { ExportService, type ExportPathChooser } from './export'
import type { DataService, SourceTarget } from './data-service'
import { portalUrlFor } from './portal-links'
import type { SyncReport } from './sync/engine'
import { alertingApps, toAppDetail, toAppRow, toCoverageViews } from './views'
import { EventHub } from './events'
import type { Logger } from './log'
import type { SafeShell } from './safe-shell'
import type { SettingsStore } from './settings-store'

export interface RuntimeInfo {
  productName: string
  version: string
  platform: string
  arch: string
  node: string
  electron: string | null
  chrome: string | null
}

export interface AppServiceOptions {
  runtime: RuntimeInfo
  dataDir: string
  logDir: string
  /** Demo mode asked for explicitly (`npm run demo`, `--demo`), whatever the settings say. */
  forceDemo: boolean
  settings: SettingsStore
  /** Opens portal links for the renderer (no sign-in origins on its allow-list). */
  shell: SafeShell
  auth: AuthManager
  data: DataService
  log: Logger
  now?: () => Date
  /** The native save dialog for exports (absent in the CLI, which takes --out). */
  chooseExportPath?: ExportPathChooser
}

export class AppService implements InvokeHandlers {
  readonly events = new EventHub()
  private signInPending = false
  /**
   * The demo tenant is shown over a configured tenant for this run: started with `--demo`, or
   * "Try the demo tenant" (switchDataMode). Never written anywhere: the next start shows the tenant.
   */
  private demoThisRun: boolean
  /**
   * Raised by every switchDataMode: a sync or sign-in that awaited something (accounts, a token
   * provider, the auth service) checks it before going on, so a switch in the meantime stops it
   * before any token of the tenant is used while the demo is shown.
   */
  private modeGeneration = 0
  private syncStatus: SyncStatus = { running: false, progress: null, last: null, lastError: null }

  /** Alert rules, history and settings (core/alerts). */
  readonly alerts: AlertService

  constructor(private readonly options: AppServiceOptions) {
    this.demoThisRun = options.forceDemo
    this.alerts = new AlertService({
      store: () => options.data.store,
      settings: options.settings,
      events: this.events,
      log: options.log,
      now: () => this.now(),
    })
  }

  get shell(): SafeShell {
    return this.options.shell
  }

  get auth(): AuthManager {
    return this.options.auth
  }

  get data(): DataService {
    return this.options.data
  }

  private now(): Date {
    return this.options.now?.() ?? new Date()
  }

  get settings(): Settings {
    return this.options.settings.get()
  }

  /** Demo when asked for (`--demo`, or in the app for this run), or when no tenant and client ID are configured yet. */
  get mode(): DataMode {
    return this.demoReason ? 'demo' : 'tenant'
  }

  /** Why the demo tenant is shown, or null when the configured tenant is. */
  get demoReason(): DemoReason | null {
    if (!isConfigured(this.options.settings.get())) return 'not_configured'
    if (!this.demoThisRun) return null
    return this.options.forceDemo && !this.leftStartDemo ? 'started_in_demo' : 'chosen'
  }

  /** True once this run has gone back to the tenant after starting with `--demo`. */
  private leftStartDemo = false

  /**
   * "Try the demo tenant" and back, for this run only. The configured tenant's settings, token cache
   * and local history are not touched: the demo tenant has its own tenant ID in the store. While the
   * demo is shown no account of the tenant is listed and no token of it is asked for (every tenant
   * lookup answers the demo tenant only), a sync of the tenant still running is cancelled, and the
   * background sync leaves the tenant alone (core/background/controller.ts).
   */
  async switchDataMode({ mode }: SwitchDataModeRequest): Promise<AuthStatus> {
    if (mode === 'tenant') {
      if (!isConfigured(this.options.settings.get())) {
        throw new AppError(
          'auth_not_configured',
          'No tenant is set up yet, so the demo tenant is all there is to show: enter the client ID and tenant in Settings first.',
        )
      }
      if (this.demoThisRun && this.options.forceDemo) this.leftStartDemo = true
      this.demoThisRun = false
    } else {
      if (!isConfigured(this.options.settings.get())) {
        // Nothing to switch from: the demo is already shown, and a tenant set up later must not
        // start in a demo the admin never chose.
        throw new AppError('auth_not_configured', 'No tenant is set up yet, so the demo tenant is already shown: there is nothing to switch from.')
      }
      if (this.signInPending) {
        throw new AppError(
          'auth_in_progress',
          'A sign-in to your tenant is waiting in your browser: finish or cancel it before trying the demo tenant.',
        )
      }
      const tenantSyncing = this.mode === 'tenant' ? this.options.data.syncing : null
      this.demoThisRun = true
      if (tenantSyncing && tenantSyncing !== this.options.data.demoSource().tenantId) {
        // Its tokens must not be used while the demo is shown; the sync resumes from its checkpoint.
        this.options.data.cancelSync()
      }
    }
    this.modeGeneration += 1
    this.options.log.info(`Data mode for this run: ${this.mode}${this.demoReason ? ` (${this.demoReason})` : ''}`)
    const status = await this.getAuthStatus()
    this.events.emit('authChanged', status)
    return status
  }

  async getAppInfo(): Promise<AppInfo> {
    const { runtime } = this.options
    const notices: AppNotice[] = [...this.options.settings.notices]
    const store = this.options.data.storeReport
    if (store && store.status === 'recovered') notices.push({ kind: 'store_recovered', detail: store.message })
    if (this.options.auth.keychain === 'unavailable') {
      notices.push({
        kind: 'keychain_unavailable',
        detail: this.options.auth.keychainUnavailableReason ?? '',
        keychainProblem: this.options.auth.keychainProblem,
      })
    }
    return {
      productName: runtime.productName,
      version: runtime.version,
      platform: runtime.platform,
      arch: runtime.arch,
      runtime: { node: runtime.node, electron: runtime.electron, chrome: runtime.chrome },
      dataDir: this.options.dataDir,
      logDir: this.options.logDir,
      mode: this.mode,
      notices,
    }
  }

  async getSettings(): Promise<Settings> {
    return this.options.settings.get()
  }

  async updateSettings(patch: SettingsPatch): Promise<Settings> {
    const settings = this.options.settings.update(patch)
    this.options.log.info('Settings updated', { keys: Object.keys(patch) })
    this.events.emit('settingsChanged', settings)
    await this.emitAuthChanged()
    return settings
  }

  /** Values for this process only (CLI flags); validated, never written to the settings file. */
  overrideSettingsForThisRun(patch: SettingsPatch): Settings {
    return this.options.settings.override(patch)
  }

  async getAuthStatus(): Promise<AuthStatus> {
    const settings = this.options.settings.get()
    const demoReason = this.demoReason
    let accounts: AccountSummary[] = []
    // While the demo tenant is shown, the tenant's accounts are neither listed nor shown.
    if (!demoReason) {
      try {
        accounts = await this.options.auth.accounts(settings)
      } catch (error) {
        this.options.log.warn('Could not list signed-in accounts', error)
      }
    }
    return {
      configured: isConfigured(settings),
      mode: demoReason ? 'demo' : 'tenant',
      demoReason,
      accounts,
      keychain: this.options.auth.keychain,
      keychainReason: this.options.auth.keychainUnavailableReason,
      keychainProblem: this.options.auth.keychainProblem,
      signInPending: this.signInPending,
    }
  }

  async signIn(request: SignInRequest | undefined): Promise<AccountSummary> {
    if (this.signInPending) {
      throw new AppError('auth_in_progress', 'A sign-in is already waiting in your browser. Finish it there or cancel it first.')
    }
    this.refuseSignInWhileDemo()
    const service = await this.options.auth.service(this.options.settings.get())
    // The demo may have been chosen while the auth service was being prepared.
    this.refuseSignInWhileDemo()
    this.signInPending = true
    await this.emitAuthChanged()
    try {
      return await service.signInInteractive({
        ...(request?.tenantId ? { tenant: request.tenantId } : {}),
        ...(request?.loginHint ? { loginHint: request.loginHint } : {}),
      })
    } finally {
      this.signInPending = false
      await this.emitAuthChanged()
    }
  }

  /** Signing in would fetch the tenant's tokens while its data is not shown: go back first. */
  private refuseSignInWhileDemo(): void {
    if (this.demoReason !== 'chosen' && this.demoReason !== 'started_in_demo') return
    // Not 'auth_failed' (a sign-in that was tried and failed): this one is refused before it starts.
    throw new AppError(
      'validation',
      `The demo tenant is shown in this run: go back to your tenant ("Back to ${this.tenantName()}") before signing in.`,
    )
  }

  /** The configured tenant as the admin knows it: its directory name once a sync has read it, else its ID. */
  tenantName(): string {
    const tenantId = this.options.settings.get().tenant.tenantId
    try {
      const known = this.options.data.store.listTenants().find((tenant) => tenant.tenantId === tenantId)
      if (known?.displayName) return known.displayName
    } catch {
      // The store is not open (yet): the configured ID names it.
    }
    return tenantId ?? 'your tenant'
  }

  async cancelSignIn(): Promise<{ cancelled: boolean }> {
    if (!this.signInPending) return { cancelled: false }
    const service = await this.options.auth.service(this.options.settings.get())
    return { cancelled: await service.cancelInteractive() }
  }

  async signOut({ homeAccountId }: SignOutRequest): Promise<AuthStatus> {
    const service = await this.options.auth.service(this.options.settings.get())
    await service.signOut(homeAccountId)
    const status = await this.getAuthStatus()
    this.events.emit('authChanged', status)
    return status
  }

  async openExternal({ url }: { url: string }): Promise<{ opened: true }> {
    await this.options.shell.open(url)
    return { opened: true }
  }

  // ---- connected applications ------------------------------------------------------------------

  /** The tenants this mode can show: the demo tenant, or each signed-in account's tenant. */
  private async tenants(): Promise<TenantSummary[]> {
    if (this.mode === 'demo') {
      const demo = this.options.data.demoSource()
      return [{ tenantId: demo.tenantId, displayName: 'Contoso (demo)', source: 'demo' }]
    }
    const accounts = await this.options.auth.accounts(this.settings)
    // Names come from the directory at discovery (GET /organization); null until a sync has read one.
    const names = new Map(this.options.data.store.listTenants().map((tenant) => [tenant.tenantId, tenant.displayName]))
    const seen = new Map<string, TenantSummary>()
    for (const account of accounts) {
      if (!seen.has(account.tenantId)) seen.set(account.tenantId, { tenantId: account.tenantId, displayName: names.get(account.tenantId) ?? null, source: 'graph' })
    }
    return [...seen.values()]
  }

  /** The tenant a request is about: the one asked for, else the configured one, else the first. */
  private async tenant(tenantId: string | undefined): Promise<TenantSummary> {
    const tenants = await this.tenants()
    if (tenants.length === 0) {
      throw new AppError('not_signed_in', 'Sign in to see the connected applications of your tenant, or try the demo tenant.')
    }
    if (tenantId) {
      const match = tenants.find((tenant) => tenant.tenantId === tenantId)
      if (!match) throw new AppError('not_found', 'That tenant is not signed in on this computer.')
      return match
    }
    return tenants.find((tenant) => tenant.tenantId === this.settings.tenant.tenantId) ?? tenants[0]!
  }

  private async sourceTarget(tenant: TenantSummary): Promise<SourceTarget> {
    if (tenant.source === 'demo') return { kind: 'demo' }
    const accounts = await this.options.auth.accounts(this.settings)
    const account = accounts.find((candidate) => candidate.tenantId === tenant.tenantId)
    if (!account) throw new AppError('not_signed_in', 'Sign in to this tenant again to sync it.')
    return {
      kind: 'graph',
      tenantId: tenant.tenantId,
      cloud: cloudEndpoints(this.settings.tenant),
      tokens: await this.options.auth.tokenProvider(this.settings, account.homeAccountId),
      ...(this.settings.tenant.logAnalyticsWorkspaceId ? { logAnalyticsWorkspaceId: this.settings.tenant.logAnalyticsWorkspaceId } : {}),
    }
  }

  private portalUrl(tenant: TenantSummary): string {
    return tenant.source === 'demo' ? portalUrlFor(null) : portalUrlFor(cloudEndpoints(this.settings.tenant))
  }

  async listApps(request: { tenantId?: string | undefined } | undefined): Promise<AppsOverview> {
    const tenant = await this.tenant(request?.tenantId)
    const store = this.options.data.store
    const now = this.now()
    const alerting = alertingApps(store, tenant.tenantId)
    const checkpoint = store.getCheckpoint(tenant.tenantId, tenant.source)
    return {
      tenant,
      tenants: await this.tenants(),
      apps: store.listApps(tenant.tenantId).map((summary) => toAppRow(summary, now, alerting)),
      lastSync: checkpoint?.highWaterMark ? checkpoint.updatedAt.toISOString() : null,
      historyFrom: store.historyExtent(tenant.tenantId)?.from.toISOString() ?? null,
      coverage: toCoverageViews(store.usageHistory.coverage(tenant.tenantId)),
      generatedAt: now.toISOString(),
    }
  }

  async getAppDetail(request: { tenantId?: string | undefined; appId: string }): Promise<AppDetailView> {
    const tenant = await this.tenant(request.tenantId)
    const store = this.options.data.store
    const detail = store.appDetail(tenant.tenantId, request.appId)
    if (!detail) throw new AppError('not_found', 'No application with that ID is known in this tenant.')
    return toAppDetail(store, tenant.tenantId, detail, this.now(), this.portalUrl(tenant))
  }

  async getUsageSeries(request: UsageSeriesRequest): Promise<UsageSeries> {
    const tenant = await this.tenant(request.tenantId)
    const to = this.now()
    const from = new Date(to.getTime() - request.days * 86_400_000)
    const points = this.options.data.store.usageSeries(tenant.tenantId, request.appId, { from, to, granularity: request.granularity })
    return {
      appId: request.appId,
      granularity: request.granularity,
      points: points.map((point) => ({ start: point.start.toISOString(), signIns: point.signIns, failures: point.failures })),
    }
  }

  async syncNow(request: SyncNowRequest | undefined): Promise<SyncSummary> {
    const generation = this.modeGeneration
    const tenant = await this.tenant(request?.tenantId)
    this.stopIfModeSwitched(generation)
    if (this.options.data.syncing && this.options.data.syncing !== tenant.tenantId) {
      throw new AppError('sync_running', 'Another tenant is syncing right now; try again when it finishes.')
    }
    this.syncStatus = { ...this.syncStatus, running: true, progress: null, lastError: null }
    let lastEmitted = 0
    let lastPhase = ''
    let lastSlicesDone = -1
    try {
      const target = await this.sourceTarget(tenant)
      this.stopIfModeSwitched(generation)
      const report = await this.options.data.sync(target, {
        ...(request?.days ? { days: request.days } : {}),
        ...(request?.full ? { full: true } : {}),
        onProgress: (progress) => {
          const view = {
            tenantId: progress.tenantId,
            phase: progress.phase,
            slicesDone: progress.slicesDone,
            slicesTotal: progress.slicesTotal,
            pages: progress.pages,
            events: progress.events,
            etaSeconds: progress.etaSeconds,
          }
          this.syncStatus.progress = view
          // Every page reports progress; the window needs a few updates a second, not hundreds
          // of bridge messages. Phase changes and finished slices always go through.
          const at = Date.now()
          const milestone = view.phase !== lastPhase || view.slicesDone !== lastSlicesDone
          if (milestone || at - lastEmitted >= 250) {
            lastEmitted = at
            lastPhase = view.phase
            lastSlicesDone = view.slicesDone
            this.events.emit('syncProgress', view)
          }
        },
      })
      const summary = toSyncSummary(report)
      this.alerts.afterSync(tenant.tenantId, report)
      this.syncStatus = { running: false, progress: null, last: summary, lastError: null }
      this.events.emit('dataChanged', { tenantId: tenant.tenantId })
      return summary
    } catch (error) {
      const known = toAppError(error)
      if (!known) this.options.log.error('Sync failed', error)
      const failure = known ?? new AppError('internal', 'The sync failed unexpectedly; the details are in the log.')
      this.syncStatus = { ...this.syncStatus, running: false, progress: null, lastError: { code: failure.code, message: failure.message } }
      this.events.emit('dataChanged', { tenantId: tenant.tenantId })
      throw failure
    }
  }

  /** A sync that awaited accounts or a token provider stops if the data mode was switched meanwhile. */
  private stopIfModeSwitched(generation: number): void {
    if (generation === this.modeGeneration) return
    throw new AppError(
      'validation',
      this.mode === 'demo'
        ? 'Sync cancelled: the app switched to the demo tenant before the sync started.'
        : 'Sync cancelled: the app went back to your tenant before the sync started; sync again to sync it.',
    )
  }

  async cancelSync(): Promise<{ cancelled: boolean }> {
    return { cancelled: this.options.data.cancelSync() }
  }

  async getSyncStatus(): Promise<SyncStatus> {
    return structuredClone(this.syncStatus)
  }

  // ---- alerts ----------------------------------------------------------------------------------

  async listAlerts(request: ListAlertsRequest | undefined): Promise<AlertList> {
    const tenant = await this.tenant(request?.tenantId)
    return this.alerts.list(tenant.tenantId, request)
  }

  async acknowledgeAlert(request: { tenantId?: string | undefined; id: number }): Promise<{ acknowledged: boolean }> {
    const tenant = await this.tenant(request.tenantId)
    return this.alerts.acknowledge(tenant.tenantId, request.id)
  }

  async getAlertSettings(request: { tenantId?: string | undefined } | undefined): Promise<AlertSettingsView> {
    const tenant = await this.tenant(request?.tenantId)
    return this.alerts.getSettings(tenant.tenantId)
  }

  async updateAlertSettings(request: UpdateAlertSettingsRequest): Promise<AlertSettingsView> {
    const tenant = await this.tenant(request.tenantId)
    return this.alerts.updateSettings(tenant.tenantId, request)
  }

  // ---- CSV export (core/export) -----------------------------------------------------------------

  private exportService: ExportService | null = null

  /** Export of the local history; reads the store only, so it works offline and after sign-out. */
  get exports(): ExportService {
    this.exportService ??= new ExportService({
      store: () => this.options.data.store,
      events: this.events,
      log: this.options.log,
      now: () => this.now(),
      mode: () => this.mode,
      demoTenantId: () => this.options.data.demoSource().tenantId,
      configuredTenant: () => this.settings.tenant.tenantId,
      signedInTenants: async () => (await this.options.auth.accounts(this.settings)).map((account) => account.tenantId),
      chooseExportPath: this.options.chooseExportPath,
    })
    return this.exportService
  }

  async chooseExportTarget(request: ChooseExportTargetRequest): Promise<ExportTarget | null> {
    return this.exports.chooseTarget(request)
  }

  async startExport(request: StartExportRequest): Promise<ExportResultView> {
    return this.exports.start(request)
  }

  async cancelExport(): Promise<{ cancelled: boolean }> {
    return { cancelled: this.exports.cancel() }
  }

  private async emitAuthChanged(): Promise<void> {
    this.events.emit('authChanged', await this.getAuthStatus())
  }
}

/** What the UI and the CLI are told about a finished sync (dates as ISO strings, no internals). */
export function toSyncSummary(report: SyncReport): SyncSummary {
  return {
    tenantId: report.tenantId,
    source: report.source,
    from: report.window.from.toISOString(),
    to: report.window.to.toISOString(),
    events: report.events,
    inserted: report.inserted,
    cancelled: report.cancelled,
    appsAdded: report.discovery.firstSnapshot ? 0 : report.discovery.appsAdded.length,
    appsRemoved: report.discovery.appsRemoved.length,
    permissionsGranted: report.discovery.firstSnapshot ? 0 : report.discovery.permissionsGranted.length,
    durationMs: report.durationMs,
    ...(report.logAnalytics
      ? {
          logAnalytics: {
            status: report.logAnalytics.status,
            hours: report.logAnalytics.hours,
            from: report.logAnalytics.span?.from.toISOString() ?? null,
            to: report.logAnalytics.span?.to.toISOString() ?? null,
            error: report.logAnalytics.error,
          },
        }
      : {}),
    ...(report.summaries
      ? {
          summaries: {
            status: report.summaries.status,
            note: report.summaries.note,
            slicesSkipped: report.summaries.slicesSkipped,
            requestsSaved: report.summaries.requestsSaved,
            mismatches: report.summaries.mismatches.length,
            probe: report.summaries.probe
              ? {
                  outcome: report.summaries.probe.outcome,
                  requests: report.summaries.probe.requests,
                  found: report.summaries.probe.found,
                }
              : null,
          },
        }
      : {}),
  }
}

function isConfigured(settings: Settings): boolean {
  return Boolean(settings.tenant.clientId && settings.tenant.tenantId)
}
