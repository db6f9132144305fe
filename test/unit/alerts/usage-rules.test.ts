// Spike and failure-burst rules on synthetic hourly series: no history, all zero, gaps, a real
// spike with its cool-down, failures, and the hour-of-day profile across a daylight-saving change.
import { describe, expect, it } from 'vitest'
import {
  buildHourProfile,
  detectFailureBursts,
  detectUsageSpikes,
  excessThresholds,
  hourBaseline,
  thresholdsFor,
  type AppHourlySeries,
  type UsageRuleInput,
} from '../../../src-main/core/alerts'
import { parseTenantAlertSettings } from '../../../src-main/core/alerts/settings'

const HOUR_MS = 3_600_000
const APP = '11111111-1111-4111-8111-111111111111'
const start = Date.parse('2025-03-01T00:00:00Z') / HOUR_MS
const spikeThresholds = excessThresholds(
  thresholdsFor(parseTenantAlertSettings({}), 'usageSpike', APP),
)
const failureThresholds = excessThresholds(
  thresholdsFor(parseTenantAlertSettings({}), 'failureBurst', APP),
)

function series(
  hours: number,
  signIns: (index: number) => number,
  failures: (index: number) => number = () => 0,
): AppHourlySeries {
  return {
    appId: APP,
    displayName: 'SOC - Alert Poller',
    signIns: Float64Array.from({ length: hours }, (_, index) => signIns(index)),
    failures: Float64Array.from({ length: hours }, (_, index) => failures(index)),
  }
}

function input(
  app: AppHourlySeries,
  options: Partial<UsageRuleInput> = {},
  timeZone = 'UTC',
  firstHour = start,
): UsageRuleInput {
  return {
    profile: buildHourProfile(firstHour, app.signIns.length, timeZone),
    series: app,
    from: 0,
    to: app.signIns.length,
    thresholds: spikeThresholds,
    open: null,
    ...options,
  }
}

const daemon = (index: number) => (index % 7 === 0 ? 2 : 1)
const DAYS = 20 * 24
const SPIKE_AT = 18 * 24 + 10

describe('usage spike', () => {
  it('finds nothing without history', () => {
    const empty = series(DAYS, () => Number.NaN)
    expect(detectUsageSpikes(input(empty)).findings).toEqual([])
    // Two days of data, then a spike: not enough days of the same hour to call anything unusual.
    const short = series(3 * 24, (index) => (index === 60 ? 500 : 1))
    expect(detectUsageSpikes(input(short)).findings).toEqual([])
  })

  it('finds nothing in an all-zero series', () => {
    expect(detectUsageSpikes(input(series(DAYS, () => 0))).findings).toEqual([])
    expect(
      detectFailureBursts(
        input(
          series(DAYS, () => 0),
          { thresholds: failureThresholds },
        ),
      ).findings,
    ).toEqual([])
  })

  it('raises one alert for a three-hour 150-fold spike, stating observed, baseline and window', () => {
    const app = series(DAYS, (index) =>
      index >= SPIKE_AT && index < SPIKE_AT + 3 ? 150 : daemon(index),
    )
    const { findings, open } = detectUsageSpikes(input(app))
    expect(findings).toHaveLength(1)
    const [spike] = findings
    expect(spike).toMatchObject({
      rule: 'usageSpike',
      appId: APP,
      metric: 'signIns24h',
      dataSource: 'signIns',
      severity: 'medium',
    })
    // The first window over the thresholds ends at the spike's first hour.
    expect(spike!.at.toISOString()).toBe(new Date((start + SPIKE_AT + 1) * HOUR_MS).toISOString())
    expect(spike!.window.to.getTime() - spike!.window.from.getTime()).toBe(24 * HOUR_MS)
    expect(spike!.observed).toBeGreaterThan(150)
    expect(spike!.baseline).toBe(24)
    expect(spike!.summary).toContain('sign-ins to MDE in 24 h')
    expect(spike!.action.length).toBeGreaterThan(20)
    expect(spike!.conditionKey).toBe(
      `usageSpike:${APP}:${new Date((start + SPIKE_AT) * HOUR_MS).toISOString()}`,
    )
    // Still open: the spike left the window less than a cool-down (24 h) before the series ends.
    expect(open?.startHour).toBe(start + SPIKE_AT)
  })

  it('keeps an ongoing condition as one alert across evaluations (cool-down)', () => {
    const app = series(DAYS, (index) =>
      index >= SPIKE_AT && index < SPIKE_AT + 3 ? 150 : daemon(index),
    )
    const first = detectUsageSpikes(input(app, { to: SPIKE_AT + 2 }))
    expect(first.findings).toHaveLength(1)
    expect(first.open).not.toBeNull()
    const second = detectUsageSpikes(input(app, { from: SPIKE_AT + 2, open: first.open }))
    expect(second.findings).toEqual([])
    // A second spike two days later is a new condition.
    const twice = series(DAYS, (index) =>
      (index >= SPIKE_AT - 72 && index < SPIKE_AT - 69) ||
      (index >= SPIKE_AT && index < SPIKE_AT + 3)
        ? 150
        : daemon(index),
    )
    expect(detectUsageSpikes(input(twice)).findings).toHaveLength(2)
  })

  it('does not count missing hours as zero, before or inside the window', () => {
    // Ten days of data, a five-day gap (no sync), then the usual level again: no alert.
    const gap = series(DAYS, (index) =>
      index >= 10 * 24 && index < 15 * 24 ? Number.NaN : 30 + (index % 3),
    )
    expect(detectUsageSpikes(input(gap)).findings).toEqual([])
    // A spike after the gap is still measured against the days that exist.
    const spikeAfterGap = series(DAYS, (index) =>
      index >= 10 * 24 && index < 15 * 24
        ? Number.NaN
        : index >= SPIKE_AT && index < SPIKE_AT + 3
          ? 150
          : daemon(index),
    )
    const [finding] = detectUsageSpikes(input(spikeAfterGap)).findings
    expect(finding?.baseline).toBe(24)
  })

  it('stays quiet on ordinary Poisson-like noise and under the minimum volume', () => {
    const noisy = series(DAYS, (index) => 5 + ((index * 7919) % 5))
    expect(detectUsageSpikes(input(noisy)).findings).toEqual([])
    // Tripling a tiny app (1 → 3 an hour for a day) is under the 50 sign-in minimum excess.
    const small = series(DAYS, (index) => (index >= SPIKE_AT && index < SPIKE_AT + 24 ? 3 : 1))
    expect(detectUsageSpikes(input(small)).findings).toEqual([])
  })

  it('leaves failure-driven excess to the failure-burst rule', () => {
    const broken = series(
      DAYS,
      (index) => (index >= SPIKE_AT ? 60 : 1),
      (index) => (index >= SPIKE_AT ? 60 : 0),
    )
    expect(detectUsageSpikes(input(broken)).findings).toEqual([])
    const bursts = detectFailureBursts(input(broken, { thresholds: failureThresholds })).findings
    expect(bursts).toHaveLength(1)
    expect(bursts[0]).toMatchObject({ rule: 'failureBurst', metric: 'failures24h', baseline: 0 })
  })
})

describe('hour-of-day profile across daylight saving time', () => {
  // Europe/Berlin springs forward on 2025-03-30 (02:00 → 03:00) and falls back on 2025-10-26.
  const zone = 'Europe/Berlin'
  const first = Date.parse('2025-03-10T00:00:00Z') / HOUR_MS
  const hours = 30 * 24
  const profile = buildHourProfile(first, hours, zone)
  // A job that runs 09:00–17:00 local time: 100 sign-ins an hour.
  const business = Float64Array.from({ length: hours }, (_, index) => {
    const hour = profile.localHour[index]!
    return hour >= 9 && hour < 17 ? 100 : 0
  })

  it('has a 23-hour local day with no 02:00 on the change', () => {
    const changeDay = Date.UTC(2025, 2, 30) / 86_400_000
    expect(profile.indexOf(changeDay, 2)).toBe(-1)
    expect(profile.indexOf(changeDay, 3) - profile.indexOf(changeDay, 1)).toBe(1)
  })

  it('compares 09:00 local with 09:00 local, not with the same UTC hour', () => {
    const local = hourBaseline(business, profile, 14, 5)
    const utc = hourBaseline(business, buildHourProfile(first, hours, 'UTC'), 14, 5)
    // 2025-04-01 07:00 UTC is 09:00 in Berlin (summer time); in winter 07:00 UTC was 08:00 local.
    const index = Date.parse('2025-04-01T07:00:00Z') / HOUR_MS - first
    expect(business[index]).toBe(100)
    expect(local.median[index]).toBe(100)
    expect(utc.median[index]).toBe(0)
  })

  it('raises nothing across the change with the local profile, and measures a spike after it against local hours', () => {
    const app: AppHourlySeries = {
      appId: APP,
      displayName: 'Weekly Report',
      signIns: business,
      failures: new Float64Array(hours),
    }
    expect(detectUsageSpikes(input(app, {}, zone, first)).findings).toEqual([])
    const spikeAt = Date.parse('2025-04-02T07:00:00Z') / HOUR_MS - first // 09:00 local
    const spiked = Float64Array.from(business, (value, index) =>
      index >= spikeAt && index < spikeAt + 2 ? 2000 : value,
    )
    const [finding] = detectUsageSpikes(
      input({ ...app, signIns: spiked }, {}, zone, first),
    ).findings
    expect(finding).toBeDefined()
    expect(finding!.baseline).toBe(800) // eight business hours of 100 in the 24 h window
  })
})

describe('baselines from the first evaluated window on', () => {
  it('match the full computation where computed, and leave older hours unknown', () => {
    const hours = 17 * 24 + 24
    const values = Float64Array.from(
      { length: hours },
      (_, index) => ((index * 7919) % 97) + (index % 24 === 9 ? 50 : 0),
    )
    values[300] = Number.NaN
    const profile = buildHourProfile(start, hours, 'Europe/Berlin')
    const full = hourBaseline(values, profile, 14, 5)
    const from = hours - 47
    const partial = hourBaseline(values, profile, 14, 5, from)
    expect(Array.from(partial.median.subarray(from))).toEqual(
      Array.from(full.median.subarray(from)),
    )
    expect(Array.from(partial.sigma.subarray(from))).toEqual(Array.from(full.sigma.subarray(from)))
    expect(partial.median.subarray(0, from).every(Number.isNaN)).toBe(true)
    expect(full.median.subarray(from).some((value) => !Number.isNaN(value))).toBe(true)
  })
})
