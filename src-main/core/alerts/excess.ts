// Robust "more than usual" detection over an hourly series, shared by the usage-spike and the
// failure-burst rules. Each hour's baseline is the median of the same local hour on the previous
// `baselineDays` days, with the MAD as its spread; a window of `windowHours` is anomalous when its
// excess over the summed baseline is large in absolute terms (minVolume), relative terms (factor) and
// against the spread (robust z). Unknown hours (no data: before history, gaps) are NaN and are
// neither counted as zero nor used as baseline.
import type { HourProfile } from './profile'

/** 1.4826 × MAD estimates the standard deviation of normally distributed data. */
const MAD_TO_SIGMA = 1.4826

export interface ExcessThresholds {
  windowHours: number
  baselineDays: number
  /** Fewer same-hour samples than this and the hour has no baseline. */
  minBaselineDays: number
  minVolume: number
  factor: number
  zScore: number
  /** An episode stays open (no new alert) until the condition has been clear this long. */
  cooldownHours: number
}

export interface HourBaseline {
  /** Median per index; NaN when there is not enough history. */
  median: Float64Array
  /** Robust sigma (1.4826 × MAD) per index; NaN with the median. */
  sigma: Float64Array
}

export function median(sorted: ArrayLike<number>): number {
  const n = sorted.length
  if (n === 0) return Number.NaN
  const mid = n >> 1
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Median and MAD of one value list (robust centre and spread). */
export function medianAndMad(values: readonly number[]): { median: number; mad: number } {
  const sorted = Float64Array.from(values).sort()
  const centre = median(sorted)
  const deviations = Float64Array.from(values, (value) => Math.abs(value - centre)).sort()
  return { median: centre, mad: median(deviations) }
}

/**
 * Each hour's baseline from `fromIndex` on (earlier hours stay NaN: callers pass the first hour of
 * the first window they evaluate, since older hours only serve as samples, and a daily evaluation
 * then computes ~48 baselines instead of ~430).
 */
export function hourBaseline(
  values: Float64Array,
  profile: HourProfile,
  baselineDays: number,
  minBaselineDays: number,
  fromIndex = 0,
): HourBaseline {
  const n = values.length
  const medianOut = new Float64Array(n).fill(Number.NaN)
  const sigmaOut = new Float64Array(n).fill(Number.NaN)
  // Reused buffers, sorted by insertion: at most `baselineDays` (14) values per hour.
  const samples = new Float64Array(baselineDays)
  const deviations = new Float64Array(baselineDays)
  for (let index = Math.max(0, fromIndex); index < n; index++) {
    const day = profile.localDay[index]!
    const hour = profile.localHour[index]!
    let count = 0
    for (let back = 1; back <= baselineDays; back++) {
      const at = profile.indexOf(day - back, hour)
      if (at < 0 || at >= index) continue
      const value = values[at]!
      if (!Number.isNaN(value)) insertSorted(samples, count++, value)
    }
    if (count < minBaselineDays) continue
    const centre = median(samples.subarray(0, count))
    for (let k = 0; k < count; k++) insertSorted(deviations, k, Math.abs(samples[k]! - centre))
    medianOut[index] = centre
    sigmaOut[index] = MAD_TO_SIGMA * median(deviations.subarray(0, count))
  }
  return { median: medianOut, sigma: sigmaOut }
}

/** Inserts `value` into the sorted prefix `list[0..length)`. */
function insertSorted(list: Float64Array, length: number, value: number): void {
  let at = length
  while (at > 0 && list[at - 1]! > value) {
    list[at] = list[at - 1]!
    at--
  }
  list[at] = value
}

export interface WindowStats {
  /** Hours in the window with both a value and a baseline. */
  known: number
  observed: number
  baseline: number
  /** Robust z of the excess: (observed − baseline) / sqrt(Σσ² + baseline). */
  z: number
}

/** Prefix sums over the hours that have both a value and a baseline, for O(1) window stats. */
export class WindowSums {
  private readonly known: Float64Array
  private readonly observed: Float64Array
  private readonly expected: Float64Array
  private readonly variance: Float64Array

  constructor(values: Float64Array, baseline: HourBaseline) {
    const n = values.length
    this.known = new Float64Array(n + 1)
    this.observed = new Float64Array(n + 1)
    this.expected = new Float64Array(n + 1)
    this.variance = new Float64Array(n + 1)
    for (let index = 0; index < n; index++) {
      const value = values[index]!
      const centre = baseline.median[index]!
      const usable = !Number.isNaN(value) && !Number.isNaN(centre)
      const sigma = baseline.sigma[index]!
      this.known[index + 1] = this.known[index]! + (usable ? 1 : 0)
      this.observed[index + 1] = this.observed[index]! + (usable ? value : 0)
      this.expected[index + 1] = this.expected[index]! + (usable ? centre : 0)
      this.variance[index + 1] = this.variance[index]! + (usable ? sigma * sigma : 0)
    }
  }

  /** Stats of the window of `hours` ending at index `end` (inclusive). */
  window(end: number, hours: number): WindowStats {
    const from = Math.max(0, end - hours + 1)
    const to = end + 1
    const observed = this.observed[to]! - this.observed[from]!
    const baseline = this.expected[to]! - this.expected[from]!
    const variance = this.variance[to]! - this.variance[from]! + Math.max(baseline, 1)
    return {
      known: this.known[to]! - this.known[from]!,
      observed,
      baseline,
      z: (observed - baseline) / Math.sqrt(variance),
    }
  }
}

export function isExcessive(stats: WindowStats, thresholds: ExcessThresholds): boolean {
  if (stats.known * 2 < thresholds.windowHours) return false
  const excess = stats.observed - stats.baseline
  return (
    excess >= thresholds.minVolume &&
    stats.observed >= thresholds.factor * Math.max(stats.baseline, 1) &&
    stats.z >= thresholds.zScore
  )
}

/** An ongoing condition, remembered between evaluations (epoch hours). */
export interface OpenEpisode {
  startHour: number
  lastActiveHour: number
}

export interface ExcessEpisode {
  /** Epoch hour at which the window first crossed the thresholds (its last hour). */
  startHour: number
  /** Index of that window's last hour. */
  endIndex: number
  stats: WindowStats
}

/**
 * Walks window ends `fromIndex`..`toIndex - 1` and returns one episode per new condition: an active
 * window continues the open episode while it was active within the cool-down, else starts one.
 * `isActive` lets a rule add its own veto (the spike rule leaves failure-driven excess to the
 * failure rule).
 */
export function walkEpisodes(
  profile: HourProfile,
  fromIndex: number,
  toIndex: number,
  cooldownHours: number,
  open: OpenEpisode | null,
  isActive: (end: number) => WindowStats | null,
): { episodes: ExcessEpisode[]; open: OpenEpisode | null } {
  const episodes: ExcessEpisode[] = []
  let current = open ? { ...open } : null
  for (let end = Math.max(0, fromIndex); end < toIndex; end++) {
    const hour = profile.firstHour + end
    const stats = isActive(end)
    if (stats) {
      if (current && hour - current.lastActiveHour <= cooldownHours) current.lastActiveHour = hour
      else {
        current = { startHour: hour, lastActiveHour: hour }
        episodes.push({ startHour: hour, endIndex: end, stats })
      }
    } else if (current && hour - current.lastActiveHour > cooldownHours) current = null
  }
  return { episodes, open: current }
}
