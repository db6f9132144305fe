// The summaries with nothing to reconcile: when Graph's summaries call every settled slice quiet, a
// probe of the sign-in log stands in for the slice match the engine otherwise needs before it skips
// quiet slices. An empty tenant then syncs in a handful of sign-in requests; a tenant whose summaries
// wrongly report nothing is caught, every slice is paged and the store ends exactly at the ground
// truth; interactive sign-ins (which have no summary) do not count against the summaries.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { syncNotes } from '../../../src-main/cli/run'
import { toSyncSummary } from '../../../src-main/core/app-service'
import { createDemoTenant, DemoSource } from '../../../src-main/core/demo'
import { silentLogger, type Logger } from '../../../src-main/core/log'
import type { SignInEvent, SignInQuery, UsageSource } from '../../../src-main/core/sources/types'
import type { Store } from '../../../src-main/core/store'
import { SyncEngine, type SyncReport } from '../../../src-main/core/sync/engine'
import type { SummaryReader } from '../../../src-main/core/sync/summaries'
import { startFakeCloud, type FakeCloud, type FakeTenant } from '../../fake-cloud'
import { graphFixture } from '../graph/support'
import { storedHourly, tempStore, truthHourly } from './support'

const NOW = new Date('2025-06-02T12:20:00Z')
const HOUR = 3_600_000
const floorHour = (ms: number) => Math.floor(ms / HOUR) * HOUR

let cloud: FakeCloud
let empty: FakeTenant
let wrongSummaries: FakeTenant
let nearlyEmpty: FakeTenant
const cleanups: Array<() => void> = []

beforeAll(async () => {
  cloud = await startFakeCloud({
    now: NOW.toISOString(),
    timeScale: 0,
    tenants: [
      { seed: 'emptyco', size: 'small', empty: true },
      { seed: 'wrongsums', size: 'small', summaries: 'none' },
      { seed: 'nearly', size: 'small' },
    ],
  })
  ;[empty, wrongSummaries, nearlyEmpty] = cloud.tenants as [FakeTenant, FakeTenant, FakeTenant]
  // Nearly empty: nothing signs in before the last twelve hours, which no summary covers yet.
  for (const app of nearlyEmpty.demo.apps)
    app.activeFromHour = Math.max(app.activeFromHour, floorHour(NOW.getTime() - 12 * HOUR) / HOUR)
})
afterAll(async () => cloud?.close())
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.()
  cloud.setNow(NOW)
})

const freshStore = () => tempStore('dca-summary-probe-', NOW, cleanups)
const stored = storedHourly
const truth = truthHourly



const signInRequests = () =>
  cloud.requests.filter((r) => r.path.endsWith('/auditLogs/signIns') && r.status === 200).length

async function syncTenant(
  tenant: FakeTenant,
  store: Store,
  days: number,
  log: Logger = silentLogger,
): Promise<{ report: SyncReport; signIns: number }> {
  const { source } = graphFixture(cloud, tenant)
  const before = signInRequests()
  const report = await new SyncEngine({
    store,
    source,
    log,
    now: () => NOW,
    summaries: source,
  }).sync({ days })
  return { report, signIns: signInRequests() - before }
}

/** Whole hours of the backfill window (the first, partial hour is not compared). */
const span = (days: number) => ({
  from: floorHour(NOW.getTime() - days * 24 * HOUR) + HOUR,
  to: floorHour(NOW.getTime()),
})

describe('summaries that report no sign-ins anywhere', () => {
  it("an empty tenant's first 30-day sync takes a handful of sign-in requests and stores nothing", async () => {
    const store = freshStore()
    const warnings: string[] = []
    const log = { ...silentLogger, warn: (message: string) => void warnings.push(message) }
    const { report, signIns } = await syncTenant(empty, store, 30, log)
    const summaries = report.summaries!
    expect(report.slices).toBe(121)
    expect(summaries).toMatchObject({
      status: 'used',
      mismatches: [],
      interactiveRequests: 0,
      probe: { outcome: 'confirmed', found: 0, settledAll: true },
    })
    // Every settled slice was settled by the probe; only the newest day (no summary yet) was paged.
    expect(summaries.slicesSkipped).toBeGreaterThan(100)
    const paged = report.slices - summaries.slicesSkipped
    expect(signIns).toBe(paged + summaries.probe!.requests)
    expect(signIns).toBeLessThanOrEqual(8)
    expect(summaries.requestsSaved).toBe(
      summaries.slicesSkipped - summaries.requests - summaries.probe!.requests,
    )
    expect(report.events).toBe(0)
    expect(report.cancelled).toBe(false)
    expect(warnings).toEqual([])
    expect(store.getCheckpoint(empty.id, 'graph')!.slices).toEqual([])
    expect(store.getCheckpoint(empty.id, 'graph')!.highWaterMark).toEqual(NOW)
    // What the CLI says about it.
    expect(syncNotes(toSyncSummary(report))).toContain(
      `Summaries checked against the sign-in log: no sign-ins they missed (${summaries.probe!.requests} request`,
    )
  })

  it('catches summaries that wrongly report nothing, pages every slice and ends at the ground truth', async () => {
    const store = freshStore()
    const warnings: string[] = []
    const log = { ...silentLogger, warn: (message: string) => void warnings.push(message) }
    const days = 8
    const { report } = await syncTenant(wrongSummaries, store, days, log)
    const summaries = report.summaries!
    expect(summaries.probe).toMatchObject({ outcome: 'contradicted', settledAll: false })
    expect(summaries.probe!.found).toBeGreaterThan(0)
    expect(summaries.slicesSkipped).toBe(0)
    // Each quiet slice was paged and reconciled with its (zero) summary: the ones with summarised
    // sign-ins are reported as raw over the summary.
    expect(summaries.mismatches.length).toBeGreaterThan(0)
    expect(summaries.mismatches.every((m) => m.outcome === 'rawOver' && m.summary === 0)).toBe(true)
    expect(summaries.reconciled.rawOver).toBe(summaries.mismatches.length)
    expect(warnings.some((w) => /not trusted in this run/.test(w))).toBe(true)
    expect(syncNotes(toSyncSummary(report))).toContain(
      `Summaries contradicted by the sign-in log (at least ${summaries.probe!.found} sign-in`,
    )
    const { from, to } = span(days)
    expect(stored(store, wrongSummaries.id, from, to)).toEqual(truth(wrongSummaries.demo, from, to))
    expect(stored(store, wrongSummaries.id, from, to).size).toBeGreaterThan(0)
  })

  it('settles a nearly empty tenant (sign-ins only in the newest, unsummarised hours) with one probe, exactly', async () => {
    const store = freshStore()
    const days = 30
    const { report, signIns } = await syncTenant(nearlyEmpty, store, days)
    const summaries = report.summaries!
    expect(summaries.probe).toMatchObject({ outcome: 'confirmed', settledAll: true })
    expect(summaries.mismatches).toEqual([])
    const paged = report.slices - summaries.slicesSkipped
    expect(paged).toBeLessThan(10)
    expect(signIns).toBeGreaterThanOrEqual(paged + summaries.probe!.requests)
    expect(signIns).toBeLessThan(20)
    const { from, to } = span(days)
    const expected = truth(nearlyEmpty.demo, from, to)
    expect(expected.size).toBeGreaterThan(0)
    expect(stored(store, nearlyEmpty.id, from, to)).toEqual(expected)
  })
})

/** The demo source as a tenant whose only sign-ins are interactive (no summary covers those). */
class InteractiveOnlySource implements UsageSource {
  readonly kind = 'graph' as const
  readonly queries: Array<SignInQuery['eventTypes']> = []
  constructor(private readonly inner: DemoSource) {}
  get tenantId() {
    return this.inner.tenantId
  }
  discoverResource(signal?: AbortSignal) {
    return this.inner.discoverResource(signal)
  }
  listConnectedApps(...args: Parameters<DemoSource['listConnectedApps']>) {
    return this.inner.listConnectedApps(...args)
  }
  async *signIns(query: SignInQuery): AsyncIterable<SignInEvent[]> {
    this.queries.push(query.eventTypes)
    const types = (query.eventTypes ?? ['interactiveUser']).filter((t) => t === 'interactiveUser')
    if (types.length === 0) {
      yield []
      return
    }
    yield* this.inner.signIns({ ...query, eventTypes: types })
  }
}

describe('a probe that meets interactive sign-ins only', () => {
  it('asks again for the summarised types alone, trusts the summaries, and stays exact', async () => {
    const demo = createDemoTenant({ seed: 'interactive-only', size: 'small', now: NOW })
    const source = new InteractiveOnlySource(new DemoSource(demo))
    const nothing: SummaryReader = {
      async *summarizedSignIns() {
        yield []
      },
    }
    const store = freshStore()
    const days = 8
    const report = await new SyncEngine({
      store,
      source,
      log: silentLogger,
      now: () => NOW,
      summaries: nothing,
    }).sync({ days })
    const summaries = report.summaries!
    expect(summaries.probe).toMatchObject({ outcome: 'confirmed', found: 0, settledAll: false })
    expect(summaries.probe!.requests).toBe(2)
    expect(summaries.mismatches).toEqual([])
    expect(summaries.slicesSkipped).toBeGreaterThan(20)
    expect(summaries.interactiveRequests).toBeGreaterThan(0)
    // The second probe asked for exactly the summarised types.
    expect(source.queries).toContainEqual([
      'servicePrincipal',
      'nonInteractiveUser',
      'managedIdentity',
    ])
    const { from, to } = span(days)
    const expected = truth(demo, from, to, ['interactiveUser'])
    expect(expected.size).toBeGreaterThan(0)
    expect(stored(store, demo.tenantId, from, to)).toEqual(expected)
  })
})
