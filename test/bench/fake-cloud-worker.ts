// The fake cloud on its own thread for the backfill benchmark: timing figures must not include the
// fake's page building queueing behind the client's JSON parsing on one event loop (the bench scales
// time, so a 20 ms stall would be most of a second of throttle-window time).
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
  { type: 'mark' } | { type: 'throttled'; from: number } | { type: 'reset' } | { type: 'close' }

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
parentPort!.on('message', (message: WorkerRequest) => {
  if (message.type === 'mark') parentPort!.postMessage(signInRequests)
  else if (message.type === 'throttled')
    parentPort!.postMessage(throttledAt.filter((i) => i >= message.from).length)
  else if (message.type === 'reset') {
    cloud.throttle.reset()
    parentPort!.postMessage(true)
  } else if (message.type === 'close') void cloud.close().then(() => parentPort!.postMessage(true))
})
parentPort!.postMessage(ready)
