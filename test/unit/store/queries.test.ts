// Reading the store: the apps list, usage series, the export iterator; and the small tables:
// checkpoints, alerts, per-tenant state.
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../src-main/contract/errors'
import { connectedApp, iso, signIn, TENANT_A, TENANT_B, tempStore } from './helpers'

let fixture: ReturnType<typeof tempStore>
afterEach(() => fixture?.done())

const at = (text: string) => Date.parse(text) / 1000

describe('listApps', () => {
  it('gives last seen, exact last-24-hour counts and a 30-day daily trend', () => {
    fixture = tempStore({ at: '2025-03-31T12:00:00Z' })
    const { store } = fixture
    store.applyDiscovery(
      TENANT_A,
      [
        connectedApp({ appId: 'siem', displayName: 'SIEM' }),
        connectedApp({ appId: 'idle', displayName: 'Idle' }),
      ],
      new Date('2025-03-01T00:00:00Z'),
    )
    store.ingestSignIns(TENANT_A, [
      // 24 h window is (2025-03-30T12:00:00, 2025-03-31T12:00:00]: the first is just outside.
      signIn({ appId: 'siem', createdDateTime: '2025-03-30T12:00:00Z' }),
      signIn({ appId: 'siem', createdDateTime: '2025-03-30T12:00:01Z', errorCode: 7_000_215 }),
      signIn({ appId: 'siem', createdDateTime: '2025-03-31T11:59:59Z' }),
      signIn({ appId: 'siem', createdDateTime: '2025-03-02T08:00:00Z' }), // day index 0 of the trend
      signIn({ appId: 'siem', createdDateTime: '2025-03-01T23:59:59Z' }), // before the trend
      // An app discovery does not list (an unknown client), known only from its sign-ins.
      signIn({
        appId: 'ghost',
        appDisplayName: 'Old name',
        createdDateTime: '2025-03-20T00:00:00Z',
        errorCode: 700_016,
      }),
      signIn({
        appId: 'ghost',
        appDisplayName: 'Ghost',
        createdDateTime: '2025-03-21T00:00:00Z',
        errorCode: 700_016,
      }),
    ])
    const apps = store.listApps(TENANT_A)
    expect(apps.map((app) => app.appId)).toEqual(['ghost', 'idle', 'siem'])
    const [ghost, idle, siem] = apps
    expect(siem).toMatchObject({
      displayName: 'SIEM',
      inDiscovery: true,
      lastSeen: new Date('2025-03-31T11:59:59Z'),
      signIns24h: 2,
      failures24h: 1,
    })
    const trend = new Array(30).fill(0)
    trend[0] = 1
    trend[28] = 2
    trend[29] = 1
    expect(siem?.trend30d).toEqual(trend)
    expect(idle).toMatchObject({ lastSeen: null, signIns24h: 0, trend30d: new Array(30).fill(0) })
    expect(ghost).toMatchObject({
      displayName: 'Ghost',
      inDiscovery: false,
      servicePrincipalId: null,
      lastSeen: new Date('2025-03-21T00:00:00Z'),
    })
  })

  it('keeps the exact last seen after raw events are pruned', () => {
    fixture = tempStore({ at: '2025-06-01T00:00:00Z' })
    const { store } = fixture
    store.ingestSignIns(TENANT_A, [signIn({ appId: 'a', createdDateTime: '2025-03-05T10:17:42Z' })])
    store.pruneRawEvents()
    expect(store.recentSignIns(TENANT_A)).toEqual([])
    expect(store.listApps(TENANT_A)[0]?.lastSeen).toEqual(new Date('2025-03-05T10:17:42Z'))
    expect(store.appDetail(TENANT_A, 'a')?.summary.lastSeen).toEqual(
      new Date('2025-03-05T10:17:42Z'),
    )
    expect(store.appDetail(TENANT_A, 'nope')).toBeNull()
  })
})

describe('usageSeries', () => {
  it('gives a dense hourly or daily series for one app', () => {
    fixture = tempStore()
    const { store } = fixture
    store.ingestSignIns(TENANT_A, [
      signIn({ appId: 'a', createdDateTime: '2025-03-01T01:10:00Z' }),
      signIn({ appId: 'a', createdDateTime: '2025-03-01T01:20:00Z', errorCode: 1 }),
      signIn({ appId: 'a', createdDateTime: '2025-03-02T05:00:00Z' }),
      signIn({ appId: 'b', createdDateTime: '2025-03-01T01:10:00Z' }),
    ])
    const hourly = store.usageSeries(TENANT_A, 'a', {
      from: new Date('2025-03-01T00:30:00Z'),
      to: new Date('2025-03-01T03:00:00Z'),
      granularity: 'hour',
    })
    expect(
      hourly.map((point) => [
        point.start.toISOString().slice(11, 13),
        point.signIns,
        point.failures,
      ]),
    ).toEqual([
      ['00', 0, 0],
      ['01', 2, 1],
      ['02', 0, 0],
    ])
    const daily = store.usageSeries(TENANT_A, 'a', {
      from: new Date('2025-02-28T00:00:00Z'),
      to: new Date('2025-03-03T00:00:00Z'),
      granularity: 'day',
    })
    expect(daily.map((point) => point.signIns)).toEqual([0, 2, 1])
    expect(() =>
      store.usageSeries(TENANT_A, 'a', {
        from: new Date(0),
        to: new Date('2025-01-01T00:00:00Z'),
        granularity: 'hour',
      }),
    ).toThrow(AppError)
  })
})

describe('iterateRollups', () => {
  function seed() {
    fixture = tempStore()
    const { store } = fixture
    store.applyDiscovery(
      TENANT_A,
      [connectedApp({ appId: 'a', displayName: 'Alpha' })],
      new Date('2025-01-01T00:00:00Z'),
    )
    const events = []
    // Every 6 hours from 2025-01-30 to 2025-03-02 for app a; daily at noon for app b.
    for (let t = at('2025-01-30T00:00:00Z'); t < at('2025-03-02T00:00:00Z'); t += 6 * 3600) {
      events.push(signIn({ appId: 'a', createdDateTime: iso(t + 60) }))
      if (t % 86_400 === 0)
        events.push(
          signIn({
            appId: 'b',
            appDisplayName: 'Beta',
            createdDateTime: iso(t + 12 * 3600),
            errorCode: 5,
          }),
        )
    }
    store.ingestSignIns(TENANT_A, events)
    store.ingestSignIns(TENANT_B, [signIn({ appId: 'a', createdDateTime: '2025-02-01T00:00:00Z' })])
    return store
  }

  it('streams hourly rows in time order, then by app, with names', () => {
    const store = seed()
    const rows = [
      ...store.iterateRollups({
        tenantId: TENANT_A,
        granularity: 'hour',
        from: new Date('2025-02-01T00:00:00Z'),
        to: new Date('2025-02-01T13:00:00Z'),
      }),
    ]
    expect(
      rows.map((row) => [
        row.start.toISOString().slice(11, 16),
        row.appId,
        row.displayName,
        row.signIns,
        row.failures,
      ]),
    ).toEqual([
      ['00:00', 'a', 'Alpha', 1, 0],
      ['06:00', 'a', 'Alpha', 1, 0],
      ['12:00', 'a', 'Alpha', 1, 0],
      ['12:00', 'b', 'Beta', 1, 1],
    ])
  })

  it('aggregates by UTC day and month, filters apps, and stops cleanly when abandoned', () => {
    const store = seed()
    const days = [
      ...store.iterateRollups({ tenantId: TENANT_A, granularity: 'day', appIds: ['a'] }),
    ]
    expect(days).toHaveLength(31)
    expect(days.every((row) => row.appId === 'a' && row.signIns === 4)).toBe(true)
    const months = [...store.iterateRollups({ tenantId: TENANT_A, granularity: 'month' })]
    expect(
      months.map((row) => [
        row.start.toISOString().slice(0, 7),
        row.appId,
        row.signIns,
        row.failures,
      ]),
    ).toEqual([
      ['2025-01', 'a', 8, 0],
      ['2025-01', 'b', 2, 2],
      ['2025-02', 'a', 112, 0],
      ['2025-02', 'b', 28, 28],
      ['2025-03', 'a', 4, 0],
      ['2025-03', 'b', 1, 1],
    ])
    // A month query starting mid-month is widened to the month's start.
    const fromMid = [
      ...store.iterateRollups({
        tenantId: TENANT_A,
        granularity: 'month',
        from: new Date('2025-02-15T00:00:00Z'),
        appIds: ['b'],
      }),
    ]
    expect(fromMid.map((row) => row.signIns)).toEqual([28, 1])
    // Two iterations at once, the first abandoned after one row: both are fine.
    const first = store.iterateRollups({ tenantId: TENANT_A, granularity: 'hour' })
    const second = store.iterateRollups({ tenantId: TENANT_A, granularity: 'hour' })
    expect(first.next().done).toBe(false)
    expect(second.next().done).toBe(false)
    first.return()
    expect([...second]).toHaveLength(31 * 5 - 1)
    expect(store.historyExtent(TENANT_A)).toEqual({
      from: new Date('2025-01-30T00:00:00Z'),
      to: new Date('2025-03-01T19:00:00Z'),
    })
    expect(store.historyExtent('nobody')).toBeNull()
  })
})

describe('checkpoints', () => {
  it('stores a high-water mark and resumable slices per tenant and source', () => {
    fixture = tempStore()
    const { store } = fixture
    expect(store.getCheckpoint(TENANT_A, 'graph')).toBeNull()
    const slice1 = { from: new Date('2025-02-01T00:00:00Z'), to: new Date('2025-02-02T00:00:00Z') }
    const slice2 = { from: new Date('2025-02-02T00:00:00Z'), to: new Date('2025-02-03T00:00:00Z') }
    store.saveSlice(TENANT_A, 'graph', { ...slice2, cursor: null, done: false })
    store.saveSlice(TENANT_A, 'graph', { ...slice1, cursor: 'https://next/1', done: false })
    store.saveSlice(TENANT_A, 'graph', { ...slice1, cursor: null, done: true })
    const checkpoint = store.getCheckpoint(TENANT_A, 'graph')
    expect(checkpoint?.highWaterMark).toBeNull()
    expect(checkpoint?.slices.map((slice) => [slice.from, slice.cursor, slice.done])).toEqual([
      [slice1.from, null, true],
      [slice2.from, null, false],
    ])
    store.setHighWaterMark(TENANT_A, 'graph', new Date('2025-02-03T00:00:00Z'))
    store.clearSlices(TENANT_A, 'graph')
    expect(store.getCheckpoint(TENANT_A, 'graph')).toMatchObject({
      highWaterMark: new Date('2025-02-03T00:00:00Z'),
      slices: [],
    })
    expect(store.getCheckpoint(TENANT_B, 'graph')).toBeNull()
    expect(store.getCheckpoint(TENANT_A, 'logAnalytics')).toBeNull()
    store.saveSlice(TENANT_A, 'graph', { ...slice1, cursor: 'x', done: false })
    store.resetCheckpoint(TENANT_A, 'graph')
    expect(store.getCheckpoint(TENANT_A, 'graph')).toBeNull()
    expect(() =>
      store.saveSlice(TENANT_A, 'graph', {
        from: slice1.to,
        to: slice1.from,
        cursor: null,
        done: false,
      }),
    ).toThrow()
  })
})

describe('alerts', () => {
  it('dedupes by key, lists newest first, and acknowledges within its tenant only', () => {
    fixture = tempStore()
    const { store, clock } = fixture
    const first = store.insertAlert({
      tenantId: TENANT_A,
      appId: 'a',
      rule: 'spike',
      severity: 'medium',
      dedupeKey: 'spike:a:2025-03-10',
      payload: { ratio: 4.2 },
    })
    expect(first.inserted).toBe(true)
    expect(first.alert).toMatchObject({
      tenantId: TENANT_A,
      appId: 'a',
      rule: 'spike',
      severity: 'medium',
      payload: { ratio: 4.2 },
      acknowledgedAt: null,
      createdAt: clock.now,
    })
    const again = store.insertAlert({
      tenantId: TENANT_A,
      appId: 'a',
      rule: 'spike',
      severity: 'high',
      dedupeKey: 'spike:a:2025-03-10',
      payload: { ratio: 9 },
    })
    expect(again).toEqual({ inserted: false, alert: first.alert })
    clock.now = new Date('2025-03-11T00:00:00Z')
    const second = store.insertAlert({
      tenantId: TENANT_A,
      appId: null,
      rule: 'new-app',
      severity: 'high',
      dedupeKey: 'new-app:x',
      payload: null,
    })
    store.insertAlert({
      tenantId: TENANT_B,
      appId: 'a',
      rule: 'spike',
      severity: 'low',
      dedupeKey: 'spike:a:2025-03-10',
      payload: {},
    })

    expect(store.listAlerts(TENANT_A).map((alert) => alert.rule)).toEqual(['new-app', 'spike'])
    expect(store.listAlerts(TENANT_A, { appId: 'a' }).map((alert) => alert.id)).toEqual([
      first.alert.id,
    ])
    expect(store.acknowledgeAlert(TENANT_B, second.alert.id)).toBe(false)
    expect(store.acknowledgeAlert(TENANT_A, second.alert.id)).toBe(true)
    expect(store.acknowledgeAlert(TENANT_A, second.alert.id)).toBe(false)
    expect(
      store.listAlerts(TENANT_A, { includeAcknowledged: false }).map((alert) => alert.rule),
    ).toEqual(['spike'])
    expect(store.listAlerts(TENANT_A)[0]?.acknowledgedAt).toEqual(clock.now)
    expect(store.listAlerts(TENANT_B)).toHaveLength(1)
    expect(() =>
      store.insertAlert({
        tenantId: TENANT_A,
        appId: null,
        rule: 'x',
        severity: 'dire' as never,
        dedupeKey: 'k',
        payload: 1,
      }),
    ).toThrow(/severity/)
  })
})

describe('tenant state', () => {
  it('keeps JSON values per tenant and key', () => {
    fixture = tempStore()
    const { store } = fixture
    expect(store.getState(TENANT_A, 'baseline')).toBeUndefined()
    store.setState(TENANT_A, 'baseline', { a: [1, 2, 3] })
    store.setState(TENANT_B, 'baseline', 'other')
    store.setState(TENANT_A, 'baseline', { a: [4] })
    expect(store.getState(TENANT_A, 'baseline')).toEqual({ a: [4] })
    expect(store.getState(TENANT_B, 'baseline')).toBe('other')
    store.deleteState(TENANT_A, 'baseline')
    expect(store.getState(TENANT_A, 'baseline')).toBeUndefined()
    expect(() => store.setState(TENANT_A, 'k', undefined)).toThrow()
    store.ensureTenant(TENANT_A, 'Contoso')
    expect(store.listTenants().find((tenant) => tenant.tenantId === TENANT_A)?.displayName).toBe(
      'Contoso',
    )
  })
})
