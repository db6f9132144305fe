// A 30-day sign-in backfill against the fake cloud under Graph's real reports budget (5 requests per
// 10 s per app per tenant), concurrent slices through the shared token bucket, side by side with a naive
// sequential pager (one window, one page at a time, no limiter, Retry-After honoured).
//
// Time: the fake cloud runs on its own thread (fake-cloud-worker.ts) and its throttle counts on its
// clock; the client and the limiter read the same clock (rebuilt on this thread from the wall time; the
// trace measures the two within 0.3 ms of each other). By default it runs in real time (scale 1) with
// the product's limiter as shipped, on the tiny tenant so that 30 days are ~100 pages, a few minutes.
// DCA_BENCH_TIME_SCALE runs the clock faster, but every wall-clock stall of either thread (a busy event
// loop, a core taken by another process) is then multiplied by the scale in the throttle's time: at
// scale 25 on a shared 2-core machine the server counted requests seconds after they were sent and
// bunched them into 429s (docs/BENCHMARKS.md), which says nothing about the product at real time.
// DCA_BENCH_TRACE=1 prints, for every self-inflicted 429, the limiter's and the server's view.
import type { TokenProvider } from '../../src-main/core/auth/auth-service'
import { GraphClient, runPool } from '../../src-main/core/graph/client'
import type { Clock } from '../../src-main/core/graph/retry'
import { createTransport } from '../../src-main/core/graph/transport'
import type { FetchLike } from '../../src-main/core/graph/transport'
import { GraphUsageSource, signInFilter } from '../../src-main/core/sources/graph-source'
import { MDE_RESOURCE_APP_ID, signInEventTypes } from '../../src-main/core/sources/types'
import type { TimeWindow } from '../../src-main/core/sources/types'
import { REPORTS_BUDGET, TokenBucket } from '../../src-main/core/sync/token-bucket'
import type { RateLimiter } from '../../src-main/core/sync/token-bucket'
import { signInSchema } from '../../src-main/core/graph/schemas'
import { ConfidentialClientApplication } from '@azure/msal-node'
import { once } from 'node:events'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'
import { networkClientTrusting } from '../fake-cloud/network-client'
import type { WorkerReady, WorkerRequest, WorkerTrace } from './fake-cloud-worker'
import type { Benchmark } from './types'
import type { DemoSize } from '../../src-main/core/demo/tenant'

const NOW = '2025-06-02T12:00:00Z'
const DAY_MS = 86_400_000
const TIME_SCALE = Number(process.env.DCA_BENCH_TIME_SCALE ?? 1)
/**
 * The limiter's safety margin for how much later than its send a request may be counted. Default: the
 * product's (5 % of the window, 500 ms). Only worth changing with a time scale (DCA_BENCH_MARGIN_MS).
 */
const SAFETY_MARGIN_MS =
  process.env.DCA_BENCH_MARGIN_MS === undefined
    ? undefined
    : Number(process.env.DCA_BENCH_MARGIN_MS)
/** DCA_BENCH_TRACE=1: log, for every self-inflicted 429, what the limiter and the server each saw. */
const TRACE = process.env.DCA_BENCH_TRACE === '1'
const SIZE = (process.env.DCA_BENCH_SIZE ?? 'tiny') as DemoSize
const DAYS = Number(process.env.DCA_BENCH_DAYS ?? 30)
const SLICE_MS = DAY_MS
const CONCURRENCY = 8

/** The fake cloud on a worker thread, and a handle to ask it things. */
interface RemoteCloud {
  info: WorkerReady
  /** The fake clock, rebuilt on this thread from the same wall time. */
  now(): number
  ask<T>(request: WorkerRequest): Promise<T>
  close(): Promise<void>
}

async function startRemoteCloud(): Promise<RemoteCloud> {
  const worker = new Worker(new URL('./fake-cloud-worker.ts', import.meta.url), {
    workerData: {
      now: NOW,
      timeScale: TIME_SCALE,
      retentionDays: DAYS + 2,
      tenants: [{ size: SIZE }],
      trace: TRACE,
    },
  })
  const [info] = (await once(worker, 'message')) as [WorkerReady]
  let queue = Promise.resolve<unknown>(undefined)
  const ask = <T>(request: WorkerRequest): Promise<T> => {
    const next = queue.then(async () => {
      worker.postMessage(request)
      const [answer] = (await once(worker, 'message')) as [T]
      return answer
    })
    queue = next.catch(() => undefined)
    return next
  }
  return {
    info,
    now: () =>
      info.fakeMs + (performance.timeOrigin + performance.now() - info.wallMs) * TIME_SCALE,
    ask,
    close: async () => {
      await ask<boolean>({ type: 'close' })
      await worker.terminate()
    },
  }
}

/** Fake time for the client and the limiter: reads the fake clock, sleeps fake ms as wall ms / scale. */
function scaledClock(cloud: RemoteCloud): Clock {
  return {
    now: () => cloud.now(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason as Error)
        const timer = setTimeout(resolve, Math.max(0, ms) / TIME_SCALE)
        signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(timer)
            reject(signal.reason as Error)
          },
          { once: true },
        )
      }),
  }
}

function tokens(cloud: RemoteCloud): TokenProvider {
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: cloud.info.clientId,
      authority: cloud.info.authority,
      knownAuthorities: [cloud.info.host],
      clientSecret: cloud.info.secret,
    },
    system: { networkClient: networkClientTrusting(cloud.info.caPem) },
  })
  let cached: { token: string; at: number } | null = null
  return {
    async getAccessToken() {
      // Fake-clock expiry (an hour); MSAL's own cache judges by the wall clock.
      if (cached && cloud.now() - cached.at < 45 * 60_000) return cached.token
      const result = await app.acquireTokenByClientCredential({
        scopes: [`${cloud.info.graphUrl}/.default`],
        skipCache: true,
      })
      cached = { token: result!.accessToken, at: cloud.now() }
      return cached.token
    },
  }
}

interface Run {
  requests: number
  throttled: number
  events: number
  fakeSeconds: number
  /** Requests as a fraction of what the budget allowed between the first and the last request. */
  budgetFraction: number
}

/** process.hrtime in ms: one monotonic clock shared by every thread of the process. */
const hrMs = (): number => Number(process.hrtime.bigint()) / 1e6

/** One sign-in request as the client saw it (traced with DCA_BENCH_TRACE=1). */
interface ClientSend {
  /** When the limiter granted it, when it left, when its answer was read (fake ms, client's clock). */
  grantFake: number
  sendFake: number
  endFake: number
  grantHr: number
  sendHr: number
  endHr: number
  status: number
  id: string
}

interface Trace {
  sends: ClientSend[]
  /** Grants in order, waiting for the request they were for (the transport takes them in order). */
  grants: Array<{ fake: number; hr: number }>
}

/** Records the fake time each sign-in request left at (and, when tracing, the whole exchange). */
function recording(
  fetch: FetchLike,
  cloud: RemoteCloud,
  starts: number[],
  trace?: Trace,
): FetchLike {
  return async (url, init) => {
    if (!url.includes('/auditLogs/signIns')) return fetch(url, init)
    const sendFake = cloud.now()
    const sendHr = hrMs()
    starts.push(sendFake)
    if (!trace) return fetch(url, init)
    const grant = trace.grants.shift() ?? { fake: NaN, hr: NaN }
    const response = await fetch(url, init)
    // Read the body here, as the client will, so `end` is when the answer was complete.
    const text = await response.text()
    trace.sends.push({
      grantFake: grant.fake,
      grantHr: grant.hr,
      sendFake,
      sendHr,
      endFake: cloud.now(),
      endHr: hrMs(),
      status: response.status,
      id: init.headers['client-request-id'] ?? '',
    })
    return new Response(text, { status: response.status, headers: response.headers })
  }
}

/** The limiter, noting when each grant happened. */
function tracingLimiter(limiter: TokenBucket, cloud: RemoteCloud, trace: Trace): RateLimiter {
  return {
    acquire: async (signal) => {
      const lease = await limiter.acquire(signal)
      trace.grants.push({ fake: cloud.now(), hr: hrMs() })
      return lease
    },
    pause: (ms) => limiter.pause(ms),
  }
}

/**
 * Joins the client's sends with the server's arrivals (by client-request-id; attempts of one call share
 * it and come in order) and throttle calls (by arrival time), and prints the delays between them and,
 * for each 429, what the limiter and the server's sliding window each held, in both clocks.
 */
function explainThrottles(
  trace: Trace,
  worker: WorkerTrace,
  clientLoop: ReturnType<typeof monitorEventLoopDelay>,
): void {
  const sends = [...trace.sends].sort((a, b) => a.sendHr - b.sendHr)
  const byId = new Map<string, WorkerTrace['received']>()
  for (const r of worker.received) byId.set(r.id, [...(byId.get(r.id) ?? []), r])
  const arrivals = sends.map((s) => byId.get(s.id)?.shift())
  const nearestTake = (fakeMs: number) =>
    worker.takes.reduce((best, t) =>
      Math.abs(t.fakeMs - fakeMs) < Math.abs(best.fakeMs - fakeMs) ? t : best,
    )
  const rows = sends.map((s, i) => {
    const a = arrivals[i]
    return {
      ...s,
      arriveFake: a?.fakeMs ?? NaN,
      arriveHr: a?.hrMs ?? NaN,
      take: a && nearestTake(a.fakeMs),
    }
  })
  const stats = (xs: number[]) => {
    const sorted = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b)
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!
    return `median ${at(0.5).toFixed(0)}, p90 ${at(0.9).toFixed(0)}, p99 ${at(0.99).toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)} fake ms`
  }
  // Client fake time minus server fake time at one hrtime instant: the two threads' clocks disagree by this.
  const offsets = (pairs: Array<[number, number]>) =>
    pairs.map(([fake, hr]) => fake - hr * TIME_SCALE)
  const client = offsets(sends.map((s) => [s.sendFake, s.sendHr]))
  const server = offsets(worker.received.length ? rows.map((r) => [r.arriveFake, r.arriveHr]) : [])
  const skews = client.map((c, i) => c - server[i]!).filter((x) => !Number.isNaN(x))
  console.log(
    `trace: ${sends.length} sends, ${worker.takes.length} throttle calls, ${rows.filter((r) => r.take).length} joined; clock skew client − server at one hrtime instant ${Math.min(...skews).toFixed(1)} … ${Math.max(...skews).toFixed(1)} fake ms`,
  )
  console.log(
    `trace: event-loop delay, wall ms: client thread p99 ${(clientLoop.percentile(99) / 1e6).toFixed(1)} max ${(clientLoop.max / 1e6).toFixed(1)}; fake cloud thread p99 ${worker.loopDelayMs.p99.toFixed(1)} max ${worker.loopDelayMs.max.toFixed(1)}`,
  )
  console.log(`trace: grant → send: ${stats(rows.map((r) => r.sendFake - r.grantFake))}`)
  console.log(
    `trace: send → arrival (counted): ${stats(rows.map((r) => (r.arriveHr - r.sendHr) * TIME_SCALE))}`,
  )
  console.log(
    `trace: send → answer read: ${stats(rows.map((r) => (r.endHr - r.sendHr) * TIME_SCALE))}`,
  )
  const line = (label: string, fake: number, hr: number) =>
    `    ${label.padEnd(30)} fake ${(fake / 1000).toFixed(3).padStart(15)} s   hr ${(hr / 1000).toFixed(4)} s`
  rows.forEach((row, i) => {
    if (!row.take || row.take.retryAfter === 0) return
    console.log(`429 for request #${i} (the client read ${row.status}):`)
    console.log('  client (limiter) view: its last 5 grants and this one')
    for (let j = Math.max(0, i - 5); j <= i; j++) {
      const r = rows[j]!
      console.log(line(`#${j} granted`, r.grantFake, r.grantHr))
      console.log(line(`#${j} sent`, r.sendFake, r.sendHr))
      console.log(
        line(`#${j} arrived`, r.arriveFake, r.arriveHr) +
          `   (${((r.arriveHr - r.sendHr) * TIME_SCALE).toFixed(0)} fake ms after send)`,
      )
      console.log(line(`#${j} answer read`, r.endFake, r.endHr))
    }
    console.log('  server (sliding window) view: the arrivals it counted, and this one')
    for (const t of row.take.window) {
      const j = rows.findIndex((r) => Math.abs(r.arriveFake - t) < 1)
      console.log(line(`#${j} counted`, t, rows[j]?.arriveHr ?? NaN))
    }
    console.log(line(`#${i} refused`, row.arriveFake, row.arriveHr))
  })
}

async function summarise(
  cloud: RemoteCloud,
  starts: number[],
  mark: number,
  events: number,
  began: number,
): Promise<Run> {
  const throttled = await cloud.ask<number>({ type: 'throttled', from: mark })
  const span = (starts.at(-1)! - starts[0]!) / REPORTS_BUDGET.windowMs
  const allowed = REPORTS_BUDGET.capacity * (1 + Math.floor(span))
  return {
    requests: starts.length,
    throttled,
    events,
    fakeSeconds: (cloud.now() - began) / 1000,
    budgetFraction: (starts.length - throttled) / allowed,
  }
}

function client(cloud: RemoteCloud, starts: number[], trace?: Trace): GraphClient {
  return new GraphClient({
    cloud: { graphEndpoint: cloud.info.graphUrl },
    tokens: tokens(cloud),
    fetch: recording(createTransport({ ca: cloud.info.caPem }), cloud, starts, trace),
    clock: scaledClock(cloud),
  })
}

async function concurrentBackfill(cloud: RemoteCloud, window: TimeWindow): Promise<Run> {
  const starts: number[] = []
  const limiter = new TokenBucket({
    ...REPORTS_BUDGET,
    ...(SAFETY_MARGIN_MS === undefined ? {} : { safetyMarginMs: SAFETY_MARGIN_MS }),
    clock: scaledClock(cloud),
  })
  const trace: Trace | undefined = TRACE ? { sends: [], grants: [] } : undefined
  const clientLoop = monitorEventLoopDelay({ resolution: 5 })
  if (trace) clientLoop.enable()
  const source = new GraphUsageSource({
    tenantId: cloud.info.tenantId,
    client: client(cloud, starts, trace),
    reportsLimiter: trace ? tracingLimiter(limiter, cloud, trace) : limiter,
  })
  const slices: TimeWindow[] = []
  for (let from = window.from.getTime(); from < window.to.getTime(); from += SLICE_MS)
    slices.push({
      from: new Date(from),
      to: new Date(Math.min(from + SLICE_MS, window.to.getTime())),
    })
  const mark = await cloud.ask<number>({ type: 'mark' })
  const began = cloud.now()
  let events = 0
  await runPool(slices, CONCURRENCY, async (slice) => {
    for await (const page of source.signIns({ window: slice })) events += page.length
  })
  if (trace) {
    clientLoop.disable()
    explainThrottles(trace, await cloud.ask<WorkerTrace>({ type: 'trace' }), clientLoop)
  }
  return summarise(cloud, starts, mark, events, began)
}

async function naivePager(cloud: RemoteCloud, window: TimeWindow): Promise<Run> {
  const starts: number[] = []
  const mark = await cloud.ask<number>({ type: 'mark' })
  const began = cloud.now()
  let events = 0
  const pages = client(cloud, starts).pages('/auditLogs/signIns', signInSchema, {
    version: 'beta',
    query: {
      $filter: signInFilter(
        window.from.getTime(),
        window.to.getTime(),
        signInEventTypes,
        MDE_RESOURCE_APP_ID,
      ),
      $top: 1000,
    },
    context: { operation: 'paging the sign-in logs naively' },
  })
  for await (const page of pages) events += page.length
  return summarise(cloud, starts, mark, events, began)
}

const benchmarks: Benchmark[] = [
  {
    name: 'graph backfill under the throttle budget',
    async run() {
      const cloud = await startRemoteCloud()
      try {
        const to = new Date(NOW)
        const window = { from: new Date(to.getTime() - DAYS * DAY_MS), to }
        // Each run starts with an empty throttle window, as a fresh sync would.
        const ours = await concurrentBackfill(cloud, window)
        await cloud.ask<boolean>({ type: 'reset' })
        await new Promise((r) => setTimeout(r, (REPORTS_BUDGET.windowMs / TIME_SCALE) * 1.2))
        const naive = await naivePager(cloud, window)
        const inputs = {
          tenant: SIZE,
          days: DAYS,
          events: ours.events,
          budget: `${REPORTS_BUDGET.capacity} req / ${REPORTS_BUDGET.windowMs / 1000} s`,
          timeScale: TIME_SCALE,
          safetyMarginMs: SAFETY_MARGIN_MS ?? new TokenBucket(REPORTS_BUDGET).safetyMarginMs,
          slices: `${SLICE_MS / 3_600_000} h × ${CONCURRENCY} concurrent`,
        }
        if (naive.events !== ours.events)
          throw new Error(`naive pager saw ${naive.events} events, backfill ${ours.events}`)
        return [
          {
            name: 'backfill request rate / allowed rate',
            value: ours.budgetFraction,
            unit: '×',
            budget: { op: '>=', value: 0.9 },
            inputs: {
              ...inputs,
              requests: ours.requests,
              fakeSeconds: Math.round(ours.fakeSeconds),
            },
          },
          {
            name: 'backfill self-inflicted 429s',
            value: ours.throttled,
            unit: 'responses',
            budget: { op: '<=', value: 0 },
            inputs,
          },
          {
            name: 'naive pager request rate / allowed rate',
            value: naive.budgetFraction,
            unit: '×',
            inputs: {
              ...inputs,
              requests: naive.requests,
              throttled: naive.throttled,
              fakeSeconds: Math.round(naive.fakeSeconds),
            },
          },
          {
            name: 'backfill speed-up over the naive pager (events per fake second)',
            value: ours.events / ours.fakeSeconds / (naive.events / naive.fakeSeconds),
            unit: '×',
            inputs: {
              ...inputs,
              oursFakeSeconds: Math.round(ours.fakeSeconds),
              naiveFakeSeconds: Math.round(naive.fakeSeconds),
            },
          },
        ]
      } finally {
        await cloud.close()
      }
    },
  },
]
export default benchmarks
