// The sync engine over a real SQLite store and the demo source: per-app, per-hour counts must equal
// the generator's ground truth exactly — after a clean backfill, after incremental syncs with new
// events in between, after a cancel, and after the network drops mid-sync.
import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { createDemoTenant, DemoSource, hourlyCounts } from '../../../src-main/core/demo'
import { silentLogger } from '../../../src-main/core/log'
import type { SignInEvent, SignInQuery, UsageSource } from '../../../src-main/core/sources/types'
import { openStore, type Store } from '../../../src-main/core/store'
import { SyncEngine } from '../../../src-main/core/sync/engine'
import { makeTempDir } from '../../support/core'

const NOW = new Date('2025-06-02T12:00:00Z')
const HOUR = 3_600_000
let dirs: string[] = []
let stores: Store[] = []

afterEach(() => {
  for (const store of stores) store.close()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  stores = []
  dirs = []
})

function freshStore(dir = makeTempDir('dca-sync-')): { store: Store; dir: string } {
  dirs.push(dir)
  const store = openStore({ dataDir: dir, log: silentLogger, now: () => NOW })
  stores.push(store)
  return { store, dir }
}

/** Store rollups and ground truth as "appId hour → signIns/failures" maps. */
function storedCounts(store: Store, tenantId: string, from: Date, to: Date): Map<string, string> {
  const counts = new Map<string, string>()
  for (const row of store.iterateRollups({ tenantId, from, to, granularity: 'hour' })) {
    counts.set(`${row.appId} ${row.start.toISOString()}`, `${row.signIns}/${row.failures}`)
  }
  return counts
}

function truthCounts(source: DemoSource, from: Date, to: Date): Map<string, string> {
  const counts = new Map<string, string>()
  for (const row of hourlyCounts(source.tenant, { from, to })) {
    counts.set(`${row.appId} ${new Date(row.hourStart).toISOString()}`, `${row.success + row.failure}/${row.failure}`)
  }
  return counts
}

/** Wraps a source: fails after `failAfterPages` pages (a lost network), counting requests. */
class FlakySource implements UsageSource {
  readonly kind = 'demo' as const
  pages = 0
  constructor(
    private readonly inner: DemoSource,
    private readonly failAfterPages: number,
  ) {}
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
    for await (const page of this.inner.signIns(query)) {
      if (++this.pages > this.failAfterPages) throw new Error('ECONNRESET: the network went away')
      yield page
    }
  }
}

describe('SyncEngine with the demo source', () => {
  const tenant = createDemoTenant({ seed: 'sync-test', size: 'small', now: NOW })

  it('backfills the window so every app-hour equals the ground truth', async () => {
    const { store } = freshStore()
    const source = new DemoSource(tenant)
    const progress: number[] = []
    const report = await new SyncEngine({ store, source, log: silentLogger, now: () => NOW }).sync({
      days: 7,
      onProgress: (p) => progress.push(p.slicesDone),
    })
    const from = new Date(NOW.getTime() - 7 * 24 * HOUR)
    expect(report).toMatchObject({ cancelled: false, resumed: false, slices: 28, duplicates: 0 })
    expect(report.inserted).toBe(report.events)
    expect(storedCounts(store, tenant.tenantId, from, NOW)).toEqual(truthCounts(source, from, NOW))
    expect(progress.at(-1)).toBe(28)
    expect(store.listApps(tenant.tenantId).filter((app) => app.inDiscovery).length).toBe(report.discovery.appsAdded.length)
  })

  it('stays exact over incremental syncs with new events arriving between them', async () => {
    const { store } = freshStore()
    const source = new DemoSource(tenant)
    let now = new Date(NOW.getTime() - 10 * HOUR)
    const engine = new SyncEngine({ store, source, log: silentLogger, now: () => now })
    await engine.sync({ days: 3 })
    now = new Date(NOW.getTime() - 3 * HOUR)
    const second = await engine.sync({ days: 3 })
    now = NOW
    const third = await engine.sync({ days: 3 })
    // Each incremental run re-reads a two-hour overlap: its events are duplicates, not double counts.
    expect(second.window.from.toISOString()).toBe(new Date(NOW.getTime() - 12 * HOUR).toISOString())
    expect(second.duplicates + third.duplicates).toBeGreaterThan(0)
    const from = new Date(NOW.getTime() - 10 * HOUR - 3 * 24 * HOUR)
    expect(storedCounts(store, tenant.tenantId, from, NOW)).toEqual(truthCounts(source, from, NOW))
  })

  it('resumes after the network drops mid-sync and ends exact, re-fetching only open slices', async () => {
    const { store } = freshStore()
    const flaky = new FlakySource(new DemoSource(tenant), 25)
    const engine = new SyncEngine({ store, source: flaky, log: silentLogger, now: () => NOW, concurrency: 2 })
    await expect(engine.sync({ days: 7 })).rejects.toThrow(/ECONNRESET/)
    const checkpoint = store.getCheckpoint(tenant.tenantId, 'demo')!
    const open = checkpoint.slices.filter((slice) => !slice.done).length
    expect(open).toBeGreaterThan(0)
    expect(open).toBeLessThan(28)

    const healthy = new DemoSource(tenant)
    const resumed = await new SyncEngine({ store, source: healthy, log: silentLogger, now: () => NOW }).sync({ days: 7 })
    expect(resumed).toMatchObject({ resumed: true, slices: open })
    const from = new Date(NOW.getTime() - 7 * 24 * HOUR)
    expect(storedCounts(store, tenant.tenantId, from, NOW)).toEqual(truthCounts(healthy, from, NOW))
    expect(store.getCheckpoint(tenant.tenantId, 'demo')!.highWaterMark?.toISOString()).toBe(NOW.toISOString())
  })

  it('cancels cleanly and the next run finishes the job exactly', async () => {
    const { store } = freshStore()
    const source = new DemoSource(tenant)
    const controller = new AbortController()
    const cancelled = await new SyncEngine({ store, source, log: silentLogger, now: () => NOW, concurrency: 1 }).sync({
      days: 7,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.slicesDone === 5) controller.abort()
      },
    })
    expect(cancelled.cancelled).toBe(true)
    expect(store.getCheckpoint(tenant.tenantId, 'demo')!.highWaterMark).toBeNull()
    const finished = await new SyncEngine({ store, source, log: silentLogger, now: () => NOW }).sync({ days: 7 })
    expect(finished.resumed).toBe(true)
    const from = new Date(NOW.getTime() - 7 * 24 * HOUR)
    expect(storedCounts(store, tenant.tenantId, from, NOW)).toEqual(truthCounts(source, from, NOW))
  })

  it('re-fetches everything with full, counting nothing twice', async () => {
    const { store } = freshStore()
    const source = new DemoSource(tenant)
    const engine = new SyncEngine({ store, source, log: silentLogger, now: () => NOW })
    const first = await engine.sync({ days: 2 })
    const full = await engine.sync({ days: 2, full: true })
    expect(full.inserted).toBe(0)
    expect(full.duplicates).toBe(first.events)
    const from = new Date(NOW.getTime() - 2 * 24 * HOUR)
    expect(storedCounts(store, tenant.tenantId, from, NOW)).toEqual(truthCounts(source, from, NOW))
  })

  it('refuses a nonsensical backfill length', async () => {
    const { store } = freshStore()
    const engine = new SyncEngine({ store, source: new DemoSource(tenant), log: silentLogger, now: () => NOW })
    await expect(engine.sync({ days: 0 })).rejects.toMatchObject({ code: 'validation' })
    await expect(engine.sync({ days: Number.NaN })).rejects.toMatchObject({ code: 'validation' })
  })
})
