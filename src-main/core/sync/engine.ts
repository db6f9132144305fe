// One sync of one tenant from one usage source into the store: discovery first, then sign-ins, then
// (when a Log Analytics workspace is configured) the older history from the workspace.
// The first run backfills the retention window cut into time slices fetched a few at a time (the
// source's own limiter keeps the whole run under the throttle budget); later runs start from the
// high-water mark minus an overlap, because Entra writes some sign-ins late. Every slice is saved
// before it is fetched and marked done after, so a crash or a lost network resumes with the slices
// still open; re-fetching a slice is harmless because events are stored by their Graph id.
//
// Summaries (sync/summaries.ts): before a backfill, Graph's summarised sign-ins say how many sign-ins
// each settled slice holds. Every slice with sign-ins is paged and its raw count reconciled with the
// summary (a short slice is fetched once more; a lasting difference is reported, never hidden). Slices
// the summaries call quiet are not paged for the summarised event types at all — once this run has
// shown the summaries agree with raw events — only one interactive-sign-in query covers each run of
// them (Graph has no summary for those). When no settled slice had summarised sign-ins to reconcile
// (an empty or nearly empty tenant), a probe stands in for that: one query over all the quiet slices
// must come back without summarised sign-ins, else the summaries are distrusted and every slice is
// paged. Without summaries, or when they fail, every slice is paged.
import { AppError } from '../../contract'
import type { Logger } from '../log'
import type { SignInEventType, TimeWindow, UsageSource } from '../sources/types'
import type { Store } from '../store'
import type { DiscoveryChanges } from '../store/types'
import { LOG_ANALYTICS_SOURCE } from '../store/usage-history'
import { fillHistory, type HistoryFillReport, type HistorySource } from './history-fill'
import {
  countSummarised,
  readSummaries,
  SUMMARISED_TYPES,
  SUMMARY_WINDOWS,
  summaryWindowFor,
  UNSUMMARISED_TYPES,
  type SummaryReader,
  type SummaryWindow,
} from './summaries'

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
  /** Sign-ins the summaries announced for this run's slices (null without summaries). */
  expectedEvents: number | null
  /** Seconds left at the current pace, once there is a pace to go by. */
  etaSeconds: number | null
}

/** How one slice's raw events compared with its summary. */
export interface SliceReconciliation {
  from: Date
  to: Date
  /** Sign-ins of the summarised event types: what the summary said, what paging delivered. */
  summary: number
  raw: number
  outcome: 'matched' | 'rawShort' | 'rawOver'
  /** True when the slice was fetched a second time because it came up short. */
  refetched: boolean
}

export interface SummaryReport {
  /** used: the summaries planned this run; notUsed / unavailable: every slice was paged (see note). */
  status: 'used' | 'notUsed' | 'unavailable'
  note: string | null
  aggregationWindow: SummaryWindow | null
  /** Requests spent reading the summaries. */
  requests: number
  /** Quiet slices (no summarised sign-ins) that were not paged for the summarised event types. */
  slicesSkipped: number
  /** Requests that fetched the interactive sign-ins of the skipped slices (no summary exists for them). */
  interactiveRequests: number
  /** Skipped slices (at least one request each) minus what the summaries and interactive queries cost. */
  requestsSaved: number
  reconciled: { matched: number; rawShort: number; rawOver: number; refetched: number }
  /** Slices whose raw count still differs from the summary after the second fetch. */
  mismatches: SliceReconciliation[]
  /** Null unless no settled slice had summarised sign-ins to reconcile (see SummaryProbe). */
  probe: SummaryProbe | null
}

/**
 * When the summaries call every settled slice quiet, there is no slice to reconcile them with. Then
 * the quiet slices are asked for as one query (all event types): no sign-ins at all settles every one
 * of them in a request or so; only interactive sign-ins (which have no summary) on its first page
 * leads to a second query for the summarised types alone. Sign-ins of the summarised types there
 * contradict the summaries: they are not trusted in this run, and every quiet slice is paged and
 * reconciled (each one with sign-ins becomes a `rawOver` mismatch).
 */
export interface SummaryProbe {
  from: Date
  to: Date
  /** Requests the probe queries took (they stop at their first page with sign-ins). */
  requests: number
  /** confirmed: raw events agree there are no summarised sign-ins there; contradicted: they do not. */
  outcome: 'confirmed' | 'contradicted'
  /** Summarised sign-ins on the page that contradicted the summaries (0 when confirmed). */
  found: number
  /** True when the first query found no sign-ins at all, so the quiet slices needed nothing more. */
  settledAll: boolean
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
  /** Null when no summaries were offered (demo, resumed runs, short windows: see the log). */
  summaries: SummaryReport | null
  /** Null when no workspace is configured. A failure here never fails the sync. */
  logAnalytics: HistoryFillReport | null
}

export interface SyncRequest {
  /** Days to backfill when there is no history (default 30, Entra's P1/P2 retention). */
  days?: number
  /** Forget the checkpoint and fetch the whole window again (stored events are kept). */
  full?: boolean
  /** Days of Log Analytics history to ask for (default 730, the longest interactive retention). */
  historyDays?: number
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
  /** Graph's summarised sign-ins, where the cloud offers them (under the same reports limiter). */
  summaries?: SummaryReader | null
  /** Backfills of fewer slices than this page every slice without asking the summaries (default 8). */
  summaryMinSlices?: number
  /** Windows that ended less than this long ago are not trusted to be summarised yet (default 24 h). */
  summarySettleHours?: number
  /** A configured Log Analytics workspace: history for the hours before the raw events. */
  logAnalytics?: HistorySource | null
}

export const DEFAULT_BACKFILL_DAYS = 30

/** One unit of work for a worker: a window of sign-ins and the planned slices it completes. */
interface Job {
  window: TimeWindow
  /** Undefined: every event type. */
  eventTypes?: readonly SignInEventType[]
  slices: TimeWindow[]
  /** The summary's count of the (one) slice, when it has one. */
  summary?: number
}

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
      throw new AppError(
        'validation',
        `The backfill length must be between 1 and 3650 days, not ${days}.`,
      )
    }
    const progress: SyncProgress = {
      tenantId,
      phase: 'discovery',
      slicesDone: 0,
      slicesTotal: 0,
      pages: 0,
      events: 0,
      inserted: 0,
      expectedEvents: null,
      etaSeconds: null,
    }
    const emit = () => request.onProgress?.({ ...progress })
    emit()

    await this.recordTenant(signal)
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
      log.info(`Resuming an interrupted sync: ${slices.length} of ${all.length} slices left`, {
        tenantId,
      })
    } else {
      const to = this.now()
      const mark = checkpoint?.highWaterMark
      let from = mark
        ? new Date(mark.getTime() - this.overlapMs)
        : new Date(to.getTime() - days * 24 * HOUR_MS)
      // Hours the workspace filled stay the workspace's: fetching their raw events again would count
      // those sign-ins twice (docs/ARCHITECTURE.md, "Store").
      const workspaceSpan = store.usageHistory.coverageOf(tenantId, LOG_ANALYTICS_SOURCE)
      if (workspaceSpan && from < workspaceSpan.to) {
        log.info('Sign-ins before the Log Analytics history boundary are not fetched again', {
          tenantId,
          asked: from.toISOString(),
          boundary: workspaceSpan.to.toISOString(),
        })
        from = new Date(Math.min(workspaceSpan.to.getTime(), to.getTime()))
      }
      window = { from, to }
      slices = this.plan(from, to)
      store.clearSlices(tenantId, source.kind)
      for (const slice of slices)
        store.saveSlice(tenantId, source.kind, { ...slice, cursor: null, done: false })
    }

    progress.phase = 'usage'
    progress.slicesTotal = slices.length
    emit()
    const usageStarted = Date.now()
    let duplicates = 0
    let cancelled = false

    const summaries = resumed ? null : await this.planWithSummaries(slices, apps.length, signal)
    const counts = summaries?.counts ?? new Map<number, number>()
    const quiet: TimeWindow[] = []
    const jobs: Job[] = []
    for (const slice of slices) {
      const summary = counts.get(slice.from.getTime())
      if (summary === 0) quiet.push(slice)
      else
        jobs.push({ window: slice, slices: [slice], ...(summary !== undefined ? { summary } : {}) })
    }
    if (summaries) {
      progress.expectedEvents = [...counts.values()].reduce((sum, n) => sum + n, 0)
      emit()
    }

    const pagesOf = (window: TimeWindow, eventTypes?: readonly SignInEventType[]) => {
      const query = { window, ...(eventTypes ? { eventTypes } : {}), ...(signal ? { signal } : {}) }
      return source.signInBatches?.(query) ?? source.signIns(query)
    }
    const ingest = (page: Parameters<Store['ingestSignIns']>[1]) => {
      const result = store.ingestSignIns(tenantId, page)
      progress.pages++
      progress.events += page.length
      progress.inserted += result.inserted
      duplicates += result.duplicates
      this.updateEta(progress, usageStarted)
      emit()
    }
    const fetchWindow = async (job: Job): Promise<{ summarised: number; pages: number }> => {
      let summarised = 0
      let pages = 0
      for await (const page of pagesOf(job.window, job.eventTypes)) {
        ingest(page)
        summarised += countSummarised(page)
        pages++
      }
      return { summarised, pages }
    }
    /** Pages a window only up to its first page with sign-ins (stored like any other page). */
    const probeWindow = async (window: TimeWindow, eventTypes?: readonly SignInEventType[]) => {
      let requests = 0
      for await (const page of pagesOf(window, eventTypes)) {
        requests++
        if (page.length === 0) continue
        ingest(page)
        return { requests, events: page.length, summarised: countSummarised(page) }
      }
      return { requests: Math.max(1, requests), events: 0, summarised: 0 }
    }
    const runJobs = async (
      queue: Job[],
      after: (job: Job, fetched: { summarised: number; pages: number }) => Promise<void>,
    ) => {
      const worker = async () => {
        for (let job = queue.shift(); job; job = queue.shift()) {
          if (signal?.aborted) return
          await after(job, await fetchWindow(job))
          for (const slice of job.slices)
            store.saveSlice(tenantId, source.kind, { ...slice, cursor: null, done: true })
          progress.slicesDone += job.slices.length
          this.updateEta(progress, usageStarted)
          emit()
        }
      }
      await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker))
    }

    // Newest slices first: the admin sees today's numbers before last month's.
    jobs.sort((a, b) => b.window.from.getTime() - a.window.from.getTime())
    try {
      await runJobs(jobs, async (job, fetched) => {
        if (summaries && job.summary !== undefined)
          await this.reconcile(job, fetched.summarised, summaries.report, fetchWindow)
      })
      if (quiet.length > 0 && summaries && !signal?.aborted) {
        const report = summaries.report
        let trusted = report.reconciled.matched > 0 && report.mismatches.length === 0
        let contradicted = false
        let quietJobs: Job[] = []
        const runs = this.quietRuns(quiet, Infinity)
        // Nothing to reconcile with (every settled slice quiet): the probe stands in for a match.
        if (
          report.reconciled.matched === 0 &&
          report.mismatches.length === 0 &&
          runs.length === 1
        ) {
          const probe = await this.probe(runs[0]!.window, probeWindow)
          report.probe = probe
          trusted = probe.outcome === 'confirmed'
          contradicted = !trusted
          if (probe.settledAll) {
            for (const slice of quiet)
              store.saveSlice(tenantId, source.kind, { ...slice, cursor: null, done: true })
            progress.slicesDone += quiet.length
            report.slicesSkipped = quiet.length
            emit()
            quiet.length = 0
          }
        }
        if (trusted) {
          quietJobs = this.quietRuns(quiet).map((run) => ({
            window: run.window,
            eventTypes: UNSUMMARISED_TYPES,
            slices: run.slices,
          }))
          report.slicesSkipped += quiet.length
        } else if (contradicted) {
          // Reconcile each of them, so every slice with sign-ins the summaries missed is reported.
          quietJobs = quiet.map((slice) => ({ window: slice, slices: [slice], summary: 0 }))
        } else {
          log.info(
            'Summaries not trusted in this run (no slice matched, or one disagreed); paging the quiet slices too',
            { tenantId, quiet: quiet.length },
          )
          quietJobs = quiet.map((slice) => ({ window: slice, slices: [slice] }))
        }
        quietJobs.sort((a, b) => b.window.from.getTime() - a.window.from.getTime())
        await runJobs(quietJobs, async (job, fetched) => {
          if (job.eventTypes) report.interactiveRequests += Math.max(1, fetched.pages)
          else if (job.summary !== undefined)
            await this.reconcile(job, fetched.summarised, report, fetchWindow)
        })
      }
    } catch (error) {
      if (!signal?.aborted) throw error
    }
    if (summaries) {
      const report = summaries.report
      report.requestsSaved =
        report.slicesSkipped -
        report.interactiveRequests -
        report.requests -
        (report.probe?.requests ?? 0)
      log.info('Summaries reconciled with raw events', {
        tenantId,
        ...report.reconciled,
        mismatches: report.mismatches.length,
        slicesSkipped: report.slicesSkipped,
        requestsSaved: report.requestsSaved,
      })
    }
    let history: HistoryFillReport | null = null
    if (signal?.aborted) {
      cancelled = true
      log.info('Sync cancelled; finished slices are kept and the rest resume next time', {
        tenantId,
        left: progress.slicesTotal - progress.slicesDone,
      })
    } else {
      store.setHighWaterMark(tenantId, source.kind, window.to)
      store.clearSlices(tenantId, source.kind)
      store.usageHistory.recordRawCoverage(tenantId, source.kind, window.from, window.to)
      store.pruneRawEvents(undefined, tenantId)
      if (this.options.logAnalytics) {
        history = await fillHistory(store, this.options.logAnalytics, log, {
          tenantId,
          rawSource: source.kind,
          now: this.now(),
          apps: apps.length,
          ...(request.historyDays !== undefined ? { days: request.historyDays } : {}),
          ...(request.full ? { full: true } : {}),
          ...(signal ? { signal } : {}),
        })
        if (signal?.aborted) cancelled = true
      }
    }

    // The days this sync wrote (ingest, pruning, Log Analytics) summed once, not on every read.
    store.refreshDailyRollups(tenantId)
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
      summaries: summaries?.report ?? null,
      logAnalytics: history,
    }
    log.info(`Sync ${cancelled ? 'cancelled' : 'finished'}`, {
      ...report,
      discovery: undefined,
      summaries: undefined,
      logAnalytics: undefined,
    })
    return report
  }

  private updateEta(progress: SyncProgress, startedMs: number): void {
    const elapsed = (Date.now() - startedMs) / 1000
    if (
      progress.expectedEvents !== null &&
      progress.events > 0 &&
      progress.events < progress.expectedEvents
    ) {
      // By events while the summaries' total is ahead; interactive sign-ins (not summarised) may take
      // the count past it, and then the slices left are the better guide.
      progress.etaSeconds = Math.round(
        (elapsed / progress.events) * (progress.expectedEvents - progress.events),
      )
    } else if (progress.slicesDone > 0) {
      progress.etaSeconds = Math.round(
        (elapsed / progress.slicesDone) * (progress.slicesTotal - progress.slicesDone),
      )
    }
  }

  /**
   * Reads the summaries for the settled whole slices of a backfill. Null (with a log line) when they
   * cannot help: no reader, a short plan, slices that are not one summary window long, a cost above
   * what they could save, or Graph refusing them (beta: 404/400 in some clouds).
   */
  private async planWithSummaries(
    slices: readonly TimeWindow[],
    apps: number,
    signal: AbortSignal | undefined,
  ): Promise<{ counts: Map<number, number>; report: SummaryReport } | null> {
    const reader = this.options.summaries
    const { log } = this.options
    const tenantId = this.options.source.tenantId
    if (!reader) return null
    const report: SummaryReport = {
      status: 'notUsed',
      note: null,
      aggregationWindow: null,
      requests: 0,
      slicesSkipped: 0,
      interactiveRequests: 0,
      requestsSaved: 0,
      reconciled: { matched: 0, rawShort: 0, rawOver: 0, refetched: 0 },
      mismatches: [],
      probe: null,
    }
    const notUsed = (note: string, status: SummaryReport['status'] = 'notUsed') => {
      report.status = status
      report.note = note
      log.info(`Summaries not used, paging every slice: ${note}`, { tenantId })
      return { counts: new Map<number, number>(), report }
    }
    if (slices.length < (this.options.summaryMinSlices ?? 8)) return null
    const aggregationWindow = summaryWindowFor(this.sliceMs)
    if (!aggregationWindow)
      return notUsed(`slices of ${this.sliceMs / HOUR_MS} hours match no summary window (h6 or d1)`)
    report.aggregationWindow = aggregationWindow
    const windowMs = SUMMARY_WINDOWS[aggregationWindow]
    const settled = this.now().getTime() - (this.options.summarySettleHours ?? 24) * HOUR_MS
    const whole = slices.filter(
      (slice) =>
        slice.from.getTime() % windowMs === 0 &&
        slice.to.getTime() - slice.from.getTime() === windowMs &&
        slice.to.getTime() <= settled,
    )
    if (whole.length === 0) return notUsed('no slice is a whole, settled summary window')
    const fromMs = Math.min(...whole.map((slice) => slice.from.getTime()))
    const toMs = Math.max(...whole.map((slice) => slice.to.getTime()))
    // One row per app (and IP address and outcome) per window and type, 1,000 rows a page: a rough
    // floor of what reading them costs. Each skipped slice saves at least one request, so reading
    // must cost clearly less than the slices it could spare.
    const budget = Math.floor(whole.length / 2)
    const estimate = 3 * Math.ceil((((toMs - fromMs) / windowMs) * Math.max(1, apps)) / 1000)
    if (estimate > budget)
      return notUsed(
        `reading them would take about ${estimate} requests, more than the ${budget} they could save`,
      )
    try {
      const answer = await readSummaries(reader, {
        fromMs,
        toMs,
        aggregationWindow,
        maxRequests: budget,
        ...(signal ? { signal } : {}),
      })
      report.requests = answer.ok ? answer.summary.requests : answer.requests
      if (!answer.ok) return notUsed(answer.note)
      report.status = 'used'
      const counts = new Map<number, number>()
      for (const slice of whole)
        counts.set(slice.from.getTime(), answer.summary.counts.get(slice.from.getTime()) ?? 0)
      log.info('Summaries read', {
        tenantId,
        aggregationWindow,
        windows: whole.length,
        requests: report.requests,
      })
      return { counts, report }
    } catch (error) {
      if (signal?.aborted) throw error
      const said = error instanceof Error ? error.message : String(error)
      return notUsed(`Graph did not answer the summarised sign-ins (${said})`, 'unavailable')
    }
  }

  /** Compares a slice's raw count with its summary; a short slice is fetched once more. */
  private async reconcile(
    job: Job,
    raw: number,
    report: SummaryReport,
    fetchWindow: (job: Job) => Promise<{ summarised: number; pages: number }>,
  ): Promise<void> {
    const summary = job.summary!
    let refetched = false
    if (raw < summary) {
      refetched = true
      report.reconciled.refetched++
      this.options.log.info('A slice came up short of its summary; fetching it again', {
        from: job.window.from.toISOString(),
        summary,
        raw,
      })
      raw = (await fetchWindow(job)).summarised
    }
    const outcome: SliceReconciliation['outcome'] =
      raw === summary ? 'matched' : raw < summary ? 'rawShort' : 'rawOver'
    report.reconciled[outcome]++
    if (outcome !== 'matched') {
      const mismatch = {
        from: job.window.from,
        to: job.window.to,
        summary,
        raw,
        outcome,
        refetched,
      }
      report.mismatches.push(mismatch)
      this.options.log.warn(
        `Sign-ins of ${job.window.from.toISOString()}–${job.window.to.toISOString()} differ from Graph's summary: raw ${outcome === 'rawShort' ? `short by ${summary - raw}` : `over by ${raw - summary}`} (summary ${summary}, raw ${raw})`,
        { tenantId: this.options.source.tenantId },
      )
    }
  }

  /**
   * Checks the summaries' claim that [window] (one run of quiet slices) holds no summarised sign-ins,
   * with raw events: all types first (nothing at all settles the whole run), the summarised types
   * alone when the first page held only interactive sign-ins (see SummaryProbe).
   */
  private async probe(
    window: TimeWindow,
    probeWindow: (
      window: TimeWindow,
      eventTypes?: readonly SignInEventType[],
    ) => Promise<{ requests: number; events: number; summarised: number }>,
  ): Promise<SummaryProbe> {
    const { log } = this.options
    const tenantId = this.options.source.tenantId
    const all = await probeWindow(window)
    const probe: SummaryProbe = {
      from: window.from,
      to: window.to,
      requests: all.requests,
      outcome: 'confirmed',
      found: 0,
      settledAll: all.events === 0,
    }
    let found = all.summarised
    if (all.events > 0 && found === 0) {
      const summarised = await probeWindow(window, SUMMARISED_TYPES)
      probe.requests += summarised.requests
      found = summarised.summarised
    }
    if (found > 0) {
      probe.outcome = 'contradicted'
      probe.found = found
      log.warn(
        `Graph's summaries report no sign-ins from ${window.from.toISOString()} to ${window.to.toISOString()}, but the sign-in log has some there (at least ${found}); the summaries are not trusted in this run and every slice is paged`,
        { tenantId },
      )
    } else {
      log.info(
        'The summaries report no sign-ins in the settled slices, and the sign-in log agrees',
        {
          tenantId,
          from: window.from.toISOString(),
          to: window.to.toISOString(),
          requests: probe.requests,
          settledAll: probe.settledAll,
        },
      )
    }
    return probe
  }

  /** Records the tenant with its name where the source can tell it; a failure keeps what is stored. */
  private async recordTenant(signal: AbortSignal | undefined): Promise<void> {
    const { store, source, log } = this.options
    const tenantId = source.tenantId
    store.ensureTenant(tenantId)
    if (!source.tenantName) return
    try {
      const name = await source.tenantName(signal)
      if (name) store.ensureTenant(tenantId, name)
      else
        log.info('The directory gave no name for the tenant; it is shown by its ID', { tenantId })
    } catch (error) {
      if (signal?.aborted) throw error
      const said = error instanceof Error ? error.message : String(error)
      log.warn(
        `The tenant's name could not be read, so it keeps its stored name or its ID (${said})`,
        { tenantId },
      )
    }
  }

  /** Consecutive quiet slices merged into runs of at most maxDays (one interactive query each). */
  private quietRuns(
    quiet: readonly TimeWindow[],
    maxDays = 7,
  ): Array<{ window: TimeWindow; slices: TimeWindow[] }> {
    const sorted = [...quiet].sort((a, b) => a.from.getTime() - b.from.getTime())
    const runs: Array<{ window: TimeWindow; slices: TimeWindow[] }> = []
    const maxMs = maxDays * 24 * HOUR_MS
    for (const slice of sorted) {
      const last = runs.at(-1)
      if (
        last &&
        last.window.to.getTime() === slice.from.getTime() &&
        slice.to.getTime() - last.window.from.getTime() <= maxMs
      ) {
        last.window = { from: last.window.from, to: slice.to }
        last.slices.push(slice)
      } else runs.push({ window: { ...slice }, slices: [slice] })
    }
    return runs
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
