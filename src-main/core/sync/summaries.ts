// Graph's summarised sign-ins (beta getSummarized*SignIns) as a map of the backfill: how many sign-ins
// each slice should hold. The engine uses it to leave quiet slices unpaged and to reconcile every
// other slice with its raw events (see engine.ts and docs/ARCHITECTURE.md, "Sync").
//
// What the summaries can and cannot say:
// - There are summaries for service-principal, non-interactive user and managed-identity sign-ins, but
//   none for interactive user sign-ins: a slice the summaries call quiet may still hold some of those.
// - REFERENCE.md leaves open what `aggregationDateTime` means for h1; we ask for h6 or d1 windows,
//   which line up with the backfill's slices, and refuse rows whose time is not a window start.
// - The newest windows may not be summarised yet (latency): only windows that ended a while ago
//   ("settled") are used.
import type { SummarizedSignIn, SummaryQuery } from '../sources/graph-source'
import type { SignInEventType } from '../sources/types'
import { signInEventTypes } from '../sources/types'

export interface SummaryReader {
  summarizedSignIns(query: SummaryQuery): AsyncIterable<SummarizedSignIn[]>
}

/** The event types Graph summarises, in the order they are read. */
export const SUMMARISED_TYPES = [
  'servicePrincipal',
  'nonInteractiveUser',
  'managedIdentity',
] as const
export const UNSUMMARISED_TYPES: readonly SignInEventType[] = signInEventTypes.filter(
  (type) => !(SUMMARISED_TYPES as readonly string[]).includes(type),
)

const HOUR_MS = 3_600_000
export const SUMMARY_WINDOWS = { h6: 6 * HOUR_MS, d1: 24 * HOUR_MS } as const
export type SummaryWindow = keyof typeof SUMMARY_WINDOWS

/** The summary window that is exactly one slice long, or null when none is. */
export function summaryWindowFor(sliceMs: number): SummaryWindow | null {
  for (const [name, ms] of Object.entries(SUMMARY_WINDOWS) as Array<[SummaryWindow, number]>) {
    if (ms === sliceMs) return name
  }
  return null
}

export interface SummaryCounts {
  aggregationWindow: SummaryWindow
  /** Sign-ins of the summarised types per window start (ms); every window in [from, to) is present. */
  counts: Map<number, number>
  requests: number
}

export type SummaryAnswer =
  { ok: true; summary: SummaryCounts } | { ok: false; note: string; requests: number }

/**
 * Reads the summaries of the whole windows [fromMs, toMs) (both on the window grid) for every summarised
 * event type. Gives up, with a note, when it would take more than `maxRequests` pages or when a row's
 * time is not a window start. Errors from Graph propagate (the caller falls back to paging).
 */
export async function readSummaries(
  reader: SummaryReader,
  options: {
    fromMs: number
    toMs: number
    aggregationWindow: SummaryWindow
    maxRequests: number
    signal?: AbortSignal
  },
): Promise<SummaryAnswer> {
  const windowMs = SUMMARY_WINDOWS[options.aggregationWindow]
  const counts = new Map<number, number>()
  for (let start = options.fromMs; start < options.toMs; start += windowMs) counts.set(start, 0)
  let requests = 0
  for (const eventType of SUMMARISED_TYPES) {
    const pages = reader.summarizedSignIns({
      eventType,
      aggregationWindow: options.aggregationWindow,
      window: { from: new Date(options.fromMs), to: new Date(options.toMs) },
      ...(options.signal ? { signal: options.signal } : {}),
    })
    for await (const page of pages) {
      requests++
      for (const row of page) {
        const at = Date.parse(row.aggregationDateTime)
        if (!counts.has(at)) {
          if (Number.isFinite(at) && (at < options.fromMs || at >= options.toMs)) continue
          return {
            ok: false,
            requests,
            note: `the summaries' aggregationDateTime ${row.aggregationDateTime} is not the start of a ${options.aggregationWindow} window, so they cannot be matched to slices`,
          }
        }
        counts.set(at, counts.get(at)! + row.signInCount)
      }
      if (requests >= options.maxRequests) {
        return {
          ok: false,
          requests,
          note: `reading the summaries took ${requests} requests and was not finished, more than paging could save`,
        }
      }
    }
  }
  return { ok: true, summary: { aggregationWindow: options.aggregationWindow, counts, requests } }
}

/** Events of the summarised types in a page (a SignInEvent[] or a columnar batch). */
export function countSummarised(page: unknown): number {
  const unsummarised = UNSUMMARISED_TYPES.map((type) => signInEventTypes.indexOf(type))
  if (page && typeof page === 'object' && 'types' in page && page.types instanceof Uint8Array) {
    let n = 0
    for (const code of page.types) if (!unsummarised.includes(code)) n++
    return n
  }
  let n = 0
  for (const event of page as Array<{ eventType: SignInEventType }>) {
    if (!UNSUMMARISED_TYPES.includes(event.eventType)) n++
  }
  return n
}
