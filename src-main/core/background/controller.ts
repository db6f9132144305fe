// Keeps the app useful while its window is closed: runs the background sync, keeps the tray's
// state and menu current, and turns new alerts into notifications under the user's rules. Electron
// is behind `ports`, so this runs (and is tested) under plain Node.
import { AppError, type AlertView, type DataMode } from '../../contract'
import type { AppService } from '../app-service'
import { appAlertSettings } from '../alerts/settings'
import { pauseUntil, planNotifications, type NotificationPlan } from '../alerts/notify-policy'
import { systemTimeZone } from '../alerts/profile'
import { processLanguages, resolveMainLocale, translator, type Translator } from '../i18n'
import { BackgroundSync, type SyncOutcome, type Timers } from './scheduler'
import {
  trayMenu,
  trayState,
  trayTooltip,
  type TrayCommand,
  type TrayInputs,
  type TrayMenuItem,
  type TrayState,
} from './tray-model'

export interface BackgroundPorts {
  updateTray(state: TrayState, tooltip: string, menu: TrayMenuItem[]): void
  /** Shows the plan's notifications, worded by `texts` (the UI language). */
  notify(plan: NotificationPlan, texts: Translator): void
  /** Shows the main window at a renderer route (`/alerts?alert=12`), creating it when needed. */
  showWindow(route?: string): void
  setLoginItem(openAtLogin: boolean): void
  quit(): void
}

const networkCodes = new Set(['network', 'throttled'])

export class BackgroundController {
  readonly scheduler: BackgroundSync
  private recent: AlertView[] = []
  private unacknowledged = 0
  private signedIn = false
  private syncing = false
  private lastError: string | null = null
  /** The next run is the tray's "Sync now" (the admin's own), not a scheduled one. */
  private explicitRun = false
  private started = false
  private lastMode: DataMode | null = null
  /** The run under way (scheduled or from the tray), if any. */
  private running: Promise<SyncOutcome> | null = null
  private readonly unsubscribers: Array<() => void> = []

  constructor(
    private readonly service: AppService,
    private readonly ports: BackgroundPorts,
    private readonly options: {
      productName: string
      timers?: Timers
      now?: () => Date
      timeZone?: string
      /** The OS languages, for the language setting 'system' (Electron's preferred languages). */
      systemLanguages?: () => readonly string[]
    } = { productName: 'Defender Connected Apps' },
  ) {
    this.scheduler = new BackgroundSync({
      intervalMinutes: () => this.appSettings().syncIntervalMinutes,
      enabled: () => this.appSettings().backgroundSync,
      run: () => this.sync(),
      ...(options.timers ? { timers: options.timers } : {}),
    })
  }

  private now(): Date {
    return this.options.now?.() ?? new Date()
  }

  private appSettings() {
    return appAlertSettings(this.service.settings)
  }

  /** The main process's texts in the UI language, read afresh so a change applies at once. */
  texts(): Translator {
    const languages = this.options.systemLanguages?.() ?? processLanguages()
    return translator(resolveMainLocale(this.service.settings.locale, languages))
  }

  async start(): Promise<void> {
    const events = this.service.events
    this.unsubscribers.push(
      events.on('alertRaised', ({ alerts }) => {
        // Alerts about the demo tenant, tried in the app over a configured tenant, stay in the app:
        // a system notification could be taken for one about the real tenant.
        // That holds however it is shown ('chosen' or 'started_in_demo'); with no tenant set up
        // ('not_configured') the demo is all there is and its alerts notify as usual.
        if (!this.demoOverTenant()) this.notifyRaised(alerts)
        void this.refresh()
      }),
      events.on('syncProgress', (progress) => {
        const syncing = progress.phase !== 'done'
        if (syncing !== this.syncing) {
          this.syncing = syncing
          this.render()
        }
      }),
      events.on('dataChanged', () => void this.refresh()),
      events.on('authChanged', (status) => {
        // Back on the tenant after the demo: scheduled runs skipped it meanwhile, so sync it soon
        // rather than a whole interval later (when the background sync is on).
        const wasDemo = this.lastMode === 'demo'
        this.lastMode = status.mode
        if (
          wasDemo &&
          status.mode === 'tenant' &&
          this.started &&
          this.appSettings().backgroundSync
        ) {
          void this.syncTenantSoon()
        }
        void this.refresh()
      }),
      // Also the language: render() rebuilds the tray's tooltip and menu in it.
      events.on('settingsChanged', () => {
        this.ports.setLoginItem(this.appSettings().launchAtLogin)
        this.scheduler.reschedule()
        this.render()
      }),
    )
    this.ports.setLoginItem(this.appSettings().launchAtLogin)
    this.started = true
    this.lastMode = this.service.mode
    await this.refresh()
    // A first sync soon after start, then every interval.
    this.scheduler.start(30_000)
  }

  stop(): void {
    this.started = false
    this.scheduler.stop()
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe()
  }

  /** Re-reads what the tray shows: sign-in, open alerts, the last sync's failure. */
  async refresh(): Promise<void> {
    try {
      const status = await this.service.getSyncStatus()
      this.syncing = status.running
      this.lastError = status.lastError?.message ?? null
      const list = await this.service.listAlerts({ includeAcknowledged: false, limit: 20 })
      this.recent = list.alerts
      this.unacknowledged = list.unacknowledged
      this.signedIn = true
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_signed_in') this.signedIn = false
    }
    this.render()
  }

  private inputs(): TrayInputs {
    const paused = this.appSettings().pausedUntil
    return {
      signedIn: this.signedIn,
      syncing: this.syncing,
      lastError: this.lastError,
      unacknowledged: this.unacknowledged,
      recentAlerts: this.recent,
      pausedUntil: paused ? new Date(paused) : null,
      now: this.now(),
    }
  }

  private render(): void {
    const inputs = this.inputs()
    const texts = this.texts()
    this.ports.updateTray(
      trayState(inputs),
      trayTooltip(inputs, this.options.productName, texts),
      trayMenu(inputs, texts, this.options.productName),
    )
  }

  private notifyRaised(alerts: AlertView[]): void {
    const plan = planNotifications(
      alerts,
      this.appSettings(),
      this.now(),
      this.options.timeZone ?? systemTimeZone(),
    )
    if (plan.kind !== 'none') this.ports.notify(plan, this.texts())
  }

  /** Back on the tenant: a run still under way is the demo's (the tray's Sync now), so wait for it. */
  private async syncTenantSoon(): Promise<void> {
    while (this.running) await this.running
    if (this.started && this.service.mode === 'tenant') await this.scheduler.runNow()
  }

  /** One scheduled or requested sync; failures become outcomes for the back-off. */
  private sync(): Promise<SyncOutcome> {
    const run = this.syncOnce()
    this.running = run
    void run.finally(() => {
      if (this.running === run) this.running = null
    })
    return run
  }

  private async syncOnce(): Promise<SyncOutcome> {
    const explicit = this.explicitRun
    this.explicitRun = false
    // "Try the demo tenant" (this run only): a scheduled run neither syncs the tenant while the demo
    // is shown (that would use its tokens) nor the demo behind the admin's back; going back to the
    // tenant syncs it soon (start()). The tray's "Sync now" syncs what the window shows: the demo.
    // syncNow itself stops if the mode is switched while it waits for accounts or tokens.
    if (this.service.demoReason === 'chosen' && !explicit) return 'ok'
    try {
      await this.service.syncNow(undefined)
      return 'ok'
    } catch (error) {
      if (error instanceof AppError) {
        if (error.code === 'not_signed_in') return 'signedOut'
        if (error.code === 'sync_running') return 'busy'
        if (networkCodes.has(error.code)) return 'offline'
      }
      return 'error'
    } finally {
      await this.refresh()
    }
  }

  async handle(command: TrayCommand): Promise<void> {
    switch (command.kind) {
      case 'open':
        return this.ports.showWindow()
      case 'openAlerts':
        return this.ports.showWindow('/alerts')
      case 'openAlert':
        return this.ports.showWindow(`/alerts?alert=${command.alertId}`)
      case 'settings':
        return this.ports.showWindow('/alerts#alert-settings-heading')
      case 'syncNow':
        this.explicitRun = true
        try {
          await this.scheduler.runNow()
        } finally {
          this.explicitRun = false
        }
        return
      case 'pause':
      case 'resume': {
        const until =
          command.kind === 'pause'
            ? pauseUntil(
                command.until,
                this.now(),
                this.options.timeZone ?? systemTimeZone(),
              ).toISOString()
            : null
        await this.service.updateAlertSettings({ app: { pausedUntil: until } })
        this.render()
        return
      }
      case 'quit':
        this.stop()
        return this.ports.quit()
    }
  }

  /** The demo tenant is shown over a configured tenant (chosen in the app, or started with --demo). */
  private demoOverTenant(): boolean {
    const reason = this.service.demoReason
    return reason === 'chosen' || reason === 'started_in_demo'
  }

  /** Where a notification click goes. */
  openFromNotification(alertId: number | null): void {
    this.ports.showWindow(alertId === null ? '/alerts' : `/alerts?alert=${alertId}`)
  }
}
