// The local history store: raw sign-ins, hourly rollups, discovery snapshots, checkpoints, alerts
// and per-tenant state in one SQLite file, shared by the app and the CLI (WAL + busy_timeout).
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite'
import { AppError } from '../../contract/errors'
import type { Logger } from '../log'
import type { ConnectedApp, SignInEvent, SignInEventType } from '../sources/types'
import { signInEventTypes } from '../sources/types'
import {
  F_APP_ID,
  F_APP_NAME,
  F_COUNTRY,
  F_FAILURE_REASON,
  F_IP,
  F_UPN,
  SignInBatch,
  TEXT_FIELD_COUNT,
} from '../sources/sign-in-batch'
import { signInIdOf } from '../sources/sign-in-id'
import { WalCheckpointer } from './checkpointer'
import { DailyRollups } from './daily'
import { DiscoveryWriter } from './discovery'
import { appNames, rollupChunks } from './export-reader'
import { openDatabase } from './open'
import {
  arrayRows,
  DAY,
  dayOf,
  fromSeconds,
  HOUR,
  hourOf,
  inReadTransaction,
  inTransaction,
  nullableDate,
  prepareArrays,
  toSeconds,
} from './sqlite'
import {
  alertSeverities,
  type AlertSeverity,
  type AppDetail,
  type AppSummary,
  type ApplyDiscoveryOptions,
  type CredentialRecord,
  type DiscoveryChanges,
  type IngestResult,
  type NewAlert,
  type OpenStoreOptions,
  type OwnerRecord,
  type PermissionRecord,
  type RollupQuery,
  type RollupRow,
  type SliceCheckpoint,
  type StoreOpenReport,
  type StoredAlert,
  type StoredSignIn,
  type SyncCheckpoint,
  type TenantRecord,
  type UsagePoint,
} from './types'
import { eventAppNameUpdate, UsageHistory } from './usage-history'

export const DEFAULT_RAW_RETENTION_DAYS = 45
/** Dense series longer than this are refused: a chart cannot show them and they cost memory. */
const MAX_SERIES_POINTS = 100_000
/** Rows deleted per transaction when pruning, so the other process's writes never wait long. */
const PRUNE_CHUNK = 20_000

interface Row {
  [column: string]: unknown
}

/** Opens (creating, migrating or recovering as needed) the history store in `dataDir`. */
export function openStore(options: OpenStoreOptions): Store {
  const now = options.now ?? (() => new Date())
  const { db, report } = openDatabase({
    dataDir: options.dataDir,
    log: options.log,
    now,
    busyTimeoutMs: options.busyTimeoutMs ?? 15_000,
  })
  try {
    return new Store(
      db,
      report,
      options.log,
      now,
      options.rawRetentionDays ?? DEFAULT_RAW_RETENTION_DAYS,
      new WalCheckpointer(db, report.path, options.log, options.walCheckpointer),
    )
  } catch (error) {
    db.close()
    throw error
  }
}

export class Store {
  private readonly statements: ReturnType<typeof prepareStatements>
  private readonly discovery: DiscoveryWriter
  private readonly multiRowStatements = new Map<string, StatementSync>()
  /** Per tenant key, the app keys of committed rows of sign_in_apps (see `appKeys`). */
  private readonly knownAppKeys = new Map<number, Map<string, number>>()
  private closed = false
  /** Per-hour provenance and the Log Analytics aggregates (store/usage-history.ts). */
  readonly usageHistory: UsageHistory
  /** The hourly rollups summed per day, kept exact by triggers (store/daily.ts). */
  private readonly daily: DailyRollups

  constructor(
    private readonly db: DatabaseSync,
    /** What opening found and did: show `message` to the user when `status` is 'recovered'. */
    readonly openReport: StoreOpenReport,
    private readonly log: Logger,
    private readonly now: () => Date,
    readonly rawRetentionDays: number,
    /** Runs the WAL's checkpoints on a worker thread once bulk writes begin (checkpointer.ts). */
    private readonly checkpointer: WalCheckpointer,
  ) {
    this.statements = prepareStatements(db)
    this.discovery = new DiscoveryWriter(db)
    this.usageHistory = new UsageHistory(db, now)
    this.daily = new DailyRollups(db)
  }

  get path(): string {
    return this.openReport.path
  }

  /** Whether WAL checkpoints run on a worker thread now (false: on this thread, automatically). */
  get checkpointsThreaded(): boolean {
    return this.checkpointer.threaded
  }

  /**
   * The checkpoints run so far by the worker and, past the WAL limit, by this thread; and the writer
   * connection's automatic checkpoint interval in pages (0 while the worker does them).
   */
  get checkpointStats(): {
    workerPasses: number
    writerCheckpoints: number
    writerAutocheckpointPages: number
  } {
    return {
      ...this.checkpointer.stats,
      writerAutocheckpointPages: this.checkpointer.writerAutocheckpointPages(),
    }
  }

  /**
   * Closes the store: the checkpointer's connection first (waiting for a pass in progress), then the
   * writer's, which as the last connection checkpoints and removes the WAL. Nothing is left open.
   */
  close(): void {
    if (this.closed) return
    this.closed = true
    try {
      this.checkpointer.close()
    } finally {
      this.db.close()
    }
  }

  // ---- tenants -------------------------------------------------------------------------------

  /** Records the tenant (idempotent). Every write does this itself; call it to set the display name. */
  ensureTenant(tenantId: string, displayName?: string): void {
    inTransaction(this.db, () => {
      this.statements.ensureTenant.run(tenantId, displayName ?? null, toSeconds(this.now()))
      if (displayName !== undefined) this.statements.renameTenant.run(displayName, tenantId)
    })
  }

  listTenants(): TenantRecord[] {
    return this.statements.listTenants.all().map((row) => ({
      tenantId: String(row.tenant_id),
      displayName: (row.display_name as string | null) ?? null,
      createdAt: fromSeconds(Number(row.created_at)),
      rawPrunedBefore:
        Number(row.raw_pruned_before) > 0 ? fromSeconds(Number(row.raw_pruned_before)) : null,
    }))
  }

  private prunedBefore(tenantId: string): number {
    const row = this.statements.prunedBefore.get(tenantId)
    return row ? Number(row.raw_pruned_before) : 0
  }

  // ---- sign-ins and rollups --------------------------------------------------------------------

  /**
   * Stores a batch of sign-ins in one transaction. New events (by Graph id) are added to their hour's
   * rollup; events already stored change nothing, so re-fetching overlapping pages never double counts.
   * Takes events, or the same as columns (a SignInBatch: what the Graph source's page decoder gives,
   * stored without an object per event).
   */
  ingestSignIns(tenantId: string, events: readonly SignInEvent[] | SignInBatch): IngestResult {
    if (events.length === 0) return { inserted: 0, duplicates: 0, tooOld: 0, touchedHours: [] }
    // Events become columns first, which checks every time and event type before anything is written.
    const batch = events instanceof SignInBatch ? events : SignInBatch.fromEvents(events)
    const { ensureTenant, storedInRange } = this.statements
    const times = batch.created
    const order = ascendingOrder(times)
    // App keys created in this transaction are remembered only once it has committed: a rolled-back
    // key may be handed out again, to another app.
    const outermost = !this.db.isTransaction
    if (outermost) this.checkpointer.start()
    const created = new Map<string, number>()
    let tenantKey = 0
    const result = inTransaction(this.db, (): IngestResult => {
      ensureTenant.run(tenantId, null, toSeconds(this.now()))
      const floor = this.prunedBefore(tenantId)
      let first = 0
      while (first < order.length && times[order[first]!]! < floor) first++
      const tooOld = first
      const candidates = order.subarray(first)
      if (candidates.length === 0) return { inserted: 0, duplicates: 0, tooOld, touchedHours: [] }
      tenantKey = this.tenantKey(tenantId)
      const appKeys = this.appKeys(tenantKey, batch, candidates, created)
      // Which events are new, decided before writing: the rows already stored in the batch's time
      // range (none for a fresh page; the overlap for a re-fetched one). We hold the write lock, so
      // nothing can appear between this read and the insert. A sparse batch over a busy range (say one
      // app's events over weeks) would read far more rows than it has; it takes the row-by-row path.
      const low = times[candidates[0]!]!
      const high = times[candidates[candidates.length - 1]!]!
      const limit = 4 * candidates.length + 64
      const stored = storedInRange.all(tenantKey, low, high, limit)
      let fresh: Uint32Array
      if (stored.length >= limit) fresh = this.insertOneByOne(tenantKey, batch, candidates, appKeys)
      else {
        fresh = newEvents(batch, candidates, stored)
        this.insertRows(tenantKey, batch, fresh, appKeys)
      }
      const touchedHours = this.rollUp(tenantId, batch, fresh)
      return {
        inserted: fresh.length,
        duplicates: candidates.length - fresh.length,
        tooOld,
        touchedHours,
      }
    })
    if (outermost && created.size > 0) {
      const known = this.knownAppKeys.get(tenantKey)
      if (known) for (const [appId, key] of created) known.set(appId, key)
    }
    if (outermost) this.checkpointer.afterCommit()
    return result
  }

  /** The tenant's raw sign-in key (schema.ts, migration 4), created on first use. In a transaction. */
  private tenantKey(tenantId: string): number {
    const { ensureTenantKey, tenantKey } = this.statements
    let row = tenantKey.get(tenantId)
    if (!row) {
      ensureTenantKey.run(tenantId)
      row = tenantKey.get(tenantId)
    }
    return Number(row!.tenant_key)
  }

  /**
   * The app key of every app among `rows`, indexed by the app id's reference into the batch's
   * strings. Keys come from memory (per tenant key, which is never reused, so a remembered key is
   * right for as long as its tenant key exists) or the table, where a new app gets one (added to
   * `created`). In the ingest's transaction.
   */
  private appKeys(
    tenantKey: number,
    batch: SignInBatch,
    rows: Uint32Array,
    created: Map<string, number>,
  ): Float64Array {
    let known = this.knownAppKeys.get(tenantKey)
    if (!known) this.knownAppKeys.set(tenantKey, (known = new Map()))
    const { appKey, insertAppKey } = this.statements
    const keys = new Float64Array(batch.strings.length)
    const text = batch.text
    for (const row of rows) {
      const ref = text[row * TEXT_FIELD_COUNT + F_APP_ID]!
      if (keys[ref] !== 0) continue
      // strings[0] is '': an absent app id is stored as '', as it always was.
      const appId = batch.strings[ref]!
      let key = known.get(appId) ?? created.get(appId)
      if (key === undefined) {
        const row = appKey.get(tenantKey, appId) ?? insertAppKey.get(tenantKey, appId)
        key = Number(row!.app_key)
        created.set(appId, key)
      }
      keys[ref] = key
    }
    return keys
  }

  /** Inserts the rows at `rows` (all new: checked by the caller) with multi-row statements. */
  private insertRows(
    tenantKey: number,
    batch: SignInBatch,
    rows: Uint32Array,
    appKeys: Float64Array,
  ): void {
    let done = 0
    while (done < rows.length) {
      const size = chunkSize(rows.length - done)
      const values: SQLInputValue[] = new Array<SQLInputValue>(size * SIGN_IN_COLUMNS)
      let at = 0
      for (let k = done; k < done + size; k++)
        at = signInValues(batch, rows[k]!, appKeys, values, at)
      const { changes } = this.insertSignIns(tenantKey, size).run(...values)
      // The statement is INSERT OR IGNORE only as a guard: a row it skipped was not new after all,
      // and counting it would double count, so the whole batch is rolled back instead.
      if (Number(changes) !== size)
        throw new Error(`ingest: ${size - Number(changes)} of ${size} sign-ins were not new`)
      done += size
    }
  }

  /** The fallback: one INSERT OR IGNORE per event; `changes` says whether it was new. */
  private insertOneByOne(
    tenantKey: number,
    batch: SignInBatch,
    candidates: Uint32Array,
    appKeys: Float64Array,
  ): Uint32Array {
    const fresh = new Uint32Array(candidates.length)
    const values = new Array<SQLInputValue>(SIGN_IN_COLUMNS)
    const insert = this.insertSignIns(tenantKey, 1)
    let count = 0
    for (const row of candidates) {
      signInValues(batch, row, appKeys, values, 0)
      const { changes } = insert.run(...values)
      if (Number(changes) !== 0) fresh[count++] = row
    }
    return fresh.subarray(0, count)
  }

  /**
   * Adds the new rows at `rows` (ascending by time, as the caller passes them) to their hourly
   * rollups and their apps' last seen. One pass, hour by hour, with per-app counters in flat arrays
   * indexed by the batch's string references (small integers). A Map per app and per hour and a
   * sort of every cell by its app id string took 0.24-0.40 s of main-thread CPU per million events;
   * this takes 0.15-0.22 (CPU profiles, 300,000 events, docs/BENCHMARKS.md).
   */
  private rollUp(tenantId: string, batch: SignInBatch, rows: Uint32Array): Date[] {
    const n = rows.length
    if (n === 0) return []
    const times = batch.created
    const text = batch.text
    const strings = batch.strings
    const errorCodes = batch.errorCodes
    const refs = strings.length
    // Per app reference: its first and last event, the name of its newest, and (below) its rank
    // among the batch's app ids in string order, the rollups' key order.
    const first = new Float64Array(refs).fill(Infinity)
    const last = new Float64Array(refs).fill(-Infinity)
    const nameRef = new Uint32Array(refs)
    const apps: number[] = [] // app references in order of first appearance
    for (let k = 0; k < n; k++) {
      const row = rows[k]!
      const created = times[row]!
      const t = row * TEXT_FIELD_COUNT
      const appRef = text[t + F_APP_ID]!
      if (first[appRef] === Infinity) apps.push(appRef)
      if (created < first[appRef]!) first[appRef] = created
      if (created >= last[appRef]!) {
        last[appRef] = created
        nameRef[appRef] = text[t + F_APP_NAME]!
      }
    }
    const rank = new Uint32Array(refs)
    const byId = apps.slice().sort((a, b) => {
      const x = strings[a]!
      const y = strings[b]!
      return x < y ? -1 : x > y ? 1 : 0
    })
    for (let k = 0; k < byId.length; k++) rank[byId[k]!] = k

    // The cells [hour, app, sign-ins, failures], hour by hour over runs of rows in the same hour (the
    // rows come ascending, so each hour is one run; were they not, an hour's second run would add to
    // the same rows through the upsert), apps in id order within an hour.
    const cellHour = new Float64Array(n)
    const cellApp = new Uint32Array(n)
    const cellSignIns = new Uint32Array(n)
    const cellFailures = new Uint32Array(n)
    const signIns = new Uint32Array(refs)
    const failures = new Uint32Array(refs)
    const hourApps: number[] = []
    const touched: number[] = []
    let cells = 0
    for (let k = 0; k < n;) {
      const hour = hourOf(times[rows[k]!]!)
      const next = hour + HOUR
      for (; k < n && times[rows[k]!]! >= hour && times[rows[k]!]! < next; k++) {
        const row = rows[k]!
        const appRef = text[row * TEXT_FIELD_COUNT + F_APP_ID]!
        if (signIns[appRef] === 0) hourApps.push(appRef)
        signIns[appRef] = signIns[appRef]! + 1
        if (errorCodes[row] !== 0) failures[appRef] = failures[appRef]! + 1
      }
      touched.push(hour)
      hourApps.sort((a, b) => rank[a]! - rank[b]!)
      for (const appRef of hourApps) {
        cellHour[cells] = hour
        cellApp[cells] = appRef
        cellSignIns[cells] = signIns[appRef]!
        cellFailures[cells] = failures[appRef]!
        cells++
        signIns[appRef] = 0
        failures[appRef] = 0
      }
      hourApps.length = 0
    }
    const tenant = { tenant: tenantId }
    for (let done = 0; done < cells;) {
      const size = chunkSize(cells - done)
      const values = new Array<SQLInputValue>(size * 4)
      let at = 0
      for (let k = done; k < done + size; k++) {
        values[at++] = cellHour[k]!
        values[at++] = strings[cellApp[k]!]!
        values[at++] = cellSignIns[k]!
        values[at++] = cellFailures[k]!
      }
      this.multiRow('upsertRollups', size).run(tenant, ...values)
      done += size
    }

    for (let done = 0; done < apps.length;) {
      const size = chunkSize(apps.length - done)
      const appValues = new Array<SQLInputValue>(size * 4)
      let at = 0
      for (let k = done; k < done + size; k++) {
        const appRef = apps[k]!
        appValues[at++] = strings[appRef]!
        appValues[at++] = nameRef[appRef] === 0 ? '' : strings[nameRef[appRef]!]!
        appValues[at++] = first[appRef]!
        appValues[at++] = last[appRef]!
      }
      this.multiRow('upsertEventApps', size).run(tenant, ...appValues)
      done += size
    }
    const hours = touched.every((hour, k) => k === 0 || hour > touched[k - 1]!)
      ? touched
      : [...new Set(touched)].sort((a, b) => a - b)
    return hours.map(fromSeconds)
  }

  /**
   * The INSERT of `rows` raw sign-ins of tenant key `tenantKey`, prepared on first use. A plain
   * multi-row VALUES with the key written into the statement (an integer from tenant_keys, never
   * outside input) is ~15 % cheaper in SQLite than `SELECT :tenant, * FROM (VALUES …)`, which copies
   * every row through a subquery (docs/BENCHMARKS.md).
   */
  private insertSignIns(tenantKey: number, rows: number): StatementSync {
    if (!Number.isSafeInteger(tenantKey)) throw new TypeError(`bad tenant key ${tenantKey}`)
    const key = `insertSignIns:${tenantKey}:${rows}`
    let statement = this.multiRowStatements.get(key)
    if (!statement) {
      statement = this.db.prepare(`INSERT OR IGNORE INTO sign_ins
        (tenant_key, created, id, app_key, event_type, error_code, failure_reason, ip, country, upn)
        VALUES ${new Array(rows).fill(`(${tenantKey}, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).join(', ')}`)
      this.multiRowStatements.set(key, statement)
    }
    return statement
  }

  /** The multi-row statement of `kind` for `rows` rows, prepared on first use. */
  private multiRow(kind: keyof typeof multiRowSql, rows: number): StatementSync {
    const key = `${kind}:${rows}`
    let statement = this.multiRowStatements.get(key)
    if (!statement) {
      const { head, row, tail } = multiRowSql[kind]
      statement = this.db.prepare(
        `${head} (VALUES ${new Array(rows).fill(row).join(', ')}) ${tail}`,
      )
      this.multiRowStatements.set(key, statement)
    }
    return statement
  }

  /**
   * Rebuilds the rollups of [from, to) (widened to whole hours) from the raw events. Hours before the
   * tenant's prune watermark are left alone: their raw events are gone and their rollups are the
   * permanent history. Idempotent: running it twice gives the same rows.
   */
  recomputeRollups(tenantId: string, from: Date, to: Date): { hours: number; rows: number } {
    return inTransaction(this.db, () => {
      const start = Math.max(hourOf(toSeconds(from)), this.prunedBefore(tenantId))
      const end = hourOf(Math.ceil(to.getTime() / 1000) + HOUR - 1)
      if (end <= start) return { hours: 0, rows: 0 }
      this.statements.deleteRollups.run(tenantId, start, end)
      const { changes } = this.statements.rebuildRollups.run(tenantId, start, end)
      return { hours: (end - start) / HOUR, rows: Number(changes) }
    })
  }

  /**
   * Deletes raw events older than `olderThan` (default: the retention window before now), rounded
   * down to a whole hour so no hour is left half raw. Rollups are kept. The watermark is raised in the
   * first transaction, before any row goes, so a concurrent ingest or recompute never re-counts a
   * pruned hour. Deletes in chunks so another process's writes are never held up for long.
   */
  pruneRawEvents(olderThan?: Date, tenantId?: string): { deleted: number; before: Date } {
    const cutoff = hourOf(
      toSeconds(olderThan ?? new Date(this.now().getTime() - this.rawRetentionDays * DAY * 1000)),
    )
    const tenants = tenantId ? [tenantId] : this.listTenants().map((tenant) => tenant.tenantId)
    let deleted = 0
    for (const tenant of tenants) {
      for (;;) {
        const changes = inTransaction(this.db, () => {
          this.statements.raiseWatermark.run(cutoff, tenant)
          return Number(this.statements.pruneChunk.run(tenant, cutoff, PRUNE_CHUNK).changes)
        })
        deleted += changes
        this.checkpointer.afterCommit()
        if (changes < PRUNE_CHUNK) break
      }
    }
    if (deleted > 0)
      this.log.info(
        `store: pruned ${deleted} raw sign-ins before ${fromSeconds(cutoff).toISOString()}`,
      )
    return { deleted, before: fromSeconds(cutoff) }
  }

  /** Newest raw sign-ins first (within raw retention), optionally for one app. */
  recentSignIns(
    tenantId: string,
    options: { appId?: string; limit?: number; failuresOnly?: boolean } = {},
  ): StoredSignIn[] {
    const limit = Math.max(1, Math.min(options.limit ?? 100, 10_000))
    const rows = this.statements.recentSignIns.all(
      tenantId,
      options.appId ?? null,
      options.failuresOnly ? 1 : 0,
      limit,
    )
    return rows.map((row) => ({
      id: signInIdOf(row.id),
      createdDateTime: fromSeconds(Number(row.created)),
      appId: String(row.app_id),
      eventType: signInEventTypes[Number(row.event_type)] as SignInEventType,
      errorCode: Number(row.error_code),
      failureReason: (row.failure_reason as string | null) ?? null,
      ipAddress: (row.ip as string | null) ?? null,
      countryOrRegion: (row.country as string | null) ?? null,
      userPrincipalName: (row.upn as string | null) ?? null,
    }))
  }

  // ---- discovery -------------------------------------------------------------------------------

  /** Records a discovery snapshot and returns what changed since the previous one. */
  applyDiscovery(
    tenantId: string,
    apps: readonly ConnectedApp[],
    at: Date,
    options?: ApplyDiscoveryOptions,
  ): DiscoveryChanges {
    return inTransaction(this.db, () => {
      this.statements.ensureTenant.run(tenantId, null, toSeconds(this.now()))
      return this.discovery.apply(tenantId, apps, at, options)
    })
  }

  // ---- reading ---------------------------------------------------------------------------------

  /**
   * The connected-apps list: every app discovery has seen (current or removed) and every app seen
   * only in sign-ins, with last seen, exact last-24-hour counts and a 30-day daily trend.
   */
  listApps(tenantId: string): AppSummary[] {
    this.daily.refreshIfDirty(tenantId)
    return inReadTransaction(this.db, () => this.buildSummaries(tenantId, null))
  }

  /**
   * Brings the tenant's daily rollups up to date with its hourly rollups (recomputes the days written
   * since the last call). The sync engine calls it at the end of every sync; reads call it when days
   * are left to do, and read the days they could not refresh from the hourly rollups, so this is
   * about speed, never exactness.
   */
  refreshDailyRollups(tenantId: string): { days: number; rows: number } {
    return this.daily.refresh(tenantId)
  }

  /** Days of the tenant whose daily rollups wait for `refreshDailyRollups`. */
  dailyRollupsPending(tenantId: string): number {
    return this.daily.dirtyDayCount(tenantId)
  }

  appDetail(tenantId: string, appId: string): AppDetail | null {
    this.daily.refreshIfDirty(tenantId)
    return inReadTransaction(this.db, () => {
      const summary = this.buildSummaries(tenantId, appId)[0]
      if (!summary) return null
      const permissions: PermissionRecord[] = this.statements.appPermissions
        .all(tenantId, appId)
        .map((row) => ({
          kind: row.kind as PermissionRecord['kind'],
          value: String(row.value),
          consent: (row.consent as string | null) ?? null,
          firstSeen: fromSeconds(Number(row.first_seen)),
          revokedAt: nullableDate(row.revoked_at as number | null),
        }))
      const credentials: CredentialRecord[] = this.statements.appCredentials
        .all(tenantId, appId)
        .map((row) => ({
          keyId: String(row.key_id),
          kind: row.kind as CredentialRecord['kind'],
          displayName: (row.display_name as string | null) ?? null,
          startDateTime: nullableDate(row.start_date_time as number | null),
          endDateTime: fromSeconds(Number(row.end_date_time)),
          firstSeen: fromSeconds(Number(row.first_seen)),
          removedAt: nullableDate(row.removed_at as number | null),
        }))
      const owners: OwnerRecord[] = this.statements.appOwners.all(tenantId, appId).map((row) => ({
        id: String(row.owner_id),
        displayName: String(row.display_name),
        type: row.owner_type as OwnerRecord['type'],
        userPrincipalName: (row.user_principal_name as string | null) ?? null,
        firstSeen: fromSeconds(Number(row.first_seen)),
        removedAt: nullableDate(row.removed_at as number | null),
      }))
      return { summary, permissions, credentials, owners }
    })
  }

  private buildSummaries(tenantId: string, onlyAppId: string | null): AppSummary[] {
    const s = this.statements
    const nowSeconds = toSeconds(this.now())
    const trendStart = dayOf(nowSeconds) - 29 * DAY
    const summaries = new Map<string, AppSummary>()
    const blank = (appId: string, name: string): AppSummary => ({
      appId,
      servicePrincipalId: null,
      displayName: name,
      publisher: null,
      ownedByTenant: null,
      enabled: null,
      inDiscovery: false,
      firstSeen: null,
      removedAt: null,
      lastSeen: null,
      signIns24h: 0,
      failures24h: 0,
      trend30d: new Array<number>(30).fill(0),
      permissions: { application: [], delegated: [] },
      nextCredentialExpiry: null,
    })
    // Rows as arrays (prepareArrays), in each statement's column order.
    for (const row of arrayRows(s.discoveredApps.all(tenantId, onlyAppId))) {
      const [appIdValue, servicePrincipalId, displayName, publisher, owned, enabled] = row
      const [firstSeen, removedAt] = [row[6], row[7]]
      const appId = String(appIdValue)
      const summary = blank(appId, String(displayName))
      summary.servicePrincipalId = String(servicePrincipalId)
      summary.publisher = (publisher as string | null) ?? null
      summary.ownedByTenant = owned === 1
      summary.enabled = enabled === 1
      summary.inDiscovery = removedAt === null
      summary.firstSeen = fromSeconds(Number(firstSeen))
      summary.removedAt = nullableDate(removedAt as number | null)
      summaries.set(appId, summary)
    }
    for (const [appIdValue, displayName, lastEvent] of arrayRows(
      s.eventApps.all(tenantId, onlyAppId),
    )) {
      const appId = String(appIdValue)
      let summary = summaries.get(appId)
      if (!summary) summaries.set(appId, (summary = blank(appId, String(displayName))))
      summary.lastSeen = fromSeconds(Number(lastEvent))
    }
    // The last 24 hours, (now - 24 h, now]: the whole hours inside it from the hourly rollups, the
    // partial hours at either end from the raw events (what the rollups of those hours count).
    const windowStart = nowSeconds - DAY
    const firstWholeHour = hourOf(windowStart) + HOUR
    const currentHour = hourOf(nowSeconds)
    const add24h = (appId: string, signIns: number, failures: number): void => {
      const summary = summaries.get(appId)
      if (!summary) return
      summary.signIns24h += signIns
      summary.failures24h += failures
    }
    for (const [appId, n, f] of arrayRows(
      s.rawCounts.all(tenantId, windowStart, firstWholeHour - 1, onlyAppId),
    ))
      add24h(String(appId), Number(n), Number(f))
    for (const [appId, n, f] of arrayRows(
      s.hourlyCounts.all(tenantId, firstWholeHour, currentHour, onlyAppId),
    ))
      add24h(String(appId), Number(n), Number(f))
    for (const [appId, n, f] of arrayRows(
      s.rawCounts.all(tenantId, currentHour - 1, nowSeconds, onlyAppId),
    ))
      add24h(String(appId), Number(n), Number(f))
    // The 30-day trend (today and the 29 days before) from the daily rollups, today included
    // (its day is read from the hourly rollups while it waits for a refresh).
    this.daily.forEachRow(
      tenantId,
      trendStart,
      trendStart + 30 * DAY,
      onlyAppId,
      (day, appId, n) => {
        const summary = summaries.get(appId)
        if (summary) summary.trend30d[(day - trendStart) / DAY] = n
      },
    )
    for (const [appId, kind, value] of arrayRows(s.activePermissions.all(tenantId, onlyAppId))) {
      const summary = summaries.get(String(appId))
      if (!summary) continue
      ;(kind === 'application'
        ? summary.permissions.application
        : summary.permissions.delegated
      ).push(String(value))
    }
    for (const [appId, nextEnd] of arrayRows(s.nextExpiry.all(tenantId, onlyAppId))) {
      const summary = summaries.get(String(appId))
      if (summary) summary.nextCredentialExpiry = fromSeconds(Number(nextEnd))
    }
    for (const summary of summaries.values()) {
      summary.permissions.application = [...new Set(summary.permissions.application)].sort()
      summary.permissions.delegated = [...new Set(summary.permissions.delegated)].sort()
    }
    return [...summaries.values()].sort(
      (a, b) => a.displayName.localeCompare(b.displayName) || a.appId.localeCompare(b.appId),
    )
  }

  /** A dense (zero-filled) series of one app's usage in [from, to), by UTC hour or day. */
  usageSeries(
    tenantId: string,
    appId: string,
    options: { from: Date; to: Date; granularity: 'hour' | 'day' },
  ): UsagePoint[] {
    const step = options.granularity === 'hour' ? HOUR : DAY
    const bucket = options.granularity === 'hour' ? hourOf : dayOf
    const start = bucket(toSeconds(options.from))
    const end = toSeconds(options.to)
    if (end <= start) return []
    const length = Math.ceil((end - start) / step)
    if (length > MAX_SERIES_POINTS) {
      throw new AppError(
        'validation',
        `That range has ${length} ${options.granularity}s; choose a shorter range or a coarser granularity.`,
      )
    }
    const points: UsagePoint[] = Array.from({ length }, (_, index) => ({
      start: fromSeconds(start + index * step),
      signIns: 0,
      failures: 0,
    }))
    const add = (at: number, signIns: number, failures: number): void => {
      const point = points[Math.floor((at - start) / step)]
      if (!point) return
      point.signIns += signIns
      point.failures += failures
    }
    // Daily series read the whole days from the daily rollups; a partial last day (`to` within it)
    // and hourly series from the hourly rollups.
    const hourlyFrom = options.granularity === 'day' ? Math.max(start, dayOf(end)) : start
    if (hourlyFrom > start) this.daily.refreshIfDirty(tenantId)
    inReadTransaction(this.db, () => {
      if (hourlyFrom > start) {
        this.daily.forEachRow(tenantId, start, hourlyFrom, appId, (day, _app, n, failures) =>
          add(day, n, failures),
        )
      }
      for (const row of this.statements.appRollups.iterate(tenantId, appId, hourlyFrom, end))
        add(Number(row.hour), Number(row.sign_ins), Number(row.failures))
    })
    return points
  }

  /**
   * Streams rollups in time order (then app id), one hour, day or month bucket at a time: read in
   * keyed chunks (store/export-reader.ts), so memory stays bounded by one chunk however long the
   * history, and no statement stays open between chunks. Several iterations may run at once.
   */
  *iterateRollups(query: RollupQuery): Generator<RollupRow, void, undefined> {
    const names = appNames(this.db, query.tenantId)
    for (const chunk of rollupChunks(this.db, query)) {
      for (const [start, appId, signIns, failures] of chunk) {
        yield {
          start: fromSeconds(start),
          appId,
          displayName: names.get(appId) ?? null,
          signIns,
          failures,
        }
      }
    }
  }

  /** Earliest and latest rollup hour of a tenant (the extent of its history), or null when empty. */
  historyExtent(tenantId: string): { from: Date; to: Date } | null {
    const row = this.statements.extent.get(tenantId)
    if (!row || row.first === null) return null
    return { from: fromSeconds(Number(row.first)), to: fromSeconds(Number(row.last) + HOUR) }
  }

  // ---- sync checkpoints ------------------------------------------------------------------------

  getCheckpoint(tenantId: string, source: string): SyncCheckpoint | null {
    return inReadTransaction(this.db, () => {
      const row = this.statements.getCheckpoint.get(tenantId, source)
      if (!row) return null
      const slices: SliceCheckpoint[] = this.statements.getSlices
        .all(tenantId, source)
        .map((slice) => ({
          from: fromSeconds(Number(slice.slice_from)),
          to: fromSeconds(Number(slice.slice_to)),
          cursor: (slice.cursor as string | null) ?? null,
          done: slice.done === 1,
          updatedAt: fromSeconds(Number(slice.updated_at)),
        }))
      return {
        tenantId,
        source,
        highWaterMark: nullableDate(row.high_water as number | null),
        updatedAt: fromSeconds(Number(row.updated_at)),
        slices,
      }
    })
  }

  /** Sets (or clears, with null) the point up to which `source` has been fully fetched. */
  setHighWaterMark(tenantId: string, source: string, mark: Date | null): void {
    inTransaction(this.db, () => {
      const now = toSeconds(this.now())
      this.statements.ensureTenant.run(tenantId, null, now)
      this.statements.upsertCheckpoint.run(tenantId, source, mark ? toSeconds(mark) : null, now)
    })
  }

  /** Records the progress of one backfill slice (identified by its from/to). */
  saveSlice(
    tenantId: string,
    source: string,
    slice: { from: Date; to: Date; cursor: string | null; done: boolean },
  ): void {
    inTransaction(this.db, () => {
      const now = toSeconds(this.now())
      this.statements.ensureTenant.run(tenantId, null, now)
      this.statements.ensureCheckpoint.run(tenantId, source, now)
      this.statements.upsertSlice.run(
        tenantId,
        source,
        toSeconds(slice.from),
        toSeconds(slice.to),
        slice.cursor,
        slice.done ? 1 : 0,
        now,
      )
    })
  }

  /** Forgets the slices of a finished (or abandoned) backfill. */
  clearSlices(tenantId: string, source: string): void {
    inTransaction(this.db, () => this.statements.clearSlices.run(tenantId, source))
  }

  /** Forgets everything about `source` (a `--full` sync starts over). Stored events are kept. */
  resetCheckpoint(tenantId: string, source: string): void {
    inTransaction(this.db, () => this.statements.deleteCheckpoint.run(tenantId, source))
  }

  // ---- alerts ----------------------------------------------------------------------------------

  /** Inserts an alert unless one with the same dedupe key exists; returns the stored alert either way. */
  insertAlert(alert: NewAlert): { inserted: boolean; alert: StoredAlert } {
    if (!alertSeverities.includes(alert.severity))
      throw new TypeError(`unknown alert severity ${String(alert.severity)}`)
    const payload = JSON.stringify(alert.payload ?? null)
    return inTransaction(this.db, () => {
      const createdAt = toSeconds(alert.createdAt ?? this.now())
      this.statements.ensureTenant.run(alert.tenantId, null, createdAt)
      const { changes } = this.statements.insertAlert.run(
        alert.tenantId,
        alert.appId,
        alert.rule,
        alert.severity,
        createdAt,
        payload,
        alert.dedupeKey,
      )
      const row = this.statements.alertByKey.get(alert.tenantId, alert.dedupeKey)
      if (!row) throw new Error('alert vanished after insert')
      return { inserted: Number(changes) === 1, alert: toAlert(row) }
    })
  }

  /** Alerts newest first. */
  listAlerts(
    tenantId: string,
    options: { includeAcknowledged?: boolean; appId?: string; limit?: number } = {},
  ): StoredAlert[] {
    const limit = Math.max(1, Math.min(options.limit ?? 500, 10_000))
    return this.statements.listAlerts
      .all(tenantId, options.includeAcknowledged === false ? 0 : 1, options.appId ?? null, limit)
      .map(toAlert)
  }

  /** Marks an alert acknowledged; false when it does not exist in this tenant or already was. */
  acknowledgeAlert(tenantId: string, id: number, at?: Date): boolean {
    return inTransaction(this.db, () => {
      const { changes } = this.statements.acknowledgeAlert.run(
        toSeconds(at ?? this.now()),
        tenantId,
        id,
      )
      return Number(changes) === 1
    })
  }

  // ---- per-tenant state ------------------------------------------------------------------------

  getState<T = unknown>(tenantId: string, key: string): T | undefined {
    const row = this.statements.getState.get(tenantId, key)
    return row ? (JSON.parse(String(row.value)) as T) : undefined
  }

  setState(tenantId: string, key: string, value: unknown): void {
    if (value === undefined)
      throw new TypeError('setState: value must not be undefined (use deleteState)')
    inTransaction(this.db, () => {
      const now = toSeconds(this.now())
      this.statements.ensureTenant.run(tenantId, null, now)
      this.statements.setState.run(tenantId, key, JSON.stringify(value), now)
    })
  }

  deleteState(tenantId: string, key: string): void {
    inTransaction(this.db, () => this.statements.deleteState.run(tenantId, key))
  }
}

/** [hour, appId, sign-ins, failures] of one rollup row's increment. */
/** Rows per multi-row statement, largest first; any count is a sum of these (so few statements). */
const CHUNK_SIZES = [128, 32, 8, 1] as const
const chunkSize = (left: number): number => CHUNK_SIZES.find((size) => size <= left) ?? 1
/** Values bound per sign-in row (the tenant key is written into the statement). */
const SIGN_IN_COLUMNS = 9

/**
 * Multi-row INSERTs, prepared per row count (see `chunkSize`): one call per chunk, not per row. Rows
 * come as `VALUES` with the tenant (`:tenant`) added by the SELECT: binding it once per statement
 * rather than per row is measurably cheaper (docs/BENCHMARKS.md).
 */
const multiRowSql = {
  upsertRollups: {
    head: 'INSERT INTO rollups (tenant_id, hour, app_id, sign_ins, failures) SELECT :tenant, * FROM',
    row: '(?, ?, ?, ?)',
    // `WHERE true`: an upsert's SELECT needs a WHERE so that ON parses as the upsert clause.
    tail: `WHERE true ON CONFLICT (tenant_id, hour, app_id) DO UPDATE SET
      sign_ins = sign_ins + excluded.sign_ins, failures = failures + excluded.failures`,
  },
  upsertEventApps: {
    head: `INSERT INTO event_apps (tenant_id, app_id, display_name, first_event, last_event)
      SELECT :tenant, * FROM`,
    row: '(?, ?, ?, ?)',
    tail: `WHERE true ON CONFLICT (tenant_id, app_id) DO UPDATE SET
      ${eventAppNameUpdate('excluded.last_event')},
      first_event = min(first_event, excluded.first_event),
      last_event = max(last_event, excluded.last_event)`,
  },
} as const

/**
 * Writes row `row`'s sign_ins values (all but the tenant key) into `values` from `at`; returns the
 * end. `appKeys`: the app keys by app id reference (see `Store.appKeys`).
 */
function signInValues(
  batch: SignInBatch,
  row: number,
  appKeys: Float64Array,
  values: SQLInputValue[],
  at: number,
): number {
  const strings = batch.strings
  const text = batch.text
  const t = row * TEXT_FIELD_COUNT
  const errorCode = batch.errorCodes[row]!
  const appRef = text[t + F_APP_ID]!
  const reasonRef = errorCode !== 0 ? text[t + F_FAILURE_REASON]! : 0
  const ipRef = text[t + F_IP]!
  const countryRef = text[t + F_COUNTRY]!
  const upnRef = text[t + F_UPN]!
  values[at++] = batch.created[row]!
  values[at++] = batch.storedId(row)
  values[at++] = appKeys[appRef]!
  values[at++] = batch.types[row]!
  values[at++] = errorCode
  values[at++] = reasonRef === 0 ? null : strings[reasonRef]!
  // Empty strings are stored as NULL, as they always were.
  values[at++] = ipRef === 0 ? null : strings[ipRef] || null
  values[at++] = countryRef === 0 ? null : strings[countryRef] || null
  values[at++] = upnRef === 0 ? null : strings[upnRef]!
  return at
}

/**
 * The rows among `candidates` (ascending by time) that are new: not in `stored` (the rows already
 * in the batch's time range, as [created, id]) and not an earlier row of this batch with the same
 * (created, id) key.
 */
function newEvents(
  batch: SignInBatch,
  candidates: Uint32Array,
  stored: readonly Row[],
): Uint32Array {
  const times = batch.created
  const known = new Set<string>()
  for (const row of stored) known.add(`${Number(row.created)}|${signInIdOf(row.id)}`)
  const fresh = new Uint32Array(candidates.length)
  let count = 0
  let runStart = 0 // index into `fresh` where the current second's rows begin
  let runIds: Set<string> | null = null
  for (let k = 0; k < candidates.length; k++) {
    const index = candidates[k]!
    const created = times[index]!
    if (k > 0 && times[candidates[k - 1]!] !== created) {
      runStart = count
      runIds = null
    }
    // Ids as text only where needed: against stored rows (an overlap) or a busy second.
    if (known.size > 0 && known.has(`${created}|${batch.id(index)}`)) continue
    // Duplicates within the batch share their second, so only that second's rows need checking:
    // by scanning while they are few, through a set once a second holds many.
    if (runIds === null && count - runStart > 16) {
      runIds = new Set<string>()
      for (let j = runStart; j < count; j++) runIds.add(batch.id(fresh[j]!))
    }
    let repeated = false
    if (runIds !== null) repeated = runIds.has(batch.id(index))
    else
      for (let j = runStart; j < count && !repeated; j++) repeated = batch.sameId(fresh[j]!, index)
    if (repeated) continue
    runIds?.add(batch.id(index))
    fresh[count++] = index
  }
  return fresh.subarray(0, count)
}

/**
 * Indices of `times` in ascending order. Rows go into the time-clustered B-tree in key order: Graph
 * pages come newest first, and inserting each page backwards (always at the left edge) leaves pages
 * half full — twice the file and twice the pages written per commit. Pages already in either order
 * (the usual case) are not sorted.
 */
function ascendingOrder(times: Float64Array): Uint32Array {
  const n = times.length
  let ascending = true
  let descending = true
  for (let index = 1; index < n && (ascending || descending); index++) {
    if (times[index]! < times[index - 1]!) ascending = false
    if (times[index]! > times[index - 1]!) descending = false
  }
  const order = new Uint32Array(n)
  for (let index = 0; index < n; index++)
    order[index] = descending && !ascending ? n - 1 - index : index
  if (!ascending && !descending) order.sort((a, b) => times[a]! - times[b]!)
  return order
}

function toAlert(row: Row): StoredAlert {
  return {
    id: Number(row.id),
    tenantId: String(row.tenant_id),
    appId: (row.app_id as string | null) ?? null,
    rule: String(row.rule),
    severity: row.severity as AlertSeverity,
    dedupeKey: String(row.dedupe_key),
    payload: JSON.parse(String(row.payload)) as unknown,
    createdAt: fromSeconds(Number(row.created_at)),
    acknowledgedAt: nullableDate(row.acknowledged_at as number | null),
  }
}

/** The raw sign-ins' key of tenant ?1 (NULL, matching no row, when it has none yet). */
const TENANT_KEY = '(SELECT tenant_key FROM tenant_keys WHERE tenant_id = ?1)'

/** Every statement the store runs more than once, prepared once per connection. */
function prepareStatements(db: DatabaseSync) {
  const p = (sql: string): StatementSync => db.prepare(sql)
  const pa = (sql: string): StatementSync => prepareArrays(db, sql)
  return {
    ensureTenant: p(
      'INSERT OR IGNORE INTO tenants (tenant_id, display_name, created_at) VALUES (?, ?, ?)',
    ),
    renameTenant: p('UPDATE tenants SET display_name = ? WHERE tenant_id = ?'),
    listTenants: p(
      'SELECT tenant_id, display_name, created_at, raw_pruned_before FROM tenants ORDER BY tenant_id',
    ),
    prunedBefore: p('SELECT raw_pruned_before FROM tenants WHERE tenant_id = ?'),
    raiseWatermark: p(
      'UPDATE tenants SET raw_pruned_before = max(raw_pruned_before, ?) WHERE tenant_id = ?',
    ),

    // Raw sign-ins name their tenant and app by keys (schema.ts, migration 4): reads look the
    // tenant's key up once (TENANT_KEY) and join the app keys after grouping where they can.
    ensureTenantKey: p('INSERT OR IGNORE INTO tenant_keys (tenant_id) VALUES (?)'),
    tenantKey: p('SELECT tenant_key FROM tenant_keys WHERE tenant_id = ?'),
    appKey: p('SELECT app_key FROM sign_in_apps WHERE tenant_key = ? AND app_id = ?'),
    insertAppKey: p(
      'INSERT INTO sign_in_apps (tenant_key, app_id) VALUES (?, ?) RETURNING app_key',
    ),
    storedInRange: p(
      'SELECT created, id FROM sign_ins WHERE tenant_key = ? AND created >= ? AND created <= ? LIMIT ?',
    ),
    deleteRollups: p('DELETE FROM rollups WHERE tenant_id = ? AND hour >= ? AND hour < ?'),
    rebuildRollups: p(`INSERT INTO rollups (tenant_id, app_id, hour, sign_ins, failures)
      SELECT ?1, a.app_id, g.hour, g.n, g.f FROM
        (SELECT app_key, created - created % 3600 AS hour, count(*) AS n, sum(error_code <> 0) AS f
          FROM sign_ins WHERE tenant_key = ${TENANT_KEY} AND created >= ?2 AND created < ?3
          GROUP BY app_key, hour) g
      JOIN sign_in_apps a ON a.app_key = g.app_key`),
    pruneChunk: p(`DELETE FROM sign_ins WHERE (tenant_key, created, id) IN
      (SELECT tenant_key, created, id FROM sign_ins WHERE tenant_key = ${TENANT_KEY} AND created < ?2
        ORDER BY created LIMIT ?3)`),
    recentSignIns:
      p(`SELECT s.id, s.created, a.app_id, s.event_type, s.error_code, s.failure_reason,
        s.ip, s.country, s.upn
      FROM sign_ins s JOIN sign_in_apps a ON a.app_key = s.app_key
      WHERE s.tenant_key = ${TENANT_KEY} AND (?3 = 0 OR s.error_code <> 0) AND (?2 IS NULL OR s.app_key =
        (SELECT app_key FROM sign_in_apps WHERE tenant_key = ${TENANT_KEY} AND app_id = ?2))
      ORDER BY s.created DESC LIMIT ?4`),

    // The connected-apps list's reads (buildSummaries): rows as arrays, in column order.
    discoveredApps:
      pa(`SELECT app_id, service_principal_id, display_name, publisher, owned_by_tenant, enabled, first_seen, removed_at
      FROM apps WHERE tenant_id = ?1 AND (?2 IS NULL OR app_id = ?2)`),
    eventApps: pa(
      'SELECT app_id, display_name, last_event FROM event_apps WHERE tenant_id = ?1 AND (?2 IS NULL OR app_id = ?2)',
    ),
    rawCounts: pa(`SELECT a.app_id, g.n, g.f FROM
        (SELECT app_key, count(*) AS n, sum(error_code <> 0) AS f FROM sign_ins
          WHERE tenant_key = ${TENANT_KEY} AND created > ?2 AND created <= ?3 GROUP BY app_key) g
      JOIN sign_in_apps a ON a.app_key = g.app_key WHERE ?4 IS NULL OR a.app_id = ?4`),
    hourlyCounts: pa(`SELECT app_id, sum(sign_ins) AS n, sum(failures) AS f FROM rollups
      WHERE tenant_id = ?1 AND hour >= ?2 AND hour < ?3 AND (?4 IS NULL OR app_id = ?4) GROUP BY app_id`),
    // Unordered: each app's values are de-duplicated and sorted in buildSummaries.
    activePermissions: pa(`SELECT app_id, kind, value FROM permissions
      WHERE tenant_id = ?1 AND revoked_at IS NULL AND (?2 IS NULL OR app_id = ?2)`),
    nextExpiry: pa(`SELECT app_id, min(end_date_time) AS next_end FROM credentials
      WHERE tenant_id = ?1 AND removed_at IS NULL AND (?2 IS NULL OR app_id = ?2) GROUP BY app_id`),
    appPermissions:
      p(`SELECT kind, value, consent, first_seen, revoked_at FROM permissions WHERE tenant_id = ? AND app_id = ?
      ORDER BY revoked_at IS NOT NULL, kind, value`),
    appCredentials:
      p(`SELECT key_id, kind, display_name, start_date_time, end_date_time, first_seen, removed_at FROM credentials
      WHERE tenant_id = ? AND app_id = ? ORDER BY removed_at IS NOT NULL, end_date_time`),
    appOwners:
      p(`SELECT owner_id, display_name, owner_type, user_principal_name, first_seen, removed_at FROM owners
      WHERE tenant_id = ? AND app_id = ? ORDER BY removed_at IS NOT NULL, display_name`),
    appRollups: p(`SELECT hour, sign_ins, failures FROM rollups
      WHERE tenant_id = ?1 AND hour >= ?3 AND hour < ?4 AND app_id = ?2 ORDER BY hour`),
    // Two subqueries, not min() and max() in one: SQLite answers a lone min or max with one seek on
    // the key, but both together scan every rollup of the tenant (140 ms for 1 M rows).
    extent: p(`SELECT (SELECT min(hour) FROM rollups WHERE tenant_id = ?1) AS first,
      (SELECT max(hour) FROM rollups WHERE tenant_id = ?1) AS last`),

    getCheckpoint: p(
      'SELECT high_water, updated_at FROM checkpoints WHERE tenant_id = ? AND source = ?',
    ),
    getSlices: p(`SELECT slice_from, slice_to, cursor, done, updated_at FROM checkpoint_slices
      WHERE tenant_id = ? AND source = ? ORDER BY slice_from, slice_to`),
    upsertCheckpoint:
      p(`INSERT INTO checkpoints (tenant_id, source, high_water, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (tenant_id, source) DO UPDATE SET high_water = excluded.high_water, updated_at = excluded.updated_at`),
    ensureCheckpoint: p(
      'INSERT OR IGNORE INTO checkpoints (tenant_id, source, high_water, updated_at) VALUES (?, ?, NULL, ?)',
    ),
    upsertSlice:
      p(`INSERT INTO checkpoint_slices (tenant_id, source, slice_from, slice_to, cursor, done, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (tenant_id, source, slice_from, slice_to) DO UPDATE SET
        cursor = excluded.cursor, done = excluded.done, updated_at = excluded.updated_at`),
    clearSlices: p('DELETE FROM checkpoint_slices WHERE tenant_id = ? AND source = ?'),
    deleteCheckpoint: p('DELETE FROM checkpoints WHERE tenant_id = ? AND source = ?'),

    insertAlert:
      p(`INSERT OR IGNORE INTO alerts (tenant_id, app_id, rule, severity, created_at, payload, dedupe_key)
      VALUES (?, ?, ?, ?, ?, ?, ?)`),
    alertByKey: p('SELECT * FROM alerts WHERE tenant_id = ? AND dedupe_key = ?'),
    listAlerts: p(`SELECT * FROM alerts WHERE tenant_id = ?1 AND (?2 = 1 OR acknowledged_at IS NULL)
      AND (?3 IS NULL OR app_id = ?3) ORDER BY created_at DESC, id DESC LIMIT ?4`),
    acknowledgeAlert: p(
      'UPDATE alerts SET acknowledged_at = ? WHERE tenant_id = ? AND id = ? AND acknowledged_at IS NULL',
    ),

    getState: p('SELECT value FROM tenant_state WHERE tenant_id = ? AND key = ?'),
    setState: p(`INSERT INTO tenant_state (tenant_id, key, value, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (tenant_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
    deleteState: p('DELETE FROM tenant_state WHERE tenant_id = ? AND key = ?'),
  }
}
