// What the demo tenant "really" did: counts per app per hour and the labelled anomalies, computed from
// the same count function the events are expanded from, without materialising events.
import type { SignInEventType } from '../sources/types'
import type { DemoAnomaly, DemoTenant } from './tenant'
import { HOUR_MS } from './tenant'
import type { SignInStreamQuery } from './usage'
import { hourCounts, hourEvents, resolveFilter } from './usage'

export interface HourlyAppCount {
  appId: string
  /** ISO start of the hour. */
  hourStart: string
  success: number
  failure: number
}

export interface GroundTruthQuery {
  from: Date
  to: Date
  eventTypes?: readonly SignInEventType[]
  appIds?: readonly string[]
}

/**
 * Counts per app for every hour whose start lies in [from, to), oldest hour first, apps in inventory
 * order; hours where an app was silent are left out.
 */
export function* hourlyCounts(
  tenant: DemoTenant,
  query: GroundTruthQuery,
): Generator<HourlyAppCount> {
  const filter = resolveFilter(tenant, { ...query })
  const apps = filter.apps ?? tenant.apps
  const first = Math.ceil(query.from.getTime() / HOUR_MS)
  const end = Math.ceil(query.to.getTime() / HOUR_MS)
  for (let hour = first; hour < end; hour++) {
    const hourStart = new Date(hour * HOUR_MS).toISOString()
    for (const app of apps) {
      let success = 0
      let failure = 0
      for (const block of hourCounts(tenant, app, hour)) {
        if (filter.eventTypes && !filter.eventTypes.has(block.type)) continue
        success += block.success
        failure += block.failure
      }
      if (success + failure > 0) yield { appId: app.appId, hourStart, success, failure }
    }
  }
}

export interface SignInTotals {
  success: number
  failure: number
  total: number
}

/**
 * Exact number of sign-ins in [from, to) for any bounds: whole hours from the counts, the partial hours
 * at either edge by expanding just those hours.
 */
export function countSignIns(tenant: DemoTenant, query: SignInStreamQuery): SignInTotals {
  const filter = resolveFilter(tenant, query)
  const apps = filter.apps ?? tenant.apps
  const fromMs = query.from.getTime()
  const toMs = query.to.getTime()
  let success = 0
  let failure = 0
  if (toMs <= fromMs) return { success, failure, total: 0 }
  const firstHour = Math.floor(fromMs / HOUR_MS)
  const lastHour = Math.ceil(toMs / HOUR_MS) - 1
  for (let hour = firstHour; hour <= lastHour; hour++) {
    const whole = hour * HOUR_MS >= fromMs && (hour + 1) * HOUR_MS <= toMs
    if (whole) {
      for (const app of apps) {
        for (const block of hourCounts(tenant, app, hour)) {
          if (filter.eventTypes && !filter.eventTypes.has(block.type)) continue
          success += block.success
          failure += block.failure
        }
      }
    } else {
      for (const event of hourEvents(tenant, hour, filter)) {
        if (event.errorCode === 0) success++
        else failure++
      }
    }
  }
  return { success, failure, total: success + failure }
}

/** The anomalies the generator injected, each labelled with its app and time. */
export function labelledAnomalies(tenant: DemoTenant): DemoAnomaly[] {
  return tenant.anomalies.map((a) => ({ ...a }))
}
