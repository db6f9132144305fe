// Small helpers over node:sqlite shared by the store's modules.
import type { DatabaseSync } from 'node:sqlite'

/** SQLite primary result codes we act on (node:sqlite puts the extended code in `errcode`). */
export const SQLITE_BUSY = 5
export const SQLITE_LOCKED = 6
export const SQLITE_CORRUPT = 11
export const SQLITE_NOTADB = 26

export function sqliteErrorCode(error: unknown): number | null {
  if (
    error &&
    typeof error === 'object' &&
    'errcode' in error &&
    typeof error.errcode === 'number'
  ) {
    return error.errcode & 0xff
  }
  return null
}

/**
 * Runs `work` in a write transaction. BEGIN IMMEDIATE takes the write lock up front, so a second
 * process waits for it under busy_timeout instead of failing with SQLITE_BUSY when a read
 * transaction tries to upgrade to a write (which busy_timeout cannot help with). Not re-entrant:
 * nested calls join the outer transaction.
 */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  if (db.isTransaction) return work()
  db.exec('BEGIN IMMEDIATE')
  try {
    const result = work()
    db.exec('COMMIT')
    return result
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK')
    throw error
  }
}

/** Runs `work` in a read transaction so multi-statement reads see one consistent snapshot. */
export function inReadTransaction<T>(db: DatabaseSync, work: () => T): T {
  if (db.isTransaction) return work()
  db.exec('BEGIN')
  try {
    return work()
  } finally {
    if (db.isTransaction) db.exec('COMMIT')
  }
}

export const toSeconds = (date: Date): number => Math.floor(date.getTime() / 1000)
export const fromSeconds = (seconds: number): Date => new Date(seconds * 1000)
export const nullableDate = (seconds: number | null | undefined): Date | null =>
  seconds === null || seconds === undefined ? null : fromSeconds(seconds)

export const HOUR = 3600
export const DAY = 86_400

export const hourOf = (seconds: number): number => seconds - (((seconds % HOUR) + HOUR) % HOUR)
export const dayOf = (seconds: number): number => seconds - (((seconds % DAY) + DAY) % DAY)
/** Start of the UTC month containing `seconds`. */
export function monthOf(seconds: number): number {
  const date = new Date(seconds * 1000)
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 1000
}

/** Parses a Graph ISO-8601 time to Unix seconds; throws on anything unparseable. */
export function parseGraphTime(value: string, what: string): number {
  const millis = Date.parse(value)
  if (Number.isNaN(millis))
    throw new TypeError(`${what}: not a date: ${JSON.stringify(value).slice(0, 60)}`)
  return Math.floor(millis / 1000)
}
