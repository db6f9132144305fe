// Shared by the sync integration tests: a throw-away store, per-app, per-hour counts in one
// comparable shape ("appId hourISO" → "signIns/failures") from the store and from the demo
// generator's ground truth, and a fake cloud with a Log Analytics workspace for one test file.
import { rmSync } from 'node:fs'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { hourlyCounts, type DemoTenant } from '../../../src-main/core/demo'
import { silentLogger } from '../../../src-main/core/log'
import {
  LogAnalyticsUsageSource,
  type LogAnalyticsUsageSourceOptions,
} from '../../../src-main/core/sources/log-analytics-source'
import type { SignInQuery } from '../../../src-main/core/sources/types'
import { openStore, type Store } from '../../../src-main/core/store'
import { SyncEngine } from '../../../src-main/core/sync/engine'
import { startFakeCloud, type FakeCloud } from '../../fake-cloud'
import { makeTempDir } from '../../support/core'
import { graphFixture } from '../graph/support'

/** A store in a new temporary folder, closed and removed by the returned cleanup's owner. */
export function tempStore(prefix: string, now: Date, cleanups: Array<() => void>): Store {
  const dir = makeTempDir(prefix)
  const store = openStore({ dataDir: dir, log: silentLogger, now: () => now })
  cleanups.push(() => {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return store
}

/** The store's hourly rollups in [from, to) (what every reader uses). */
export function storedHourly(
  store: Store,
  tenantId: string,
  from: number,
  to: number,
): Map<string, string> {
  const counts = new Map<string, string>()
  for (const row of store.iterateRollups({
    tenantId,
    from: new Date(from),
    to: new Date(to),
    granularity: 'hour',
  }))
    counts.set(`${row.appId} ${row.start.toISOString()}`, `${row.signIns}/${row.failures}`)
  return counts
}

/** The generator's ground truth for the same hours, optionally for some event types only. */
export function truthHourly(
  demo: DemoTenant,
  from: number,
  to: number,
  eventTypes?: SignInQuery['eventTypes'],
): Map<string, string> {
  const counts = new Map<string, string>()
  for (const row of hourlyCounts(demo, {
    from: new Date(from),
    to: new Date(to),
    ...(eventTypes ? { eventTypes } : {}),
  }))
    counts.set(
      `${row.appId} ${new Date(row.hourStart).toISOString()}`,
      `${row.success + row.failure}/${row.failure}`,
    )
  return counts
}

/**
 * A fake cloud with one small demo tenant (seed `seed`, clock at `now`), started once for the calling
 * test file. After each test: `cleanups` run, faults cleared, the clock back at `now`.
 */
export function fakeCloudForFile(
  seed: string,
  now: Date,
): { cloud: () => FakeCloud; cleanups: Array<() => void> } {
  let cloud: FakeCloud | undefined
  const cleanups: Array<() => void> = []
  beforeAll(async () => {
    cloud = await startFakeCloud({
      now: now.toISOString(),
      timeScale: 0,
      tenants: [{ seed, size: 'small' }],
    })
  })
  afterAll(async () => cloud?.close())
  afterEach(() => {
    while (cleanups.length) cleanups.pop()?.()
    cloud?.faults.clear()
    cloud?.setNow(now)
  })
  return {
    cloud: () => {
      if (!cloud) throw new Error('the fake cloud is not started yet')
      return cloud
    },
    cleanups,
  }
}

/** The tenant's Graph source and its Log Analytics workspace source, against the fake cloud. */
export function workspaceSetup(
  cloud: FakeCloud,
  options: Partial<
    Pick<LogAnalyticsUsageSourceOptions, 'workspaceId' | 'maxAttempts' | 'backoff'>
  > = {},
) {
  const tenant = cloud.tenants[0]!
  const fixture = graphFixture(cloud, tenant)
  const workspace = new LogAnalyticsUsageSource({
    workspaceId: tenant.logAnalyticsWorkspaceId,
    cloud: { logAnalyticsEndpoint: cloud.logAnalyticsUrl },
    graph: fixture.source,
    tokens: fixture.tokens,
    clock: fixture.clock,
    fetch: fixture.transport,
    ...options,
  })
  return { tenant, source: fixture.source, workspace }
}

/** A sync engine over `store` and Graph's `source`, with the workspace for the older history, at `now`. */
export function syncWithWorkspace(
  store: Store,
  source: ReturnType<typeof workspaceSetup>['source'],
  workspace: LogAnalyticsUsageSource,
  now: Date,
): SyncEngine {
  return new SyncEngine({
    store,
    source,
    log: silentLogger,
    now: () => now,
    logAnalytics: workspace,
  })
}
