// What one CSV cell holds: formula neutralisation (OWASP CSV injection), ISO 8601 timestamps in UTC
// and, on request, in an IANA time zone. docs/CSV.md documents every rule here.

/**
 * First characters that make Excel, LibreOffice, Google Sheets or Numbers read a cell as a formula:
 * OWASP's `= + - @ TAB CR`, plus the full-width forms Numbers normalises to them.
 */
const formulaTriggers = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'])

/**
 * Neutralises a text cell: a leading apostrophe is added when the text starts with a formula trigger,
 * or with an apostrophe itself. The second case makes the rule reversible: a leading apostrophe in an
 * exported text cell is always ours, so `restoreCell` (strip exactly one) gives back the original.
 * Numbers are never passed here: our numeric columns are counts we computed, not user data.
 */
export function neutraliseCell(text: string): string {
  if (text.length === 0) return text
  const first = text[0]!
  return first === "'" || formulaTriggers.has(first) ? `'${text}` : text
}

/** The inverse of `neutraliseCell`, for tools reading our files back. */
export function restoreCell(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell
}

/** `2024-05-01T13:00:00Z`: whole seconds (the store keeps seconds), always UTC. */
export function formatUtc(date: Date): string {
  const iso = date.toISOString()
  return `${iso.slice(0, 19)}Z`
}

/** True when the runtime knows the IANA zone (e.g. `Asia/Seoul`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === '' || zone.length > 64) return false
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/**
 * Formats instants as local ISO 8601 with the zone's offset at that instant (`2024-05-01T22:00:00+09:00`),
 * so daylight-saving changes are visible and each value names one instant unambiguously.
 */
export class LocalTimeFormatter {
  private readonly format: Intl.DateTimeFormat
  private lastMs = Number.NaN
  private lastText = ''

  constructor(readonly zone: string) {
    if (!isTimeZone(zone)) throw new RangeError(`unknown time zone "${zone}"`)
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      era: 'short',
    })
  }

  /** Rows arrive in time order, so the previous value is the cache that matters. */
  formatInstant(date: Date): string {
    const ms = date.getTime()
    if (ms === this.lastMs) return this.lastText
    const parts: Record<string, string> = {}
    for (const part of this.format.formatToParts(date)) parts[part.type] = part.value
    let year = Number(parts.year)
    if (parts.era === 'BC' || parts.era === 'B') year = 1 - year
    const wall = Date.UTC(year, Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second))
    const offsetMinutes = Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000)
    const sign = offsetMinutes < 0 ? '-' : '+'
    const abs = Math.abs(offsetMinutes)
    const pad = (value: number, width = 2) => String(value).padStart(width, '0')
    const text = `${pad(year, 4)}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
    this.lastMs = ms
    this.lastText = text
    return text
  }
}
