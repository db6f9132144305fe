// Counting sign-ins per app per hour, the generator's ground truth in the same shape, and a sliced
// concurrent backfill like the sync engine's.
import { HOUR_MS, hourlyCounts } from '../../../src-main/core/demo'
import type { DemoTenant } from '../../../src-main/core/demo'
import { runPool } from '../../../src-main/core/graph/client'
import type { GraphUsageSource } from '../../../src-main/core/sources/graph-source'
import type { SignInEvent, TimeWindow } from '../../../src-main/core/sources/types'

export const DAY_MS = 24 * HOUR_MS

export interface Tally {
  /** `${appId}|${hourStartIso}` → [success, failure] */
  hours: Map<string, [number, number]>
  events: number
  ids: Set<string> | null
}

export function newTally(keepIds: boolean): Tally {
  return { hours: new Map(), events: 0, ids: keepIds ? new Set() : null }
}

export function add(tally: Tally, events: readonly SignInEvent[]): void {
  for (const e of events) {
    const hour = new Date(
      Math.floor(Date.parse(e.createdDateTime) / HOUR_MS) * HOUR_MS,
    ).toISOString()
    const key = `${e.appId}|${hour}`
    const counts = tally.hours.get(key) ?? [0, 0]
    counts[e.errorCode === 0 ? 0 : 1]++
    tally.hours.set(key, counts)
    tally.events++
    tally.ids?.add(e.id)
  }
}

export function groundTruth(demo: DemoTenant, window: TimeWindow): Map<string, [number, number]> {
  const map = new Map<string, [number, number]>()
  for (const c of hourlyCounts(demo, { from: window.from, to: window.to }))
    map.set(`${c.appId}|${c.hourStart}`, [c.success, c.failure])
  return map
}

/** Cuts the window into slices and fetches them `concurrency` at a time, as the backfill does. */
export async function backfill(
  source: GraphUsageSource,
  window: TimeWindow,
  sliceMs: number,
  concurrency: number,
  tally: Tally,
) {
  const slices: TimeWindow[] = []
  for (let from = window.from.getTime(); from < window.to.getTime(); from += sliceMs)
    slices.push({
      from: new Date(from),
      to: new Date(Math.min(from + sliceMs, window.to.getTime())),
    })
  await runPool(slices, concurrency, async (slice) => {
    for await (const page of source.signIns({ window: slice })) add(tally, page)
  })
}
