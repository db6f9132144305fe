// The reports limiter on a manual clock: capacity per window, tokens back one window after use,
// early return on fast answers, pause on 429, FIFO order, cancellation.
import { describe, expect, it } from 'vitest'
import type { Clock } from '../../../src-main/core/graph/retry'
import { TokenBucket } from '../../../src-main/core/sync/token-bucket'
import type { Lease } from '../../../src-main/core/sync/token-bucket'

/** Time moves only when the test says so; due sleeps resolve in order. */
class ManualClock implements Clock {
  private t = 0
  private timers: Array<{ at: number; resolve: () => void }> = []
  now(): number {
    return this.t
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = { at: this.t + ms, resolve }
      this.timers.push(timer)
      signal?.addEventListener('abort', () => {
        this.timers = this.timers.filter((x) => x !== timer)
        reject(new Error('aborted'))
      })
    })
  }
  /** The thread is busy for `ms`: time passes, but nothing (no timer, no immediate) runs meanwhile. */
  block(ms: number): void {
    this.t += ms
  }
  async advance(ms: number): Promise<void> {
    const end = this.t + ms
    for (;;) {
      await flush()
      this.timers.sort((a, b) => a.at - b.at)
      const next = this.timers[0]
      if (!next || next.at > end) break
      this.timers.shift()
      this.t = Math.max(this.t, next.at)
      next.resolve()
    }
    this.t = end
    await flush()
  }
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await new Promise<void>((r) => setImmediate(r))
}

function setup(margin = 500, minSpacingMs = 0) {
  const clock = new ManualClock()
  const bucket = new TokenBucket({
    capacity: 5,
    windowMs: 10_000,
    safetyMarginMs: margin,
    minSpacingMs,
    clock,
  })
  const grants: number[] = []
  const leases: Lease[] = []
  const take = (n: number, signal?: AbortSignal) =>
    Array.from({ length: n }, () =>
      bucket.acquire(signal).then((lease) => {
        grants.push(clock.now())
        leases.push(lease)
        return lease
      }),
    )
  return { clock, bucket, grants, leases, take }
}

describe('TokenBucket', () => {
  it('grants the capacity at once, then nothing until a token comes back', async () => {
    const { clock, grants, take } = setup()
    void take(7)
    await flush()
    expect(grants).toEqual([0, 0, 0, 0, 0])
    await clock.advance(10_499)
    expect(grants).toHaveLength(5)
    // Never released: tokens return one window plus the safety margin after the grant.
    await clock.advance(1)
    expect(grants).toEqual([0, 0, 0, 0, 0, 10_500, 10_500])
  })

  it('returns a token one window after a fast answer, and never before a window after the grant', async () => {
    const { clock, grants, leases, take } = setup()
    void take(6)
    await flush()
    await clock.advance(200)
    leases[0]!.release()
    await clock.advance(9_999)
    expect(grants).toHaveLength(5)
    await clock.advance(1)
    expect(grants.at(-1)).toBe(10_200)
  })

  it('counts a request from when the thread was free to send it, not from its grant', async () => {
    const { clock, grants, take } = setup()
    const taken = take(6)
    await Promise.all(taken.slice(0, 5))
    // Granted at 0, but the thread stays busy for 3 s (parsing a page, or starved of CPU): the
    // requests leave at 3,000 at the earliest, so their tokens cannot come back at 0 + window + margin.
    clock.block(3_000)
    await clock.advance(10_499)
    expect(grants).toEqual([0, 0, 0, 0, 0])
    await clock.advance(1)
    expect(grants).toEqual([0, 0, 0, 0, 0, 13_500])
  })

  it('never lets more than capacity through in any sliding window', async () => {
    const { clock, grants, leases, take } = setup(0)
    void take(40)
    for (let step = 0; step < 120; step++) {
      await clock.advance(1_000)
      for (const lease of leases) lease.release()
    }
    expect(grants).toHaveLength(40)
    for (let i = 5; i < grants.length; i++)
      expect(grants[i]! - grants[i - 5]!).toBeGreaterThanOrEqual(10_000)
  })

  it('spaces grants a window/capacity apart by default', async () => {
    const { clock, grants, take } = setup(500, 2_000)
    void take(6)
    await clock.advance(10_000)
    expect(grants).toEqual([0, 2_000, 4_000, 6_000, 8_000])
    await clock.advance(500)
    expect(grants.at(-1)).toBe(10_500)
    expect(new TokenBucket({ capacity: 5, windowMs: 10_000 }).minSpacingMs).toBe(2_000)
  })

  it('pauses for Retry-After when a 429 comes anyway', async () => {
    const { clock, bucket, grants, take } = setup()
    bucket.pause(30_000)
    void take(1)
    await clock.advance(29_999)
    expect(grants).toHaveLength(0)
    await clock.advance(1)
    expect(grants).toEqual([30_000])
    expect(bucket.stats.pauses).toBe(1)
  })

  it('serves waiters in order and drops a cancelled one', async () => {
    const { clock, bucket, take } = setup()
    void take(5)
    await flush()
    const order: string[] = []
    const controller = new AbortController()
    const a = bucket.acquire().then(() => order.push('a'))
    const b = bucket.acquire(controller.signal).then(
      () => order.push('b'),
      () => order.push('b cancelled'),
    )
    const c = bucket.acquire().then(() => order.push('c'))
    controller.abort()
    await clock.advance(10_500)
    await Promise.all([a, b, c])
    expect(order).toEqual(['b cancelled', 'a', 'c'])
  })
})
