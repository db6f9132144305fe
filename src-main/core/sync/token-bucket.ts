// The limiter every identity-report request (sign-ins, summaries) passes through, shared by all the
// slices a backfill runs at once, so together they stay inside Graph's budget instead of discovering
// it through 429s.
//
// Why not a classic token bucket (capacity C, steady refill r): Graph counts requests in a sliding
// 10 s window, and a bucket lets C + r·10 s through in any window. Staying at or under 5 means C = 1 and
// r = 4/10 s, i.e. 80 % of the allowed rate at best. Here each of the `capacity` tokens comes back
// exactly one window after it was spent, which mirrors the server's sliding window and allows 100 %.
//
// When a spent token comes back: Graph counts a request when it arrives, which is somewhere between
// our send and its answer. Returning the token `windowMs` after the answer is always safe (the arrival
// was earlier) but costs the latency on every token; returning it `windowMs` after the send risks the
// next request overtaking on the wire. So a token returns at the earlier of answer + window and
// send + window + safetyMargin: fast answers are exact, a slow answer (server time, not wire time)
// costs at most the margin, and a lease nobody releases still comes back.
//
// "Send" is not the grant: the request can only leave once this thread gets back to its event loop,
// and if it is busy (parsing and storing the previous page, or starved of CPU) that can be much later.
// Measured in the backfill benchmark, such stalls made the server count a request up to 10 s (in
// benchmark time) after its grant, while its token came back at grant + window + margin. So the
// optimistic limb starts at the first turn of the event loop after the grant (setImmediate), the
// earliest moment the request can be on the wire.
//
// Grants are also spaced at least window/capacity apart instead of leaving in a burst: the rate is the
// same, but requests reach the service one at a time, so their arrival delays (what the margin has to
// cover) stay small and alike instead of queueing behind each other.
import type { Clock } from '../graph/retry'
import { abortReason, systemClock } from '../graph/retry'

export interface Lease {
  /** Call when the answer (any answer, or a failure) arrived. Idempotent. */
  release(): void
}

export interface RateLimiter {
  acquire(signal?: AbortSignal): Promise<Lease>
  /** The service said 429 anyway: grant nothing for `ms` (its Retry-After). */
  pause(ms: number): void
}

export interface TokenBucketOptions {
  /** Requests per window (Graph identity and access reports: 5). */
  capacity: number
  /** Window length (Graph: 10,000 ms). */
  windowMs: number
  /** See the file comment. Default: 5 % of the window. */
  safetyMarginMs?: number
  /** Least time between two grants. Default: windowMs / capacity; 0 allows bursts. */
  minSpacingMs?: number
  clock?: Clock
}

/** Graph's budget for identity and access reports: 5 requests per 10 s per app per tenant. */
export const REPORTS_BUDGET = { capacity: 5, windowMs: 10_000 } as const

interface Slot {
  /** When the token is back in the bucket. */
  availableAt: number
}

interface Waiter {
  resolve: (lease: Lease) => void
  reject: (error: Error) => void
  signal: AbortSignal | undefined
  onAbort: () => void
}

export interface TokenBucketStats {
  granted: number
  pauses: number
  /** Total time granted nothing because of pause(), on the bucket's clock. */
  pausedMs: number
}

export class TokenBucket implements RateLimiter {
  readonly capacity: number
  readonly windowMs: number
  readonly safetyMarginMs: number
  readonly minSpacingMs: number
  private readonly clock: Clock
  private lastGrant = -Infinity
  private slots: Slot[] = []
  private readonly waiters: Waiter[] = []
  private pausedUntil = -Infinity
  private pumping = false
  private wake: AbortController | null = null
  private readonly counters: TokenBucketStats = { granted: 0, pauses: 0, pausedMs: 0 }

  constructor(options: TokenBucketOptions) {
    if (!Number.isInteger(options.capacity) || options.capacity < 1)
      throw new RangeError('token bucket: capacity must be a positive integer')
    if (!(options.windowMs > 0)) throw new RangeError('token bucket: windowMs must be positive')
    this.capacity = options.capacity
    this.windowMs = options.windowMs
    this.safetyMarginMs = options.safetyMarginMs ?? options.windowMs / 20
    this.minSpacingMs = options.minSpacingMs ?? options.windowMs / options.capacity
    this.clock = options.clock ?? systemClock
  }

  get stats(): TokenBucketStats {
    return { ...this.counters }
  }

  /** Tokens that could be granted right now (ignores waiters and pauses). */
  available(): number {
    const now = this.clock.now()
    return this.capacity - this.slots.filter((s) => s.availableAt > now).length
  }

  acquire(signal?: AbortSignal): Promise<Lease> {
    if (signal?.aborted) return Promise.reject(abortReason(signal))
    return new Promise<Lease>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const i = this.waiters.indexOf(waiter)
          if (i >= 0) this.waiters.splice(i, 1)
          reject(abortReason(signal!))
        },
      }
      signal?.addEventListener('abort', waiter.onAbort, { once: true })
      this.waiters.push(waiter)
      this.kick()
    })
  }

  pause(ms: number): void {
    if (!(ms > 0)) return
    const now = this.clock.now()
    const until = now + ms
    if (until <= this.pausedUntil) return
    this.counters.pauses++
    this.counters.pausedMs += until - Math.max(now, this.pausedUntil)
    this.pausedUntil = until
    this.kick()
  }

  private kick(): void {
    // A release or pause changes when the next grant can happen: cut the current wait short.
    this.wake?.abort()
    if (!this.pumping) void this.pump()
  }

  private grant(waiter: Waiter, now: number): void {
    const slot: Slot = { availableAt: now + this.windowMs + this.safetyMarginMs }
    this.slots.push(slot)
    this.lastGrant = now
    this.counters.granted++
    let released = false
    setImmediate(() => {
      // The thread is free again: the request leaves now at the earliest (see the file comment).
      if (!released) {
        slot.availableAt = Math.max(
          slot.availableAt,
          this.clock.now() + this.windowMs + this.safetyMarginMs,
        )
      }
    })
    waiter.signal?.removeEventListener('abort', waiter.onAbort)
    waiter.resolve({
      release: () => {
        if (released) return
        released = true
        slot.availableAt = Math.min(slot.availableAt, this.clock.now() + this.windowMs)
        this.kick()
      },
    })
  }

  private async pump(): Promise<void> {
    this.pumping = true
    try {
      while (this.waiters.length > 0) {
        const now = this.clock.now()
        this.slots = this.slots.filter((s) => s.availableAt > now)
        const spacedUntil = this.lastGrant + this.minSpacingMs
        if (now >= this.pausedUntil && now >= spacedUntil && this.slots.length < this.capacity) {
          this.grant(this.waiters.shift()!, now)
          continue
        }
        let until = Math.max(this.pausedUntil, spacedUntil)
        if (this.slots.length >= this.capacity)
          until = Math.max(until, Math.min(...this.slots.map((s) => s.availableAt)))
        const wake = new AbortController()
        this.wake = wake
        try {
          await this.clock.sleep(Math.max(0, until - now), wake.signal)
        } catch {
          // Woken early by a release or a pause: recompute.
        }
        if (this.wake === wake) this.wake = null
      }
    } finally {
      this.pumping = false
    }
  }
}
