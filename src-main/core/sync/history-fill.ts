// History from a Log Analytics workspace for the hours before the raw events' span: per-app hourly
// aggregates, asked for in chunks sized to stay far below the query API's limits (500,000 rows,
// ~100 MB per answer), under the workspace limiter (200 requests / 30 s). Each chunk is stored in one
// transaction together with the growth of the Log Analytics span, which is this source's checkpoint:
// the span stays contiguous (chunks go outward from the boundary), so an interrupted fill resumes
// where it stopped, and asking for an hour twice replaces it (idempotent). The same transaction gives
// apps their name and exact first and last sign-in from the workspace (see applyAggregates).
import type { ErrorCode } from '../../contract'
import { describeLogAnalyticsFailure } from '../cloud-errors'
import type { Logger } from '../log'
import type { AggregateUsageSource } from '../sources/log-analytics-source'
import type { TimeWindow } from '../sources/types'
import type { Store } from '../store'
import { LOG_ANALYTICS_SOURCE } from '../store/usage-history'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

/** Log Analytics' longest interactive retention; the workspace answers nothing older. */
export const DEFAULT_HISTORY_DAYS = 730
/** Rows one query may return: a fifth of the service's cap, and about 6 MB of JSON. */
export const ROWS_PER_QUERY = 100_000

/** The workspace as the engine needs it: hourly aggregates, its id, and how many queries it sent. */
export interface HistorySource extends AggregateUsageSource {
  readonly workspaceId: string
  readonly requests: number
}

export interface HistoryFillReport {
  workspaceId: string
  /** filled: hours were added; upToDate: nothing older to ask for; failed: see error; skipped: see note. */
  status: 'filled' | 'upToDate' | 'failed' | 'skipped'
  /** The workspace's span in the store after this run (hours before the raw events' span). */
  span: TimeWindow | null
  /** Hours asked for in this run. */
  hours: number
  /** App-hours received. */
  rows: number
  requests: number
  note: string | null
  error: { code: ErrorCode; message: string } | null
}

export interface HistoryFillRequest {
  tenantId: string
  /** Which source's raw events the store holds ('graph'): the workspace fills the hours before them. */
  rawSource: string
  now: Date
  /** How far back to ask (default 730 days). */
  days?: number
  /** Ask for the whole span again (a `--full` sync). */
  full?: boolean
  /** Apps known to the tenant, to size the chunks. */
  apps: number
  signal?: AbortSignal
}

const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS

/** Whole hours per query so that apps × hours stays under ROWS_PER_QUERY (one hour to one week). */
export function chunkHours(apps: number): number {
  // Clients not in discovery (unknown apps, removed apps) sign in too: leave room for them.
  const rowsPerHour = Math.max(1, Math.ceil(apps * 1.25) + 20)
  return Math.max(1, Math.min(7 * 24, Math.floor(ROWS_PER_QUERY / rowsPerHour)))
}

export async function fillHistory(
  store: Store,
  source: HistorySource,
  log: Logger,
  request: HistoryFillRequest,
): Promise<HistoryFillReport> {
  const { tenantId, signal } = request
  const history = store.usageHistory
  const report: HistoryFillReport = {
    workspaceId: source.workspaceId,
    status: 'upToDate',
    span: null,
    hours: 0,
    rows: 0,
    requests: 0,
    note: null,
    error: null,
  }
  const spanNow = () => {
    const span = history.coverageOf(tenantId, LOG_ANALYTICS_SOURCE)
    return span ? { from: span.from, to: span.to } : null
  }
  const raw = history.coverageOf(tenantId, request.rawSource)
  if (!raw) {
    report.status = 'skipped'
    report.note = 'No sign-ins have been synced yet; the workspace fills the hours before them.'
    report.span = spanNow()
    return report
  }
  const boundary = raw.from.getTime()
  const days = request.days ?? DEFAULT_HISTORY_DAYS
  const oldest = Math.min(boundary, floorHour(request.now.getTime() - days * DAY_MS))
  const existing = request.full ? null : spanNow()
  const step = chunkHours(request.apps) * HOUR_MS
  // Chunks in the order they must be stored to keep the span contiguous.
  const chunks: TimeWindow[] = []
  const downward = (from: number, to: number) => {
    for (let end = to; end > from; end -= step)
      chunks.push({ from: new Date(Math.max(from, end - step)), to: new Date(end) })
  }
  if (!existing) downward(oldest, boundary)
  else {
    for (let start = existing.to.getTime(); start < boundary; start += step) {
      chunks.push({ from: new Date(start), to: new Date(Math.min(boundary, start + step)) })
    }
    downward(oldest, existing.from.getTime())
  }
  const before = source.requests
  try {
    for (const chunk of chunks) {
      if (signal?.aborted) break
      const usage = await source.hourlyUsage({ window: chunk, ...(signal ? { signal } : {}) })
      const { rows } = history.applyAggregates(
        tenantId,
        chunk,
        usage.map((row) => ({
          appId: row.appId,
          hour: new Date(row.hourStart),
          signIns: row.success + row.failure,
          failures: row.failure,
          firstSeen: new Date(row.firstSeen),
          lastSeen: new Date(row.lastSeen),
          name: row.name,
        })),
      )
      report.hours += (chunk.to.getTime() - chunk.from.getTime()) / HOUR_MS
      report.rows += rows
    }
    if (signal?.aborted) {
      report.status = 'skipped'
      report.note = 'Cancelled; the workspace history resumes next sync.'
    } else if (report.hours > 0) report.status = 'filled'
  } catch (error) {
    if (signal?.aborted) {
      report.status = 'skipped'
      report.note = 'Cancelled; the workspace history resumes next sync.'
    } else {
      const failure = describeLogAnalyticsFailure(error, source.workspaceId)
      if (failure.code === 'internal') log.error('Log Analytics history failed', error)
      else log.warn(`Log Analytics history: ${failure.message}`, { tenantId })
      report.status = 'failed'
      report.error = failure
    }
  }
  report.requests = source.requests - before
  report.span = spanNow()
  if (report.status !== 'failed') {
    log.info(`Log Analytics history ${report.status}`, {
      tenantId,
      workspaceId: source.workspaceId,
      hours: report.hours,
      rows: report.rows,
      requests: report.requests,
      from: report.span?.from.toISOString() ?? null,
      to: report.span?.to.toISOString() ?? null,
    })
  }
  return report
}
