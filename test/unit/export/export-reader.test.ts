// The store's chunked read path for export: keyset pagination returns every rollup exactly once
// whatever the chunk size (boundaries inside an hour, a day, a month), equal to the events; and an
// export snapshot does not see writes made while it reads.
import type { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import {
  ExportSnapshot,
  rollupChunks,
  type RollupTuple,
} from '../../../src-main/core/store/export-reader'
import type { Store } from '../../../src-main/core/store'
import type { Granularity } from '../../../src-main/core/store/types'
import type { SignInEvent } from '../../../src-main/core/sources/types'
import { guid, iso, seededRandom, signIn, tempStore, TENANT_A, TENANT_B } from '../store/helpers'

let done: Array<() => void> = []
afterEach(() => {
  for (const cleanup of done) cleanup()
  done = []
})

function seeded() {
  const context = tempStore({ at: '2025-04-01T00:00:00Z' })
  done.push(() => context.done())
  const random = seededRandom(21)
  const apps = Array.from({ length: 7 }, () => guid(random))
  const start = Date.parse('2025-01-20T00:00:00Z') / 1000
  const events: SignInEvent[] = []
  for (let index = 0; index < 3_000; index++) {
    events.push(
      signIn({
        appId: apps[Math.floor(random() * apps.length)]!,
        createdDateTime: iso(start + Math.floor(random() * 60 * 86_400)),
        errorCode: random() < 0.2 ? 50_126 : 0,
      }),
    )
  }
  events.sort((a, b) => a.createdDateTime.localeCompare(b.createdDateTime))
  context.store.ingestSignIns(TENANT_A, events)
  context.store.ingestSignIns(
    TENANT_B,
    events.slice(0, 50).map((event) => ({ ...event, id: guid() })),
  )
  return { ...context, apps, events }
}

/** Truth from the events: `start|app` → [sign-ins, failures]. */
function truth(
  events: SignInEvent[],
  granularity: Granularity,
  keep: (event: SignInEvent) => boolean = () => true,
) {
  const map = new Map<string, [number, number]>()
  for (const event of events) {
    if (!keep(event)) continue
    const date = new Date(event.createdDateTime)
    const start =
      granularity === 'hour'
        ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), date.getUTCHours())
        : granularity === 'day'
          ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())
          : Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)
    const key = `${start / 1000}|${event.appId}`
    const cell = map.get(key) ?? [0, 0]
    cell[0]++
    if (event.errorCode !== 0) cell[1]++
    map.set(key, cell)
  }
  return map
}

/** The store's own connection (private): the chunked reader runs on it in iterateRollups too. */
const dbOf = (store: Store) => (store as unknown as { db: DatabaseSync }).db

const flatten = (chunks: Iterable<RollupTuple[]>) => [...chunks].flat()

describe('rollupChunks (keyset pagination)', () => {
  it.each(['hour', 'day', 'month'] as const)(
    'per %s: every row once, in order, equal to the events, for any chunk size',
    (granularity) => {
      const { store, events } = seeded()
      const db = dbOf(store)
      const expected = truth(events, granularity)
      for (const chunkRows of [1, 2, 3, 7, 512, 100_000]) {
        const rows = flatten(rollupChunks(db, { tenantId: TENANT_A, granularity }, chunkRows))
        expect(rows).toHaveLength(expected.size)
        for (let index = 1; index < rows.length; index++) {
          const [start, appId] = rows[index]!
          const [previousStart, previousApp] = rows[index - 1]!
          expect(start > previousStart || (start === previousStart && appId > previousApp)).toBe(
            true,
          )
        }
        for (const [start, appId, signIns, failures] of rows)
          expect([signIns, failures]).toEqual(expected.get(`${start}|${appId}`))
      }
    },
  )

  it('applies the range (from rounded down to the period) and the app filter at chunk boundaries', () => {
    const { store, events, apps } = seeded()
    const db = dbOf(store)
    const picked = apps.slice(2, 4)
    const from = new Date('2025-02-10T13:30:00Z')
    const to = new Date('2025-03-01T00:00:00Z')
    const query = { tenantId: TENANT_A, from, to, appIds: picked }
    const hourStart = Date.parse('2025-02-10T13:00:00Z')
    const dayStart = Date.parse('2025-02-10T00:00:00Z')
    const inRange = (lower: number) => (event: SignInEvent) => {
      const at = Date.parse(event.createdDateTime)
      return picked.includes(event.appId) && at >= lower && at < to.getTime()
    }
    for (const chunkRows of [1, 5]) {
      const hours = flatten(rollupChunks(db, { ...query, granularity: 'hour' }, chunkRows))
      const expectedHours = truth(events, 'hour', inRange(hourStart))
      expect(new Map(hours.map(([start, appId, s, f]) => [`${start}|${appId}`, [s, f]]))).toEqual(
        expectedHours,
      )
      const days = flatten(rollupChunks(db, { ...query, granularity: 'day' }, chunkRows))
      expect(new Map(days.map(([start, appId, s, f]) => [`${start}|${appId}`, [s, f]]))).toEqual(
        truth(events, 'day', inRange(dayStart)),
      )
    }
  })

  it('returns nothing for an empty or inverted range', () => {
    const { store } = seeded()
    const db = dbOf(store)
    const far = {
      tenantId: TENANT_A,
      from: new Date('2030-01-01T00:00:00Z'),
      to: new Date('2030-02-01T00:00:00Z'),
    }
    for (const granularity of ['hour', 'day', 'month'] as const) {
      expect(flatten(rollupChunks(db, { ...far, granularity }))).toEqual([])
      expect(
        flatten(
          rollupChunks(db, {
            tenantId: TENANT_A,
            granularity,
            from: new Date('2025-03-01T00:00:00Z'),
            to: new Date('2025-02-01T00:00:00Z'),
          }),
        ),
      ).toEqual([])
    }
  })
})

describe('ExportSnapshot', () => {
  it('reads one snapshot: rows written after it started are not in it, and closing twice is fine', () => {
    const { store, events, apps } = seeded()
    const snapshot = new ExportSnapshot(store.path)
    const chunks = snapshot.rollupChunks({ tenantId: TENANT_A, granularity: 'hour' })
    const first = chunks.next()
    expect(first.done).toBe(false)
    // A sync commits more sign-ins (a new, later hour and an existing one) while the export reads.
    const late = [
      signIn({ appId: apps[0]!, createdDateTime: '2025-03-25T10:00:00Z' }),
      signIn({
        appId: apps[1]!,
        createdDateTime: events.at(-1)!.createdDateTime.replace(/:\d\dZ$/, ':59Z'),
      }),
    ]
    store.ingestSignIns(TENANT_A, late)
    const rows = [...first.value!, ...[...{ [Symbol.iterator]: () => chunks }].flat()]
    expect(rows.reduce((sum, row) => sum + row[2], 0)).toBe(events.length)
    snapshot.close()
    snapshot.close()
    // A new snapshot sees them.
    const after = new ExportSnapshot(store.path)
    expect(
      flatten(after.rollupChunks({ tenantId: TENANT_A, granularity: 'hour' })).reduce(
        (sum, row) => sum + row[2],
        0,
      ),
    ).toBe(events.length + 2)
    after.close()
  })
})
