// Where each hour of usage history came from, and the Log Analytics aggregates that extend it back.
//
// Precedence (docs/ARCHITECTURE.md, "Store"): the rollups every reader uses (dashboard, series, trend,
// export, alerts) hold, for each hour, the figure of exactly one source.
// - Hours from the raw-event source's coverage on ('graph' or 'demo': sign-ins fetched one by one,
//   counted into rollups by ingest) are raw-event figures.
// - Hours before it may come from a Log Analytics workspace: its per-app hourly aggregates are kept as
//   received in `la_hourly` and copied into the rollups of those hours, replacing what was there (at
//   most the tail of the hour a backfill started in, which the workspace counts whole).
// - The boundary between the two is a whole hour, and the sync engine never fetches raw events from
//   before the start of the workspace's span again, so no sign-in is counted by both sources.
// `usage_coverage` records each source's span; that is what the "data source and coverage" label shows.
import type { DatabaseSync } from 'node:sqlite'
import { fromSeconds, HOUR, hourOf, inReadTransaction, inTransaction, toSeconds } from './sqlite'

/** The span of time one source's figures cover in a tenant's history. */
export interface CoverageSpan {
  /** 'graph' or 'demo' (raw events) or 'logAnalytics' (workspace aggregates). */
  source: string
  /** A whole hour: the first hour this source's figures are complete for. */
  from: Date
  to: Date
  updatedAt: Date
}

/** One app's sign-ins in one UTC hour, as an aggregate source counted them. */
export interface HourlyFigure {
  appId: string
  /** Start of the hour (UTC). */
  hour: Date
  signIns: number
  failures: number
  /** The hour's first and last sign-in, when the source gives them (inside the hour). */
  firstSeen?: Date
  lastSeen?: Date
  /** The app's name in the hour's sign-ins, when the source gives one. */
  name?: string | null
}

/** What an aggregate source knows of an app's activity: its `event_apps` row (see applyAggregates). */
interface SeenApp {
  first: number
  last: number
  name: string
  /** When the name was seen (its hour's last sign-in); 0 without a name. */
  namedAt: number
}

/**
 * How an `event_apps` upsert sets the app's name, for every writer (Graph sign-ins, the workspace's
 * aggregates): a new name replaces the stored one when it is not empty and the stored one is empty
 * or no newer than `seenAt` (when the new name was seen; SQL, e.g. `excluded.last_event`).
 */
export function eventAppNameUpdate(seenAt: string): string {
  return `display_name = CASE WHEN excluded.display_name <> '' AND (display_name = '' OR ${seenAt} >= last_event)
        THEN excluded.display_name ELSE display_name END`
}

export const LOG_ANALYTICS_SOURCE = 'logAnalytics'

const ceilHour = (seconds: number): number => hourOf(seconds + HOUR - 1)

export class UsageHistory {
  private readonly statements: ReturnType<typeof prepare>

  constructor(
    private readonly db: DatabaseSync,
    private readonly now: () => Date,
  ) {
    this.statements = prepare(db)
  }

  /** Every source's span for the tenant, oldest span first. */
  coverage(tenantId: string): CoverageSpan[] {
    return this.statements.coverage.all(tenantId).map((row) => ({
      source: String(row.source),
      from: fromSeconds(Number(row.covered_from)),
      to: fromSeconds(Number(row.covered_to)),
      updatedAt: fromSeconds(Number(row.updated_at)),
    }))
  }

  coverageOf(tenantId: string, source: string): CoverageSpan | null {
    return this.coverage(tenantId).find((span) => span.source === source) ?? null
  }

  /**
   * Records that raw events of [from, to) are all in the store (a finished sync window). The span
   * starts at the first whole hour: the hour `from` falls in is complete only if `from` is its start.
   * Spans only grow.
   */
  recordRawCoverage(tenantId: string, source: string, from: Date, to: Date): void {
    const start = ceilHour(toSeconds(from))
    const end = Math.max(start, toSeconds(to))
    inTransaction(this.db, () =>
      this.statements.growCoverage.run(tenantId, source, start, end, toSeconds(this.now())),
    )
  }

  /**
   * Stores the workspace's figures for the whole hours [from, to) and makes them the rollups of those
   * hours: aggregates and rollups of the span are replaced (so asking again is idempotent), and the
   * Log Analytics span grows to include it. One transaction: a crash keeps all or nothing.
   * Figures with first and last sign-in times also update the apps' `event_apps` rows (so an app
   * known only from the workspace has a name and an exact last seen): first and last only widen,
   * and names follow `eventAppNameUpdate`, as for Graph's sign-ins. Discovery's names live in `apps`
   * and always win when read.
   */
  applyAggregates(
    tenantId: string,
    span: { from: Date; to: Date },
    figures: readonly HourlyFigure[],
  ): { rows: number } {
    const from = toSeconds(span.from)
    const to = toSeconds(span.to)
    if (from % HOUR !== 0 || to % HOUR !== 0 || to <= from) {
      throw new RangeError(
        `aggregate span must be whole hours, not ${span.from.toISOString()}–${span.to.toISOString()}`,
      )
    }
    // One row per (hour, app): Log Analytics may spell one app id in two cases, which we fold.
    const cells = new Map<string, [number, string, number, number]>()
    const seen = new Map<string, SeenApp>()
    for (const figure of figures) {
      const hour = toSeconds(figure.hour)
      if (hour % HOUR !== 0 || hour < from || hour >= to) {
        throw new RangeError(
          `aggregate hour ${figure.hour.toISOString()} is outside ${span.from.toISOString()}–${span.to.toISOString()}`,
        )
      }
      const first = figure.firstSeen ? toSeconds(figure.firstSeen) : null
      const last = figure.lastSeen ? toSeconds(figure.lastSeen) : null
      if ((first === null) !== (last === null)) {
        throw new RangeError(
          `aggregate of ${figure.appId} at ${figure.hour.toISOString()} has only one of first and last seen`,
        )
      }
      if (
        first !== null &&
        last !== null &&
        !(hour <= first && first <= last && last < hour + HOUR)
      ) {
        throw new RangeError(
          `aggregate of ${figure.appId} at ${figure.hour.toISOString()} has first or last seen outside its hour`,
        )
      }
      if (!(figure.failures >= 0 && figure.signIns >= figure.failures)) {
        throw new RangeError(
          `aggregate of ${figure.appId} at ${figure.hour.toISOString()} has more failures than sign-ins`,
        )
      }
      const appId = figure.appId.toLowerCase()
      const key = `${hour}|${appId}`
      const cell = cells.get(key)
      if (cell) {
        cell[2] += figure.signIns
        cell[3] += figure.failures
      } else cells.set(key, [hour, appId, figure.signIns, figure.failures])
      if (first === null || last === null || figure.signIns === 0) continue
      const name = figure.name ?? ''
      const app = seen.get(appId)
      if (!app) seen.set(appId, { first, last, name, namedAt: name ? last : 0 })
      else {
        app.first = Math.min(app.first, first)
        app.last = Math.max(app.last, last)
        if (name && (!app.name || last > app.namedAt)) {
          app.name = name
          app.namedAt = last
        }
      }
    }
    const rows = [...cells.values()].sort(
      (a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0),
    )
    const s = this.statements
    return inTransaction(this.db, () => {
      const now = toSeconds(this.now())
      s.ensureTenant.run(tenantId, now)
      s.deleteAggregates.run(tenantId, from, to)
      s.deleteRollups.run(tenantId, from, to)
      for (const [hour, appId, signIns, failures] of rows) {
        if (signIns === 0) continue
        s.insertAggregate.run(tenantId, hour, appId, signIns, failures)
        s.insertRollup.run(tenantId, hour, appId, signIns, failures)
      }
      for (const [appId, app] of seen) {
        s.upsertEventApp.run(tenantId, appId, app.name, app.first, app.last, app.namedAt)
      }
      s.growCoverage.run(tenantId, LOG_ANALYTICS_SOURCE, from, to, now)
      return { rows: rows.length }
    })
  }

  /** The stored workspace figures of [from, to), by hour then app. */
  aggregates(tenantId: string, from: Date, to: Date): HourlyFigure[] {
    return inReadTransaction(this.db, () =>
      this.statements.aggregates.all(tenantId, toSeconds(from), toSeconds(to)).map((row) => ({
        appId: String(row.app_id),
        hour: fromSeconds(Number(row.hour)),
        signIns: Number(row.sign_ins),
        failures: Number(row.failures),
      })),
    )
  }
}

function prepare(db: DatabaseSync) {
  return {
    coverage: db.prepare(
      'SELECT source, covered_from, covered_to, updated_at FROM usage_coverage WHERE tenant_id = ? ORDER BY covered_from, source',
    ),
    growCoverage: db.prepare(`
      INSERT INTO usage_coverage (tenant_id, source, covered_from, covered_to, updated_at)
      VALUES (?1, ?2, ?3, ?4, ?5)
      ON CONFLICT (tenant_id, source) DO UPDATE SET
        covered_from = MIN(covered_from, excluded.covered_from),
        covered_to = MAX(covered_to, excluded.covered_to),
        updated_at = excluded.updated_at`),
    ensureTenant: db.prepare(
      'INSERT INTO tenants (tenant_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING',
    ),
    deleteAggregates: db.prepare(
      'DELETE FROM la_hourly WHERE tenant_id = ? AND hour >= ? AND hour < ?',
    ),
    deleteRollups: db.prepare('DELETE FROM rollups WHERE tenant_id = ? AND hour >= ? AND hour < ?'),
    insertAggregate: db.prepare(
      'INSERT INTO la_hourly (tenant_id, hour, app_id, sign_ins, failures) VALUES (?, ?, ?, ?, ?)',
    ),
    insertRollup: db.prepare(
      'INSERT INTO rollups (tenant_id, hour, app_id, sign_ins, failures) VALUES (?, ?, ?, ?, ?)',
    ),
    // ?6: when the name was seen (its hour's last sign-in).
    upsertEventApp: db.prepare(`
      INSERT INTO event_apps (tenant_id, app_id, display_name, first_event, last_event)
      VALUES (?1, ?2, ?3, ?4, ?5)
      ON CONFLICT (tenant_id, app_id) DO UPDATE SET
        ${eventAppNameUpdate('?6')},
        first_event = min(first_event, excluded.first_event),
        last_event = max(last_event, excluded.last_event)`),
    aggregates: db.prepare(
      'SELECT hour, app_id, sign_ins, failures FROM la_hourly WHERE tenant_id = ? AND hour >= ? AND hour < ? ORDER BY hour, app_id',
    ),
  }
}
