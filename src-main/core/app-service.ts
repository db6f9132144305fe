// The facade the UI and the CLI talk to. One method per contract channel; every method takes an
// already-validated payload. Everything behind it (settings, auth, store, sync) is core code.
import type { AppInfo, AppNotice, AuthStatus, DataMode, InvokeHandlers, Settings, SettingsPatch } from '../contract'
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
  shell: SafeShell
  log: Logger
  keychain?: () => AuthStatus['keychain']
  notices?: AppNotice[]
}

export class AppService implements InvokeHandlers {
  readonly events = new EventHub()

  constructor(private readonly options: AppServiceOptions) {}

  get shell(): SafeShell {
    return this.options.shell
  }

  /** Demo when asked for, or when no tenant and client ID are configured yet. */
  get mode(): DataMode {
    return this.options.forceDemo || !this.isConfigured(this.options.settings.get()) ? 'demo' : 'tenant'
  }

  async getAppInfo(): Promise<AppInfo> {
    const { runtime } = this.options
    return {
      productName: runtime.productName,
      version: runtime.version,
      platform: runtime.platform,
      arch: runtime.arch,
      runtime: { node: runtime.node, electron: runtime.electron, chrome: runtime.chrome },
      dataDir: this.options.dataDir,
      logDir: this.options.logDir,
      mode: this.mode,
      notices: [...this.options.settings.notices, ...(this.options.notices ?? [])],
    }
  }

  async getSettings(): Promise<Settings> {
    return this.options.settings.get()
  }

  async updateSettings(patch: SettingsPatch): Promise<Settings> {
    const before = this.mode
    const settings = this.options.settings.update(patch)
    this.options.log.info('Settings updated', { keys: Object.keys(patch) })
    this.events.emit('settingsChanged', settings)
    if (this.mode !== before) this.events.emit('authChanged', await this.getAuthStatus())
    return settings
  }

  async getAuthStatus(): Promise<AuthStatus> {
    return {
      configured: this.isConfigured(this.options.settings.get()),
      mode: this.mode,
      accounts: [],
      keychain: this.options.keychain?.() ?? 'unknown',
    }
  }

  async openExternal({ url }: { url: string }): Promise<{ opened: true }> {
    await this.options.shell.open(url)
    return { opened: true }
  }

  private isConfigured(settings: Settings): boolean {
    return Boolean(settings.tenant.clientId && settings.tenant.tenantId)
  }
}
