// Ingesting sign-ins as columns (what the Graph page decoder gives) stores exactly what ingesting the
// same events as objects stores: raw rows, rollups, last seen, and the counts in the result.
import { afterEach, describe, expect, it } from 'vitest'
import { decodeSignInPage } from '../../../src-main/core/graph/sign-in-page'
import { SignInBatch } from '../../../src-main/core/sources/sign-in-batch'
import { signInEventTypes } from '../../../src-main/core/sources/types'
import { guid, iso, rollupMap, seededRandom, TENANT_A, tempStore } from './helpers'

const T0 = Date.parse('2025-03-01T00:00:00Z') / 1000
const fixtures: Array<ReturnType<typeof tempStore>> = []
afterEach(() => {
  for (const fixture of fixtures.splice(0)) fixture.done()
})

/** A Graph page (newest first) with failures, user sign-ins, nulls and a repeated row. */
function graphPage(random: () => number, count: number, endSeconds: number): string {
  const value = Array.from({ length: count }, (_, i) => {
    const failed = random() < 0.2
    const user = random() < 0.3
    return {
      id: guid(random),
      createdDateTime: `${iso(endSeconds - i * 7).slice(0, 19)}${random() < 0.5 ? '.123' : ''}Z`,
      appId: `app-${Math.floor(random() * 5)}`,
      appDisplayName: random() < 0.9 ? `App ${Math.floor(random() * 3)}` : null,
      servicePrincipalId: random() < 0.8 ? guid(random) : null,
      resourceId: '00000000-0000-0000-0000-000000000000',
      ipAddress: random() < 0.8 ? `10.0.0.${i % 7}` : null,
      userPrincipalName: user ? `user${i % 3}@contoso.com` : null,
      signInEventTypes: random() < 0.8 ? [signInEventTypes[Math.floor(random() * 4)]] : undefined,
      status: {
        errorCode: failed ? 50_126 : 0,
        failureReason: failed ? 'Bad password.' : 'Other.',
      },
      location:
        random() < 0.7 ? { city: 'Oslo', countryOrRegion: random() < 0.5 ? 'NO' : '' } : null,
    }
  })
  value.push(value[3]!) // Graph repeating a row within a page
  return JSON.stringify({ value })
}

function rawRows(fixture: ReturnType<typeof tempStore>) {
  return fixture.store.recentSignIns(TENANT_A, { limit: 10_000 })
}

describe('ingestSignIns with a SignInBatch', () => {
  it('stores exactly what the same events as objects store, overlaps included', () => {
    const random = seededRandom(21)
    const pages = [0, 1, 2].map(
      (k) =>
        new SignInBatch(
          decodeSignInPage(graphPage(random, 300, T0 + 10_000 - k * 1_500), signInEventTypes)
            .columns,
        ),
    )
    const asColumns = tempStore()
    const asObjects = tempStore()
    fixtures.push(asColumns, asObjects)
    // The second page again, and a selection of the first: re-fetched overlaps count nothing twice.
    const deliveries = [pages[0]!, pages[1]!, pages[1]!, pages[2]!, pages[0]!.select([5, 4, 3, 2])]
    for (const batch of deliveries) {
      const fromColumns = asColumns.store.ingestSignIns(TENANT_A, batch)
      const fromObjects = asObjects.store.ingestSignIns(TENANT_A, batch.toEvents())
      expect(fromColumns).toEqual(fromObjects)
    }
    expect(rawRows(asColumns)).toEqual(rawRows(asObjects))
    expect(rawRows(asColumns).length).toBe(900)
    expect(rollupMap(asColumns.store, TENANT_A)).toEqual(rollupMap(asObjects.store, TENANT_A))
    expect(asColumns.store.listApps(TENANT_A)).toEqual(asObjects.store.listApps(TENANT_A))
  })

  it('round-trips events through columns unchanged', () => {
    const random = seededRandom(4)
    const batch = new SignInBatch(
      decodeSignInPage(graphPage(random, 50, T0), signInEventTypes).columns,
    )
    const events = batch.toEvents()
    expect(SignInBatch.fromEvents(events).toEvents()).toEqual(events)
  })
})
