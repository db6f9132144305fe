// Raw sign-ins' keys (schema migration 4). Ids: canonical GUIDs as 16 bytes, anything else Graph
// sends as its text; every id must come back exactly as it went in, and two different ids must never
// be taken for one (which would drop an event) nor one id for two (which would count it twice).
// Tenant and app keys: small integers that must never come to mean another tenant or app.
import type { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { inTransaction } from '../../../src-main/core/store/sqlite'
import {
  guidText,
  signInIdOf,
  storedSignInId,
  writeGuid,
} from '../../../src-main/core/sources/sign-in-id'
import { SignInBatch } from '../../../src-main/core/sources/sign-in-batch'
import {
  guid,
  iso,
  rollupMap,
  seededRandom,
  signIn,
  TENANT_A,
  TENANT_B,
  tempStore,
} from './helpers'

const T0 = Date.parse('2025-03-01T00:00:00Z') / 1000
let fixture: ReturnType<typeof tempStore> | undefined
afterEach(() => {
  fixture?.done()
  fixture = undefined
})

/** Ids that are not canonical GUIDs: each must be stored as the text it is. */
const oddIds = [
  'A1B2C3D4-0000-4000-8000-00000000000F', // upper case
  'a1b2c3d4-0000-4000-8000-00000000000F', // one upper-case digit
  '{a1b2c3d4-0000-4000-8000-00000000000f}',
  'a1b2c3d400004000800000000000000f', // no dashes
  'a1b2c3d4-0000-4000-8000-00000000000g', // not hex
  'a1b2c3d4_0000-4000-8000-00000000000f', // dash in the wrong place
  'a1b2c3d4-0000-4000-8000-00000000000', // one digit short
  'a1b2c3d4-0000-4000-8000-00000000000ff',
  'a1b2c3d4-0000-4000-8000-00000000000\u00e9',
  'x',
  '',
  '1234567890123456', // 16 characters, as many as a GUID's bytes
]

describe('sign-in id codec', () => {
  it('stores canonical GUIDs as their 16 bytes and reads them back exactly', () => {
    const random = seededRandom(9)
    const ids = [
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      ...Array.from({ length: 500 }, () => guid(random)),
    ]
    for (const id of ids) {
      const stored = storedSignInId(id)
      expect(stored).toBeInstanceOf(Uint8Array)
      expect((stored as Uint8Array).length).toBe(16)
      expect(signInIdOf(stored)).toBe(id)
    }
    const bytes = new Uint8Array(32)
    expect(writeGuid('0b1c9e43-5f0e-4a4f-9a55-2f6e8c0d7b11', bytes, 16)).toBe(true)
    expect([...bytes.subarray(16, 20)]).toEqual([0x0b, 0x1c, 0x9e, 0x43])
    expect(guidText(bytes, 16)).toBe('0b1c9e43-5f0e-4a4f-9a55-2f6e8c0d7b11')
  })

  it('keeps any other id as its text', () => {
    for (const id of oddIds) {
      expect(storedSignInId(id)).toBe(id)
      expect(signInIdOf(storedSignInId(id))).toBe(id)
    }
    expect(() => signInIdOf(new Uint8Array(15))).toThrow(/15 bytes/)
  })

  it('gives a batch the same ids it was built from, and compares them without their text', () => {
    const ids = [guid(seededRandom(1)), ...oddIds, guid(seededRandom(1))]
    const batch = SignInBatch.fromEvents(
      ids.map((id, k) => signIn({ id, appId: 'app-1', createdDateTime: iso(T0 + k) })),
    )
    expect(ids.map((_, row) => batch.id(row))).toEqual(ids)
    expect(
      batch
        .select([3, 0])
        .toEvents()
        .map((event) => event.id),
    ).toEqual([ids[3], ids[0]])
    const last = ids.length - 1
    expect(batch.sameId(0, last)).toBe(true)
    for (let a = 0; a < last; a++)
      for (let b = 0; b < last; b++) expect(batch.sameId(a, b)).toBe(a === b)
  })
})

describe('ingesting ids that are not canonical GUIDs', () => {
  it('stores each event once with its exact id, whatever the id looks like', () => {
    fixture = tempStore()
    const { store } = fixture
    const lower = 'a1b2c3d4-0000-4000-8000-00000000000f'
    // All in one second, so the batch's own duplicate check compares them directly.
    const events = [lower, ...oddIds].map((id) =>
      signIn({ id, appId: 'app-1', createdDateTime: iso(T0) }),
    )
    expect(store.ingestSignIns(TENANT_A, events)).toMatchObject({ inserted: events.length })
    // Again, and repeated within a batch: all duplicates, against stored rows and each other.
    expect(store.ingestSignIns(TENANT_A, [...events, ...events])).toMatchObject({
      inserted: 0,
      duplicates: 2 * events.length,
    })
    const stored = store.recentSignIns(TENANT_A, { limit: 100 })
    expect(stored.map((event) => event.id).sort()).toEqual(events.map((event) => event.id).sort())
    expect(rollupMap(store, TENANT_A).get(`app-1|${T0}`)).toEqual([events.length, 0])
  })

  it('counts events with the same id once per second and tenant, as before', () => {
    fixture = tempStore()
    const { store } = fixture
    const id = guid(seededRandom(3))
    const events = [
      signIn({ id, appId: 'app-1', createdDateTime: iso(T0) }),
      signIn({ id, appId: 'app-1', createdDateTime: iso(T0 + 1) }),
      signIn({ id: id.toUpperCase(), appId: 'app-1', createdDateTime: iso(T0) }),
    ]
    expect(store.ingestSignIns(TENANT_A, events).inserted).toBe(3)
    expect(store.ingestSignIns(TENANT_B, events).inserted).toBe(3)
    expect(store.ingestSignIns(TENANT_A, events).inserted).toBe(0)
  })
})

describe('tenant and app keys', () => {
  const dbOf = (store: unknown) => (store as { db: DatabaseSync }).db

  it('never files an event under another app after a rolled-back transaction made a key', () => {
    fixture = tempStore()
    const { store } = fixture
    const db = dbOf(store)
    store.ingestSignIns(TENANT_A, [signIn({ appId: 'app-0', createdDateTime: iso(T0) })])
    // An ingest inside a caller's transaction that is then rolled back: its new app key goes too,
    // and the next new app may be given the same number.
    expect(() =>
      inTransaction(db, () => {
        store.ingestSignIns(TENANT_A, [signIn({ appId: 'app-1', createdDateTime: iso(T0 + 1) })])
        throw new Error('caller gives up')
      }),
    ).toThrow('caller gives up')
    store.ingestSignIns(TENANT_A, [signIn({ appId: 'app-2', createdDateTime: iso(T0 + 2) })])
    store.ingestSignIns(TENANT_A, [signIn({ appId: 'app-1', createdDateTime: iso(T0 + 3) })])
    const stored = store
      .recentSignIns(TENANT_A)
      .map((event) => [event.appId, event.createdDateTime])
    expect(stored).toEqual([
      ['app-1', new Date((T0 + 3) * 1000)],
      ['app-2', new Date((T0 + 2) * 1000)],
      ['app-0', new Date(T0 * 1000)],
    ])
    expect(store.recentSignIns(TENANT_A, { appId: 'app-1' })).toHaveLength(1)
    expect(rollupMap(store, TENANT_A).get(`app-1|${T0}`)).toEqual([1, 0])
  })

  it('deleting a tenant deletes its raw sign-ins and keys, and a tenant added again gets new keys', () => {
    fixture = tempStore()
    const { store } = fixture
    const db = dbOf(store)
    const events = [0, 1, 2].map((k) =>
      signIn({ id: guid(), appId: `app-${k}`, createdDateTime: iso(T0 + k) }),
    )
    store.ingestSignIns(TENANT_A, events)
    store.ingestSignIns(TENANT_B, events)
    const count = (sql: string) => Number(db.prepare(sql).get()?.n)
    expect(count('SELECT count(*) AS n FROM sign_ins')).toBe(6)
    const keyOf = (tenant: string) =>
      db.prepare('SELECT tenant_key FROM tenant_keys WHERE tenant_id = ?').get(tenant)?.tenant_key
    const oldKey = keyOf(TENANT_A)
    inTransaction(db, () => db.prepare('DELETE FROM tenants WHERE tenant_id = ?').run(TENANT_A))
    expect(count('SELECT count(*) AS n FROM sign_ins')).toBe(3)
    expect(count('SELECT count(*) AS n FROM sign_in_apps')).toBe(3)
    expect(keyOf(TENANT_A)).toBeUndefined()
    expect(store.recentSignIns(TENANT_A)).toEqual([])
    expect(store.recentSignIns(TENANT_B)).toHaveLength(3)
    // The same events again for the deleted tenant: new keys (never the old ones), all counted.
    expect(store.ingestSignIns(TENANT_A, events).inserted).toBe(3)
    expect(keyOf(TENANT_A)).not.toBe(oldKey)
    expect(store.recentSignIns(TENANT_A).map((event) => event.appId)).toEqual([
      'app-2',
      'app-1',
      'app-0',
    ])
  })
})
