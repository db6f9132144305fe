// Sign-ins through GraphUsageSource against the fake cloud under the real throttle budget: exact
// counts through fault storms, no self-inflicted 429s, typed errors for licence and permission gaps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HOUR_MS } from '../../../src-main/core/demo'
import { isCloudError } from '../../../src-main/core/graph/errors'
import type { GraphUsageSource } from '../../../src-main/core/sources/graph-source'
import type { SignInEvent, TimeWindow } from '../../../src-main/core/sources/types'
import { startFakeCloud } from '../../fake-cloud'
import type { FakeCloud } from '../../fake-cloud'
import { NOW } from '../fake-cloud/helpers'
import { graphFixture } from './support'
import { backfill, DAY_MS, groundTruth, newTally } from './tally'

describe('Graph sign-ins: faults, throttling and gaps', () => {
  let cloud: FakeCloud

  beforeAll(async () => {
    // The real throttle budget on a frozen clock that only moves when the client waits.
    cloud = await startFakeCloud({
      now: NOW,
      timeScale: 0,
      tenants: [{ size: 'small' }, { seed: 'free', size: 'tiny', licence: 'free' }],
    })
  })
  afterAll(async () => cloud?.close())

  it('gives exact counts through a fault storm, restarting an expired nextLink without double counting', async () => {
    const tenant = cloud.tenants[0]!
    const { source, clock } = graphFixture(cloud, tenant, {
      client: { backoff: { baseMs: 200, maxMs: 5_000 } },
    })
    const window = { from: new Date(tenant.demo.now.getTime() - 2 * DAY_MS), to: tenant.demo.now }
    const signIns = '/auditLogs/signIns'
    const add429 = (times: number) =>
      cloud.faults.add({
        service: 'graph',
        path: signIns,
        times,
        fault: { kind: 'status', status: 429, retryAfterSeconds: 2 },
      })
    add429(4)
    cloud.faults.add({
      service: 'graph',
      path: signIns,
      times: 3,
      fault: { kind: 'status', status: 503 },
    })
    cloud.faults.add({
      service: 'graph',
      path: signIns,
      times: 2,
      fault: { kind: 'status', status: 504 },
    })
    cloud.faults.add({ service: 'graph', path: signIns, times: 3, fault: { kind: 'reset' } })
    cloud.faults.add({
      service: 'graph',
      path: signIns,
      times: 3,
      fault: { kind: 'truncatedBody', keepBytes: 2_000 },
    })
    cloud.faults.add({
      service: 'graph',
      path: signIns,
      times: 2,
      fault: { kind: 'expiredNextLink' },
    })
    add429(2)
    const requestsBefore = cloud.requests.length
    const tally = newTally(true)
    await backfill(source, window, 12 * HOUR_MS, 4, tally)
    expect(cloud.faults.pending).toBe(0)
    expect(source.restarts).toBe(2)

    const truth = groundTruth(tenant.demo, window)
    const expectedTotal = [...truth.values()].reduce((n, [s, f]) => n + s + f, 0)
    expect(tally.events).toBe(expectedTotal)
    expect(tally.ids!.size).toBe(expectedTotal)
    for (const [key, counts] of truth) expect(tally.hours.get(key), key).toEqual(counts)

    // Every 429 was one we injected: the limiter never provoked the real throttle.
    const log = cloud.requests.slice(requestsBefore)
    expect(log.filter((r) => r.status === 429 && r.fault === null)).toHaveLength(0)
    expect(clock.waitedMs).toBeGreaterThan(0)
  })

  it('stays under the throttle budget with many concurrent slices', async () => {
    const tenant = cloud.tenants[0]!
    const { source } = graphFixture(cloud, tenant)
    cloud.throttle.reset()
    const requestsBefore = cloud.requests.length
    const window = { from: new Date(tenant.demo.now.getTime() - DAY_MS), to: tenant.demo.now }
    const tally = newTally(false)
    await backfill(source, window, HOUR_MS, 12, tally)
    const throttled = cloud.requests.slice(requestsBefore).filter((r) => r.status === 429)
    expect(throttled).toHaveLength(0)
    const truth = groundTruth(tenant.demo, window)
    expect(tally.events).toBe([...truth.values()].reduce((n, [s, f]) => n + s + f, 0))
  })

  it('retries only the $batch items that were throttled on their own', async () => {
    const tenant = cloud.tenants[0]!
    const { client, clock } = graphFixture(cloud, tenant)
    cloud.throttle.reset()
    const before = clock.waitedMs
    // Eight report requests in one batch: the budget lets five through, the other three answer 429.
    const url = `/auditLogs/signIns?$top=1&$filter=${encodeURIComponent(
      `createdDateTime ge 2025-06-01T00:00:00Z and signInEventTypes/any(t: t eq 'servicePrincipal')`,
    )}`
    const requests = Array.from({ length: 8 }, (_, i) => ({ id: String(i), url }))
    const results = await client.batch(requests, {
      version: 'beta',
      context: { operation: 'a test batch' },
    })
    expect([...results.values()].map((r) => r.status)).toEqual(Array(8).fill(200))
    expect(clock.waitedMs - before).toBeGreaterThan(0)
  })

  it('reports a tenant without P1/P2 as licenceMissing', async () => {
    const { source } = graphFixture(cloud, cloud.tenants[1]!)
    const now = cloud.tenants[1]!.demo.now
    const error = await collect(source, { from: new Date(now.getTime() - HOUR_MS), to: now }).catch(
      (e: unknown) => e,
    )
    expect(isCloudError(error, 'licenceMissing')).toBe(true)
    expect((error as Error).message).toMatch(/P1 or P2/)
  })

  it('reports a missing AuditLog.Read.All as consentMissing, naming the scope', async () => {
    const tenant = cloud.tenants[0]!
    const automation = tenant.clients.find((c) => c.kind === 'confidential')!
    const saved = automation.application.graph
    automation.application.graph = ['Application.Read.All', 'Directory.Read.All']
    try {
      const { source } = graphFixture(cloud, tenant)
      const now = tenant.demo.now
      const error = await collect(source, {
        from: new Date(now.getTime() - HOUR_MS),
        to: now,
      }).catch((e: unknown) => e)
      // Graph names the app's missing permission (Authentication_MSGraphPermissionMissing).
      expect(isCloudError(error, 'consentMissing')).toBe(true)
      expect((error as { code: string }).code).toBe('Authentication_MSGraphPermissionMissing')
      expect((error as { missingScopes: string[] }).missingScopes).toContain('AuditLog.Read.All')
      expect((error as Error).message).toContain('AuditLog.Read.All')
    } finally {
      automation.application.graph = saved
    }
  })

  it('gives up on a dead network with networkDown after its attempts', async () => {
    const tenant = cloud.tenants[0]!
    const { source } = graphFixture(cloud, tenant, { client: { maxAttempts: 3 } })
    cloud.faults.add({
      service: 'graph',
      path: '/auditLogs/signIns',
      times: 3,
      fault: { kind: 'reset' },
    })
    const now = tenant.demo.now
    const error = await collect(source, { from: new Date(now.getTime() - HOUR_MS), to: now }).catch(
      (e: unknown) => e,
    )
    expect(isCloudError(error, 'networkDown')).toBe(true)
    expect((error as { attempts: number }).attempts).toBe(3)
  })

  it('times an attempt out and succeeds on the next one', async () => {
    const tenant = cloud.tenants[0]!
    const { source } = graphFixture(cloud, tenant, { client: { timeoutMs: 150 } })
    cloud.faults.add({
      service: 'graph',
      path: '/auditLogs/signIns',
      times: 1,
      fault: { kind: 'slowBody', chunkBytes: 64, delayMs: 100 },
    })
    const now = tenant.demo.now
    const events = await collect(source, { from: new Date(now.getTime() - HOUR_MS), to: now })
    expect(events.length).toBeGreaterThan(0)
    expect(cloud.faults.pending).toBe(0)
  })

  it('stops promptly when aborted', async () => {
    const tenant = cloud.tenants[0]!
    const { source } = graphFixture(cloud, tenant)
    const controller = new AbortController()
    const now = tenant.demo.now
    let pages = 0
    const error = await (async () => {
      for await (const _ of source.signIns({
        window: { from: new Date(now.getTime() - DAY_MS), to: now },
        signal: controller.signal,
      })) {
        if (++pages === 2) controller.abort()
      }
    })().catch((e: unknown) => e)
    expect(pages).toBe(2)
    expect((error as Error).name).toBe('AbortError')
  })
})

async function collect(source: GraphUsageSource, window: TimeWindow): Promise<SignInEvent[]> {
  const all: SignInEvent[] = []
  for await (const page of source.signIns({ window })) all.push(...page)
  return all
}
