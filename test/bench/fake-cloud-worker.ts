// The fake cloud on its own thread for the backfill benchmark: timing figures must not include the
// fake's page building queueing behind the client's JSON parsing on one event loop (the bench scales
// time, so a 20 ms stall would be most of a second of throttle-window time).
import { Server } from 'node:https'
import type { IncomingMessage } from 'node:http'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parentPort, workerData } from 'node:worker_threads'
import { startFakeCloud } from '../fake-cloud'
import type { FakeCloudOptions } from '../fake-cloud'

export interface WorkerReady {
  type: 'ready'
  graphUrl: string
  authority: string
  host: string
  caPem: string
  tenantId: string
  clientId: string
  secret: string
  /** The fake clock read at the same moment as the absolute wall time, to rebuild it on the other thread. */
  fakeMs: number
  wallMs: number
}

export type WorkerRequest =
  | { type: 'mark' }
  | { type: 'throttled'; from: number }
  | { type: 'reset' }
  | { type: 'close' }
  | { type: 'trace' }
  | { type: 'clocks' }

/** One call of the reports throttle, as the server saw it (traced when workerData.trace is set). */
export interface ThrottleTake {
  /** The fake time the request arrived at, which the throttle counts. */
  fakeMs: number
  /** process.hrtime in ms when the throttle ran: one monotonic clock for every thread of the process. */
  hrMs: number
  /** Seconds of Retry-After; 0 when the request was counted. */
  retryAfter: number
  /** Arrival times (fake ms) the sliding window held just before this request. */
  window: number[]
}

export interface WorkerTrace {
  takes: ThrottleTake[]
  /** When each sign-ins request reached the server (its handler), by client-request-id. */
  received: Array<{ id: string; fakeMs: number; hrMs: number }>
  /** The worker's event-loop delay (wall ms) while tracing. */
  loopDelayMs: { p99: number; max: number }
}

/** Both clocks read at one moment on this thread. */
export interface ClockReading {
  fakeMs: number
  hrMs: number
}

const hrMs = (): number => Number(process.hrtime.bigint()) / 1e6

const tracing = (workerData as { trace?: boolean }).trace === true
const received: Array<{ id: string; fakeMs: number; hrMs: number }> = []
const loopDelay = monitorEventLoopDelay({ resolution: 5 })
if (tracing) {
  loopDelay.enable()
  const emit = Server.prototype.emit
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    const req = args[0] as IncomingMessage | undefined
    if (event === 'request' && req?.url?.includes('/auditLogs/signIns'))
      received.push({
        id: String(req.headers['client-request-id']),
        fakeMs: cloud.clock.now(),
        hrMs: hrMs(),
      })
    return Reflect.apply(emit, this, [event, ...args]) as boolean
  } as typeof emit
}
const cloud = await startFakeCloud(workerData as FakeCloudOptions)
const tenant = cloud.tenants[0]!
const client = tenant.clients.find((c) => c.kind === 'confidential')!
const secret = client.secrets.find((s) => new Date(s.endDateTime).getTime() > cloud.clock.now())!
const ready: WorkerReady = {
  type: 'ready',
  graphUrl: cloud.graphUrl,
  authority: cloud.authority(tenant.id),
  host: cloud.host,
  caPem: cloud.caPem,
  tenantId: tenant.id,
  clientId: client.clientId,
  secret: secret.value,
  fakeMs: cloud.clock.now(),
  wallMs: performance.timeOrigin + performance.now(),
}
// Count every sign-ins request ever logged (the log itself is capped at 10,000 entries).
let signInRequests = 0
const throttledAt: number[] = []
const originalPush = cloud.requests.push.bind(cloud.requests)
cloud.requests.push = (...entries) => {
  for (const e of entries) {
    if (!e.path.includes('/auditLogs/signIns')) continue
    if (e.status === 429 && e.fault === null) throttledAt.push(signInRequests)
    signInRequests++
  }
  return originalPush(...entries)
}
const takes: ThrottleTake[] = []
if (tracing) {
  const take = cloud.throttle.take.bind(cloud.throttle)
  cloud.throttle.take = (tenantId, appId, nowMs) => {
    const window = cloud.throttle.counted(tenantId, appId, nowMs)
    const retryAfter = take(tenantId, appId, nowMs)
    takes.push({ fakeMs: nowMs, hrMs: hrMs(), retryAfter, window })
    return retryAfter
  }
}
parentPort!.on('message', (message: WorkerRequest) => {
  if (message.type === 'trace') {
    const answer: WorkerTrace = {
      takes: takes.splice(0),
      received: received.splice(0),
      loopDelayMs: { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
    }
    loopDelay.reset()
    parentPort!.postMessage(answer)
  } else if (message.type === 'clocks')
    parentPort!.postMessage({ fakeMs: cloud.clock.now(), hrMs: hrMs() } satisfies ClockReading)
  else if (message.type === 'mark') parentPort!.postMessage(signInRequests)
  else if (message.type === 'throttled')
    parentPort!.postMessage(throttledAt.filter((i) => i >= message.from).length)
  else if (message.type === 'reset') {
    cloud.throttle.reset()
    parentPort!.postMessage(true)
  } else if (message.type === 'close') void cloud.close().then(() => parentPort!.postMessage(true))
})
parentPort!.postMessage(ready)
