// LogAnalyticsUsageSource against the fake workspace: hourly counts, names and first and last sign-in
// times equal the ground truth, faults are retried, a wrong workspace is a typed permission error.
// Discovery goes through Graph. The query text and the reader's checks: test/unit/graph/log-analytics.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hourlyCounts, hourSignInSpan, HOUR_MS } from '../../../src-main/core/demo'
import { isCloudError } from '../../../src-main/core/graph/errors'
import { LogAnalyticsUsageSource } from '../../../src-main/core/sources/log-analytics-source'
import { startFakeCloud } from '../../fake-cloud'
import type { FakeCloud } from '../../fake-cloud'
import { NOW } from '../fake-cloud/helpers'
import { graphFixture } from './support'
import { DAY_MS } from './tally'

describe('Log Analytics usage source', () => {
  let cloud: FakeCloud

  beforeAll(async () => {
    cloud = await startFakeCloud({ now: NOW, timeScale: 0, tenants: [{ size: 'small' }] })
  })
  afterAll(async () => cloud?.close())

  function laSource(workspaceId = cloud.tenants[0]!.logAnalyticsWorkspaceId) {
    const { source, tokens, clock, transport } = graphFixture(cloud)
    return new LogAnalyticsUsageSource({
      workspaceId,
      cloud: { logAnalyticsEndpoint: cloud.logAnalyticsUrl },
      graph: source,
      tokens,
      clock,
      fetch: transport,
    })
  }
  it('counts, names and first and last sign-in per app per hour equal the ground truth over 30 days, through a 503 and a 429', async () => {
    const tenant = cloud.tenants[0]!
    const window = { from: new Date(tenant.demo.now.getTime() - 30 * DAY_MS), to: tenant.demo.now }
    cloud.faults.add({ service: 'logAnalytics', times: 1, fault: { kind: 'status', status: 503 } })
    cloud.faults.add({
      service: 'logAnalytics',
      times: 1,
      fault: { kind: 'status', status: 429, retryAfterSeconds: 1 },
    })
    const usage = await laSource().hourlyUsage({ window })
    const truth = [...hourlyCounts(tenant.demo, window)].map((c) => {
      const app = tenant.demo.apps[tenant.demo.appIndexById.get(c.appId)!]!
      const span = hourSignInSpan(tenant.demo, app, Date.parse(c.hourStart) / HOUR_MS)!
      return {
        appId: c.appId,
        hourStart: c.hourStart,
        success: c.success,
        failure: c.failure,
        name: app.displayName || null,
        firstSeen: new Date(span.firstMs).toISOString(),
        lastSeen: new Date(span.lastMs).toISOString(),
      }
    })
    const key = (u: { appId: string; hourStart: string }) => `${u.hourStart}|${u.appId}`
    expect(usage.map(key).sort()).toEqual(truth.map(key).sort())
    const byKey = new Map(usage.map((u) => [key(u), u]))
    for (const t of truth) expect(byKey.get(key(t))).toEqual(t)
    // Exact times, not the hour's start, and the unknown client without a name.
    expect(usage.filter((u) => u.lastSeen !== u.hourStart).length).toBeGreaterThan(usage.length / 2)
    expect(usage.some((u) => u.name === null)).toBe(true)
    expect(cloud.faults.pending).toBe(0)
  })

  it('filters by app and event type', async () => {
    const tenant = cloud.tenants[0]!
    const app = tenant.demo.apps.find((a) => a.behaviour === 'managedIdentity')!
    const window = { from: new Date(tenant.demo.now.getTime() - 2 * DAY_MS), to: tenant.demo.now }
    const usage = await laSource().hourlyUsage({
      window,
      appId: app.appId,
      eventTypes: ['managedIdentity'],
    })
    const truth = [
      ...hourlyCounts(tenant.demo, {
        ...window,
        appIds: [app.appId],
        eventTypes: ['managedIdentity'],
      }),
    ]
    expect(usage.reduce((n, u) => n + u.success + u.failure, 0)).toBe(
      truth.reduce((n, c) => n + c.success + c.failure, 0),
    )
    expect(usage.every((u) => u.appId === app.appId)).toBe(true)
  })

  it('discovers through Graph', async () => {
    const resource = await laSource().discoverResource()
    expect(resource.servicePrincipalId).toBe(cloud.tenants[0]!.demo.resource.servicePrincipalId)
  })

  it('reports a workspace it may not read as permissionMissing', async () => {
    const error = await laSource('00000000-0000-4000-8000-000000000000')
      .hourlyUsage({ window: { from: new Date(Date.parse(NOW) - DAY_MS), to: new Date(NOW) } })
      .catch((e: unknown) => e)
    expect(isCloudError(error, 'permissionMissing')).toBe(true)
    expect((error as Error).message).toMatch(/Log Analytics Reader/)
  })
})
