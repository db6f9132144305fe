// Small helpers over node:sqlite shared by the store's modules.
import { DatabaseSync, type SQLOutputValue, type StatementSync } from 'node:sqlite'

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
 * A second, read-only connection to the store's file, for readers that should neither take the
 * main connection's page cache nor be able to write (alert evaluation, export snapshots). It waits
 * `busyTimeoutMs` for another process's lock; `cacheKiB`, when given, caps its page cache.
 */
export function openReadOnly(
  path: string,
  options: { busyTimeoutMs?: number; cacheKiB?: number } = {},
): DatabaseSync {
  const db = new DatabaseSync(path, { readOnly: true })
  try {
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 15_000))}`)
    if (options.cacheKiB !== undefined)
      db.exec(`PRAGMA cache_size = -${Math.floor(options.cacheKiB)}`)
    return db
  } catch (error) {
    db.close()
    throw error
  }
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

/**
 * A statement whose rows come as arrays of column values: for reads of thousands of rows, cheaper
 * than an object per row (the 30-day trend of 2,000 apps, 60,000 rows, costs a third as much).
 */
export function prepareArrays(db: DatabaseSync, sql: string): StatementSync {
  const statement = db.prepare(sql)
  statement.setReturnArrays(true)
  return statement
}

/** The rows of a `prepareArrays` statement, typed as what they are. */
export const arrayRows = (rows: unknown[]): SQLOutputValue[][] => rows as SQLOutputValue[][]

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

/** Days from 1970-01-01 to the first of each month of a non-leap year (index 0 = January). */
const MONTH_START_DAYS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]

/** The value of the two ASCII digits at `at`, or NaN. */
function twoDigits(value: string, at: number): number {
  const tens = value.charCodeAt(at) - 48
  const ones = value.charCodeAt(at + 1) - 48
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : Number.NaN
}

/**
 * `YYYY-MM-DDTHH:MM:SSZ` (the form the sources hand the store) to Unix seconds without `Date.parse`,
 * which costs more than the rest of an event's mapping; NaN for anything else, out-of-range fields
 * included, so the caller falls back to the general parser.
 */
export function parseCompactUtc(value: string): number {
  if (
    value.length !== 20 ||
    value.charCodeAt(4) !== 45 || // -
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 84 || // T
    value.charCodeAt(13) !== 58 || // :
    value.charCodeAt(16) !== 58 ||
    value.charCodeAt(19) !== 90 // Z
  )
    return Number.NaN
  const year = twoDigits(value, 0) * 100 + twoDigits(value, 2)
  const month = twoDigits(value, 5)
  const day = twoDigits(value, 8)
  const hour = twoDigits(value, 11)
  const minute = twoDigits(value, 14)
  const second = twoDigits(value, 17)
  // NaN fails every comparison, so a non-digit anywhere lands here too.
  if (
    !(year >= 1970) ||
    !(month >= 1 && month <= 12) ||
    !(day >= 1 && day <= (month === 2 ? 29 : 31)) ||
    !(hour <= 23) ||
    !(minute <= 59) ||
    !(second <= 59)
  )
    return Number.NaN
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  if (day > 28 && (month === 2 ? day > 28 + (leap ? 1 : 0) : day > daysInMonth(month)))
    return Number.NaN
  // Days before `year` since 1970: 365 a year plus the leap days in between.
  const y = year - 1
  const leapDaysBefore = Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) - 477 // 477 = leap days before 1970
  const days =
    (year - 1970) * 365 +
    leapDaysBefore +
    MONTH_START_DAYS[month - 1]! +
    (leap && month > 2 ? 1 : 0) +
    day -
    1
  return days * DAY + hour * HOUR + minute * 60 + second
}

const daysInMonth = (month: number): number =>
  month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31

/** Parses a Graph ISO-8601 time to Unix seconds; throws on anything unparseable. */
export function parseGraphTime(value: string, what: string): number {
  const fast = parseCompactUtc(value)
  if (fast === fast) return fast // not NaN
  const millis = Date.parse(value)
  if (Number.isNaN(millis))
    throw new TypeError(`${what}: not a date: ${JSON.stringify(value).slice(0, 60)}`)
  return Math.floor(millis / 1000)
}
