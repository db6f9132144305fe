// A sync with a Log Analytics workspace configured, against the fake cloud: Graph's raw sign-ins for
// the backfill window, the workspace's hourly aggregates for the hours before it. Every app-hour of
// the combined history equals the generator's ground truth — including the hour the backfill started
// in, which both sources touched — and workspace failures are typed and leave the Graph part intact.
import { describe, expect, it } from 'vitest'
import {
  fakeCloudForFile,
  storedHourly,
  syncWithWorkspace,
  tempStore,
  truthHourly,
  workspaceSetup,
} from './support'

const NOW = new Date('2025-06-02T12:20:00Z')
const HOUR = 3_600_000
const DAY = 24 * HOUR
const floorHour = (ms: number) => Math.floor(ms / HOUR) * HOUR

const file = fakeCloudForFile('la-history', NOW)
const cleanups = file.cleanups

const freshStore = () => tempStore('dca-la-sync-', NOW, cleanups)
const stored = storedHourly
const truth = (tenant: ReturnType<typeof workspaceSetup>['tenant'], from: number, to: number) =>
  truthHourly(tenant.demo, from, to)

function setup(options: { workspaceId?: string; maxAttempts?: number } = {}) {
  return workspaceSetup(file.cloud(), { backoff: { baseMs: 100, maxMs: 1_000 }, ...options })
}

describe('sync with a Log Analytics workspace', () => {
  it('extends the history back with the workspace figures, exact per app and hour, no double count at the boundary', async () => {
    const store = freshStore()
    const { tenant, source, workspace } = setup()
    const engine = syncWithWorkspace(store, source, workspace, NOW)
    const report = await engine.sync({ days: 2, historyDays: 9 })

    // Graph backfilled from 10:20 two days ago: that hour holds only Graph's tail of it.
    const graphFrom = NOW.getTime() - 2 * DAY
    const boundary = floorHour(graphFrom) + HOUR
    const oldest = floorHour(NOW.getTime() - 9 * DAY)
    expect(report.window.from.getTime()).toBe(graphFrom)
    expect(report.logAnalytics).toMatchObject({
      status: 'filled',
      error: null,
      hours: (boundary - oldest) / HOUR,
    })
    expect(report.logAnalytics!.span).toEqual({ from: new Date(oldest), to: new Date(boundary) })
    expect(report.logAnalytics!.requests).toBeGreaterThan(0)

    // The older hours, including the boundary hour both sources touched, are the workspace's figures,
    // which equal the ground truth exactly; the newer hours are Graph's, exact too.
    expect(stored(store, tenant.id, oldest, boundary)).toEqual(truth(tenant, oldest, boundary))
    const kept = store.usageHistory.aggregates(tenant.id, new Date(oldest), new Date(boundary))
    expect(
      new Map(
        kept.map((f) => [`${f.appId} ${f.hour.toISOString()}`, `${f.signIns}/${f.failures}`]),
      ),
    ).toEqual(truth(tenant, oldest, boundary))
    const lastWhole = floorHour(NOW.getTime())
    expect(stored(store, tenant.id, oldest, lastWhole)).toEqual(truth(tenant, oldest, lastWhole))
    const boundaryHour = floorHour(graphFrom)
    expect(stored(store, tenant.id, boundaryHour, boundaryHour + HOUR).size).toBeGreaterThan(0)

    expect(
      store.usageHistory
        .coverage(tenant.id)
        .map((s) => [s.source, s.from.toISOString(), s.to.toISOString()]),
    ).toEqual([
      ['logAnalytics', new Date(oldest).toISOString(), new Date(boundary).toISOString()],
      ['graph', new Date(boundary).toISOString(), NOW.toISOString()],
    ])

    // Two hours later: Graph goes on incrementally, the workspace has nothing older to add.
    const later = new Date(NOW.getTime() + 2 * HOUR)
    file.cloud().setNow(later)
    const next = await syncWithWorkspace(store, source, workspace, later).sync({
      days: 2,
      historyDays: 9,
    })
    expect(next.logAnalytics).toMatchObject({ status: 'upToDate', requests: 0, hours: 0 })
    expect(stored(store, tenant.id, oldest, floorHour(later.getTime()))).toEqual(
      truth(tenant, oldest, floorHour(later.getTime())),
    )

    // A full resync asks the workspace again (replacing, not adding) and does not fetch Graph's raw
    // events from before the boundary, whatever --days says.
    const full = await syncWithWorkspace(store, source, workspace, later).sync({
      days: 3,
      full: true,
      historyDays: 9,
    })
    expect(stored(store, tenant.id, oldest, floorHour(later.getTime()))).toEqual(
      truth(tenant, oldest, floorHour(later.getTime())),
    )
    expect(full.window.from.getTime()).toBe(boundary)
    expect(full.logAnalytics).toMatchObject({ status: 'filled', error: null })
  })

  it('reports a workspace that refuses the query as a typed error and keeps the Graph part', async () => {
    const store = freshStore()
    const { tenant, source, workspace } = setup({
      workspaceId: '00000000-1111-4222-8333-444444444444',
    })
    const report = await syncWithWorkspace(store, source, workspace, NOW).sync({
      days: 1,
      historyDays: 3,
    })
    expect(report.cancelled).toBe(false)
    expect(report.logAnalytics).toMatchObject({
      status: 'failed',
      span: null,
      error: { code: 'workspace_access_denied' },
    })
    expect(report.logAnalytics!.error!.message).toMatch(
      /00000000-1111-4222-8333-444444444444.*read access.*Graph were synced as usual/s,
    )
    const from = floorHour(NOW.getTime() - DAY) + HOUR
    const to = floorHour(NOW.getTime())
    expect(stored(store, tenant.id, from, to)).toEqual(truth(tenant, from, to))
    expect(store.getCheckpoint(tenant.id, 'graph')!.highWaterMark).toEqual(NOW)
  })

  it('types a missing workspace and persistent throttling, and resumes the fill next time', async () => {
    const store = freshStore()
    const { tenant, source } = setup()
    file
      .cloud()
      .faults.add({ service: 'logAnalytics', times: 1, fault: { kind: 'status', status: 404 } })
    const missing = await syncWithWorkspace(store, source, setup().workspace, NOW).sync({
      days: 1,
      historyDays: 3,
    })
    expect(missing.logAnalytics).toMatchObject({
      status: 'failed',
      error: { code: 'workspace_not_found' },
    })

    file.cloud().faults.add({
      service: 'logAnalytics',
      times: Infinity,
      fault: { kind: 'status', status: 429, retryAfterSeconds: 1 },
    })
    const throttled = await syncWithWorkspace(
      store,
      source,
      setup({ maxAttempts: 2 }).workspace,
      NOW,
    ).sync({ days: 1, historyDays: 3 })
    expect(throttled.logAnalytics).toMatchObject({ status: 'failed', error: { code: 'throttled' } })
    expect(throttled.logAnalytics!.error!.message).toMatch(/200 requests per 30 seconds/)
    file.cloud().faults.clear()

    const healed = await syncWithWorkspace(store, source, setup().workspace, NOW).sync({
      days: 1,
      historyDays: 3,
    })
    expect(healed.logAnalytics).toMatchObject({ status: 'filled', error: null })
    const oldest = floorHour(NOW.getTime() - 3 * DAY)
    const to = floorHour(NOW.getTime())
    expect(stored(store, tenant.id, oldest, to)).toEqual(truth(tenant, oldest, to))
  })
})
