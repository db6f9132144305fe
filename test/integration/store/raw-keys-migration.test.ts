// Migration 4 (smaller raw sign-ins: integer tenant and app keys, GUID ids as bytes) on a version-3
// file with raw events of two tenants: every row and field kept exactly, deduplication against the
// migrated rows, rollups rebuilt from them, deletion by tenant, and a damaged file refused unchanged.
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src-main/core/log'
import type { SignInEvent } from '../../../src-main/core/sources/types'
import { signInEventTypes } from '../../../src-main/core/sources/types'
import { HISTORY_FILE, LATEST_VERSION, openStore } from '../../../src-main/core/store'
import { runMigrations } from '../../../src-main/core/store/open'
import { migrations } from '../../../src-main/core/store/schema'
import { inTransaction } from '../../../src-main/core/store/sqlite'
import {
  bruteForce,
  guid,
  iso,
  rollupMap,
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

const T0 = Date.parse('2025-03-01T00:00:00Z') / 1000
const now = () => new Date((T0 + 2 * 86_400) * 1000)

/** Events as a version-3 store kept them, including ids that are not canonical GUIDs. */
function history(random: () => number): SignInEvent[] {
  const odd = ['A1B2C3D4-0000-4000-8000-00000000000F', 'not-a-guid', '', '{braced}']
  return Array.from({ length: 300 }, (_, k) => {
    const failed = random() < 0.2
    return signIn({
      id: k < odd.length ? odd[k]! : guid(random),
      appId: ['app-1', 'app-2', '', 'ffffffff-0000-4000-8000-000000000009'][k % 4]!,
      createdDateTime: iso(T0 + Math.floor(random() * 30 * 3600)),
      eventType: signInEventTypes[k % 4]!,
      errorCode: failed ? 7000215 : 0,
      failureReason: failed ? 'Invalid client secret provided.' : null,
      ipAddress: k % 5 === 0 ? '' : `20.1.${k % 250}.9`,
      location: k % 7 === 0 ? null : { city: 'Seoul', countryOrRegion: k % 2 ? 'KR' : 'NL' },
      userPrincipalName: k % 3 === 0 ? `user${k}@contoso.com` : null,
    })
  })
}

/** What recentSignIns gives for an event stored as version 3 stored it. */
function asStored(event: SignInEvent) {
  return {
    id: event.id,
    createdDateTime: new Date(event.createdDateTime),
    appId: event.appId,
    eventType: event.eventType,
    errorCode: event.errorCode,
    failureReason: event.errorCode !== 0 ? event.failureReason : null,
    ipAddress: event.ipAddress || null,
    countryOrRegion: event.location?.countryOrRegion || null,
    userPrincipalName: event.userPrincipalName,
  }
}

const byTimeAndId = (a: { createdDateTime: Date; id: string }, b: typeof a) =>
  a.createdDateTime.getTime() - b.createdDateTime.getTime() ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** A version-3 file with `events` of each tenant (tenant B: the first half), written as v3 did. */
function version3File(dir: string, events: readonly SignInEvent[], foreignKeys = true): string {
  const path = join(dir, HISTORY_FILE)
  const db = new DatabaseSync(path, { enableForeignKeyConstraints: foreignKeys })
  runMigrations(
    db,
    silentLogger,
    migrations.filter((m) => m.version <= 3),
  )
  const tenant = db.prepare('INSERT INTO tenants (tenant_id, created_at) VALUES (?, ?)')
  tenant.run(TENANT_A, T0)
  tenant.run(TENANT_B, T0)
  const row = db.prepare(`INSERT INTO sign_ins (tenant_id, created, id, app_id, event_type,
    error_code, failure_reason, ip, country, upn) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const write = (tenantId: string, event: SignInEvent) =>
    row.run(
      tenantId,
      Date.parse(event.createdDateTime) / 1000,
      event.id,
      event.appId,
      signInEventTypes.indexOf(event.eventType),
      event.errorCode,
      event.errorCode !== 0 ? event.failureReason : null,
      event.ipAddress || null,
      event.location?.countryOrRegion || null,
      event.userPrincipalName,
    )
  inTransaction(db, () => {
    for (const event of events) write(TENANT_A, event)
    for (const event of events.slice(0, events.length / 2)) write(TENANT_B, event)
  })
  db.close()
  return path
}

describe('migration 4 from a version-3 file', () => {
  it('keeps every raw sign-in of both tenants exactly, and later syncs count nothing twice', () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const events = history(seededRandom(5))
    const path = version3File(dir, events)

    const store = openStore({ dataDir: dir, log: silentLogger, now })
    cleanups.push(() => store.close())
    expect(store.openReport).toMatchObject({ migratedFrom: 3, schemaVersion: LATEST_VERSION })
    const stored = (tenant: string) =>
      store.recentSignIns(tenant, { limit: 10_000 }).sort(byTimeAndId)
    expect(stored(TENANT_A)).toEqual(events.map(asStored).sort(byTimeAndId))
    expect(stored(TENANT_B)).toEqual(events.slice(0, 150).map(asStored).sort(byTimeAndId))

    const peer = new DatabaseSync(path, { readOnly: true })
    cleanups.push(() => peer.close())
    // 296 canonical GUIDs as bytes, the four others as text (two tenants: 450 rows).
    expect(
      peer.prepare('SELECT typeof(id) AS kind, count(*) AS n FROM sign_ins GROUP BY 1').all(),
    ).toEqual([
      { kind: 'blob', n: 442 },
      { kind: 'text', n: 8 },
    ])
    expect(peer.prepare('PRAGMA foreign_key_check').all()).toEqual([])
    expect(peer.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' })

    // The same events again: all already stored, in either tenant.
    expect(store.ingestSignIns(TENANT_A, events)).toMatchObject({ inserted: 0, duplicates: 300 })
    expect(store.ingestSignIns(TENANT_B, events)).toMatchObject({ inserted: 150, duplicates: 150 })
    // Rollups rebuilt from the migrated raw rows are the brute-force counts.
    store.recomputeRollups(TENANT_A, new Date(T0 * 1000), new Date((T0 + 86_400 * 2) * 1000))
    expect(rollupMap(store, TENANT_A)).toEqual(bruteForce(events))
    // Deleting a tenant still deletes its raw rows (and only those).
    inTransaction((store as unknown as { db: DatabaseSync }).db, () =>
      (store as unknown as { db: DatabaseSync }).db
        .prepare('DELETE FROM tenants WHERE tenant_id = ?')
        .run(TENANT_B),
    )
    expect(store.recentSignIns(TENANT_B)).toEqual([])
    expect(stored(TENANT_A)).toHaveLength(300)
  })

  it('refuses a file whose raw sign-ins belong to no tenant, leaving it at version 3', () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const events = history(seededRandom(6)).slice(0, 10)
    const path = version3File(dir, events, false)
    const damage = new DatabaseSync(path, { enableForeignKeyConstraints: false })
    damage.exec(`UPDATE sign_ins SET tenant_id = 'gone' WHERE tenant_id = '${TENANT_B}'`)
    damage.close()
    expect(() => openStore({ dataDir: dir, log: silentLogger, now })).toThrow(
      /5 of its 15 raw sign-ins belong to no known tenant.*left unchanged/,
    )
    const check = new DatabaseSync(path, { readOnly: true })
    cleanups.push(() => check.close())
    expect(check.prepare('PRAGMA user_version').get()).toEqual({ user_version: 3 })
    expect(check.prepare('SELECT count(*) AS n FROM sign_ins').get()).toEqual({ n: 15 })
  })
})
