// Demo sign-in usage. Counts per (app, hour, event type) are a pure function; events are expanded from
// those counts, so the ground truth and the event stream agree by construction.
import type { SignInEvent, SignInEventType } from '../sources/types'
import { MDE_RESOURCE_APP_ID, signInEventTypes } from '../sources/types'
import { hash2, hash3, hash4, mix32, unit } from './random'
import type { DemoApp, DemoTenant } from './tenant'
import { failureReasonFor, HOUR_MS } from './tenant'

export interface TypeCount {
  type: SignInEventType
  success: number
  failure: number
  /** AADSTS code of this hour's failures (0 when there are none). */
  failureCode: number
}

/** One type-block holds at most this many events an hour (it is part of the event id). */
const MAX_PER_BLOCK = 0xffff

// Working-day rhythm (UTC): quiet nights, a peak after lunch, quiet weekends.
const hourOfWeekFactor = new Float64Array(168)
for (let how = 0; how < 168; how++) {
  const day = Math.floor(how / 24) // 0 = Thursday (1970-01-01 was a Thursday)
  const hod = how % 24
  const weekend = day === 2 || day === 3 // Saturday, Sunday
  const bell = Math.exp(-((hod - 13.5) ** 2) / (2 * 3.5 ** 2))
  hourOfWeekFactor[how] = (0.12 + 0.88 * bell) * (weekend ? 0.25 : 1)
}

export function rhythm(hour: number): number {
  return hourOfWeekFactor[((hour % 168) + 168) % 168] ?? 1
}

function isWorkingHour(hour: number): boolean {
  const how = ((hour % 168) + 168) % 168
  const day = Math.floor(how / 24)
  const hod = how % 24
  return day !== 2 && day !== 3 && hod >= 7 && hod < 19
}

/** Poisson by inverse CDF for small means; a narrow band around the mean for large ones. */
function sampleCount(expected: number, u: number): number {
  if (expected <= 0) return 0
  if (expected >= 40) return Math.round(expected * (0.9 + 0.2 * u))
  let p = Math.exp(-expected)
  let cumulative = p
  let k = 0
  while (u > cumulative && k < 200) {
    k++
    p *= expected / k
    cumulative += p
  }
  return k
}

/** Sign-ins of one app in one hour, split by event type. Empty when the app is silent. */
export function hourCounts(tenant: DemoTenant, app: DemoApp, hour: number): TypeCount[] {
  if (hour < app.activeFromHour || hour >= app.activeUntilHour) return []
  const h = hash3(tenant.seed, app.index, hour)
  const u = unit(h)
  let factor = 1
  let failureShare: number | null = null
  let modifierCode = 0
  for (const m of app.modifiers) {
    if (hour >= m.fromHour && hour < m.toHour) {
      factor *= m.volumeFactor
      if (m.failureShare !== null) {
        failureShare = m.failureShare
        modifierCode = m.failureCode
      }
    }
  }
  const broken = hour >= app.brokenFromHour
  let total: number
  switch (app.behaviour) {
    case 'daemon':
    case 'managedIdentity':
      // A cached token is reused for its lifetime: one request an hour, sometimes none or two.
      total = factor === 1 ? (u < 0.03 ? 0 : u < 0.93 ? 1 : 2) : sampleCount(factor, u)
      break
    case 'businessHours':
      total = isWorkingHour(hour) ? sampleCount(1.3 * factor, u) : u < 0.04 ? 1 : 0
      break
    case 'delegated':
      total = sampleCount(app.peakPerHour * rhythm(hour) * factor, u)
      break
    case 'noisy':
      // A poller without a token cache runs all night too, just slower.
      total = sampleCount(app.peakPerHour * Math.max(0.3, rhythm(hour)) * factor, u)
      break
    case 'expiredSecret':
      total = broken ? sampleCount(60 * factor, u) : u < 0.03 ? 0 : u < 0.93 ? 1 : 2
      break
    case 'disabled':
      total = broken ? sampleCount(6 * factor, u) : u < 0.05 ? 0 : 1
      break
    case 'unknownApp':
      total = sampleCount(app.peakPerHour * factor, u)
      break
  }
  if (total === 0) return []

  let failure: number
  let code: number
  if (
    app.behaviour === 'unknownApp' ||
    ((app.behaviour === 'expiredSecret' || app.behaviour === 'disabled') && broken)
  ) {
    failure = total
    code = app.failureCode
  } else if (failureShare !== null) {
    failure = Math.round(total * failureShare)
    code = modifierCode
  } else {
    failure = Math.floor(total * app.failureRate + unit(mix32(h ^ 0x5bd1e995)))
    code = app.failureCode
  }
  failure = Math.min(failure, total)

  const primary: SignInEventType =
    app.behaviour === 'managedIdentity'
      ? 'managedIdentity'
      : app.behaviour === 'delegated'
        ? 'nonInteractiveUser'
        : 'servicePrincipal'
  if (app.behaviour !== 'delegated') {
    const success = Math.min(total - failure, MAX_PER_BLOCK)
    const failed = Math.min(failure, MAX_PER_BLOCK - success)
    return [{ type: primary, success, failure: failed, failureCode: failed > 0 ? code : 0 }]
  }
  // Delegated tools: a few interactive sign-ins, the rest silent refreshes; failures hit the refreshes.
  const interactive = Math.min(total, Math.floor(total * 0.08 + unit(mix32(h ^ 0x27d4eb2f))))
  const refreshes = total - interactive
  const refreshFailures = Math.min(failure, refreshes)
  const interactiveFailures = failure - refreshFailures
  const result: TypeCount[] = []
  if (refreshes > 0) {
    result.push({
      type: 'nonInteractiveUser',
      success: refreshes - refreshFailures,
      failure: refreshFailures,
      failureCode: refreshFailures > 0 ? code : 0,
    })
  }
  if (interactive > 0) {
    result.push({
      type: 'interactiveUser',
      success: interactive - interactiveFailures,
      failure: interactiveFailures,
      failureCode: interactiveFailures > 0 ? 50076 : 0,
    })
  }
  return result
}

const typeIndex: Record<SignInEventType, number> = {
  servicePrincipal: 0,
  managedIdentity: 1,
  nonInteractiveUser: 2,
  interactiveUser: 3,
}

// "MM:SSZ" for every second of an hour, so timestamps are a concatenation, not a Date format.
const minuteSecondSuffix: string[] = []
for (let s = 0; s < 3600; s++) {
  minuteSecondSuffix.push(
    `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}Z`,
  )
}

function hourPrefix(hour: number): string {
  // "2025-06-01T10:"
  return new Date(hour * HOUR_MS).toISOString().slice(0, 14)
}

const byteHex: string[] = []
for (let b = 0; b < 256; b++) byteHex.push(b.toString(16).padStart(2, '0'))

function hex16(v: number): string {
  return byteHex[(v >>> 8) & 255]! + byteHex[v & 255]!
}

function hex32(v: number): string {
  return (
    byteHex[v >>> 24]! + byteHex[(v >>> 16) & 255]! + byteHex[(v >>> 8) & 255]! + byteHex[v & 255]!
  )
}

/**
 * A GUID that is injective in (app, hour, type, i) for a seed: those fields are packed (masked by the
 * seed so they look random) and one hash word sits in front.
 */
export function eventId(
  seed: number,
  appIndex: number,
  hour: number,
  type: number,
  i: number,
  h: number,
): string {
  const appField = (appIndex ^ seed) & 0xffff
  const hourField = (hour ^ (seed >>> 4)) & 0xffffff
  const iField = (i ^ (seed >>> 12)) & 0xffff
  const r = mix32(h ^ 0x68e31da4)
  return (
    hex32(h) +
    '-' +
    hex16(appField) +
    '-' +
    hex16(0x4000 | ((type & 3) << 10) | (r & 0x3ff)) +
    '-' +
    hex16(0x8000 | ((r >>> 10) & 0x3f00) | (hourField >>> 16)) +
    '-' +
    hex16(hourField & 0xffff) +
    hex32(((r & 0xffff0000) >>> 0) + iField)
  )
}

/** The address an app signs in from during one hour (one per app-hour, so summaries by IP need no events). */
export function ipAddressFor(tenant: DemoTenant, app: DemoApp, hour: number): string {
  return (
    app.ipAddresses[(hash3(tenant.seed, app.index, hour) >>> 7) % app.ipAddresses.length] ??
    '0.0.0.0'
  )
}

export interface EventFilter {
  /** Apps to include; all when undefined. */
  apps?: readonly DemoApp[]
  /** Event types to include; all when undefined. */
  eventTypes?: ReadonlySet<SignInEventType>
  /** Bounds in epoch ms, [fromMs, toMs). */
  fromMs?: number
  toMs?: number
}

export type EventOrder = 'newestFirst' | 'oldestFirst'

/**
 * All events of one hour that pass the filter, sorted by time (ties keep app, type, sequence order).
 * Memory is bounded by one hour of the tenant.
 */
export function hourEvents(
  tenant: DemoTenant,
  hour: number,
  filter: EventFilter = {},
  order: EventOrder = 'newestFirst',
): SignInEvent[] {
  const apps = filter.apps ?? tenant.apps
  const prefix = hourPrefix(hour)
  const hourStartMs = hour * HOUR_MS
  const minSecond =
    filter.fromMs === undefined ? 0 : Math.max(0, Math.ceil((filter.fromMs - hourStartMs) / 1000))
  const maxSecond =
    filter.toMs === undefined ? 3600 : Math.min(3600, Math.ceil((filter.toMs - hourStartMs) / 1000))
  if (minSecond >= maxSecond) return []
  const events: SignInEvent[] = []
  const seconds: number[] = []
  const seed = tenant.seed
  for (const app of apps) {
    const blocks = hourCounts(tenant, app, hour)
    const ipAddress = blocks.length > 0 ? ipAddressFor(tenant, app, hour) : ''
    for (const block of blocks) {
      if (filter.eventTypes && !filter.eventTypes.has(block.type)) continue
      const n = block.success + block.failure
      const t = typeIndex[block.type]
      const reason = failureReasonFor(block.failureCode)
      const isUser = block.type === 'nonInteractiveUser' || block.type === 'interactiveUser'
      for (let i = 0; i < n; i++) {
        const h = hash4(seed, app.index, hour, (t << 16) | i)
        const second = secondInHour(h, i, n)
        if (second < minSecond || second >= maxSecond) continue
        // Failures spread evenly through the block (exactly block.failure of them).
        const failed =
          Math.floor(((i + 1) * block.failure) / n) > Math.floor((i * block.failure) / n)
        const user = isUser ? tenant.users[hash2(h, 1) % tenant.users.length] : undefined
        events.push({
          id: eventId(seed, app.index, hour, t, i, h),
          createdDateTime: prefix + minuteSecondSuffix[second],
          appId: app.appId,
          appDisplayName: app.displayName,
          servicePrincipalId: app.servicePrincipalId,
          resourceId: MDE_RESOURCE_APP_ID,
          eventType: block.type,
          errorCode: failed ? block.failureCode : 0,
          failureReason: failed ? reason : null,
          ipAddress,
          location: app.location,
          userPrincipalName: user ? user.userPrincipalName : null,
        })
        seconds.push(second)
      }
    }
  }
  return sortBySecond(events, seconds, order)
}

/**
 * The first and last second (epoch ms) at which `app` signs in during `hour` (of the given types), as
 * `hourEvents` places them, without expanding the events: a block's times grow with the sequence
 * number, so its first event is the first and its last the last. Null when the app is silent.
 */
export function hourSignInSpan(
  tenant: DemoTenant,
  app: DemoApp,
  hour: number,
  eventTypes?: ReadonlySet<SignInEventType>,
): { firstMs: number; lastMs: number } | null {
  let first = Infinity
  let last = -Infinity
  for (const block of hourCounts(tenant, app, hour)) {
    if (eventTypes && !eventTypes.has(block.type)) continue
    const n = block.success + block.failure
    const t = typeIndex[block.type]
    const second = (i: number) =>
      secondInHour(hash4(tenant.seed, app.index, hour, (t << 16) | i), i, n)
    first = Math.min(first, second(0))
    last = Math.max(last, second(n - 1))
  }
  if (last < 0) return null
  return { firstMs: hour * HOUR_MS + first * 1000, lastMs: hour * HOUR_MS + last * 1000 }
}

/** The second of the hour of a block's event `i` of `n` (hash `h`): the i-th of n equal slots, jittered. */
function secondInHour(h: number, i: number, n: number): number {
  return Math.floor(((i + unit(h)) * 3600) / n)
}

/** Counting sort on the second of the hour: O(n), stable. */
function sortBySecond(events: SignInEvent[], seconds: number[], order: EventOrder): SignInEvent[] {
  const n = events.length
  if (n < 2) return events
  const starts = new Uint32Array(3601)
  for (const s of seconds) starts[(order === 'newestFirst' ? 3599 - s : s) + 1]!++
  for (let b = 1; b <= 3600; b++) starts[b]! += starts[b - 1]!
  const sorted = new Array<SignInEvent>(n)
  for (let k = 0; k < n; k++) {
    const s = seconds[k]!
    const bucket = order === 'newestFirst' ? 3599 - s : s
    sorted[starts[bucket]!++] = events[k]!
  }
  return sorted
}

export interface SignInStreamQuery {
  from: Date
  to: Date
  eventTypes?: readonly SignInEventType[]
  /** Only these clients (unknown ids match nothing). */
  appIds?: readonly string[]
  order?: EventOrder
}

export function resolveFilter(tenant: DemoTenant, query: SignInStreamQuery): EventFilter {
  const filter: EventFilter = { fromMs: query.from.getTime(), toMs: query.to.getTime() }
  if (query.appIds) {
    const apps: DemoApp[] = []
    for (const id of query.appIds) {
      const index = tenant.appIndexById.get(id)
      const app = index === undefined ? undefined : tenant.apps[index]
      if (app) apps.push(app)
    }
    filter.apps = apps
  }
  if (query.eventTypes) filter.eventTypes = new Set(query.eventTypes)
  return filter
}

function hourRange(from: Date, to: Date): { first: number; last: number } {
  const first = Math.floor(from.getTime() / HOUR_MS)
  const last = Math.ceil(to.getTime() / HOUR_MS) - 1
  return { first, last }
}

/** Sign-in events in [from, to), one array per non-empty hour, in the asked order. Never the whole window at once. */
export function* signInEventsByHour(
  tenant: DemoTenant,
  query: SignInStreamQuery,
): Generator<SignInEvent[]> {
  const filter = resolveFilter(tenant, query)
  const order = query.order ?? 'newestFirst'
  const { first, last } = hourRange(query.from, query.to)
  if (order === 'newestFirst') {
    for (let hour = last; hour >= first; hour--) {
      const events = hourEvents(tenant, hour, filter, order)
      if (events.length > 0) yield events
    }
  } else {
    for (let hour = first; hour <= last; hour++) {
      const events = hourEvents(tenant, hour, filter, order)
      if (events.length > 0) yield events
    }
  }
}

/** The same stream one event at a time. */
export function* signInEvents(
  tenant: DemoTenant,
  query: SignInStreamQuery,
): Generator<SignInEvent> {
  for (const hourBatch of signInEventsByHour(tenant, query)) yield* hourBatch
}

export const allEventTypes: readonly SignInEventType[] = signInEventTypes
