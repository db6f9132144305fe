// Opening the history file: integrity and ownership checks, moving a bad file aside, connection
// pragmas and migrations. The user is told about anything other than a clean open, never silently.
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
} from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { AppError } from '../../contract/errors'
import type { Logger } from '../log'
import { JOURNAL_SIZE_LIMIT, WRITER_AUTOCHECKPOINT_PAGES } from './checkpointer'
import { APPLICATION_ID, LATEST_VERSION, migrations, type Migration } from './schema'
import {
  inTransaction,
  SQLITE_BUSY,
  SQLITE_CORRUPT,
  SQLITE_LOCKED,
  SQLITE_NOTADB,
  sqliteErrorCode,
} from './sqlite'
import type { StoreOpenReport } from './types'

export const HISTORY_FILE = 'history.sqlite'
const SQLITE_MAGIC = 'SQLite format 3\u0000'

type Problem = NonNullable<StoreOpenReport['problem']>

/** Thrown inside the checks to carry a classification out to the recovery path. */
class BadFile extends Error {
  constructor(
    readonly problem: Problem,
    detail: string,
  ) {
    super(detail)
  }
}

interface HeaderFacts {
  size: number
  /** Bytes the header says the database occupies, when the header's size field is trustworthy. */
  expectedSize: number | null
}

/** Reads the 100-byte SQLite header without involving SQLite, so a foreign file is never touched. */
function inspectHeader(path: string): HeaderFacts {
  const fd = openSync(path, 'r')
  try {
    const size = fstatSync(fd).size
    if (size === 0) return { size, expectedSize: null }
    const header = Buffer.alloc(100)
    const read = readSync(fd, header, 0, 100, 0)
    if (read < 16 || header.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
      throw new BadFile(
        read < 16 && SQLITE_MAGIC.startsWith(header.toString('latin1', 0, read))
          ? 'truncated'
          : 'not_sqlite',
        'no SQLite header',
      )
    }
    if (read < 100)
      throw new BadFile('truncated', `file is ${size} bytes, shorter than a SQLite header`)
    const rawPageSize = header.readUInt16BE(16)
    const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize
    const pages = header.readUInt32BE(28)
    // The in-header page count is only valid when "version-valid-for" matches the change counter.
    const valid = header.readUInt32BE(92) === header.readUInt32BE(24) && pages > 0
    return { size, expectedSize: valid ? pages * pageSize : null }
  } finally {
    closeSync(fd)
  }
}

function classifySqliteError(error: unknown, facts: HeaderFacts): never {
  const code = sqliteErrorCode(error)
  const detail = error instanceof Error ? error.message : String(error)
  if (code === SQLITE_NOTADB) throw new BadFile('not_sqlite', detail)
  if (code === SQLITE_CORRUPT) throw new BadFile(isShort(facts) ? 'truncated' : 'corrupt', detail)
  throw error
}

const isShort = (facts: HeaderFacts) =>
  facts.expectedSize !== null && facts.size < facts.expectedSize

function pragmaValue(db: DatabaseSync, pragma: string): unknown {
  const row = db.prepare(`PRAGMA ${pragma}`).get()
  return row ? Object.values(row)[0] : undefined
}

/** Blocks the thread for a few milliseconds (opening the store is synchronous). */
const pause = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/**
 * `PRAGMA journal_mode = WAL`, tried again while another process holds a lock it needs, for up to
 * `busyTimeoutMs`: SQLite does not run the busy handler for every lock this takes (two processes
 * opening a new history file at the same moment got "database is locked" at once, not after a wait).
 */
function switchToWal(db: DatabaseSync, busyTimeoutMs: number): unknown {
  const deadline = performance.now() + busyTimeoutMs
  for (let wait = 2; ; wait = Math.min(2 * wait, 50)) {
    try {
      return pragmaValue(db, 'journal_mode = WAL')
    } catch (error) {
      const code = sqliteErrorCode(error)
      if ((code !== SQLITE_BUSY && code !== SQLITE_LOCKED) || performance.now() >= deadline)
        throw error
      pause(wait)
    }
  }
}

function configure(db: DatabaseSync, busyTimeoutMs: number): void {
  // busy_timeout first: every statement after it, including the WAL switch, waits for other processes.
  db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`)
  const mode = switchToWal(db, busyTimeoutMs)
  if (mode !== 'wal')
    throw new AppError(
      'internal',
      `The history database could not switch to WAL mode (got ${String(mode)}).`,
    )
  // NORMAL in WAL mode: durable across application crashes; only an OS crash can lose the last commits,
  // which the next sync re-fetches anyway (ingest is idempotent).
  db.exec('PRAGMA synchronous = NORMAL')
  db.exec('PRAGMA foreign_keys = ON')
  // 8 MiB of page cache: a sync's inserts touch a few B-tree paths (one per slice in flight), and
  // readers (dashboard, alerts) read recent rollups; anything else comes from the OS's file cache.
  // 32 MiB was ~25 MiB of an ingest's memory growth with no ingest speed to show for it
  // (docs/BENCHMARKS.md, "Store ingest memory").
  db.exec('PRAGMA cache_size = -8192')
  db.exec('PRAGMA temp_store = FILE')
  // Checkpoint every ~64 MiB of WAL instead of 4 MiB: each checkpoint fsyncs the database file, which
  // at the default interval cost more than half of a bulk ingest's time. journal_size_limit trims the
  // WAL back after a checkpoint so it does not stay at its high-water size on disk. Before a bulk
  // write the store hands checkpoints to a worker thread and turns these off (checkpointer.ts).
  db.exec(`PRAGMA wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT_PAGES}`)
  db.exec(`PRAGMA journal_size_limit = ${JOURNAL_SIZE_LIMIT}`)
}

/** Applies every migration newer than the file, each with its version bump in one transaction. */
export function runMigrations(
  db: DatabaseSync,
  log: Logger,
  list: readonly Migration[] = migrations,
): { from: number; to: number } {
  const from = Number(pragmaValue(db, 'user_version'))
  for (const migration of [...list].sort((a, b) => a.version - b.version)) {
    inTransaction(db, () => {
      // Re-read inside the write lock: another process may have migrated since we looked.
      const current = Number(pragmaValue(db, 'user_version'))
      if (current >= migration.version) return
      log.info(`store: migration ${migration.version} (${migration.name})`)
      migration.up(db)
      db.exec(`PRAGMA user_version = ${migration.version}`)
    })
  }
  return { from, to: Number(pragmaValue(db, 'user_version')) }
}

function newerVersionError(path: string, version: number): AppError {
  return new AppError(
    'internal',
    `The history file ${path} was written by a newer version of Defender Connected Apps (schema ${version}; this version knows up to ${LATEST_VERSION}). Update the app to use it; the file was left unchanged.`,
  )
}

/**
 * Checks an existing file and returns a read-write connection to it; throws BadFile or a real error.
 * The checks run on a read-only connection: it never checkpoints or deletes a WAL on close, so a file
 * we refuse (corrupt, foreign, from a newer version) is left exactly as it was, WAL included.
 */
function checkExisting(path: string, log: Logger): { db: DatabaseSync; checkMillis: number } {
  const facts = inspectHeader(path)
  if (facts.size === 0) {
    // An empty file holds no history (a crash right after creation, or another process creating it
    // this very moment): SQLite treats it as a new database, so there is nothing to move aside.
    log.info(`store: ${path} is empty; initialising it`)
    return { db: new DatabaseSync(path), checkMillis: 0 }
  }
  const started = performance.now()
  let reader: DatabaseSync
  try {
    reader = new DatabaseSync(path, { readOnly: true, timeout: 15_000 })
  } catch (error) {
    classifySqliteError(error, facts)
  }
  try {
    const applicationId = Number(pragmaValue(reader, 'application_id'))
    const version = Number(pragmaValue(reader, 'user_version'))
    if (applicationId !== APPLICATION_ID) {
      const objects = Number(
        reader.prepare('SELECT count(*) AS n FROM sqlite_schema').get()?.n ?? 0,
      )
      if (applicationId !== 0 || objects > 0 || version !== 0) {
        throw new BadFile(
          'foreign',
          `application_id ${applicationId}, user_version ${version}, ${objects} schema objects`,
        )
      }
      // An empty SQLite database with no id yet: ours to initialise.
    }
    if (version > LATEST_VERSION) throw newerVersionError(path, version)
    const problems = reader
      .prepare('PRAGMA quick_check(20)')
      .all()
      .map((row) => String(Object.values(row)[0]))
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new BadFile(isShort(facts) ? 'truncated' : 'corrupt', problems.slice(0, 5).join('; '))
    }
    if (isShort(facts))
      throw new BadFile(
        'truncated',
        `file is ${facts.size} bytes, header says ${facts.expectedSize}`,
      )
  } catch (error) {
    if (error instanceof BadFile || error instanceof AppError) throw error
    classifySqliteError(error, facts)
  } finally {
    reader.close()
  }
  return { db: new DatabaseSync(path), checkMillis: performance.now() - started }
}

function moveAside(path: string, at: Date): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-')
  let aside = `${path}.corrupt-${stamp}`
  for (let n = 2; existsSync(aside); n++) aside = `${path}.corrupt-${stamp}-${n}`
  renameSync(path, aside)
  // Keep the WAL and shared-memory files next to it under the names SQLite expects, so the moved
  // file can still be opened (with its last transactions) for a post-mortem.
  for (const suffix of ['-wal', '-shm', '-journal']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix)
  }
  return aside
}

const problemWords: Record<Problem, string> = {
  corrupt: 'was damaged',
  truncated: 'was incomplete (truncated)',
  not_sqlite: 'was not a database file',
  foreign: 'belongs to another application',
}

export interface OpenedDatabase {
  db: DatabaseSync
  report: StoreOpenReport
}

export function openDatabase(options: {
  dataDir: string
  log: Logger
  now: () => Date
  busyTimeoutMs: number
}): OpenedDatabase {
  const { dataDir, log } = options
  mkdirSync(dataDir, { recursive: true })
  const path = join(dataDir, HISTORY_FILE)
  let db: DatabaseSync | null = null
  let checkMillis = 0
  let problem: Problem | null = null
  let movedTo: string | null = null
  const existed = existsSync(path)
  if (existed) {
    try {
      ;({ db, checkMillis } = checkExisting(path, log))
    } catch (error) {
      if (!(error instanceof BadFile)) throw error
      problem = error.problem
      movedTo = moveAside(path, options.now())
      log.warn(
        `store: ${path} ${problemWords[problem]} (${error.message}); moved it to ${movedTo} and started a new history file`,
      )
    }
  }
  db ??= new DatabaseSync(path)
  try {
    configure(db, options.busyTimeoutMs)
    const { from, to } = runMigrations(db, log)
    const status: StoreOpenReport['status'] = problem ? 'recovered' : existed ? 'opened' : 'created'
    const message = problem
      ? `The local history file ${problemWords[problem]}, so it was moved aside to ${movedTo} and a new one was started. History will be rebuilt from the cloud on the next sync (as far back as the tenant's sign-in retention reaches).`
      : status === 'created'
        ? `Started a new history file at ${path}.`
        : from !== to
          ? `Opened the history file ${path} and upgraded it from schema ${from} to ${to}.`
          : `Opened the history file ${path}.`
    log.info(`store: ${message} (integrity check ${checkMillis.toFixed(0)} ms)`)
    return {
      db,
      report: {
        status,
        path,
        schemaVersion: to,
        migratedFrom: from,
        problem,
        movedTo,
        message,
        checkMillis,
      },
    }
  } catch (error) {
    db.close()
    throw error
  }
}
