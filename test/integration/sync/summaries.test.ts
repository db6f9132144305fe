// Graph's summarised sign-ins in the backfill, against the fake cloud: quiet slices are not paged
// (requests saved and counted), every other settled slice is reconciled with its raw events, a summary
// that disagrees is re-fetched once and then reported, and a missing summaries endpoint falls back to
// paging every slice. Whatever the summaries say, the stored counts equal the ground truth exactly.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { hourlyCounts } from '../../../src-main/core/demo'
import { silentLogger } from '../../../src-main/core/log'
import type { SummaryQuery } from '../../../src-main/core/sources/graph-source'
import type { Store } from '../../../src-main/core/store'
import { SyncEngine, type SyncReport } from '../../../src-main/core/sync/engine'
import type { SummaryReader } from '../../../src-main/core/sync/summaries'
import { startFakeCloud, type FakeCloud } from '../../fake-cloud'
import { graphFixture } from '../graph/support'
import { storedHourly, tempStore, truthHourly } from './support'

const NOW = new Date('2025-06-02T12:20:00Z')
const HOUR = 3_600_000
const SLICE = 6 * HOUR
const DAYS = 8
const floorHour = (ms: number) => Math.floor(ms / HOUR) * HOUR
/** Every app of the tenant is silent before this hour: the older slices are quiet. */
const QUIET_UNTIL = floorHour(NOW.getTime() - 3 * 24 * HOUR)

let cloud: FakeCloud
const cleanups: Array<() => void> = []

beforeAll(async () => {
  cloud = await startFakeCloud({
    now: NOW.toISOString(),
    timeScale: 0,
    tenants: [{ seed: 'summaries', size: 'small' }],
  })
  for (const app of cloud.tenants[0]!.demo.apps)
    app.activeFromHour = Math.max(app.activeFromHour, QUIET_UNTIL / HOUR)
})
afterAll(async () => cloud?.close())
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.()
  cloud.faults.clear()
  cloud.setNow(NOW)
})

const freshStore = () => tempStore('dca-summaries-', NOW, cleanups)
const stored = storedHourly
const truth = (from: number, to: number) => truthHourly(cloud.tenants[0]!.demo, from, to)



/** The whole 6-hour slices of the backfill that ended at least a day ago, by their ground truth. */
function settledSlices(): { quiet: number; busy: number[] } {
  const from = NOW.getTime() - DAYS * 24 * HOUR
  const settled = NOW.getTime() - 24 * HOUR
  const busy: number[] = []
  let quiet = 0
  for (let start = Math.ceil(from / SLICE) * SLICE; start + SLICE <= settled; start += SLICE) {
    const n = [
      ...hourlyCounts(cloud.tenants[0]!.demo, {
        from: new Date(start),
        to: new Date(start + SLICE),
      }),
    ].length
    if (n === 0) quiet++
    else busy.push(start)
  }
  return { quiet, busy }
}

const successfulSignInRequests = () =>
  cloud.requests.filter((r) => r.path.endsWith('/auditLogs/signIns') && r.status === 200).length

async function sync(
  store: Store,
  summaries: SummaryReader | 'source' | null,
): Promise<{ report: SyncReport; signInRequests: number }> {
  const { source } = graphFixture(cloud)
  const before = successfulSignInRequests()
  const report = await new SyncEngine({
    store,
    source,
    log: silentLogger,
    now: () => NOW,
    summaries: summaries === 'source' ? source : summaries,
  }).sync({
    days: DAYS,
  })
  return { report, signInRequests: successfulSignInRequests() - before }
}

/** The fake cloud's summaries with `change` applied to the rows of one window. */
function altered(windowStart: number, change: (count: number) => number): SummaryReader {
  const { source } = graphFixture(cloud)
  let done = false
  return {
    async *summarizedSignIns(query: SummaryQuery) {
      for await (const page of source.summarizedSignIns(query)) {
        yield page.map((row) => {
          if (done || Date.parse(row.aggregationDateTime) !== windowStart || row.signInCount < 3)
            return row
          done = true
          return { ...row, signInCount: change(row.signInCount) }
        })
      }
    },
  }
}

describe('backfill with the summarised sign-ins', () => {
  const from = floorHour(NOW.getTime() - DAYS * 24 * HOUR) + HOUR
  const to = floorHour(NOW.getTime())

  it('leaves quiet slices unpaged, counts the requests saved, and stays exact', async () => {
    const { quiet, busy } = settledSlices()
    expect(quiet).toBeGreaterThan(10)
    const paged = await sync(freshStore(), null)
    const store = freshStore()
    const { report, signInRequests } = await sync(store, 'source')
    const summaries = report.summaries!
    expect(summaries).toMatchObject({
      status: 'used',
      aggregationWindow: 'h6',
      slicesSkipped: quiet,
      mismatches: [],
    })
    expect(summaries.reconciled).toEqual({
      matched: busy.length,
      rawShort: 0,
      rawOver: 0,
      refetched: 0,
    })
    // Each quiet slice costs paging one request; the skipped ones cost one interactive query per run of them.
    expect(paged.signInRequests - signInRequests).toBe(
      summaries.slicesSkipped - summaries.interactiveRequests,
    )
    expect(summaries.requestsSaved).toBe(
      summaries.slicesSkipped - summaries.interactiveRequests - summaries.requests,
    )
    expect(summaries.requestsSaved).toBeGreaterThan(0)
    expect(stored(store, cloud.tenants[0]!.id, from, to)).toEqual(truth(from, to))
    expect(report.events).toBe(paged.report.events)
  })

  it('re-fetches a slice that comes up short of its summary once, then reports the difference and pages every slice', async () => {
    const { busy } = settledSlices()
    const target = busy.at(-1)!
    const store = freshStore()
    const { report } = await sync(
      store,
      altered(target, (n) => n + 5),
    )
    const summaries = report.summaries!
    expect(summaries.reconciled).toMatchObject({
      matched: busy.length - 1,
      rawShort: 1,
      refetched: 1,
    })
    expect(summaries.mismatches).toEqual([
      {
        from: new Date(target),
        to: new Date(target + SLICE),
        summary: expect.any(Number),
        raw: expect.any(Number),
        outcome: 'rawShort',
        refetched: true,
      },
    ])
    expect(summaries.mismatches[0]!.summary - summaries.mismatches[0]!.raw).toBe(5)
    // An untrusted summary never decides what is skipped.
    expect(summaries.slicesSkipped).toBe(0)
    expect(stored(store, cloud.tenants[0]!.id, from, to)).toEqual(truth(from, to))
  })

  it('reports raw events over the summary without re-fetching', async () => {
    const { busy } = settledSlices()
    const target = busy[0]!
    const store = freshStore()
    const { report } = await sync(
      store,
      altered(target, (n) => n - 2),
    )
    expect(report.summaries!.mismatches).toMatchObject([
      { from: new Date(target), outcome: 'rawOver', refetched: false },
    ])
    expect(report.summaries!.mismatches[0]!.raw - report.summaries!.mismatches[0]!.summary).toBe(2)
    expect(report.summaries!.reconciled.refetched).toBe(0)
    expect(stored(store, cloud.tenants[0]!.id, from, to)).toEqual(truth(from, to))
  })

  it('falls back to paging every slice when the summaries endpoint answers 404', async () => {
    cloud.faults.add({
      service: 'graph',
      path: 'getSummarized',
      times: Infinity,
      fault: { kind: 'status', status: 404 },
    })
    const store = freshStore()
    const { report } = await sync(store, 'source')
    expect(report.summaries).toMatchObject({
      status: 'unavailable',
      slicesSkipped: 0,
      requestsSaved: 0,
    })
    expect(report.summaries!.note).toMatch(/did not answer/)
    expect(report.summaries!.reconciled).toEqual({
      matched: 0,
      rawShort: 0,
      rawOver: 0,
      refetched: 0,
    })
    expect(stored(store, cloud.tenants[0]!.id, from, to)).toEqual(truth(from, to))
  })
})
