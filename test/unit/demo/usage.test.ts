import { describe, expect, it } from 'vitest'
import {
  countSignIns,
  createDemoTenant,
  hourlyCounts,
  labelledAnomalies,
  signInEvents,
  signInEventsByHour,
  hourEvents,
  hourSignInSpan,
  HOUR_MS,
} from '../../../src-main/core/demo'
import type { DemoTenant } from '../../../src-main/core/demo'
import type { SignInEvent } from '../../../src-main/core/sources/types'

const now = new Date('2025-06-02T12:00:00Z')
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

function countsFromStream(
  tenant: DemoTenant,
  from: Date,
  to: Date,
): Map<string, { success: number; failure: number }> {
  const counts = new Map<string, { success: number; failure: number }>()
  for (const e of signInEvents(tenant, { from, to })) {
    const hourStart = new Date(
      Math.floor(new Date(e.createdDateTime).getTime() / HOUR_MS) * HOUR_MS,
    ).toISOString()
    const key = `${e.appId} ${hourStart}`
    const entry = counts.get(key) ?? { success: 0, failure: 0 }
    if (e.errorCode === 0) entry.success++
    else entry.failure++
    counts.set(key, entry)
  }
  return counts
}

function hoursOf(tenant: DemoTenant, appId: string, from: Date, to: Date) {
  return [...hourlyCounts(tenant, { from, to, appIds: [appId] })]
}

describe('demo sign-ins', () => {
  const tenant = createDemoTenant({ size: 'small', seed: 'usage', now })
  const from = tenant.historyStart
  const to = tenant.now

  it('agrees with the ground truth per app per hour, counted by streaming every event', () => {
    const streamed = countsFromStream(tenant, from, to)
    const truth = new Map<string, { success: number; failure: number }>()
    for (const c of hourlyCounts(tenant, { from, to }))
      truth.set(`${c.appId} ${c.hourStart}`, { success: c.success, failure: c.failure })
    expect(truth.size).toBeGreaterThan(1000)
    expect(streamed).toEqual(truth)
  })

  it("gives each app-hour's first and last sign-in as its events place them, without expanding them", () => {
    const hours = [0, 1, 7, 30, 200, 500].map((back) => tenant.nowHour - 1 - back)
    const types = new Set(['nonInteractiveUser'] as const)
    let compared = 0
    for (const hour of hours) {
      for (const filter of [undefined, types]) {
        const events = hourEvents(tenant, hour, filter ? { eventTypes: filter } : {})
        for (const app of tenant.apps) {
          const times = events
            .filter((e) => e.appId === app.appId)
            .map((e) => Date.parse(e.createdDateTime))
          const span = hourSignInSpan(tenant, app, hour, filter)
          if (times.length === 0) expect(span).toBeNull()
          else {
            expect(span).toEqual({ firstMs: Math.min(...times), lastMs: Math.max(...times) })
            compared++
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(50)
  })

  it('streams newest first inside the window with unique deterministic GUID ids', () => {
    const events: SignInEvent[] = [...signInEvents(tenant, { from, to })]
    expect(events.length).toBe(countSignIns(tenant, { from, to }).total)
    const ids = new Set(events.map((e) => e.id))
    expect(ids.size).toBe(events.length)
    let outOfOrder = 0
    for (let i = 1; i < events.length; i++)
      if (events[i - 1]!.createdDateTime < events[i]!.createdDateTime) outOfOrder++
    expect(outOfOrder).toBe(0)
    expect(events[0]!.createdDateTime < to.toISOString()).toBe(true)
    expect(events.at(-1)!.createdDateTime >= from.toISOString().replace('.000Z', 'Z')).toBe(true)
    for (const e of events.slice(0, 2000)) {
      expect(e.id).toMatch(guid)
      expect(e.createdDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    }
    const again = createDemoTenant({ size: 'small', seed: 'usage', now })
    const firstHour = signInEventsByHour(again, { from, to }).next().value
    expect(firstHour).toEqual(events.slice(0, firstHour!.length))
  })

  it('counts an unaligned window exactly', () => {
    const a = new Date(from.getTime() + 37 * 60_000 + 13_000)
    const b = new Date(to.getTime() - 3 * HOUR_MS - 59 * 60_000)
    let streamed = 0
    let early = 0
    for (const e of signInEvents(tenant, { from: a, to: b, order: 'oldestFirst' })) {
      if (e.createdDateTime < a.toISOString().replace('.000Z', 'Z')) early++
      streamed++
    }
    expect(early).toBe(0)
    expect(countSignIns(tenant, { from: a, to: b }).total).toBe(streamed)
  })

  it('covers the four event types and the AADSTS failures', () => {
    const types = new Set<string>()
    const codes = new Set<number>()
    let wrongUser = 0
    for (const e of signInEvents(tenant, { from, to })) {
      types.add(e.eventType)
      codes.add(e.errorCode)
      const isUser = e.eventType === 'interactiveUser' || e.eventType === 'nonInteractiveUser'
      if (isUser !== (e.userPrincipalName !== null && e.userPrincipalName.includes('@')))
        wrongUser++
      if (e.errorCode === 700016 && e.servicePrincipalId !== null) wrongUser++
    }
    expect(wrongUser).toBe(0)
    expect(types).toEqual(
      new Set(['servicePrincipal', 'managedIdentity', 'nonInteractiveUser', 'interactiveUser']),
    )
    for (const code of [0, 7000215, 7000222, 700016, 7000112]) expect(codes.has(code)).toBe(true)
  })

  it('filters by event type and app', () => {
    const noisy = tenant.apps.find((a) => a.behaviour === 'noisy')!
    const window = { from: new Date(to.getTime() - 6 * HOUR_MS), to }
    let n = 0
    for (const e of signInEvents(tenant, {
      ...window,
      appIds: [noisy.appId],
      eventTypes: ['servicePrincipal'],
    })) {
      expect(e.appId).toBe(noisy.appId)
      n++
    }
    expect(n).toBe(countSignIns(tenant, { ...window, appIds: [noisy.appId] }).total)
    expect(
      countSignIns(tenant, { ...window, appIds: [noisy.appId], eventTypes: ['interactiveUser'] })
        .total,
    ).toBe(0)
    expect(
      countSignIns(tenant, { ...window, appIds: ['00000000-0000-4000-8000-000000000000'] }).total,
    ).toBe(0)
  })

  it('has token caching, misbehaving apps, and a working-day rhythm', () => {
    const week = { from: new Date('2025-05-26T00:00:00Z'), to: new Date('2025-06-02T00:00:00Z') } // Monday to Monday
    const daemons = tenant.apps.filter(
      (a) => a.behaviour === 'daemon' && a.modifiers.length === 0 && a.activeUntilHour === Infinity,
    )
    let daemonTotal = 0
    for (const d of daemons)
      daemonTotal += countSignIns(tenant, { ...week, appIds: [d.appId] }).total
    const perHour = daemonTotal / daemons.length / (7 * 24)
    expect(perHour).toBeGreaterThan(0.9)
    expect(perHour).toBeLessThan(1.1)

    const noisy = tenant.apps.find((a) => a.behaviour === 'noisy')!
    const noisyHours = hoursOf(tenant, noisy.appId, week.from, week.to)
    expect(Math.max(...noisyHours.map((h) => h.success + h.failure))).toBeGreaterThan(1000)
    const at = (iso: string) => noisyHours.find((h) => h.hourStart === iso)!
    const tuesdayAfternoon = at('2025-05-27T14:00:00.000Z')
    const tuesdayNight = at('2025-05-27T03:00:00.000Z')
    const sundayAfternoon = at('2025-06-01T14:00:00.000Z')
    const total = (h: { success: number; failure: number }) => h.success + h.failure
    expect(total(tuesdayAfternoon)).toBeGreaterThan(2 * total(tuesdayNight))
    expect(total(tuesdayAfternoon)).toBeGreaterThan(2 * total(sundayAfternoon))
  })

  it('injects each labelled anomaly where the counts show it', () => {
    const anomalies = labelledAnomalies(tenant)
    expect(anomalies.map((a) => a.kind).sort()).toEqual([
      'dormant',
      'failureBurst',
      'newApp',
      'permissionGranted',
      'spike',
    ])
    const by = (kind: string) => anomalies.find((a) => a.kind === kind)!
    const sum = (rows: { success: number; failure: number }[]) =>
      rows.reduce((s, r) => s + r.success + r.failure, 0)

    const spike = by('spike')
    const during = sum(hoursOf(tenant, spike.appId, new Date(spike.from), new Date(spike.to!)))
    const dayBefore = sum(
      hoursOf(
        tenant,
        spike.appId,
        new Date(new Date(spike.from).getTime() - 24 * HOUR_MS),
        new Date(spike.from),
      ),
    )
    expect(during / 3).toBeGreaterThan(50 * (dayBefore / 24))

    const burst = by('failureBurst')
    const burstHours = hoursOf(tenant, burst.appId, new Date(burst.from), new Date(burst.to!))
    const failures = burstHours.reduce((s, r) => s + r.failure, 0)
    expect(failures / sum(burstHours)).toBeGreaterThan(0.9)
    const codes = new Set(
      [
        ...signInEvents(tenant, {
          from: new Date(burst.from),
          to: new Date(burst.to!),
          appIds: [burst.appId],
        }),
      ].map((e) => e.errorCode),
    )
    expect(codes.has(7000215)).toBe(true)

    const newApp = by('newApp')
    expect(sum(hoursOf(tenant, newApp.appId, from, new Date(newApp.from)))).toBe(0)
    expect(sum(hoursOf(tenant, newApp.appId, new Date(newApp.from), to))).toBeGreaterThan(10)

    const dormant = by('dormant')
    expect(sum(hoursOf(tenant, dormant.appId, from, new Date(dormant.from)))).toBeGreaterThan(10)
    expect(sum(hoursOf(tenant, dormant.appId, new Date(dormant.from), to))).toBe(0)

    const granted = by('permissionGranted')
    const app = tenant.apps.find((a) => a.appId === granted.appId)!.connected!
    const isolate = app.applicationPermissions.find((p) => p.value === 'Machine.Isolate')!
    expect(Math.floor(new Date(isolate.createdDateTime).getTime() / HOUR_MS) * HOUR_MS).toBe(
      new Date(granted.from).getTime(),
    )
    const span = 48 * HOUR_MS
    const before = sum(
      hoursOf(
        tenant,
        granted.appId,
        new Date(new Date(granted.from).getTime() - span),
        new Date(granted.from),
      ),
    )
    const after = sum(
      hoursOf(
        tenant,
        granted.appId,
        new Date(granted.from),
        new Date(new Date(granted.from).getTime() + span),
      ),
    )
    expect(after).toBeGreaterThan(2 * before)
  })
})
