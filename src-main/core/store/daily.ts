// Daily rollups: the hourly rollups summed per UTC day and app, so reads over days (the connected-apps
// list's 30-day trend, daily series of 30–365 days) read one row per app and day instead of grouping
// 24 hourly rows each on every call.
//
// Exactness (docs/ARCHITECTURE.md, "Store"): triggers on `rollups` (schema migration 3) mark the
// (tenant, day) of every inserted, updated or deleted hourly row in `daily_dirty`, in the writer's own
// transaction. So every path that writes rollups (ingest, recompute, Log Analytics aggregates, a
// tenant's cascade delete, another process) is covered without knowing about this table. A day's
// `daily_rollups` rows are exact whenever the day is not marked; `refresh` recomputes the marked days
// from the hourly rollups and clears the marks in one transaction, and `rows` reads marked days from
// the hourly rollups directly (inside the caller's read snapshot), so a read is exact even when a
// refresh has not run yet or another process wrote a moment ago.
import type { DatabaseSync, StatementSync } from 'node:sqlite'
import {
  arrayRows as arrays,
  DAY,
  inTransaction,
  prepareArrays,
  SQLITE_BUSY,
  SQLITE_LOCKED,
  sqliteErrorCode,
} from './sqlite'

export class DailyRollups {
  private readonly statements: ReturnType<typeof prepare>

  constructor(private readonly db: DatabaseSync) {
    this.statements = prepare(db)
  }

  /**
   * Recomputes the tenant's marked days from the hourly rollups and clears their marks, in one write
   * transaction (joins the caller's). Returns how many days and daily rows it wrote.
   */
  refresh(tenantId: string): { days: number; rows: number } {
    return inTransaction(this.db, () => {
      const s = this.statements
      const days = s.dirtyDays
        .all(tenantId, 0, Number.MAX_SAFE_INTEGER)
        .map((row) => Number(row.day))
      let rows = 0
      for (const day of days) {
        s.deleteDay.run(tenantId, day)
        rows += Number(s.rebuildDay.run(tenantId, day, day + DAY).changes)
      }
      s.clearDirty.run(tenantId)
      return { days: days.length, rows }
    })
  }

  /**
   * A refresh for readers: only when days are marked, outside any transaction, and without waiting
   * for another process's write lock (the read is exact anyway; it then reads those days hourly).
   * Returns whether a refresh ran.
   */
  refreshIfDirty(tenantId: string): boolean {
    if (this.db.isTransaction || !this.statements.anyDirty.get(tenantId)) return false
    const previous = Number(this.statements.busyTimeout.get()?.timeout ?? 0)
    this.db.exec('PRAGMA busy_timeout = 0')
    try {
      this.refresh(tenantId)
      return true
    } catch (error) {
      const code = sqliteErrorCode(error)
      if (code === SQLITE_BUSY || code === SQLITE_LOCKED) return false
      throw error
    } finally {
      this.db.exec(`PRAGMA busy_timeout = ${previous}`)
    }
  }

  /**
   * Calls `visit` with each daily row of the whole UTC days in [from, to) (Unix seconds, whole days),
   * for every app or one, in no particular order; a day and app without sign-ins may be absent.
   * Exact: marked days are summed from the hourly rollups. Run it inside a read transaction so both
   * parts see one snapshot. (A callback rather than a list: the 30-day trend of 2,000 apps is 60,000
   * rows, and an array each measurably adds to the list's time.)
   */
  forEachRow(
    tenantId: string,
    from: number,
    to: number,
    appId: string | null,
    visit: (day: number, appId: string, signIns: number, failures: number) => void,
  ): void {
    const s = this.statements
    const dirty = new Set(s.dirtyDays.all(tenantId, from, to).map((row) => Number(row.day)))
    const clean = appId === null ? s.daysAllApps : s.daysOneApp
    const args = appId === null ? [tenantId, from, to] : [tenantId, from, to, appId]
    for (const row of arrays(clean.all(...args))) {
      const day = row[0] as number
      if (dirty.size > 0 && dirty.has(day)) continue
      visit(day, row[1] as string, row[2] as number, row[3] as number)
    }
    for (const day of dirty) {
      for (const row of arrays(s.hourlyDay.all(tenantId, day, day + DAY, appId)))
        visit(day, row[0] as string, Number(row[1]), Number(row[2]))
    }
  }

  /** How many days of the tenant are marked for recomputing (for tests and diagnostics). */
  dirtyDayCount(tenantId: string): number {
    return this.statements.dirtyDays.all(tenantId, 0, Number.MAX_SAFE_INTEGER).length
  }
}

function prepare(db: DatabaseSync) {
  const p = (sql: string): StatementSync => db.prepare(sql)
  const pa = (sql: string): StatementSync => prepareArrays(db, sql)
  return {
    anyDirty: p('SELECT 1 FROM daily_dirty WHERE tenant_id = ? LIMIT 1'),
    dirtyDays: p(
      'SELECT day FROM daily_dirty WHERE tenant_id = ?1 AND day >= ?2 AND day < ?3 ORDER BY day',
    ),
    busyTimeout: p('PRAGMA busy_timeout'),
    deleteDay: p('DELETE FROM daily_rollups WHERE tenant_id = ? AND day = ?'),
    // One day's hourly rows are contiguous in the rollups' (tenant, hour, app) key.
    rebuildDay: p(`INSERT INTO daily_rollups (tenant_id, day, app_id, sign_ins, failures)
      SELECT tenant_id, ?2, app_id, sum(sign_ins), sum(failures) FROM rollups
      WHERE tenant_id = ?1 AND hour >= ?2 AND hour < ?3 GROUP BY app_id`),
    clearDirty: p('DELETE FROM daily_dirty WHERE tenant_id = ?'),
    daysAllApps: pa(`SELECT day, app_id, sign_ins, failures FROM daily_rollups
      WHERE tenant_id = ?1 AND day >= ?2 AND day < ?3`),
    daysOneApp:
      pa(`SELECT day, app_id, sign_ins, failures FROM daily_rollups INDEXED BY daily_rollups_by_app
      WHERE tenant_id = ?1 AND app_id = ?4 AND day >= ?2 AND day < ?3`),
    hourlyDay: pa(`SELECT app_id, sum(sign_ins) AS sign_ins, sum(failures) AS failures FROM rollups
      WHERE tenant_id = ?1 AND hour >= ?2 AND hour < ?3 AND (?4 IS NULL OR app_id = ?4) GROUP BY app_id`),
  }
}
