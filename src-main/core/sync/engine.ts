// One sync of one tenant from one usage source into the store: discovery first, then sign-ins.
// The first run backfills the retention window cut into time slices fetched a few at a time (the
// source's own limiter keeps the whole run under the throttle budget); later runs start from the
// high-water mark minus an overlap, because Entra writes some sign-ins late. Every slice is saved
// before it is fetched and marked done after, so a crash or a lost network resumes with the slices
// still open; re-fetching a slice is harmless because events are stored by their Graph id.
import { AppError } from '../../contract'
import type { Logger } from '../log'
import type { SignInEvent, TimeWindow, UsageSource } from '../sources/types'
import type { Store } from '../store'
import type { DiscoveryChanges } from '../store/types'

const HOUR_MS = 3_600_000

export interface SyncProgress {
  tenantId: string
  phase: 'discovery' | 'usage' | 'done'
  slicesDone: number
  slicesTotal: number
  /** Pages of sign-ins received so far (each one request to the source). */
  pages: number
  events: number
  inserted: number
  /** Seconds left at the current pace, once there is a pace to go by. */
  etaSeconds: number | null
}

export interface SyncReport {
  tenantId: string
  source: UsageSource['kind']
  window: { from: Date; to: Date }
  /** True when this run finished slices a previous, interrupted run had planned. */
  resumed: boolean
  cancelled: boolean
  discovery: DiscoveryChanges
  slices: number
  pages: number
  events: number
  inserted: number
  duplicates: number
  durationMs: number
}

export interface SyncRequest {
  /** Days to backfill when there is no history (default 30, Entra's P1/P2 retention). */
  days?: number
  /** Forget the checkpoint and fetch the whole window again (stored events are kept). */
  full?: boolean
  signal?: AbortSignal
  onProgress?: (progress: SyncProgress) => void
}

export interface SyncEngineOptions {
  store: Store
  source: UsageSource
  log: Logger
  now?: () => Date
  /** Length of a backfill slice (default 6 hours). */
  sliceHours?: number
  /** Slices fetched at once (default 4); the source's limiter decides how fast requests go. */
  concurrency?: number
  /** How far before the high-water mark incremental syncs start (default 2 hours). */
  overlapMinutes?: number
}

export const DEFAULT_BACKFILL_DAYS = 30

export class SyncEngine {
  private readonly now: () => Date
  private readonly sliceMs: number
  private readonly concurrency: number
  private readonly overlapMs: number

  constructor(private readonly options: SyncEngineOptions) {
    this.now = options.now ?? (() => new Date())
    this.sliceMs = (options.sliceHours ?? 6) * HOUR_MS
    this.concurrency = Math.max(1, options.concurrency ?? 4)
    this.overlapMs = (options.overlapMinutes ?? 120) * 60_000
  }

  async sync(request: SyncRequest = {}): Promise<SyncReport> {
    const { store, source, log } = this.options
    const tenantId = source.tenantId
    const started = Date.now()
    const signal = request.signal
    const days = request.days ?? DEFAULT_BACKFILL_DAYS
    if (!Number.isFinite(days) || days <= 0 || days > 3650) {
      throw new AppError('validation', `The backfill length must be between 1 and 3650 days, not ${days}.`)
    }
    const progress: SyncProgress = { tenantId, phase: 'discovery', slicesDone: 0, slicesTotal: 0, pages: 0, events: 0, inserted: 0, etaSeconds: null }
    const emit = () => request.onProgress?.({ ...progress })
    emit()

    store.ensureTenant(tenantId)
    const resource = await source.discoverResource(signal)
    const apps = await source.listConnectedApps(resource, signal)
    const discovery = store.applyDiscovery(tenantId, apps, this.now())
    log.info(`Discovery: ${apps.length} connected apps`, {
      tenantId,
      added: discovery.appsAdded.length,
      removed: discovery.appsRemoved.length,
    })

    if (request.full) store.resetCheckpoint(tenantId, source.kind)
    const checkpoint = store.getCheckpoint(tenantId, source.kind)
    const open = checkpoint?.slices.filter((slice) => !slice.done) ?? []
    const resumed = open.length > 0
    let window: { from: Date; to: Date }
    let slices: TimeWindow[]
    if (resumed) {
      slices = open.map((slice) => ({ from: slice.from, to: slice.to }))
      const all = checkpoint!.slices
      window = {
        from: new Date(Math.min(...all.map((slice) => slice.from.getTime()))),
        to: new Date(Math.max(...all.map((slice) => slice.to.getTime()))),
      }
      log.info(`Resuming an interrupted sync: ${slices.length} of ${all.length} slices left`, { tenantId })
    } else {
      const to = this.now()
      const mark = checkpoint?.highWaterMark
      const from = mark ? new Date(mark.getTime() - this.overlapMs) : new Date(to.getTime() - days * 24 * HOUR_MS)
      window = { from, to }
      slices = this.plan(from, to)
      store.clearSlices(tenantId, source.kind)
      for (const slice of slices) store.saveSlice(tenantId, source.kind, { ...slice, cursor: null, done: false })
    }

    progress.phase = 'usage'
    progress.slicesTotal = slices.length
    emit()
    const usageStarted = Date.now()
    let duplicates = 0
    let cancelled = false

    // Newest slices first: the admin sees today's numbers before last month's.
    const queue = [...slices].sort((a, b) => b.from.getTime() - a.from.getTime())
    const worker = async () => {
      for (let slice = queue.shift(); slice; slice = queue.shift()) {
        if (signal?.aborted) return
        for await (const page of source.signIns({ window: slice, ...(signal ? { signal } : {}) })) {
          const result = store.ingestSignIns(tenantId, page as SignInEvent[])
          progress.pages++
          progress.events += page.length
          progress.inserted += result.inserted
          duplicates += result.duplicates
          emit()
        }
        store.saveSlice(tenantId, source.kind, { ...slice, cursor: null, done: true })
        progress.slicesDone++
        const elapsed = (Date.now() - usageStarted) / 1000
        progress.etaSeconds = Math.round((elapsed / progress.slicesDone) * (progress.slicesTotal - progress.slicesDone))
        emit()
      }
    }
    try {
      await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker))
    } catch (error) {
      if (!signal?.aborted) throw error
    }
    if (signal?.aborted) {
      cancelled = true
      log.info('Sync cancelled; finished slices are kept and the rest resume next time', { tenantId, left: progress.slicesTotal - progress.slicesDone })
    } else {
      store.setHighWaterMark(tenantId, source.kind, window.to)
      store.clearSlices(tenantId, source.kind)
      store.pruneRawEvents(undefined, tenantId)
    }

    progress.phase = 'done'
    progress.etaSeconds = 0
    emit()
    const report: SyncReport = {
      tenantId,
      source: source.kind,
      window,
      resumed,
      cancelled,
      discovery,
      slices: slices.length,
      pages: progress.pages,
      events: progress.events,
      inserted: progress.inserted,
      duplicates,
      durationMs: Date.now() - started,
    }
    log.info(`Sync ${cancelled ? 'cancelled' : 'finished'}`, { ...report, discovery: undefined })
    return report
  }

  /** Slices of at most sliceMs, aligned to whole hours so repeated plans cut the same places. */
  private plan(from: Date, to: Date): TimeWindow[] {
    const slices: TimeWindow[] = []
    let end = to.getTime()
    while (end > from.getTime()) {
      const alignedStart = Math.floor((end - 1) / this.sliceMs) * this.sliceMs
      const start = Math.max(from.getTime(), alignedStart)
      slices.push({ from: new Date(start), to: new Date(end) })
      end = start
    }
    return slices.reverse()
  }
}
