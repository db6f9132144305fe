// A small levelled logger. Every line passes through redact() before it is written anywhere.
// The file rotates by size: app.log → app.1.log → … → app.<keep>.log, the oldest dropped.
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
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
  /** Rotate app.log before it would grow past this many bytes (default 5 MiB). */
  maxBytes?: number
  /** Rotated files kept besides app.log (default 3). */
  keep?: number
}

export const defaultLogMaxBytes = 5 * 1024 * 1024
export const defaultLogKeep = 3

/** Shifts app.log to app.1.log, app.1.log to app.2.log, …, dropping the one past `keep`. */
export function rotateLogFiles(logDir: string, keep: number): void {
  const name = (n: number) => join(logDir, n === 0 ? 'app.log' : `app.${n}.log`)
  rmSync(name(keep), { force: true })
  for (let n = keep - 1; n >= 0; n--) {
    try {
      renameSync(name(n), name(n + 1))
    } catch {
      // a gap in the sequence (or keep = 0) is fine
    }
  }
  if (keep === 0) rmSync(name(0), { force: true })
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

function fileSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

export function createLogger(options: LoggerOptions): Logger {
  const threshold = logLevels.indexOf(options.level)
  const maxBytes = options.maxBytes ?? defaultLogMaxBytes
  const keep = options.keep ?? defaultLogKeep
  let file: string | null = null
  let size = 0
  if (options.logDir) {
    mkdirSync(options.logDir, { recursive: true })
    file = join(options.logDir, 'app.log')
    size = fileSize(file)
  }
  const write = (level: LogLevel, message: string, detail: unknown) => {
    if (logLevels.indexOf(level) > threshold) return
    const line = redact(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${describe(detail)}`)
    if (file && options.logDir) {
      try {
        const bytes = Buffer.byteLength(line) + 1
        if (size + bytes > maxBytes) {
          // Another process (the CLI) may have rotated or written meanwhile: trust the disk.
          size = fileSize(file)
          if (size > 0 && size + bytes > maxBytes) {
            rotateLogFiles(options.logDir, keep)
            size = 0
          }
        }
        appendFileSync(file, `${line}\n`, { mode: 0o600 })
        size += bytes
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
