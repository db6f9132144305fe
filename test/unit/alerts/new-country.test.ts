// The new-country rule over a real store: it reads every raw sign-in of the window in SQL (not the
// newest 10,000), compares with what the app used before (memory, and the 14-day baseline period
// when the memory lacks a pair), and sees sign-ins stored after a later one was looked at.
import { afterEach, describe, expect, it } from 'vitest'
import { evaluateAlerts, evaluationStateKey } from '../../../src-main/core/alerts'
import { guid, iso, signIn, tempStore, TENANT_A } from '../store/helpers'

const APP_A = '11111111-1111-4111-8111-111111111111'
const APP_B = '22222222-2222-4222-8222-222222222222'
const HOUR = 3600
const day0 = Date.parse('2025-03-01T00:00:00Z') / 1000

let fixture: ReturnType<typeof tempStore> | null = null
afterEach(() => {
  fixture?.done()
  fixture = null
})

const at = (seconds: number) => new Date(seconds * 1000)
const from = (appId: string, seconds: number, country: string) =>
  signIn({
    id: guid(),
    appId,
    createdDateTime: iso(seconds),
    location: { city: 'x', countryOrRegion: country },
  })

/** `count` sign-ins spread evenly over [start, start + span). */
function many(appId: string, start: number, span: number, count: number, country: string) {
  return Array.from({ length: count }, (_, index) =>
    from(appId, start + Math.floor((index * span) / count), country),
  )
}

function newCountryAlerts() {
  return fixture!.store
    .listAlerts(TENANT_A, { limit: 100 })
    .filter((alert) => alert.rule === 'newCountry')
}

function evaluate(seconds: number) {
  fixture!.clock.now = at(seconds)
  return evaluateAlerts(fixture!.store, TENANT_A, at(seconds), undefined, { timeZone: 'UTC' })
}

describe('new-country rule over the store', () => {
  it('finds a new country among more than 10,000 sign-ins since the last look', () => {
    fixture = tempStore({ at: '2025-03-05T00:00:00Z' })
    const { store } = fixture
    store.ingestSignIns(TENANT_A, [
      ...many(APP_A, day0, 3 * 86_400, 300, 'KR'),
      ...many(APP_B, day0, 3 * 86_400, 300, 'KR'),
    ])
    // The first look learns (no alert for an app's first countries).
    evaluate(day0 + 3 * 86_400)
    expect(newCountryAlerts()).toEqual([])

    // Day 4: one sign-in of A from Germany early, then 12,000 ordinary ones: the German one is not
    // among the newest 10,000.
    const start = day0 + 3 * 86_400
    store.ingestSignIns(TENANT_A, [
      from(APP_A, start + HOUR, 'DE'),
      ...many(APP_A, start + 2 * HOUR, 20 * HOUR, 6_000, 'KR'),
      ...many(APP_B, start + 2 * HOUR, 20 * HOUR, 6_000, 'KR'),
    ])
    expect(
      store
        .recentSignIns(TENANT_A, { limit: 10_000 })
        .some((event) => event.countryOrRegion === 'DE'),
    ).toBe(false)
    const result = evaluate(start + 86_400)
    const alerts = newCountryAlerts()
    expect(
      alerts.map((alert) => [
        alert.appId,
        (alert.payload as { params: { country: string } }).params.country,
      ]),
    ).toEqual([[APP_A, 'DE']])
    expect(result.raised.map((alert) => alert.rule)).toEqual(['newCountry'])
    expect(alerts[0]!.payload).toMatchObject({
      observed: 'DE',
      baseline: 'KR',
      params: { signIns: 1 },
    })

    // The next look: Germany is known now, so nothing new however often A uses it.
    store.ingestSignIns(TENANT_A, many(APP_A, start + 86_400 + HOUR, 10 * HOUR, 50, 'DE'))
    evaluate(start + 2 * 86_400)
    expect(newCountryAlerts()).toHaveLength(1)
  })

  it('compares with the baseline period when the memory lacks a pair, and sees late sign-ins', () => {
    fixture = tempStore({ at: '2025-03-12T00:00:00Z' })
    const { store } = fixture
    // Ten days of A from Korea and Japan.
    store.ingestSignIns(TENANT_A, [
      ...many(APP_A, day0, 10 * 86_400, 2_000, 'KR'),
      ...many(APP_A, day0, 10 * 86_400, 200, 'JP'),
    ])
    const now = day0 + 10 * 86_400
    // A memory that lost its countries (an older version's state), but has looked before.
    store.setState(TENANT_A, evaluationStateKey, {
      evaluatedThroughHour: null,
      open: {},
      countries: {},
      countriesThrough: (now - 6 * HOUR) * 1000,
    })
    // After the last look: Japan (in the baseline: not new) and France (new).
    store.ingestSignIns(TENANT_A, [
      from(APP_A, now - 2 * HOUR, 'JP'),
      from(APP_A, now - HOUR, 'FR'),
    ])
    evaluate(now)
    expect(
      newCountryAlerts().map((alert) => (alert.payload as { observed: string }).observed),
    ).toEqual(['FR'])

    // A sign-in created before the last look but stored after it (Graph's latency) still counts.
    store.ingestSignIns(TENANT_A, [from(APP_A, now - 30 * 60, 'BR')])
    evaluate(now + HOUR)
    expect(
      newCountryAlerts()
        .map((alert) => (alert.payload as { observed: string }).observed)
        .sort(),
    ).toEqual(['BR', 'FR'])
  })

  it('keeps learning apps quiet: an app with no known country yet raises nothing', () => {
    fixture = tempStore({ at: '2025-03-05T00:00:00Z' })
    const { store } = fixture
    store.ingestSignIns(TENANT_A, many(APP_A, day0, 86_400, 100, 'KR'))
    evaluate(day0 + 86_400)
    // B appears after the first look, from two countries at once: its first countries are learnt.
    store.ingestSignIns(TENANT_A, [
      ...many(APP_B, day0 + 86_400, 10 * HOUR, 20, 'US'),
      ...many(APP_B, day0 + 86_400, 10 * HOUR, 20, 'CA'),
    ])
    evaluate(day0 + 2 * 86_400)
    expect(newCountryAlerts()).toEqual([])
    const state = store.getState<{ countries: Record<string, string[]> }>(
      TENANT_A,
      evaluationStateKey,
    )
    expect(state?.countries[APP_B]?.sort()).toEqual(['CA', 'US'])
  })
})
