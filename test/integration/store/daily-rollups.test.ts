// Daily rollups (migration 3, store/daily.ts): filled from the history of a version-2 file, and kept
// equal to the hourly rollups summed by day through every writer — ingest, recompute, pruning, Log
// Analytics aggregates, another connection — whether or not a refresh has run since.
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src-main/core/log'
import type { SignInEvent } from '../../../src-main/core/sources/types'
import { HISTORY_FILE, LATEST_VERSION, openStore, type Store } from '../../../src-main/core/store'
import { runMigrations } from '../../../src-main/core/store/open'
import { migrations } from '../../../src-main/core/store/schema'
import {
  guid,
  iso,
  seededRandom,
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

const H = 3600
const D = 86_400
/** Midnight UTC, 2025-03-01. */
const T0 = Date.parse('2025-03-01T00:00:00Z') / 1000

/** A second connection on the store's file, as another process (or an inspector) would open it. */
function peer(dir: string): DatabaseSync {
  const db = new DatabaseSync(join(dir, HISTORY_FILE))
  cleanups.push(() => db.close())
  db.exec('PRAGMA busy_timeout = 10000')
  return db
}

type Table = Array<[tenant: string, day: number, app: string, signIns: number, failures: number]>

/** The truth: the hourly rollups summed by tenant, UTC day and app. */
function hourlyByDay(db: DatabaseSync): Table {
  return db
    .prepare(
      `SELECT tenant_id, hour - hour % 86400 AS day, app_id, sum(sign_ins) AS n, sum(failures) AS f
       FROM rollups GROUP BY tenant_id, day, app_id ORDER BY tenant_id, day, app_id`,
    )
    .all()
    .map((r) => [String(r.tenant_id), Number(r.day), String(r.app_id), Number(r.n), Number(r.f)])
}

function dailyTable(db: DatabaseSync): Table {
  return db
    .prepare(
      `SELECT tenant_id, day, app_id, sign_ins, failures FROM daily_rollups
       ORDER BY tenant_id, day, app_id`,
    )
    .all()
    .map((r) => [
      String(r.tenant_id),
      Number(r.day),
      String(r.app_id),
      Number(r.sign_ins),
      Number(r.failures),
    ])
}

/** What the store's readers answer for each app's days, compared with the hourly truth. */
function expectReadsExact(store: Store, db: DatabaseSync, tenantId: string, now: number): void {
  const truth = hourlyByDay(db).filter((row) => row[0] === tenantId)
  const trendStart = now - (now % D) - 29 * D
  const apps = store.listApps(tenantId)
  for (const app of apps) {
    const expected = new Array<number>(30).fill(0)
    for (const [, day, appId, n] of truth)
      if (appId === app.appId && day >= trendStart && day < trendStart + 30 * D)
        expected[(day - trendStart) / D] = n
    expect(app.trend30d, `trend of ${app.appId}`).toEqual(expected)
  }
  for (const appId of new Set(truth.map((row) => row[2]))) {
    // A 40-day daily series ending mid-day: whole days from the daily rollups, the last from hours.
    const to = now
    const series = store.usageSeries(tenantId, appId, {
      from: new Date((now - 39 * D) * 1000),
      to: new Date(to * 1000),
      granularity: 'day',
    })
    const hourly = db
      .prepare(
        `SELECT hour - hour % 86400 AS day, sum(sign_ins) AS n, sum(failures) AS f FROM rollups
         WHERE tenant_id = ? AND app_id = ? AND hour < ? GROUP BY day`,
      )
      .all(tenantId, appId, to)
    const byDay = new Map(hourly.map((r) => [Number(r.day), [Number(r.n), Number(r.f)]]))
    for (const point of series) {
      const day = point.start.getTime() / 1000
      expect([point.signIns, point.failures], `${appId} on ${iso(day)}`).toEqual(
        byDay.get(day) ?? [0, 0],
      )
    }
  }
}

/** Daily and monthly export rows (ending mid-day at `now`) against the hourly rollups summed. */
function expectExportExact(store: Store, db: DatabaseSync, tenantId: string, now: number): void {
  for (const granularity of ['day', 'month'] as const) {
    const exported = [
      ...store.iterateRollups({ tenantId, granularity, to: new Date(now * 1000) }),
    ].map((row) => [row.start.getTime() / 1000, row.appId, row.signIns, row.failures])
    const bucket =
      granularity === 'day'
        ? 'hour - hour % 86400'
        : "CAST(strftime('%s', hour, 'unixepoch', 'start of month') AS INTEGER)"
    const truth = db
      .prepare(
        `SELECT ${bucket} AS start, app_id, sum(sign_ins) AS n, sum(failures) AS f FROM rollups
         WHERE tenant_id = ? AND hour < ? GROUP BY start, app_id ORDER BY start, app_id`,
      )
      .all(tenantId, now)
      .map((r) => [Number(r.start), String(r.app_id), Number(r.n), Number(r.f)])
    expect(exported, `${granularity} export`).toEqual(truth)
  }
}

describe('migration 3 from a version-2 file', () => {
  it('fills the daily rollups from the hourly ones, and later writes keep them exact', () => {
    const dir = directory()
    const db = new DatabaseSync(join(dir, HISTORY_FILE))
    runMigrations(
      db,
      silentLogger,
      migrations.filter((m) => m.version <= 2),
    )
    expect(db.prepare('PRAGMA user_version').get()?.user_version).toBe(2)
    const insertTenant = db.prepare('INSERT INTO tenants (tenant_id, created_at) VALUES (?, ?)')
    insertTenant.run(TENANT_A, T0)
    insertTenant.run(TENANT_B, T0)
    const rollup = db.prepare(
      'INSERT INTO rollups (tenant_id, hour, app_id, sign_ins, failures) VALUES (?, ?, ?, ?, ?)',
    )
    rollup.run(TENANT_A, T0 + 0 * H, 'app-1', 3, 1)
    rollup.run(TENANT_A, T0 + 23 * H, 'app-1', 4, 0) // same day
    rollup.run(TENANT_A, T0 + 24 * H, 'app-1', 5, 2) // the next day
    rollup.run(TENANT_A, T0 + 30 * H, 'app-2', 7, 0)
    rollup.run(TENANT_B, T0 + 2 * H, 'app-1', 1, 0) // another tenant, same app and day
    const eventApp = db.prepare(
      'INSERT INTO event_apps (tenant_id, app_id, display_name, first_event, last_event) VALUES (?, ?, ?, ?, ?)',
    )
    eventApp.run(TENANT_A, 'app-1', 'App 1', T0, T0 + 24 * H)
    eventApp.run(TENANT_A, 'app-2', 'App 2', T0 + 30 * H, T0 + 30 * H)
    db.close()

    const store = openStore({
      dataDir: dir,
      log: silentLogger,
      now: () => new Date((T0 + 3 * D) * 1000),
    })
    cleanups.push(() => store.close())
    expect(store.openReport).toMatchObject({ migratedFrom: 2, schemaVersion: LATEST_VERSION })
    const check = peer(dir)
    expect(dailyTable(check)).toEqual([
      [TENANT_A, T0, 'app-1', 7, 1],
      [TENANT_A, T0 + D, 'app-1', 5, 2],
      [TENANT_A, T0 + D, 'app-2', 7, 0],
      [TENANT_B, T0, 'app-1', 1, 0],
    ])
    expect(store.dailyRollupsPending(TENANT_A)).toBe(0)
    expect(
      store
        .listApps(TENANT_A)
        .find((a) => a.appId === 'app-1')
        ?.trend30d.slice(-4),
    ).toEqual([7, 5, 0, 0])

    // A write after the upgrade marks its day; the list still reads it exactly, and a refresh
    // brings the table up to date.
    store.ingestSignIns(TENANT_A, [
      signIn({ id: guid(), appId: 'app-1', createdDateTime: iso(T0 + D + 5 * H) }),
    ])
    expect(store.dailyRollupsPending(TENANT_A)).toBe(1)
    expect(
      store
        .listApps(TENANT_A)
        .find((a) => a.appId === 'app-1')
        ?.trend30d.slice(-4),
    ).toEqual([7, 6, 0, 0])
    store.refreshDailyRollups(TENANT_A)
    expect(store.dailyRollupsPending(TENANT_A)).toBe(0)
    expect(dailyTable(check)).toEqual(hourlyByDay(check))
  })
})

describe('daily rollups stay equal to the hourly rollups summed by day', () => {
  const apps = ['app-a', 'app-b', 'app-c', 'app-d', 'app-e']

  for (const seed of [1, 2, 3]) {
    it(`through random ingests, recomputes, prunes and Log Analytics replacements (seed ${seed})`, () => {
      const random = seededRandom(seed)
      const dir = directory()
      const clock = { now: T0 + 20 * D + 13 * H + 17 * 60 }
      const store = openStore({
        dataDir: dir,
        log: silentLogger,
        now: () => new Date(clock.now * 1000),
        rawRetentionDays: 12,
      })
      cleanups.push(() => store.close())
      store.ensureTenant(TENANT_A)
      store.ensureTenant(TENANT_B)
      const check = peer(dir)
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
      const stored: SignInEvent[] = []
      let refreshes = 0

      for (let step = 0; step < 60; step++) {
        const tenant = random() < 0.8 ? TENANT_A : TENANT_B
        const action = random()
        if (action < 0.45) {
          // A page of events over a few hours somewhere in the last three weeks, with repeats.
          const end = clock.now - Math.floor(random() * 20 * D)
          const events = Array.from({ length: 1 + Math.floor(random() * 80) }, () => {
            const repeat = stored.length > 0 && random() < 0.1
            return repeat
              ? pick(stored)
              : signIn({
                  id: guid(random),
                  appId: pick(apps),
                  createdDateTime: iso(end - Math.floor(random() * 6 * H)),
                  errorCode: random() < 0.2 ? 50_000 + Math.floor(random() * 100) : 0,
                })
          })
          stored.push(...events)
          store.ingestSignIns(tenant, events)
        } else if (action < 0.6) {
          const from = clock.now - Math.floor(random() * 20 * D)
          store.recomputeRollups(
            tenant,
            new Date(from * 1000),
            new Date((from + Math.floor(random() * 3 * D)) * 1000),
          )
        } else if (action < 0.7) {
          store.pruneRawEvents(undefined, tenant)
        } else if (action < 0.85) {
          // Workspace figures replacing whole hours (some hours to nothing: no figure for them).
          const from = clock.now - (clock.now % H) - (1 + Math.floor(random() * 20 * 24)) * H
          const to = from + (1 + Math.floor(random() * 30)) * H
          const figures = []
          for (let hour = from; hour < to; hour += H) {
            if (random() < 0.3) continue
            const signIns = Math.floor(random() * 20)
            figures.push({
              appId: pick(apps).toUpperCase(), // folded to lower case by the store
              hour: new Date(hour * 1000),
              signIns,
              failures: Math.floor(random() * (signIns + 1)),
            })
          }
          store.usageHistory.applyAggregates(
            tenant,
            { from: new Date(from * 1000), to: new Date(to * 1000) },
            figures,
          )
        } else if (action < 0.92) {
          // Another process writing rollups straight into the file.
          const hour = clock.now - (clock.now % H) - Math.floor(random() * 20 * 24) * H
          check
            .prepare(
              `INSERT INTO rollups (tenant_id, hour, app_id, sign_ins, failures) VALUES (?, ?, ?, 2, 1)
               ON CONFLICT DO UPDATE SET sign_ins = sign_ins + 2, failures = failures + 1`,
            )
            .run(tenant, hour, pick(apps))
        } else {
          store.refreshDailyRollups(tenant)
          refreshes++
        }
        if (random() < 0.3) clock.now += Math.floor(random() * 8 * H)
        if (step % 6 === 5) {
          // Reads are exact whether or not days are pending (and refresh what they can).
          expectExportExact(store, check, TENANT_A, clock.now)
          expectReadsExact(store, check, TENANT_A, clock.now)
          expectReadsExact(store, check, TENANT_B, clock.now)
        }
      }
      expect(refreshes).toBeGreaterThan(0)
      store.refreshDailyRollups(TENANT_A)
      store.refreshDailyRollups(TENANT_B)
      expect(store.dailyRollupsPending(TENANT_A) + store.dailyRollupsPending(TENANT_B)).toBe(0)
      const truth = hourlyByDay(check)
      expect(truth.length).toBeGreaterThan(20)
      expect(dailyTable(check)).toEqual(truth)
    })
  }

  it('reads exactly without waiting while another connection holds the write lock', () => {
    const dir = directory()
    const now = T0 + 5 * D + 10 * H
    const store = openStore({
      dataDir: dir,
      log: silentLogger,
      now: () => new Date(now * 1000),
      // A read that waited for the lock would outlast the test's timeout.
      busyTimeoutMs: 600_000,
    })
    cleanups.push(() => store.close())
    store.ingestSignIns(TENANT_A, [
      signIn({ id: guid(), appId: 'app-a', createdDateTime: iso(now - D - 3 * H) }),
      signIn({ id: guid(), appId: 'app-a', createdDateTime: iso(now - 2 * H) }),
    ])
    store.refreshDailyRollups(TENANT_A)
    const other = peer(dir)
    other.exec('BEGIN IMMEDIATE')
    other
      .prepare(
        'INSERT INTO rollups (tenant_id, hour, app_id, sign_ins, failures) VALUES (?, ?, ?, ?, ?)',
      )
      .run(TENANT_A, now - (now % H) - 5 * H, 'app-a', 4, 0)
    other.exec('COMMIT')
    other.exec('BEGIN IMMEDIATE') // holds the write lock during the read below
    try {
      expect(store.dailyRollupsPending(TENANT_A)).toBe(1)
      const app = store.listApps(TENANT_A).find((a) => a.appId === 'app-a')
      expect(app?.trend30d.slice(-2)).toEqual([1, 5])
      expect(store.dailyRollupsPending(TENANT_A)).toBe(1) // could not refresh, did not wait
    } finally {
      other.exec('ROLLBACK')
    }
    store.listApps(TENANT_A)
    expect(store.dailyRollupsPending(TENANT_A)).toBe(0) // the next read refreshed
  })
})

describe('last 24 hours', () => {
  it('counts (now − 24 h, now] exactly: whole hours from the rollups, the partial ones from events', () => {
    const random = seededRandom(7)
    const now = T0 + 3 * D + 14 * H + 25 * 60 + 11
    const dir = directory()
    const store = openStore({ dataDir: dir, log: silentLogger, now: () => new Date(now * 1000) })
    cleanups.push(() => store.close())
    // Events around both edges of the window, to the second, and a few in the future.
    const times = [
      now - D,
      now - D + 1,
      now - D - 1,
      now,
      now + 1,
      now - (now % H),
      now - (now % H) - 1,
      now - D - ((now - D) % H) + H, // the first whole hour inside the window
      now - D - ((now - D) % H) + H - 1,
    ]
    for (let k = 0; k < 400; k++) times.push(now - D - 2 * H + Math.floor(random() * (D + 3 * H)))
    const events = times.map((created, k) =>
      signIn({
        id: guid(random),
        appId: k % 3 === 0 ? 'app-x' : 'app-y',
        createdDateTime: iso(created),
        errorCode: k % 5 === 0 ? 7000 : 0,
      }),
    )
    store.ingestSignIns(TENANT_A, events)
    for (const appId of ['app-x', 'app-y']) {
      const inWindow = events.filter((e, k) => {
        const t = times[k]!
        return e.appId === appId && t > now - D && t <= now
      })
      const app = store.listApps(TENANT_A).find((a) => a.appId === appId)
      expect([app?.signIns24h, app?.failures24h]).toEqual([
        inWindow.length,
        inWindow.filter((e) => e.errorCode !== 0).length,
      ])
      expect(store.appDetail(TENANT_A, appId)?.summary.signIns24h).toBe(inWindow.length)
    }
  })
})
