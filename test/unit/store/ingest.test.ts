// Sign-in ingestion and rollups: idempotence, overlapping pages, agreement with a brute-force count
// on random data, recompute, pruning that keeps history, and tenant isolation.
import { afterEach, describe, expect, it } from 'vitest'
import type { SignInEvent } from '../../../src-main/core/sources/types'
import { signInEventTypes } from '../../../src-main/core/sources/types'
import {
  bruteForce,
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
let fixture: ReturnType<typeof tempStore>
afterEach(() => fixture?.done())

/** `count` random events for `apps` over `hours` hours from T0, with random failures and types. */
function randomEvents(
  random: () => number,
  count: number,
  apps: string[],
  hours: number,
): SignInEvent[] {
  return Array.from({ length: count }, () => {
    const failed = random() < 0.2
    return signIn({
      id: guid(random),
      appId: apps[Math.floor(random() * apps.length)]!,
      createdDateTime: iso(T0 + Math.floor(random() * hours * 3600)),
      errorCode: failed ? 7000215 : 0,
      failureReason: failed ? 'Invalid client secret provided.' : null,
      eventType: signInEventTypes[Math.floor(random() * 4)]!,
    })
  })
}

describe('ingestSignIns', () => {
  it('counts new events into their hour and ignores the same events ingested again', () => {
    fixture = tempStore()
    const { store } = fixture
    const events = [
      signIn({ appId: 'app-1', createdDateTime: '2025-03-01T10:00:00Z' }),
      signIn({
        appId: 'app-1',
        createdDateTime: '2025-03-01T10:59:59Z',
        errorCode: 50_126,
        failureReason: 'bad',
      }),
      signIn({ appId: 'app-1', createdDateTime: '2025-03-01T11:00:00Z' }),
      signIn({ appId: 'app-2', createdDateTime: '2025-03-01T10:30:00Z' }),
    ]
    const first = store.ingestSignIns(TENANT_A, events)
    expect(first).toMatchObject({ inserted: 4, duplicates: 0, tooOld: 0 })
    expect(first.touchedHours.map((date) => date.toISOString())).toEqual([
      '2025-03-01T10:00:00.000Z',
      '2025-03-01T11:00:00.000Z',
    ])
    const before = rollupMap(store, TENANT_A)
    expect(Object.fromEntries(before)).toEqual({
      [`app-1|${T0 + 10 * 3600}`]: [2, 1],
      [`app-1|${T0 + 11 * 3600}`]: [1, 0],
      [`app-2|${T0 + 10 * 3600}`]: [1, 0],
    })

    const second = store.ingestSignIns(TENANT_A, events)
    expect(second).toEqual({ inserted: 0, duplicates: 4, tooOld: 0, touchedHours: [] })
    expect(rollupMap(store, TENANT_A)).toEqual(before)
  })

  it('counts overlapping pages (and duplicates within one page) once', () => {
    fixture = tempStore()
    const { store } = fixture
    const random = seededRandom(7)
    const events = randomEvents(random, 3_000, ['a', 'b', 'c'], 48)
    // Pages of 1,000 that each overlap the previous one by 250 events, as an incremental sync with
    // an overlap window re-fetches, plus one page that repeats an event inside itself.
    let inserted = 0
    let duplicates = 0
    for (let start = 0; start < events.length; start += 750) {
      const page = events.slice(start, start + 1_000)
      const result = store.ingestSignIns(TENANT_A, page)
      inserted += result.inserted
      duplicates += result.duplicates
    }
    const repeat = store.ingestSignIns(TENANT_A, [events[5]!, events[5]!])
    expect(repeat).toMatchObject({ inserted: 0, duplicates: 2 })
    expect(inserted).toBe(3_000)
    expect(duplicates).toBe(250 * 3)
    expect(rollupMap(store, TENANT_A)).toEqual(bruteForce(events))
  })

  it('counts many events of one second once each, with repeats inside and across batches', () => {
    fixture = tempStore()
    const { store } = fixture
    const random = seededRandom(11)
    // 60 distinct events in the same second (more than a second's linear duplicate scan covers),
    // each delivered twice in the first batch and again in a later one.
    const events = Array.from({ length: 60 }, (_, index) =>
      signIn({
        id: guid(random),
        appId: `app-${index % 3}`,
        createdDateTime: '2025-03-01T10:00:00Z',
        errorCode: index % 7 === 0 ? 50_126 : 0,
      }),
    )
    const first = store.ingestSignIns(TENANT_A, [...events, ...[...events].reverse()])
    expect(first).toMatchObject({ inserted: 60, duplicates: 60 })
    const again = store.ingestSignIns(TENANT_A, events.slice(10, 50))
    expect(again).toMatchObject({ inserted: 0, duplicates: 40 })
    expect(rollupMap(store, TENANT_A)).toEqual(bruteForce(events))
  })

  it('takes the row-by-row path for a sparse batch over a busy range and still counts exactly', () => {
    fixture = tempStore()
    const { store } = fixture
    const random = seededRandom(12)
    const busy = randomEvents(random, 3_000, ['a', 'b'], 48)
    store.ingestSignIns(TENANT_A, busy)
    // A few old events spread over the whole range (far more stored rows in it than the batch has),
    // plus a few new ones.
    const fresh = randomEvents(random, 5, ['c'], 48)
    const sparse = [busy[0]!, busy[1_500]!, busy[2_999]!, ...fresh]
    expect(store.ingestSignIns(TENANT_A, sparse)).toMatchObject({ inserted: 5, duplicates: 3 })
    expect(rollupMap(store, TENANT_A)).toEqual(bruteForce([...busy, ...fresh]))
  })

  it('matches a brute-force count on random data in random batches (seeded, several seeds)', () => {
    fixture = tempStore()
    const { store } = fixture
    for (const seed of [1, 2, 3, 4, 5]) {
      const tenant = `tenant-${seed}`
      const random = seededRandom(seed)
      const apps = Array.from(
        { length: 1 + Math.floor(random() * 8) },
        (_, index) => `app-${seed}-${index}`,
      )
      const events = randomEvents(
        random,
        500 + Math.floor(random() * 2_000),
        apps,
        1 + Math.floor(random() * 200),
      )
      // Re-deliver a random 30 % of events, shuffled into random-sized batches.
      const deliveries = [...events, ...events.filter(() => random() < 0.3)]
      for (let i = deliveries.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1))
        ;[deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!]
      }
      let inserted = 0
      for (let start = 0; start < deliveries.length;) {
        const size = 1 + Math.floor(random() * 400)
        inserted += store.ingestSignIns(tenant, deliveries.slice(start, start + size)).inserted
        start += size
      }
      expect(inserted).toBe(events.length)
      const truth = bruteForce(events)
      expect(rollupMap(store, tenant)).toEqual(truth)
      // A full recompute from raw must land on the same numbers.
      store.recomputeRollups(tenant, new Date(T0 * 1000), new Date((T0 + 400 * 3600) * 1000))
      expect(rollupMap(store, tenant)).toEqual(truth)
    }
  })

  it('rejects a batch with an unparseable time or unknown event type without writing any of it', () => {
    fixture = tempStore()
    const { store } = fixture
    const good = signIn({ appId: 'a', createdDateTime: '2025-03-01T10:00:00Z' })
    expect(() =>
      store.ingestSignIns(TENANT_A, [good, signIn({ appId: 'a', createdDateTime: 'yesterday' })]),
    ).toThrow(/not a date/)
    const badType = {
      ...signIn({ appId: 'a', createdDateTime: '2025-03-01T10:00:00Z' }),
      eventType: 'robot',
    }
    expect(() => store.ingestSignIns(TENANT_A, [good, badType as unknown as SignInEvent])).toThrow(
      /event type/,
    )
    expect(rollupMap(store, TENANT_A).size).toBe(0)
    expect(store.ingestSignIns(TENANT_A, [good]).inserted).toBe(1)
  })

  it('keeps the fields the UI shows', () => {
    fixture = tempStore()
    const { store } = fixture
    store.ingestSignIns(TENANT_A, [
      signIn({
        id: 'e1',
        appId: 'a',
        createdDateTime: '2025-03-01T10:00:00Z',
        eventType: 'interactiveUser',
        errorCode: 50_126,
        failureReason: 'Invalid username or password.',
        ipAddress: '2001:db8::1',
        location: { city: 'Busan', countryOrRegion: 'KR' },
        userPrincipalName: 'kim@contoso.com',
      }),
      signIn({
        id: 'e2',
        appId: 'b',
        createdDateTime: '2025-03-01T11:00:00Z',
        failureReason: 'Other.',
      }),
    ])
    expect(store.recentSignIns(TENANT_A)).toEqual([
      expect.objectContaining({ id: 'e2', appId: 'b', errorCode: 0, failureReason: null }),
      {
        id: 'e1',
        createdDateTime: new Date('2025-03-01T10:00:00Z'),
        appId: 'a',
        eventType: 'interactiveUser',
        errorCode: 50_126,
        failureReason: 'Invalid username or password.',
        ipAddress: '2001:db8::1',
        countryOrRegion: 'KR',
        userPrincipalName: 'kim@contoso.com',
      },
    ])
    expect(store.recentSignIns(TENANT_A, { appId: 'a' }).map((event) => event.id)).toEqual(['e1'])
    expect(store.recentSignIns(TENANT_A, { failuresOnly: true }).map((event) => event.id)).toEqual([
      'e1',
    ])
  })
})

describe('recomputeRollups', () => {
  it('repairs drifted rollups from raw events and is idempotent', () => {
    fixture = tempStore()
    const { store } = fixture
    const events = randomEvents(seededRandom(11), 1_000, ['x', 'y'], 24)
    store.ingestSignIns(TENANT_A, events)
    const truth = bruteForce(events)
    // Another source wrote a wrong number into an hour (and one for an hour with no raw events).
    store.ingestSignIns(TENANT_A, [signIn({ appId: 'x', createdDateTime: iso(T0 + 5 * 3600 + 1) })])
    expect(rollupMap(store, TENANT_A)).not.toEqual(truth)
    const windowStart = new Date((T0 + 3600 * 5 + 1800) * 1000) // mid-hour: widened to the whole hour
    const windowEnd = new Date((T0 + 3600 * 6) * 1000)
    const once = store.recomputeRollups(TENANT_A, windowStart, windowEnd)
    expect(once.hours).toBe(1)
    const after = rollupMap(store, TENANT_A)
    store.recomputeRollups(TENANT_A, windowStart, windowEnd)
    expect(rollupMap(store, TENANT_A)).toEqual(after)
    // Hour 5 now has one more event than the original truth, and every other hour is untouched.
    const key = `x|${T0 + 5 * 3600}`
    expect(after.get(key)?.[0]).toBe((truth.get(key)?.[0] ?? 0) + 1)
  })
})

describe('pruneRawEvents', () => {
  it('deletes raw events before whole hours, keeps rollups, and never recounts or recomputes pruned hours', () => {
    fixture = tempStore({ at: '2025-05-01T00:00:00Z' })
    const { store } = fixture
    const events = randomEvents(seededRandom(3), 2_000, ['a', 'b', 'c'], 72)
    store.ingestSignIns(TENANT_A, events)
    const truth = bruteForce(events)
    const cut = new Date((T0 + 36 * 3600 + 1234) * 1000) // rounded down to T0 + 36 h
    const { deleted, before } = store.pruneRawEvents(cut)
    expect(before.getTime() / 1000).toBe(T0 + 36 * 3600)
    const older = events.filter(
      (event) => Date.parse(event.createdDateTime) / 1000 < T0 + 36 * 3600,
    )
    expect(deleted).toBe(older.length)
    expect(rollupMap(store, TENANT_A)).toEqual(truth)

    // Re-fetching the pruned hours must not count them again (their raw rows are gone)...
    const again = store.ingestSignIns(TENANT_A, events)
    expect(again).toMatchObject({
      inserted: 0,
      tooOld: older.length,
      duplicates: events.length - older.length,
    })
    // ...and a recompute over everything must not shrink the pruned hours' history.
    store.recomputeRollups(TENANT_A, new Date(T0 * 1000), new Date((T0 + 100 * 3600) * 1000))
    expect(rollupMap(store, TENANT_A)).toEqual(truth)
    expect(store.listTenants()[0]?.rawPrunedBefore).toEqual(before)
    // Pruning again to an earlier point lowers nothing.
    store.pruneRawEvents(new Date(T0 * 1000))
    expect(store.listTenants()[0]?.rawPrunedBefore).toEqual(before)
  })

  it('defaults to the retention window before now and deletes in chunks', () => {
    fixture = tempStore({ at: '2025-03-20T00:00:00Z', rawRetentionDays: 10 })
    const { store } = fixture
    // 50,000 events on 2025-03-01..03-03 (beyond 10 days), 10 events yesterday.
    const random = seededRandom(5)
    const old = Array.from({ length: 50_000 }, () =>
      signIn({
        id: guid(random),
        appId: 'a',
        createdDateTime: iso(T0 + Math.floor(random() * 2 * 86_400)),
      }),
    )
    const recent = Array.from({ length: 10 }, (_, index) =>
      signIn({
        appId: 'a',
        createdDateTime: iso(Date.parse('2025-03-19T00:00:00Z') / 1000 + index),
      }),
    )
    for (let start = 0; start < old.length; start += 1_000)
      store.ingestSignIns(TENANT_A, old.slice(start, start + 1_000))
    store.ingestSignIns(TENANT_A, recent)
    expect(store.pruneRawEvents()).toEqual({
      deleted: 50_000,
      before: new Date('2025-03-10T00:00:00Z'),
    })
    expect(store.recentSignIns(TENANT_A, { limit: 1_000 })).toHaveLength(10)
    const total = [...rollupMap(store, TENANT_A).values()].reduce((sum, [count]) => sum + count, 0)
    expect(total).toBe(50_010)
  })
})

describe('tenant isolation', () => {
  it('keeps two tenants apart even when they share app ids and event ids', () => {
    fixture = tempStore()
    const { store } = fixture
    const shared = signIn({
      id: 'same-id',
      appId: 'shared-app',
      createdDateTime: '2025-03-01T10:00:00Z',
    })
    expect(store.ingestSignIns(TENANT_A, [shared]).inserted).toBe(1)
    expect(store.ingestSignIns(TENANT_B, [shared, { ...shared, id: 'b-only' }]).inserted).toBe(2)
    expect(rollupMap(store, TENANT_A).get(`shared-app|${T0 + 10 * 3600}`)).toEqual([1, 0])
    expect(rollupMap(store, TENANT_B).get(`shared-app|${T0 + 10 * 3600}`)).toEqual([2, 0])

    store.pruneRawEvents(new Date('2025-04-01T00:00:00Z'), TENANT_A)
    expect(store.recentSignIns(TENANT_A)).toHaveLength(0)
    expect(store.recentSignIns(TENANT_B)).toHaveLength(2)
    store.recomputeRollups(
      TENANT_B,
      new Date('2025-03-01T00:00:00Z'),
      new Date('2025-03-02T00:00:00Z'),
    )
    expect(rollupMap(store, TENANT_A).get(`shared-app|${T0 + 10 * 3600}`)).toEqual([1, 0])
    expect(store.listApps(TENANT_A).map((app) => app.appId)).toEqual(['shared-app'])
    expect(store.listApps(TENANT_B)[0]?.lastSeen).toEqual(new Date('2025-03-01T10:00:00Z'))
    expect(store.listApps('no-such-tenant')).toEqual([])
    expect(store.listTenants().map((tenant) => tenant.tenantId)).toEqual([TENANT_A, TENANT_B])
  })
})
