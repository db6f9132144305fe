// A small levelled logger. Every line passes through redact() before it is written anywhere.
import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { redact } from './redact'

export const logLevels = ['error', 'warn', 'info', 'debug'] as const
export type LogLevel = (typeof logLevels)[number]

export interface Logger {
  error(message: string, detail?: unknown): void
  warn(message: string, detail?: unknown): void
  info(message: string, detail?: unknown): void
  debug(message: string, detail?: unknown): void
}

export interface LoggerOptions {
  level: LogLevel
  /** Folder for app.log; omit to log to stderr only. */
  logDir?: string
  /** Also echo to stderr (the CLI and development builds). */
  console?: boolean
}

function describe(detail: unknown): string {
  if (detail === undefined) return ''
  if (detail instanceof Error) return ` ${detail.name}: ${detail.message}${detail.stack ? `\n${detail.stack}` : ''}`
  try {
    return ` ${JSON.stringify(detail)}`
  } catch {
    return ` ${String(detail)}`
  }
}

export function createLogger(options: LoggerOptions): Logger {
  const threshold = logLevels.indexOf(options.level)
  let file: string | null = null
  if (options.logDir) {
    mkdirSync(options.logDir, { recursive: true })
    file = join(options.logDir, 'app.log')
  }
  const write = (level: LogLevel, message: string, detail: unknown) => {
    if (logLevels.indexOf(level) > threshold) return
    const line = redact(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${describe(detail)}`)
    if (file) {
      try {
        appendFileSync(file, `${line}\n`, { mode: 0o600 })
      } catch {
        // A full or read-only disk must not take the app down; stderr still gets the line.
      }
    }
    if (options.console || !file) process.stderr.write(`${line}\n`)
  }
  return {
    error: (m, d) => write('error', m, d),
    warn: (m, d) => write('warn', m, d),
    info: (m, d) => write('info', m, d),
    debug: (m, d) => write('debug', m, d),
  }
}

export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} }
