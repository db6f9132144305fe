// The three exported tables: their stable columns (docs/CSV.md) and the rows, read from the local
// store only. Usage streams from the store's generator; inventory and alerts are small.
import type { Store } from '../store'
import type { Granularity, RollupRow } from '../store/types'
import { toAppRow } from '../views'
import { formatUtc, LocalTimeFormatter } from './cells'
import { CsvEncoder, RECORD_DELIMITER, type Cell } from './encoder'

export const exportKinds = ['usage', 'inventory', 'alerts'] as const
export type ExportKind = (typeof exportKinds)[number]

export const usageColumns = ['tenant_id', 'app_id', 'app_name', 'period_start', 'granularity', 'sign_ins', 'failures'] as const
export const inventoryColumns = [
  'tenant_id',
  'app_id',
  'app_name',
  'publisher',
  'last_seen',
  'sign_ins_24h',
  'failures_24h',
  'permission_type',
  'risk',
  'application_permissions',
  'delegated_permissions',
  'credential_status',
  'next_credential_expiry',
  'enabled',
  'in_discovery',
  'first_seen',
  'removed_at',
] as const
export const alertColumns = ['tenant_id', 'alert_id', 'created_at', 'severity', 'rule', 'app_id', 'app_name', 'acknowledged_at', 'details'] as const

/** The column appended (last, so the stable columns keep their places) when a local time zone is asked for. */
export const localTimeColumn: Record<ExportKind, string> = {
  usage: 'period_start_local',
  inventory: 'last_seen_local',
  alerts: 'created_at_local',
}

/** The store holds at most this many alerts per listing; an export that hits it says so. */
export const ALERTS_EXPORT_LIMIT = 10_000

export interface TableQuery {
  tenantId: string
  what: ExportKind
  /** Inclusive, rounded down to the bucket start (usage) or compared as is (alerts). */
  from?: Date | undefined
  /** Exclusive. */
  to?: Date | undefined
  /** Usage only (default hour, the stored precision). */
  granularity?: Granularity | undefined
  /** Only these apps; default all. */
  appIds?: readonly string[] | undefined
  /** IANA zone for the extra local-time column; none when absent. */
  localTimeZone?: string | undefined
  /** "Now" for the inventory's 24-hour counts and credential status. */
  now: Date
}

export interface Table {
  header: string[]
  /** Encoded records (CRLF-terminated), produced lazily. */
  records: Iterable<string>
  /** Set when the table stopped at a store limit (alerts beyond ALERTS_EXPORT_LIMIT). */
  truncated: boolean
}

const bool = (value: boolean | null): Cell => (value === null ? null : value ? 'true' : 'false')
const utc = (date: Date | string | null): Cell => (date === null ? null : formatUtc(typeof date === 'string' ? new Date(date) : date))

export function buildTable(store: Store, query: TableQuery): Table {
  const local = query.localTimeZone ? new LocalTimeFormatter(query.localTimeZone) : null
  const withLocal = (columns: readonly string[]) => [...columns, ...(local ? [localTimeColumn[query.what]] : [])]
  const localCell = (date: Date | string | null): Cell => (date === null || !local ? null : local.formatInstant(typeof date === 'string' ? new Date(date) : date))
  const appFilter = query.appIds ? new Set(query.appIds) : null
  const encoder = new CsvEncoder()
  const encodeAll = function* (rows: Iterable<Cell[]>): Generator<string, void, undefined> {
    for (const row of rows) yield encoder.row(row)
  }

  if (query.what === 'usage') {
    const granularity = query.granularity ?? 'hour'
    const rollups = store.iterateRollups({
      tenantId: query.tenantId,
      granularity,
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      ...(query.appIds ? { appIds: query.appIds } : {}),
    })
    return { header: withLocal(usageColumns), records: usageRecords(encoder, query.tenantId, granularity, rollups, local), truncated: false }
  }

  if (query.what === 'inventory') {
    const apps = store.listApps(query.tenantId).filter((app) => !appFilter || appFilter.has(app.appId))
    const rows = apps.map((summary): Cell[] => {
      const row = toAppRow(summary, query.now, new Set())
      const cells: Cell[] = [
        query.tenantId,
        row.appId,
        row.displayName,
        row.publisher,
        utc(row.lastSeen),
        row.signIns24h,
        row.failures24h,
        row.permissionType,
        row.risk,
        row.permissions.application.join(' '),
        row.permissions.delegated.join(' '),
        row.credentialStatus,
        utc(row.nextCredentialExpiry),
        bool(row.enabled),
        bool(row.inDiscovery),
        utc(row.firstSeen),
        utc(row.removedAt),
      ]
      if (local) cells.push(localCell(row.lastSeen))
      return cells
    })
    return { header: withLocal(inventoryColumns), records: encodeAll(rows), truncated: false }
  }

  const names = new Map(store.listApps(query.tenantId).map((app) => [app.appId, app.displayName]))
  const listed = store.listAlerts(query.tenantId, { includeAcknowledged: true, limit: ALERTS_EXPORT_LIMIT })
  const rows: Cell[][] = []
  // The store lists newest first; files read oldest first, like the usage history.
  for (let index = listed.length - 1; index >= 0; index--) {
    const alert = listed[index]!
    if (appFilter && (!alert.appId || !appFilter.has(alert.appId))) continue
    if (query.from && alert.createdAt < query.from) continue
    if (query.to && alert.createdAt >= query.to) continue
    const cells: Cell[] = [
      query.tenantId,
      alert.id,
      utc(alert.createdAt),
      alert.severity,
      alert.rule,
      alert.appId,
      alert.appId ? (names.get(alert.appId) ?? null) : null,
      utc(alert.acknowledgedAt),
      JSON.stringify(alert.payload ?? null),
    ]
    if (local) cells.push(localCell(alert.createdAt))
    rows.push(cells)
  }
  return { header: withLocal(alertColumns), records: encodeAll(rows), truncated: listed.length >= ALERTS_EXPORT_LIMIT }
}

/**
 * The usage fast path (millions of rows): the encoded `tenant,app,name,` prefix is kept per app and
 * the encoded period per bucket, so a row costs two integers and one concatenation. Every text cell
 * still goes through the same CsvEncoder (csv-stringify + neutralisation) as any other table.
 */
export function* usageRecords(
  encoder: CsvEncoder,
  tenantId: string,
  granularity: Granularity,
  rollups: Iterable<RollupRow>,
  local: LocalTimeFormatter | null,
): Generator<string, void, undefined> {
  const prefixes = new Map<string, string>()
  let lastStart = Number.NaN
  let middle = ''
  let suffix = RECORD_DELIMITER
  for (const rollup of rollups) {
    const ms = rollup.start.getTime()
    if (ms !== lastStart) {
      // Rows come in time order, so one period string serves every app of the bucket.
      lastStart = ms
      middle = `,${encoder.cell(formatUtc(rollup.start))},${encoder.cell(granularity)},`
      suffix = local ? `,${encoder.cell(local.formatInstant(rollup.start))}${RECORD_DELIMITER}` : RECORD_DELIMITER
    }
    let prefix = prefixes.get(rollup.appId)
    if (prefix === undefined) {
      prefix = encoder.fields([tenantId, rollup.appId, rollup.displayName])
      prefixes.set(rollup.appId, prefix)
    }
    yield prefix + middle + rollup.signIns + ',' + rollup.failures + suffix
  }
}
