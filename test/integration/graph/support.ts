// Wiring the product's Graph client to the fake cloud: a token provider over real MSAL (app-only, the
// automation client) and a clock that moves the fake cloud's clock when the client waits.
import type { TokenProvider } from '../../../src-main/core/auth/auth-service'
import { GraphClient } from '../../../src-main/core/graph/client'
import type { GraphClientOptions } from '../../../src-main/core/graph/client'
import { createTransport } from '../../../src-main/core/graph/transport'
import type { FetchLike } from '../../../src-main/core/graph/transport'
import type { Clock } from '../../../src-main/core/graph/retry'
import { GraphUsageSource } from '../../../src-main/core/sources/graph-source'
import type { GraphUsageSourceOptions } from '../../../src-main/core/sources/graph-source'
import { REPORTS_BUDGET, TokenBucket } from '../../../src-main/core/sync/token-bucket'
import type { FakeCloud, FakeTenant } from '../../fake-cloud'
import { confidentialApp, automationClient } from '../fake-cloud/helpers'

/**
 * App-only tokens for the automation client. MSAL judges expiry by the wall clock while the fake cloud
 * judges it by its own (which tests move by hours), so tokens are re-minted when the fake clock says so.
 */
export function fakeTokenProvider(
  cloud: FakeCloud,
  tenant: FakeTenant,
): TokenProvider & { minted: number } {
  const secret = automationClient(tenant).secrets.find(
    (s) => new Date(s.endDateTime).getTime() > cloud.clock.now(),
  )!
  const app = confidentialApp(cloud, tenant, { secret: secret.value })
  const cache = new Map<string, { token: string; expiresAt: number }>()
  const provider = {
    // Client credentials: the tokens speak for the app itself.
    caller: 'app' as const,
    minted: 0,
    async getAccessToken(resource: 'graph' | 'logAnalytics'): Promise<string> {
      const hit = cache.get(resource)
      if (hit && hit.expiresAt - 300_000 > cloud.clock.now()) return hit.token
      const scope =
        resource === 'graph' ? `${cloud.graphUrl}/.default` : `${cloud.logAnalyticsUrl}/.default`
      const result = await app.acquireTokenByClientCredential({ scopes: [scope], skipCache: true })
      if (!result) throw new Error('no token')
      provider.minted++
      cache.set(resource, { token: result.accessToken, expiresAt: cloud.clock.now() + 3_600_000 })
      return result.accessToken
    },
  }
  return provider
}

/**
 * The fake cloud's clock (frozen in tests) as the client's clock, run as a discrete-event simulation:
 * a wait moves the fake clock to its end, but only while no request is on the wire, so the network
 * takes no fake time. (Jumping while a request is in flight would make it "arrive" seconds after the
 * limiter granted it, which no real network does.) Waits end in order of their end time.
 */
export function fakeCloudClock(
  cloud: FakeCloud,
): Clock & { waitedMs: number; track(fetch: FetchLike): FetchLike } {
  let inFlight = 0
  let scheduled = false
  const sleepers: Array<{ target: number; resolve: () => void; signal: AbortSignal | undefined }> =
    []
  const schedule = () => {
    if (scheduled) return
    scheduled = true
    // A macrotask: the microtasks that follow an answer (the next request) run before time moves.
    setImmediate(() => {
      scheduled = false
      for (let i = sleepers.length - 1; i >= 0; i--)
        if (sleepers[i]!.signal?.aborted) sleepers.splice(i, 1)
      if (inFlight > 0 || sleepers.length === 0) return
      sleepers.sort((a, b) => a.target - b.target)
      const first = sleepers[0]!
      if (cloud.clock.now() < first.target) {
        clock.waitedMs += first.target - cloud.clock.now()
        cloud.clock.set(first.target)
      }
      const now = cloud.clock.now()
      while (sleepers.length > 0 && sleepers[0]!.target <= now) sleepers.shift()!.resolve()
      schedule()
    })
  }
  const clock = {
    waitedMs: 0,
    now: () => cloud.clock.now(),
    sleep: (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason as Error)
        signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true })
        sleepers.push({ target: cloud.clock.now() + Math.max(0, ms), resolve, signal })
        schedule()
      }),
    track:
      (fetch: FetchLike): FetchLike =>
      async (url, init) => {
        inFlight++
        try {
          const response = await fetch(url, init)
          // Count the body as on the wire too: buffer it before letting time move.
          const body = await response.arrayBuffer()
          return new Response(body, {
            status: response.status,
            statusText: response.statusText,
            headers: response.headers,
          })
        } finally {
          inFlight--
          schedule()
        }
      },
  }
  return clock
}

export interface GraphFixture {
  client: GraphClient
  source: GraphUsageSource
  tokens: ReturnType<typeof fakeTokenProvider>
  clock: ReturnType<typeof fakeCloudClock>
  limiter: TokenBucket
  /** The transport the client uses (trusts the test CA, tracked by the clock), for other clients. */
  transport: FetchLike
}

export function graphFixture(
  cloud: FakeCloud,
  tenant: FakeTenant = cloud.tenants[0]!,
  options: { client?: Partial<GraphClientOptions>; source?: Partial<GraphUsageSourceOptions> } = {},
): GraphFixture {
  const tokens = fakeTokenProvider(cloud, tenant)
  const clock = fakeCloudClock(cloud)
  const transport = clock.track(createTransport({ ca: cloud.caPem }))
  const client = new GraphClient({
    cloud: { graphEndpoint: cloud.graphUrl },
    tokens,
    // The product's own CA option (what a TLS-inspecting proxy needs), pointed at the test CA.
    fetch: transport,
    clock,
    timeoutMs: 20_000,
    ...options.client,
  })
  const limiter = new TokenBucket({ ...REPORTS_BUDGET, clock })
  const source = new GraphUsageSource({
    tenantId: tenant.id,
    client,
    reportsLimiter: limiter,
    ...options.source,
  })
  return { client, source, tokens, clock, limiter, transport }
}
