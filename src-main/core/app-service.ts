// The facade the UI and the CLI talk to. One method per contract channel; every method takes an
// already-validated payload. Everything behind it (settings, auth, store, sync) is core code.
import {
  AppError,
  type AccountSummary,
  type AppInfo,
  type AppNotice,
  type AuthStatus,
  type DataMode,
  type InvokeHandlers,
  type Settings,
  type SettingsPatch,
  type SignInRequest,
  type SignOutRequest,
} from '../contract'
import type { AuthManager } from './auth/auth-manager'
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
  log: Logger
}

export class AppService implements InvokeHandlers {
  readonly events = new EventHub()
  private signInPending = false

  constructor(private readonly options: AppServiceOptions) {}

  get shell(): SafeShell {
    return this.options.shell
  }

  get auth(): AuthManager {
    return this.options.auth
  }

  get settings(): Settings {
    return this.options.settings.get()
  }

  /** Demo when asked for, or when no tenant and client ID are configured yet. */
  get mode(): DataMode {
    return this.options.forceDemo || !isConfigured(this.options.settings.get()) ? 'demo' : 'tenant'
  }

  async getAppInfo(): Promise<AppInfo> {
    const { runtime } = this.options
    const notices: AppNotice[] = [...this.options.settings.notices]
    if (this.options.auth.keychain === 'unavailable') {
      notices.push({ kind: 'keychain_unavailable', detail: this.options.auth.keychainUnavailableReason ?? '' })
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
    let accounts: AccountSummary[] = []
    try {
      accounts = await this.options.auth.accounts(settings)
    } catch (error) {
      this.options.log.warn('Could not list signed-in accounts', error)
    }
    return {
      configured: isConfigured(settings),
      mode: this.mode,
      accounts,
      keychain: this.options.auth.keychain,
      keychainReason: this.options.auth.keychainUnavailableReason,
      signInPending: this.signInPending,
    }
  }

  async signIn(request: SignInRequest | undefined): Promise<AccountSummary> {
    if (this.signInPending) {
      throw new AppError('auth_in_progress', 'A sign-in is already waiting in your browser. Finish it there or cancel it first.')
    }
    const service = await this.options.auth.service(this.options.settings.get())
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

  private async emitAuthChanged(): Promise<void> {
    this.events.emit('authChanged', await this.getAuthStatus())
  }
}

function isConfigured(settings: Settings): boolean {
  return Boolean(settings.tenant.clientId && settings.tenant.tenantId)
}
