// When the background sync runs: every N minutes (at least 5), backing off while the network is
// down, catching up after the computer wakes. Pure logic over an injectable clock and timer, so
// tests drive it with a fake clock; electron/background.ts only feeds it power and network events.

export const MIN_INTERVAL_MINUTES = 5
export const DEFAULT_INTERVAL_MINUTES = 15
/** Offline retries start here and double up to MAX_BACKOFF. */
export const FIRST_BACKOFF_MS = 60_000
export const MAX_BACKOFF_MS = 60 * 60_000
/** After waking, give Wi-Fi a moment before syncing. */
export const RESUME_DELAY_MS = 20_000

export type SyncOutcome = 'ok' | 'offline' | 'error' | 'signedOut' | 'busy'

export interface Timers {
  now(): number
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms)
    // A pending background sync must not keep a CLI or a test process alive.
    ;(handle as { unref?: () => void }).unref?.()
    return handle
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

export interface BackgroundSyncOptions {
  /** Minutes between syncs (read each time, so a settings change applies at the next plan). */
  intervalMinutes: () => number
  enabled: () => boolean
  run: () => Promise<SyncOutcome>
  timers?: Timers
  onState?: (state: SchedulerState) => void
}

export interface SchedulerState {
  /** When the next sync is planned (epoch ms), or null when stopped or disabled. */
  nextAt: number | null
  running: boolean
  /** Network failures in a row (0 when the last one worked). */
  offlineStreak: number
  lastOutcome: SyncOutcome | null
  lastRunAt: number | null
}

export function intervalMs(minutes: number): number {
  const value = Number.isFinite(minutes) ? minutes : DEFAULT_INTERVAL_MINUTES
  return Math.max(MIN_INTERVAL_MINUTES, value) * 60_000
}

/** Delay before the next try after `streak` network failures in a row (1 → 1 min, 2 → 2 min …). */
export function backoffMs(streak: number): number {
  return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, streak - 1))
}

export class BackgroundSync {
  private readonly timers: Timers
  private handle: unknown = null
  private started = false
  private readonly state: SchedulerState = { nextAt: null, running: false, offlineStreak: 0, lastOutcome: null, lastRunAt: null }

  constructor(private readonly options: BackgroundSyncOptions) {
    this.timers = options.timers ?? realTimers
  }

  get snapshot(): SchedulerState {
    return { ...this.state }
  }

  /** Starts the schedule; the first sync runs after `firstDelayMs` (default: one interval). */
  start(firstDelayMs?: number): void {
    this.started = true
    this.plan(firstDelayMs ?? intervalMs(this.options.intervalMinutes()))
  }

  stop(): void {
    this.started = false
    this.cancelTimer()
    this.state.nextAt = null
    this.emit()
  }

  /** Settings changed: re-plan from the last run with the new interval (or stop when disabled). */
  reschedule(): void {
    if (!this.started || this.state.running) return
    const last = this.state.lastRunAt ?? this.timers.now()
    this.plan(Math.max(0, last + intervalMs(this.options.intervalMinutes()) - this.timers.now()))
  }

  /** The computer woke up: timers slept too, so sync soon if a sync is due (or overdue). */
  resumed(): void {
    if (!this.started || this.state.running) return
    const due = (this.state.lastRunAt ?? 0) + intervalMs(this.options.intervalMinutes())
    this.plan(Math.max(RESUME_DELAY_MS, due - this.timers.now()))
  }

  /** The network came back: stop waiting out the back-off. */
  online(): void {
    if (!this.started || this.state.running || this.state.offlineStreak === 0) return
    this.plan(0)
  }

  /** "Sync now" from the tray: runs at once, then the schedule continues from it. */
  async runNow(): Promise<SyncOutcome> {
    return this.tick()
  }

  private plan(delayMs: number): void {
    this.cancelTimer()
    if (!this.started || !this.options.enabled()) {
      this.state.nextAt = null
      this.emit()
      return
    }
    this.state.nextAt = this.timers.now() + delayMs
    this.handle = this.timers.setTimeout(() => {
      this.handle = null
      void this.tick()
    }, delayMs)
    this.emit()
  }

  private async tick(): Promise<SyncOutcome> {
    if (this.state.running) return 'busy'
    this.cancelTimer()
    this.state.running = true
    this.state.nextAt = null
    this.emit()
    let outcome: SyncOutcome
    try {
      outcome = await this.options.run()
    } catch {
      outcome = 'error'
    }
    this.state.running = false
    this.state.lastOutcome = outcome
    this.state.lastRunAt = this.timers.now()
    this.state.offlineStreak = outcome === 'offline' ? this.state.offlineStreak + 1 : 0
    const interval = intervalMs(this.options.intervalMinutes())
    // Offline: retry sooner than the interval at first, then less and less often.
    this.plan(outcome === 'offline' ? Math.min(backoffMs(this.state.offlineStreak), Math.max(interval, MAX_BACKOFF_MS)) : interval)
    return outcome
  }

  private cancelTimer(): void {
    if (this.handle !== null) this.timers.clearTimeout(this.handle)
    this.handle = null
  }

  private emit(): void {
    this.options.onState?.(this.snapshot)
  }
}
