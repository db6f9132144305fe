// An app known only from the Log Analytics workspace's history (not in discovery, silent since before
// Graph's backfill window) gets its name and its exact last sign-in in the connected-apps list through
// a real sync against the fake cloud; a discovered app keeps discovery's name whatever the sign-ins say.
import { describe, expect, it } from 'vitest'
import { hourSignInSpan, type DemoApp } from '../../../src-main/core/demo'
import { fakeCloudForFile, syncWithWorkspace, tempStore, workspaceSetup } from './support'

const NOW = new Date('2025-06-02T12:20:00Z')
const HOUR = 3_600_000
const DAY = 24 * HOUR
const floorHour = (ms: number) => Math.floor(ms / HOUR) * HOUR

const file = fakeCloudForFile('la-names', NOW)

describe('sync with a Log Analytics workspace: names and last seen', () => {
  it('lists an app seen only in the workspace with its name and exact last sign-in, and keeps discovery names', async () => {
    const { tenant, source, workspace } = workspaceSetup(file.cloud())
    const demo = tenant.demo
    const days = 1
    const historyDays = 4
    // Graph's raw events start at the first whole hour of the backfill window.
    const boundaryHour = (floorHour(NOW.getTime() - days * DAY) + HOUR) / HOUR
    const daemons = demo.apps.filter(
      (a) => a.behaviour === 'daemon' && a.connected && a.activeUntilHour === Infinity,
    )
    expect(daemons.length).toBeGreaterThanOrEqual(2)
    // A deleted app whose client signed in until 30 hours before Graph's window: only the workspace
    // has seen it. Both sources read the same demo apps, so this changes what each of them answers.
    const gone: DemoApp = daemons[0]!
    gone.connected = null
    gone.activeUntilHour = boundaryHour - 30
    // A discovered app whose directory name differs from the name its sign-ins carry.
    const renamed = daemons[1]!
    renamed.connected = { ...renamed.connected!, displayName: 'Directory name of the app' }
    expect(renamed.displayName).not.toBe('Directory name of the app')

    const store = tempStore('dca-la-names-', NOW, file.cleanups)
    const report = await syncWithWorkspace(store, source, workspace, NOW).sync({
      days,
      historyDays,
    })
    expect(report.logAnalytics).toMatchObject({ status: 'filled', error: null })

    // The ground truth: the app's last sign-in in the workspace's span, to the second.
    const oldestHour = floorHour(NOW.getTime() - historyDays * DAY) / HOUR
    let lastMs: number | null = null
    for (let hour = gone.activeUntilHour - 1; hour >= oldestHour && lastMs === null; hour--)
      lastMs = hourSignInSpan(demo, gone, hour)?.lastMs ?? null
    expect(lastMs).not.toBeNull()
    expect(lastMs! % HOUR).not.toBe(0)

    const listed = store.listApps(tenant.id)
    const goneSummary = listed.find((a) => a.appId === gone.appId)
    expect(goneSummary).toMatchObject({
      displayName: gone.displayName,
      inDiscovery: false,
      lastSeen: new Date(lastMs!),
    })
    expect(gone.displayName).not.toBe('')
    expect(listed.find((a) => a.appId === renamed.appId)).toMatchObject({
      displayName: 'Directory name of the app',
      inDiscovery: true,
    })

    // A full resync asks the workspace again: nothing moves.
    await syncWithWorkspace(store, source, workspace, NOW).sync({ days, historyDays, full: true })
    expect(store.listApps(tenant.id).find((a) => a.appId === gone.appId)).toEqual(goneSummary)
  })
})
