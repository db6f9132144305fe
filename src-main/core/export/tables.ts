// The three exported tables: their stable columns (docs/CSV.md) and the rows, read from the local
// store only. Usage and alerts stream in keyed chunks from one read-only snapshot of the store file
// (store/export-reader.ts); the inventory is one row per app.
import type { Store } from '../store'
import { ExportSnapshot } from '../store/export-reader'
import type { Granularity } from '../store/types'
import { toAppRow } from '../views'
import { formatUtc, LocalTimeFormatter } from './cells'
import type { RecordSource } from './csv-writer'
import { CsvEncoder, type Cell } from './encoder'
import { UsageRecordSource } from './usage-source'

export const exportKinds = ['usage', 'inventory', 'alerts'] as const
export type ExportKind = (typeof exportKinds)[number]

export const usageColumns = [
  'tenant_id',
  'app_id',
  'app_name',
  'period_start',
  'granularity',
  'sign_ins',
  'failures',
] as const
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
export const alertColumns = [
  'tenant_id',
  'alert_id',
  'created_at',
  'severity',
  'rule',
  'app_id',
  'app_name',
  'acknowledged_at',
  'details',
] as const

/** The column appended (last, so the stable columns keep their places) when a local time zone is asked for. */
export const localTimeColumn: Record<ExportKind, string> = {
  usage: 'period_start_local',
  inventory: 'last_seen_local',
  alerts: 'created_at_local',
}

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
  /** Encoded records (CRLF-terminated), produced lazily; or `source`, encoding into the writer's buffers. */
  records?: Iterable<string>
  source?: RecordSource
  /** Ends the read (the snapshot's connection); call it whether the write finished or not. */
  close(): void
}

const bool = (value: boolean | null): Cell => (value === null ? null : value ? 'true' : 'false')
const utc = (date: Date | string | null): Cell =>
  date === null ? null : formatUtc(typeof date === 'string' ? new Date(date) : date)

export function buildTable(store: Store, query: TableQuery): Table {
  const local = query.localTimeZone ? new LocalTimeFormatter(query.localTimeZone) : null
  const withLocal = (columns: readonly string[]) => [
    ...columns,
    ...(local ? [localTimeColumn[query.what]] : []),
  ]
  const localCell = (date: Date | string | null): Cell =>
    date === null || !local
      ? null
      : local.formatInstant(typeof date === 'string' ? new Date(date) : date)
  const appFilter = query.appIds ? new Set(query.appIds) : null
  const encoder = new CsvEncoder()
  const encodeAll = function* (rows: Iterable<Cell[]>): Generator<string, void, undefined> {
    for (const row of rows) yield encoder.row(row)
  }

  if (query.what === 'inventory') {
    const apps = store
      .listApps(query.tenantId)
      .filter((app) => !appFilter || appFilter.has(app.appId))
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
    return {
      header: withLocal(inventoryColumns),
      records: encodeAll(rows),
      close: () => undefined,
    }
  }

  const snapshot = new ExportSnapshot(store.path)
  try {
    const names = snapshot.appNames(query.tenantId)
    const range = {
      tenantId: query.tenantId,
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      ...(query.appIds ? { appIds: query.appIds } : {}),
    }
    const close = () => snapshot.close()
    if (query.what === 'usage') {
      const granularity = query.granularity ?? 'hour'
      const chunks = snapshot.rollupChunks({ ...range, granularity })
      const source = new UsageRecordSource({
        encoder,
        tenantId: query.tenantId,
        granularity,
        chunks,
        names,
        local,
      })
      return { header: withLocal(usageColumns), source, close }
    }
    const alertRows = function* (): Generator<Cell[], void, undefined> {
      for (const chunk of snapshot.alertChunks(range)) {
        for (const alert of chunk) {
          const createdAt = new Date(alert.createdAt * 1000)
          const cells: Cell[] = [
            query.tenantId,
            alert.id,
            utc(createdAt),
            alert.severity,
            alert.rule,
            alert.appId,
            alert.appId ? (names.get(alert.appId) ?? null) : null,
            alert.acknowledgedAt === null ? null : utc(new Date(alert.acknowledgedAt * 1000)),
            // Re-serialised, so the cell is canonical JSON whatever spacing the stored text has.
            JSON.stringify(JSON.parse(alert.payload) as unknown),
          ]
          if (local) cells.push(localCell(createdAt))
          yield cells
        }
      }
    }
    return {
      header: withLocal(alertColumns),
      records: encodeAll(alertRows()),
      close,
    }
  } catch (error) {
    snapshot.close()
    throw error
  }
}
