// A clean 30-day backfill of a medium tenant (about 1.75 million sign-ins) through GraphUsageSource:
// per-app, per-hour counts equal the generator's ground truth exactly. CPU-bound on the fake cloud
// building and serialising the pages, not on waiting: the clock is frozen and the throttle off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeCloud } from '../../fake-cloud'
import type { FakeCloud } from '../../fake-cloud'
import { NOW } from '../fake-cloud/helpers'
import { graphFixture } from './support'
import { backfill, DAY_MS, groundTruth, newTally } from './tally'

describe('Graph sign-ins: a clean 30-day backfill of a medium tenant', () => {
  let cloud: FakeCloud

  beforeAll(async () => {
    // Frozen clock and no throttle: this test is about exact counts, the fault tests below about limits.
    cloud = await startFakeCloud({
      now: NOW,
      timeScale: 0,
      throttle: false,
      tenants: [{ size: 'medium' }],
    })
  })
  afterAll(async () => cloud?.close())

  it('equals the ground truth per app per hour', { timeout: 240_000 }, async () => {
    const tenant = cloud.tenants[0]!
    const { source } = graphFixture(cloud, tenant)
    const window = { from: new Date(tenant.demo.now.getTime() - 30 * DAY_MS), to: tenant.demo.now }
    const tally = newTally(false)
    await backfill(source, window, DAY_MS, 6, tally)
    const truth = groundTruth(tenant.demo, window)
    const expectedTotal = [...truth.values()].reduce((n, [s, f]) => n + s + f, 0)
    expect(expectedTotal).toBeGreaterThan(1_000_000)
    expect(tally.events).toBe(expectedTotal)
    expect(tally.hours.size).toBe(truth.size)
    let mismatches = 0
    for (const [key, counts] of truth) {
      const got = tally.hours.get(key)
      if (!got || got[0] !== counts[0] || got[1] !== counts[1]) mismatches++
    }
    expect(mismatches).toBe(0)
  })
})
