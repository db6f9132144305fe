// Sync through Microsoft Graph (the fake cloud) into a real store while faults rain down: 429
// storms, 5xx, connection resets, truncated and slow bodies, expired nextLinks, bodies that are not
// JSON, schema drift (extra, null and missing fields), and the network dropping mid-page. Whatever happens, after the syncs that a user would run (resuming each time)
// every app-hour equals the generator's ground truth: no event lost, none counted twice.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hourlyCounts } from '../../src-main/core/demo'
import { silentLogger } from '../../src-main/core/log'
import { openStore } from '../../src-main/core/store'
import { SyncEngine } from '../../src-main/core/sync/engine'
import { startFakeCloud, type FakeCloud } from '../fake-cloud'
import type { FaultKind } from '../fake-cloud/http'
import { NOW } from '../integration/fake-cloud/helpers'
import { graphFixture } from '../integration/graph/support'
import { makeTempDir } from '../support/core'
import { recordFigure } from './figures'

const iterations = Number(process.env.DCA_RELIABILITY_RUNS ?? 4)
const HOUR = 3_600_000

/** A small deterministic PRNG so a failing run can be replayed from its seed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const faultMenu: Array<(random: () => number) => FaultKind> = [
  (r) => ({ kind: 'status', status: 429, retryAfterSeconds: 1 + Math.floor(r() * 4) }),
  () => ({ kind: 'status', status: 503 }),
  () => ({ kind: 'status', status: 504 }),
  () => ({ kind: 'status', status: 502 }),
  () => ({ kind: 'reset' }),
  (r) => ({ kind: 'truncatedBody', keepBytes: 200 + Math.floor(r() * 4_000) }),
  () => ({ kind: 'slowBody', chunkBytes: 8_192, delayMs: 5 }),
  () => ({ kind: 'expiredNextLink' }),
  () => ({ kind: 'invalidJson' }),
  () => ({ kind: 'schemaDrift', mode: 'extra' }),
  () => ({ kind: 'schemaDrift', mode: 'null' }),
  () => ({ kind: 'schemaDrift', mode: 'missing' }),
]

describe('sync under fault storms', () => {
  let cloud: FakeCloud
  const totals = { runs: 0, faultsInjected: 0, syncAttempts: 0, eventsLost: 0, doubleCounts: 0, crashes: 0 }

  beforeAll(async () => {
    cloud = await startFakeCloud({ now: NOW, timeScale: 0, tenants: [{ seed: 'storm', size: 'small' }] })
  })
  afterAll(async () => {
    await cloud?.close()
    recordFigure('sync-faults', totals)
  })

  it.each(Array.from({ length: iterations }, (_, index) => [index + 1]))(
    'storm %i: exact counts after resuming through random faults',
    async (seed) => {
      const random = mulberry32(seed * 7919)
      const tenant = cloud.tenants[0]!
      cloud.setNow(NOW)
      cloud.faults.clear()
      const faults = 6 + Math.floor(random() * 10)
      for (let i = 0; i < faults; i++) {
        const fault = faultMenu[Math.floor(random() * faultMenu.length)]!(random)
        const path = random() < 0.8 ? '/auditLogs/signIns' : undefined
        cloud.faults.add({ service: 'graph', ...(path ? { path } : {}), times: 1 + Math.floor(random() * 3), fault })
      }
      const injectedBefore = cloud.faults.pending
      const dataDir = makeTempDir('dca-storm-')
      const store = openStore({ dataDir, log: silentLogger, now: () => new Date(cloud.clock.now()) })
      const { source } = graphFixture(cloud, tenant, { client: { backoff: { baseMs: 200, maxMs: 4_000 }, maxAttempts: 4 } })
      const now = new Date(NOW)
      const engine = new SyncEngine({ store, source, log: silentLogger, now: () => now, concurrency: 3 })
      try {
        let finished = false
        for (let attempt = 1; attempt <= 6 && !finished; attempt++) {
          totals.syncAttempts++
          try {
            const report = await engine.sync({ days: 1 })
            finished = !report.cancelled
          } catch (error) {
            // A fault outlasted the retries: the user sees the error and syncs again later.
            expect(String(error)).not.toMatch(/TypeError|ReferenceError|RangeError/)
          }
        }
        expect(finished, 'a sync completed within six attempts').toBe(true)
        const from = new Date(now.getTime() - 24 * HOUR)
        const stored = new Map<string, number>()
        for (const row of store.iterateRollups({ tenantId: tenant.id, from, to: now, granularity: 'hour' })) {
          stored.set(`${row.appId} ${row.start.toISOString()}`, row.signIns)
        }
        let lost = 0
        let double = 0
        for (const row of hourlyCounts(tenant.demo, { from, to: now })) {
          const key = `${row.appId} ${new Date(row.hourStart).toISOString()}`
          const have = stored.get(key) ?? 0
          const want = row.success + row.failure
          if (have < want) lost += want - have
          if (have > want) double += have - want
          stored.delete(key)
        }
        for (const extra of stored.values()) double += extra
        totals.runs++
        totals.faultsInjected += injectedBefore - cloud.faults.pending
        totals.eventsLost += lost
        totals.doubleCounts += double
        expect({ lost, double }).toEqual({ lost: 0, double: 0 })
      } catch (error) {
        if (!(error instanceof Error && error.name === 'AssertionError')) totals.crashes++
        throw error
      } finally {
        store.close()
        rmSync(dataDir, { recursive: true, force: true })
      }
    },
    180_000,
  )
})
