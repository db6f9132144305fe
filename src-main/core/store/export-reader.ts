// The store's read path for long reads (CSV export, alert evaluation): rollups and alerts in keyed
// chunks, so neither JavaScript nor SQLite ever holds more than one chunk of a range however long the
// history. Rows come back as arrays (`setReturnArrays`), not objects: node:sqlite's row objects cost
// about three times as much to build and their garbage grew the heap by ~80 MB over 2.6 M rows.
//
// `ExportSnapshot` reads through its own read-only connection with a small page cache and one read
// transaction: the file is one consistent snapshot of the store even while a sync writes, and the
// main connection's page cache is not filled with pages only an export needs.
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite'
import { dayOf, hourOf, monthOf, openReadOnly, toSeconds } from './sqlite'
import type { AlertSeverity, Granularity } from './types'

/** One rollup: [period start (Unix seconds), app ID, sign-ins, failures]. */
export type RollupTuple = [start: number, appId: string, signIns: number, failures: number]

/** One alert as the export reads it (payload as the stored JSON text). */
export interface AlertRecord {
  id: number
  createdAt: number
  severity: AlertSeverity
  rule: string
  appId: string | null
  acknowledgedAt: number | null
  payload: string
}

export interface ChunkedRollupQuery {
  tenantId: string
  granularity: Granularity
  /** Inclusive; rounded down to the period start. */
  from?: Date | undefined
  /** Exclusive. */
  to?: Date | undefined
  /** Only these apps; default all. */
  appIds?: readonly string[] | undefined
}

export interface AlertRangeQuery {
  tenantId: string
  /** Inclusive, on created_at. */
  from?: Date | undefined
  /** Exclusive. */
  to?: Date | undefined
  /** Only alerts about these apps (tenant-wide alerts are left out); default all. */
  appIds?: readonly string[] | undefined
}

/** Rows per chunk of an hourly read (a day or month read returns one period per chunk). */
export const ROLLUP_CHUNK_ROWS = 512
export const ALERT_CHUNK_ROWS = 1000
/** Page cache of an export's own connection: 2 MiB, enough for a B-tree path and read-ahead. */
const SNAPSHOT_CACHE_KIB = 2048

const appFilterSql = (column: string) => `AND ${column} IN (SELECT value FROM json_each(?))`

/**
 * Rollups in time order, then app ID, `ROLLUP_CHUNK_ROWS` at a time for hours (keyset pagination on
 * the table's own key, `(hour, app_id) > last`), and one period at a time for days and months,
 * summed by SQLite over that period's daily rollups (hours for a partial day or one whose daily rows
 * wait for a refresh). Empty stretches are skipped with one index seek.
 */
export function* rollupChunks(
  db: DatabaseSync,
  query: ChunkedRollupQuery,
  chunkRows = ROLLUP_CHUNK_ROWS,
): Generator<RollupTuple[], void, undefined> {
  const bucket =
    query.granularity === 'hour' ? hourOf : query.granularity === 'day' ? dayOf : monthOf
  const from = query.from ? bucket(toSeconds(query.from)) : Number.MIN_SAFE_INTEGER
  const to = query.to ? toSeconds(query.to) : Number.MAX_SAFE_INTEGER
  if (from >= to) return
  const filter = query.appIds ? JSON.stringify([...query.appIds]) : null
  const tail: SQLInputValue[] = filter ? [filter] : []
  const prepare = (sql: string): StatementSync => {
    const statement = db.prepare(sql.replace('$FILTER', filter ? appFilterSql('app_id') : ''))
    statement.setReturnArrays(true)
    return statement
  }

  if (query.granularity === 'hour') {
    const columns = 'SELECT hour, app_id, sign_ins, failures FROM rollups'
    const first = prepare(`${columns} WHERE tenant_id = ? AND hour >= ? AND hour < ? $FILTER
      ORDER BY hour, app_id LIMIT ?`)
    const next =
      prepare(`${columns} WHERE tenant_id = ? AND (hour, app_id) > (?, ?) AND hour < ? $FILTER
      ORDER BY hour, app_id LIMIT ?`)
    let rows = first.all(query.tenantId, from, to, ...tail, chunkRows) as unknown as RollupTuple[]
    for (;;) {
      if (rows.length) yield rows
      if (rows.length < chunkRows) return
      const [hour, appId] = rows[rows.length - 1]!
      rows = next.all(
        query.tenantId,
        hour,
        appId,
        to,
        ...tail,
        chunkRows,
      ) as unknown as RollupTuple[]
    }
  }

  const seek = prepare(
    `SELECT min(hour) FROM rollups WHERE tenant_id = ? AND hour >= ? AND hour < ? $FILTER`,
  )
  // A period's whole days from the daily rollups (store/daily.ts), except days marked for
  // recomputing, which are summed from their hours like the partial last day: exact in one statement.
  const period = prepare(`SELECT ?1, app_id, sum(n), sum(f) FROM (
      SELECT app_id, sign_ins AS n, failures AS f FROM daily_rollups
        WHERE tenant_id = ?2 AND day >= ?3 AND day < ?4
          AND day NOT IN (SELECT day FROM daily_dirty WHERE tenant_id = ?2)
      UNION ALL
      SELECT r.app_id, r.sign_ins, r.failures FROM daily_dirty d JOIN rollups r
        ON r.tenant_id = d.tenant_id AND r.hour >= d.day AND r.hour < d.day + 86400
        WHERE d.tenant_id = ?2 AND d.day >= ?3 AND d.day < ?4
      UNION ALL
      SELECT app_id, sign_ins, failures FROM rollups WHERE tenant_id = ?2 AND hour >= ?4 AND hour < ?5)
    WHERE true $FILTER GROUP BY app_id ORDER BY app_id`)
  const following = (start: number) =>
    query.granularity === 'day' ? start + 86_400 : monthOf(start + 32 * 86_400)
  let cursor = from
  while (cursor < to) {
    const found = (
      seek.get(query.tenantId, cursor, to, ...tail) as unknown as [number | null] | undefined
    )?.[0]
    if (found === null || found === undefined) return
    const start = bucket(found)
    const end = Math.min(following(start), to)
    const periodFrom = Math.max(start, from) // a whole day: `from` is a day or month start
    const rows = period.all(
      start,
      query.tenantId,
      periodFrom,
      Math.max(periodFrom, dayOf(end)),
      end,
      ...tail,
    ) as unknown as RollupTuple[]
    if (rows.length) yield rows
    cursor = end
  }
}

/** Alerts oldest first (created_at, then id), in chunks: keyset pagination on `alerts_by_time`. */
export function* alertChunks(
  db: DatabaseSync,
  query: AlertRangeQuery,
  chunkRows = ALERT_CHUNK_ROWS,
): Generator<AlertRecord[], void, undefined> {
  // created_at is whole seconds: [from, to) in milliseconds is [ceil(from), ceil(to)) in seconds.
  const from = query.from ? Math.ceil(query.from.getTime() / 1000) : Number.MIN_SAFE_INTEGER
  const to = query.to ? Math.ceil(query.to.getTime() / 1000) : Number.MAX_SAFE_INTEGER
  const filter = query.appIds ? JSON.stringify([...query.appIds]) : null
  const tail: SQLInputValue[] = filter ? [filter] : []
  const columns =
    'SELECT id, created_at, severity, rule, app_id, acknowledged_at, payload FROM alerts'
  const prepare = (where: string): StatementSync => {
    const statement = db.prepare(
      `${columns} WHERE tenant_id = ? AND ${where} AND created_at < ? ${filter ? appFilterSql('app_id') : ''}
      ORDER BY created_at, id LIMIT ?`,
    )
    statement.setReturnArrays(true)
    return statement
  }
  const first = prepare('created_at >= ?')
  const next = prepare('(created_at, id) > (?, ?)')
  let rows = first.all(query.tenantId, from, to, ...tail, chunkRows) as unknown as unknown[][]
  for (;;) {
    if (rows.length) {
      yield rows.map(
        ([id, createdAt, severity, rule, appId, acknowledgedAt, payload]): AlertRecord => ({
          id: Number(id),
          createdAt: Number(createdAt),
          severity: severity as AlertSeverity,
          rule: String(rule),
          appId: (appId as string | null) ?? null,
          acknowledgedAt: (acknowledgedAt as number | null) ?? null,
          payload: String(payload),
        }),
      )
    }
    if (rows.length < chunkRows) return
    const last = rows[rows.length - 1]!
    rows = next.all(
      query.tenantId,
      last[1] as number,
      last[0] as number,
      to,
      ...tail,
      chunkRows,
    ) as unknown as unknown[][]
  }
}

/** Display name per app: discovery's name where known, else the newest sign-in's. */
export function appNames(db: DatabaseSync, tenantId: string): Map<string, string> {
  const names = new Map<string, string>()
  const statement = db.prepare(`SELECT app_id, display_name FROM event_apps WHERE tenant_id = ?
    UNION ALL SELECT app_id, display_name FROM apps WHERE tenant_id = ?`)
  statement.setReturnArrays(true)
  for (const [appId, name] of statement.all(tenantId, tenantId) as unknown as Array<
    [string, string]
  >)
    names.set(String(appId), String(name))
  return names
}

/**
 * A read-only view of the store file for one export: its own connection (small page cache, no
 * writes possible) inside one read transaction, so every chunk comes from the same snapshot.
 * Close it when done; closing ends the transaction and frees the connection.
 */
export class ExportSnapshot {
  private readonly db: DatabaseSync
  private closed = false

  constructor(path: string, busyTimeoutMs = 15_000) {
    this.db = openReadOnly(path, { busyTimeoutMs, cacheKiB: SNAPSHOT_CACHE_KIB })
    try {
      this.db.exec('BEGIN')
    } catch (error) {
      this.db.close()
      throw error
    }
  }

  rollupChunks(query: ChunkedRollupQuery): Generator<RollupTuple[], void, undefined> {
    return rollupChunks(this.db, query)
  }

  alertChunks(query: AlertRangeQuery): Generator<AlertRecord[], void, undefined> {
    return alertChunks(this.db, query)
  }

  appNames(tenantId: string): Map<string, string> {
    return appNames(this.db, tenantId)
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    try {
      if (this.db.isTransaction) this.db.exec('COMMIT')
    } finally {
      this.db.close()
    }
  }
}
