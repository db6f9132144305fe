// The hour-of-day profile in a local time zone: for every UTC hour of a range, which local day and
// local hour it is, so "the same hour on the previous days" stays 09:00 local across a DST change
// (23 or 25 UTC hours apart, not 24).
const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000

export interface HourProfile {
  /** Epoch hour (hours since 1970, UTC) of index 0. */
  firstHour: number
  length: number
  /** Local day number (days since 1970-01-01 in the zone) of each index. */
  localDay: Int32Array
  /** Local hour of day (0–23) of each index. */
  localHour: Int8Array
  /** index of (localDay, localHour), first occurrence; -1 when that local hour does not exist. */
  indexOf(localDay: number, localHour: number): number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let value = formatters.get(timeZone)
  if (!value) {
    value = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
    })
    formatters.set(timeZone, value)
  }
  return value
}

/** True when the runtime knows the IANA zone. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/** Local calendar day number and hour of one instant in a zone. */
export function localDayHour(ms: number, timeZone: string): { day: number; hour: number } {
  const parts = formatter(timeZone).formatToParts(new Date(ms))
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value)
  const day = Math.floor(Date.UTC(get('year'), get('month') - 1, get('day')) / DAY_MS)
  return { day, hour: get('hour') }
}

export function buildHourProfile(firstHour: number, length: number, timeZone: string): HourProfile {
  const localDay = new Int32Array(length)
  const localHour = new Int8Array(length)
  const lookup = new Map<number, number>()
  for (let index = 0; index < length; index++) {
    const current = localDayHour((firstHour + index) * HOUR_MS, timeZone)
    localDay[index] = current.day
    localHour[index] = current.hour
    const key = current.day * 24 + current.hour
    if (!lookup.has(key)) lookup.set(key, index)
  }
  return {
    firstHour,
    length,
    localDay,
    localHour,
    indexOf: (day, hour) => lookup.get(day * 24 + hour) ?? -1,
  }
}
