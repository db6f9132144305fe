// The update check: ready for a release feed, off until one is configured. With no feed URL it
// does nothing at all — no timer, no request. With one, it fetches a small JSON document
//   { "version": "1.2.0", "url": "https://…/download", "notes": "…" }
// over https, compares versions and reports; it never downloads or installs anything (admins
// deploy through their own software distribution). No Electron import: the caller shows results.
import { z } from 'zod'
import type { Logger } from '../core/log'

/** Set when a release feed exists (see docs/RELEASING.md); null keeps the check off. */
export const releaseFeedUrl: string | null = null

/** Overrides releaseFeedUrl at run time (staging feeds, tests). */
export const updateFeedVariable = 'DCA_UPDATE_FEED_URL'

const feedSchema = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/),
  url: z.url({ protocol: /^https$/ }).optional(),
  notes: z.string().max(4000).optional(),
})

export type UpdateCheckResult =
  | { status: 'disabled' }
  | { status: 'current'; current: string; latest: string }
  | { status: 'available'; current: string; latest: string; url?: string; notes?: string }
  | { status: 'failed'; reason: string }

/** The feed URL to use, or null when the check is off. Only https URLs count. */
export function resolveFeedUrl(env: Record<string, string | undefined>, configured: string | null = releaseFeedUrl): string | null {
  const raw = env[updateFeedVariable]?.trim() || configured
  if (!raw) return null
  try {
    const url = new URL(raw)
    return url.protocol === 'https:' && !url.username && !url.password ? url.toString() : null
  } catch {
    return null
  }
}

/** Semantic-version order: numeric major.minor.patch, a pre-release sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core = '', pre] = v.split('-', 2)
    return { parts: core.split('.').map((n) => Number.parseInt(n, 10) || 0), pre }
  }
  const x = parse(a)
  const y = parse(b)
  for (let i = 0; i < 3; i++) {
    const d = (x.parts[i] ?? 0) - (y.parts[i] ?? 0)
    if (d !== 0) return Math.sign(d)
  }
  if (x.pre === y.pre) return 0
  if (x.pre === undefined) return 1
  if (y.pre === undefined) return -1
  return x.pre < y.pre ? -1 : 1
}

export interface UpdateCheckOptions {
  feedUrl: string | null
  currentVersion: string
  fetch?: typeof fetch
  timeoutMs?: number
  log?: Logger
}

export async function checkForUpdates(options: UpdateCheckOptions): Promise<UpdateCheckResult> {
  const { feedUrl, currentVersion, log } = options
  if (!feedUrl) return { status: 'disabled' }
  const fetchImpl = options.fetch ?? fetch
  try {
    const response = await fetchImpl(feedUrl, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    })
    if (!response.ok) throw new Error(`the feed answered HTTP ${response.status}`)
    const parsed = feedSchema.safeParse(await response.json())
    if (!parsed.success) throw new Error('the feed is not a valid release document')
    const { version, url, notes } = parsed.data
    if (compareVersions(version, currentVersion) <= 0) {
      log?.info(`Update check: ${currentVersion} is current (feed has ${version})`)
      return { status: 'current', current: currentVersion, latest: version }
    }
    log?.info(`Update check: ${version} is available (running ${currentVersion})`)
    return {
      status: 'available',
      current: currentVersion,
      latest: version,
      ...(url ? { url } : {}),
      ...(notes ? { notes } : {}),
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    log?.warn(`Update check failed: ${reason}`)
    return { status: 'failed', reason }
  }
}

export interface UpdateScheduleOptions extends UpdateCheckOptions {
  /** Wait this long after start-up before the first check (default one minute). */
  delayMs?: number
  onResult: (result: UpdateCheckResult) => void
  setTimer?: (callback: () => void, ms: number) => { unref?: () => void }
}

/** Schedules one check after start-up; returns false (and schedules nothing) when off. */
export function scheduleUpdateCheck(options: UpdateScheduleOptions): boolean {
  if (!options.feedUrl) return false
  const setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms))
  const timer = setTimer(() => {
    void checkForUpdates(options).then(options.onResult)
  }, options.delayMs ?? 60_000)
  timer.unref?.()
  return true
}
