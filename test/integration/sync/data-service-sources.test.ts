// DataService picks the sources a Graph sync uses: the summaries always offered in a cloud that has
// them, the Log Analytics workspace only when one is configured. Against the fake cloud, end to end
// through the service (its own clients and limiters), with the overview's coverage it leads to.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hourlyCounts } from '../../../src-main/core/demo'
import { DataService } from '../../../src-main/core/data-service'
import { silentLogger } from '../../../src-main/core/log'
import { toCoverageViews } from '../../../src-main/core/views'
import { startFakeCloud, type FakeCloud } from '../../fake-cloud'
import { graphFixture } from '../graph/support'
import { makeTempDir } from '../../support/core'

const NOW = new Date('2025-06-02T12:00:00Z')
const HOUR = 3_600_000

let cloud: FakeCloud
beforeAll(async () => {
  cloud = await startFakeCloud({
    now: NOW.toISOString(),
    timeScale: 0,
    tenants: [{ seed: 'data-service', size: 'small' }],
  })
})
afterAll(async () => cloud?.close())

function service(): DataService {
  const dataDir = makeTempDir('dca-data-service-')
  const { clock, transport } = graphFixture(cloud)
  const data = new DataService({
    dataDir,
    log: silentLogger,
    now: () => NOW,
    cloudHttp: { fetch: transport, clock },
  })
  afterAllCleanups.push(() => {
    data.close()
    rmSync(dataDir, { recursive: true, force: true })
  })
  return data
}
const afterAllCleanups: Array<() => void> = []
afterAll(() => afterAllCleanups.forEach((cleanup) => cleanup()))

function target(workspace: boolean) {
  const tenant = cloud.tenants[0]!
  return {
    kind: 'graph' as const,
    tenantId: tenant.id,
    cloud: {
      name: 'custom' as const,
      authorityHost: cloud.url,
      graphEndpoint: cloud.graphUrl,
      logAnalyticsEndpoint: cloud.logAnalyticsUrl,
      logAnalyticsResource: cloud.logAnalyticsUrl,
      portalUrl: 'https://portal.azure.com',
      entraUrl: 'https://entra.microsoft.com',
      wellKnown: false,
    },
    tokens: graphFixture(cloud).tokens,
    ...(workspace ? { logAnalyticsWorkspaceId: tenant.logAnalyticsWorkspaceId } : {}),
  }
}

describe('DataService sources for a Graph tenant', () => {
  it('asks the workspace only when one is configured, and the coverage says where each span came from', async () => {
    const tenant = cloud.tenants[0]!
    const plain = service()
    const without = await plain.sync(target(false), { days: 2 })
    expect(without.logAnalytics).toBeNull()
    expect(without.summaries).not.toBeNull()
    expect(
      toCoverageViews(plain.store.usageHistory.coverage(tenant.id)).map((c) => c.source),
    ).toEqual(['graph'])

    const data = service()
    const report = await data.sync(target(true), { days: 2, historyDays: 4 })
    expect(report.logAnalytics).toMatchObject({
      status: 'filled',
      error: null,
      workspaceId: tenant.logAnalyticsWorkspaceId,
    })
    const coverage = toCoverageViews(data.store.usageHistory.coverage(tenant.id))
    expect(coverage.map((c) => c.source)).toEqual(['logAnalytics', 'graph'])
    expect(coverage[0]!.to).toBe(coverage[1]!.from)
    const from = NOW.getTime() - 4 * 24 * HOUR
    const stored = new Map<string, number>()
    for (const row of data.store.iterateRollups({
      tenantId: tenant.id,
      from: new Date(from),
      to: NOW,
      granularity: 'hour',
    })) {
      stored.set(`${row.appId} ${row.start.toISOString()}`, row.signIns)
    }
    const truth = new Map<string, number>()
    for (const row of hourlyCounts(tenant.demo, { from: new Date(from), to: NOW })) {
      truth.set(`${row.appId} ${new Date(row.hourStart).toISOString()}`, row.success + row.failure)
    }
    expect(stored).toEqual(truth)
  })
})
