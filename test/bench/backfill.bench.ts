// A 30-day sign-in backfill against the fake cloud under Graph's real reports budget (5 requests per
// 10 s per app per tenant), concurrent slices through the shared token bucket, side by side with a naive
// sequential pager (one window, one page at a time, no limiter, Retry-After honoured).
//
// Time: the fake cloud runs its clock `timeScale` times faster than the wall, and its throttle counts on
// that clock. The client and the limiter get a clock that reads the same fake time and sleeps fake ms as
// wall ms / timeScale, so a 10 s throttle window is 10 s for both sides and the run takes minutes of
// fake time but seconds of wall time. The price: wall latency and stalls are multiplied by timeScale in
// fake time, so the scale is kept low enough that they stay small next to the 10 s window, and the fake
// cloud runs on its own thread (fake-cloud-worker.ts) so its work and the client's do not queue up.
import type { TokenProvider } from '../../src-main/core/auth/auth-service'
import { GraphClient, runPool } from '../../src-main/core/graph/client'
import type { Clock } from '../../src-main/core/graph/retry'
import { createTransport } from '../../src-main/core/graph/transport'
import type { FetchLike } from '../../src-main/core/graph/transport'
import { GraphUsageSource, signInFilter } from '../../src-main/core/sources/graph-source'
import { MDE_RESOURCE_APP_ID, signInEventTypes } from '../../src-main/core/sources/types'
import type { TimeWindow } from '../../src-main/core/sources/types'
import { REPORTS_BUDGET, TokenBucket } from '../../src-main/core/sync/token-bucket'
import { signInSchema } from '../../src-main/core/graph/schemas'
import { ConfidentialClientApplication } from '@azure/msal-node'
import { once } from 'node:events'
import { Worker } from 'node:worker_threads'
import { networkClientTrusting } from '../fake-cloud/network-client'
import type { WorkerReady, WorkerRequest } from './fake-cloud-worker'
import type { Benchmark } from './types'

const NOW = '2025-06-02T12:00:00Z'
const DAY_MS = 86_400_000
const TIME_SCALE = Number(process.env.DCA_BENCH_TIME_SCALE ?? 25)
/**
 * The limiter's safety margin covers how much later one request may reach the service than another
 * after leaving the limiter. Here that is thread and GC jitter of up to ~30 ms of wall time, i.e. 750 ms
 * of fake time at this scale (the product's default, 500 ms, is for real networks at real time).
 */
const SAFETY_MARGIN_MS = Number(process.env.DCA_BENCH_MARGIN_MS ?? 750)
const SIZE = 'small'
const DAYS = 30
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

/** Records the fake time each sign-in request left at. */
function recording(fetch: FetchLike, cloud: RemoteCloud, starts: number[]): FetchLike {
  return (url, init) => {
    if (url.includes('/auditLogs/signIns')) starts.push(cloud.now())
    return fetch(url, init)
  }
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

function client(cloud: RemoteCloud, starts: number[]): GraphClient {
  return new GraphClient({
    cloud: { graphEndpoint: cloud.info.graphUrl },
    tokens: tokens(cloud),
    fetch: recording(createTransport({ ca: cloud.info.caPem }), cloud, starts),
    clock: scaledClock(cloud),
  })
}

async function concurrentBackfill(cloud: RemoteCloud, window: TimeWindow): Promise<Run> {
  const starts: number[] = []
  const limiter = new TokenBucket({
    ...REPORTS_BUDGET,
    safetyMarginMs: SAFETY_MARGIN_MS,
    clock: scaledClock(cloud),
  })
  const source = new GraphUsageSource({
    tenantId: cloud.info.tenantId,
    client: client(cloud, starts),
    reportsLimiter: limiter,
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
          safetyMarginMs: SAFETY_MARGIN_MS,
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
