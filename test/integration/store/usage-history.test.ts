// Migration 2 (Log Analytics aggregates and usage coverage) over a real version-1 file, and the
// aggregate writes: they replace the rollups of their hours, never add to them, and give apps the
// workspace's names and last-seen times without overriding discovery or newer sign-ins.
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src-main/core/log'
import { HISTORY_FILE, LATEST_VERSION, openStore } from '../../../src-main/core/store'
import { runMigrations } from '../../../src-main/core/store/open'
import { migrations } from '../../../src-main/core/store/schema'
import {
  connectedApp,
  guid,
  rollupMap,
  signIn,
  TENANT_A,
  TENANT_B,
  tempDir,
} from '../../unit/store/helpers'

const cleanups: Array<() => void> = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.()
})

function directory(): string {
  const { dir, cleanup } = tempDir()
  cleanups.push(cleanup)
  return dir
}

const now = () => new Date('2025-03-10T12:00:00Z')
const H = 3600
const T0 = Date.parse('2025-03-01T00:00:00Z') / 1000

describe('migration 2 from a version-1 file', () => {
  it('keeps every row and records the raw-event coverage the old history had', () => {
    const dir = directory()
    const db = new DatabaseSync(join(dir, HISTORY_FILE))
    runMigrations(
      db,
      silentLogger,
      migrations.filter((m) => m.version === 1),
    )
    expect(db.prepare('PRAGMA user_version').get()?.user_version).toBe(1)
    const insertTenant = db.prepare('INSERT INTO tenants (tenant_id, created_at) VALUES (?, ?)')
    insertTenant.run(TENANT_A, T0)
    insertTenant.run(TENANT_B, T0)
    const rollup = db.prepare(
      'INSERT INTO rollups (tenant_id, hour, app_id, sign_ins, failures) VALUES (?, ?, ?, ?, ?)',
    )
    rollup.run(TENANT_A, T0 + 5 * H, 'app-1', 3, 1)
    rollup.run(TENANT_A, T0 + 9 * H, 'app-2', 7, 0)
    rollup.run(TENANT_B, T0 + 2 * H, 'app-3', 1, 0)
    db.prepare(
      'INSERT INTO checkpoints (tenant_id, source, high_water, updated_at) VALUES (?, ?, ?, ?)',
    ).run(TENANT_B, 'demo', T0 + 3 * H, T0)
    db.close()

    const store = openStore({ dataDir: dir, log: silentLogger, now })
    cleanups.push(() => store.close())
    expect(store.openReport).toMatchObject({
      status: 'opened',
      migratedFrom: 1,
      schemaVersion: LATEST_VERSION,
    })
    expect([...rollupMap(store, TENANT_A)]).toEqual([
      [`app-1|${T0 + 5 * H}`, [3, 1]],
      [`app-2|${T0 + 9 * H}`, [7, 0]],
    ])
    // The first hour of old history may be a partial hour, so raw coverage starts after it.
    expect(
      store.usageHistory
        .coverage(TENANT_A)
        .map((s) => [s.source, s.from.getTime() / 1000, s.to.getTime() / 1000]),
    ).toEqual([['graph', T0 + 6 * H, T0 + 10 * H]])
    expect(store.usageHistory.coverage(TENANT_B).map((s) => s.source)).toEqual(['demo'])
  })
})

describe('UsageHistory.applyAggregates', () => {
  it('replaces the rollups of its hours (idempotent), keeps the workspace figures and grows the span', () => {
    const dir = directory()
    const store = openStore({ dataDir: dir, log: silentLogger, now })
    cleanups.push(() => store.close())
    // Raw events: the tail of hour 4 (a backfill that started at 04:30) and all of hour 5.
    store.ingestSignIns(TENANT_A, [
      signIn({
        id: guid(),
        appId: 'app-1',
        createdDateTime: new Date((T0 + 4 * H + 1800) * 1000).toISOString(),
      }),
      signIn({
        id: guid(),
        appId: 'app-1',
        createdDateTime: new Date((T0 + 5 * H + 10) * 1000).toISOString(),
      }),
    ])
    store.usageHistory.recordRawCoverage(
      TENANT_A,
      'graph',
      new Date((T0 + 4 * H + 1800) * 1000),
      new Date((T0 + 6 * H) * 1000),
    )
    expect(store.usageHistory.coverageOf(TENANT_A, 'graph')?.from.getTime()).toBe(
      (T0 + 5 * H) * 1000,
    )

    const span = { from: new Date((T0 + 2 * H) * 1000), to: new Date((T0 + 5 * H) * 1000) }
    const figures = [
      { appId: 'APP-1', hour: new Date((T0 + 4 * H) * 1000), signIns: 4, failures: 1 },
      { appId: 'app-1', hour: new Date((T0 + 4 * H) * 1000), signIns: 2, failures: 0 },
      { appId: 'app-2', hour: new Date((T0 + 2 * H) * 1000), signIns: 9, failures: 9 },
    ]
    for (let round = 0; round < 2; round++) {
      expect(store.usageHistory.applyAggregates(TENANT_A, span, figures)).toEqual({ rows: 2 })
      expect([...rollupMap(store, TENANT_A)].sort()).toEqual([
        [`app-1|${T0 + 4 * H}`, [6, 1]],
        [`app-1|${T0 + 5 * H}`, [1, 0]],
        [`app-2|${T0 + 2 * H}`, [9, 9]],
      ])
    }
    expect(store.usageHistory.aggregates(TENANT_A, span.from, span.to).length).toBe(2)
    const la = store.usageHistory.coverageOf(TENANT_A, 'logAnalytics')!
    expect([la.from.getTime() / 1000, la.to.getTime() / 1000]).toEqual([T0 + 2 * H, T0 + 5 * H])

    expect(() =>
      store.usageHistory.applyAggregates(TENANT_A, span, [
        { appId: 'a', hour: new Date((T0 + 7 * H) * 1000), signIns: 1, failures: 0 },
      ]),
    ).toThrow(/outside/)
    expect(() =>
      store.usageHistory.applyAggregates(
        TENANT_A,
        { from: new Date((T0 + 1) * 1000), to: span.to },
        [],
      ),
    ).toThrow(/whole hours/)
    // A refused batch changed nothing.
    expect(store.usageHistory.aggregates(TENANT_A, span.from, span.to).length).toBe(2)
  })

  it("gives apps the workspace's names and exact last seen: never over discovery, a newer name or a later time", () => {
    const dir = directory()
    const store = openStore({ dataDir: dir, log: silentLogger, now })
    cleanups.push(() => store.close())
    const at = (seconds: number) => new Date(seconds * 1000)
    store.applyDiscovery(
      TENANT_A,
      [connectedApp({ appId: 'app-disc', displayName: 'Directory name' })],
      at(T0),
    )
    // Raw sign-ins after the workspace's hours: one with a name, one without.
    store.ingestSignIns(TENANT_A, [
      signIn({
        appId: 'app-graph',
        appDisplayName: 'Graph name',
        createdDateTime: at(T0 + 5 * H + 10).toISOString(),
      }),
      signIn({
        appId: 'app-blank',
        appDisplayName: '',
        createdDateTime: at(T0 + 5 * H + 20).toISOString(),
      }),
    ])
    const figure = (appId: string, hour: number, lastSeen: number, name: string | null) => ({
      appId,
      hour: at(T0 + hour * H),
      signIns: 2,
      failures: 0,
      firstSeen: at(T0 + hour * H + 1),
      lastSeen: at(lastSeen),
      name,
    })
    const span = { from: at(T0 + 2 * H), to: at(T0 + 5 * H) }
    const figures = [
      figure('app-la', 2, T0 + 2 * H + 100, 'Old workspace name'),
      // The workspace's times may carry fractions of a second; the store keeps whole seconds.
      {
        ...figure('APP-LA', 3, T0 + 3 * H + 3599, '<b>Workspace name</b>'),
        lastSeen: new Date((T0 + 3 * H + 3599) * 1000 + 999),
      },
      figure('app-la', 4, T0 + 4 * H + 5, null),
      figure('app-graph', 4, T0 + 4 * H + 60, 'Older workspace name'),
      figure('app-blank', 4, T0 + 4 * H + 70, 'Named by the workspace'),
      figure('app-disc', 3, T0 + 3 * H + 7, 'Sign-in name'),
    ]
    const apps = () =>
      Object.fromEntries(
        store
          .listApps(TENANT_A)
          .map((a) => [a.appId, [a.displayName, a.lastSeen && a.lastSeen.getTime() / 1000]]),
      )
    const expected = {
      'app-la': ['<b>Workspace name</b>', T0 + 4 * H + 5],
      'app-graph': ['Graph name', T0 + 5 * H + 10],
      'app-blank': ['Named by the workspace', T0 + 5 * H + 20],
      'app-disc': ['Directory name', T0 + 3 * H + 7],
    }
    for (let round = 0; round < 2; round++) {
      store.usageHistory.applyAggregates(TENANT_A, span, figures)
      expect(apps()).toEqual(expected)
    }
    // Older hours asked for later (the fill goes back in time) move nothing forward or back.
    store.usageHistory.applyAggregates(TENANT_A, { from: at(T0), to: at(T0 + 2 * H) }, [
      figure('app-la', 1, T0 + H + 10, 'Oldest workspace name'),
    ])
    expect(apps()).toEqual(expected)

    // One Graph sign-in of `appId`, named `name`, at `seconds`.
    const signInAt = (appId: string, name: string, seconds: number) =>
      store.ingestSignIns(TENANT_A, [
        signIn({ appId, appDisplayName: name, createdDateTime: at(seconds).toISOString() }),
      ])

    // A later sign-in without a name (Graph sends an empty appDisplayName at times) moves the last
    // seen on but keeps the name the workspace gave.
    signInAt('app-blank', '', T0 + 5 * H + 30)
    expected['app-blank'] = ['Named by the workspace', T0 + 5 * H + 30]
    expect(apps()).toEqual(expected)

    // A sync going back in time: an app first seen without a name takes the name of an older
    // sign-in, while its last seen stays the newer one.
    signInAt('app-late-name', '', T0 + 5 * H + 40)
    signInAt('app-late-name', 'Named in an older sign-in', T0 + 5 * H + 5)
    const withLateName = {
      ...expected,
      'app-late-name': ['Named in an older sign-in', T0 + 5 * H + 40],
    }
    expect(apps()).toEqual(withLateName)
    signInAt('app-late-name', 'An even older name', T0 + 5 * H + 1)
    expect(apps()).toEqual(withLateName)

    // A last seen outside its hour is refused, and the refused batch changes nothing.
    for (const lastSeen of [T0 + 5 * H, T0 + 4 * H - 1]) {
      expect(() =>
        store.usageHistory.applyAggregates(TENANT_A, span, [figure('app-new', 4, lastSeen, 'New')]),
      ).toThrow(/outside its hour/)
    }
    expect(apps()).toEqual(withLateName)
  })
})
