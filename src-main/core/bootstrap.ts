// Builds the core object graph (logger, settings, safe shell, AppService) the same way for the
// Electron app, the CLI and the tests, so each runs the same code against the same data directory.
import { homedir } from 'node:os'
import { AppService, type RuntimeInfo } from './app-service'
import { createLogger, type LogLevel, type Logger } from './log'
import { logDirFor, resolveDataDir } from './paths'
import { createSafeShell } from './safe-shell'
import { SettingsStore } from './settings-store'
import type { AppNotice, AuthStatus } from '../contract'

export interface CoreOptions {
  runtime: RuntimeInfo
  /** Overrides DCA_DATA_DIR and the OS default. */
  dataDir?: string
  forceDemo?: boolean
  logLevel?: LogLevel
  logToConsole?: boolean
  /** Hands an allow-listed URL to the system browser. */
  launchExternal: (url: string) => Promise<void>
  keychain?: () => AuthStatus['keychain']
  notices?: AppNotice[]
}

export interface Core {
  service: AppService
  log: Logger
  dataDir: string
  logDir: string
}

export function createCore(options: CoreOptions): Core {
  const dataDir = resolveDataDir({ platform: process.platform, env: process.env, homeDir: homedir() }, options.dataDir)
  const logDir = logDirFor(dataDir)
  const log = createLogger({ level: options.logLevel ?? 'info', logDir, console: options.logToConsole ?? false })
  const settings = new SettingsStore(dataDir, log)
  const shell = createSafeShell({ launch: options.launchExternal, log })
  const service = new AppService({
    runtime: options.runtime,
    dataDir,
    logDir,
    forceDemo: options.forceDemo ?? false,
    settings,
    shell,
    log,
    ...(options.keychain ? { keychain: options.keychain } : {}),
    ...(options.notices ? { notices: options.notices } : {}),
  })
  return { service, log, dataDir, logDir }
}
