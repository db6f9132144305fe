// Builds the core object graph (logger, settings, safe shells, auth, AppService) the same way for
// the Electron app, the CLI and the tests, so each runs the same code against the same data folder.
import { homedir } from 'node:os'
import { AppService, type RuntimeInfo } from './app-service'
import { AuthManager, type AuthManagerOptions } from './auth/auth-manager'
import { DataService, type DataServiceOptions } from './data-service'
import type { ExportPathChooser } from './export'
import type { DemoSize } from './demo'
import { createLogger, type LogLevel, type Logger } from './log'
import { logDirFor, resolveDataDir } from './paths'
import { createSafeShell } from './safe-shell'
import { SettingsStore } from './settings-store'

export interface CoreOptions {
  runtime: RuntimeInfo
  /** Overrides DCA_DATA_DIR and the OS default. */
  dataDir?: string
  /** Where app.log goes (the packaged app: the OS log folder); default <data dir>/logs. */
  logDir?: string
  forceDemo?: boolean
  logLevel?: LogLevel
  logToConsole?: boolean
  /** Hands an allow-listed URL to the system browser. */
  launchExternal: (url: string) => Promise<void>
  /** Replaces the OS keychain binding (the keychain tests use the real one). */
  tokenCacheFactory?: AuthManagerOptions['cacheFactory']
  interactiveTimeoutMs?: number
  /** Size of the demo tenant (default small). */
  demoSize?: DemoSize
  /** Clock for the data side (tests pin it). */
  now?: () => Date
  /**
   * Transport and clock of the cloud clients and their request budgets (DataService `cloudHttp`): a
   * proxy's root CA, or in tests the fake cloud's transport and clock.
   */
  cloudHttp?: DataServiceOptions['cloudHttp']
  /** The native save dialog for CSV export (the Electron app; tests stub it). */
  chooseExportPath?: ExportPathChooser
}

export interface Core {
  service: AppService
  log: Logger
  dataDir: string
  logDir: string
}

export function createCore(options: CoreOptions): Core {
  const dataDir = resolveDataDir({ platform: process.platform, env: process.env, homeDir: homedir() }, options.dataDir)
  const logDir = options.logDir ?? logDirFor(dataDir)
  const log = createLogger({ level: options.logLevel ?? 'info', logDir, console: options.logToConsole ?? false })
  const settings = new SettingsStore(dataDir, log)
  // Two shells over one launcher: the renderer's may open only the portals; sign-in may also
  // open the configured authority's origin (and nothing else).
  const portalShell = createSafeShell({ launch: options.launchExternal, log })
  const signInShell = createSafeShell({
    launch: options.launchExternal,
    log,
    extraOrigins: () => {
      const origin = auth.authorityOrigin(settings.get())
      return origin ? [origin] : []
    },
  })
  const auth: AuthManager = new AuthManager({
    dataDir,
    log,
    openBrowser: (url) => signInShell.open(url),
    ...(options.tokenCacheFactory ? { cacheFactory: options.tokenCacheFactory } : {}),
    ...(options.interactiveTimeoutMs ? { interactiveTimeoutMs: options.interactiveTimeoutMs } : {}),
  })
  const data = new DataService({
    dataDir,
    log,
    ...(options.demoSize ? { demoSize: options.demoSize } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.cloudHttp ? { cloudHttp: options.cloudHttp } : {}),
  })
  const service = new AppService({
    runtime: options.runtime,
    dataDir,
    logDir,
    forceDemo: options.forceDemo ?? false,
    settings,
    shell: portalShell,
    auth,
    data,
    log,
    ...(options.now ? { now: options.now } : {}),
    ...(options.chooseExportPath ? { chooseExportPath: options.chooseExportPath } : {}),
  })
  return { service, log, dataDir, logDir }
}
