// The fake cloud's reports throttle judges each request by the sliding window at its arrival, as
// Graph's gateway does, even when the fake's single thread handles requests out of arrival order.
import { describe, expect, it } from 'vitest'
import { Throttle } from '../../fake-cloud/http'

describe('fake reports throttle', () => {
  it('counts a request at its arrival, even when a later arrival was handled first', () => {
    const throttle = new Throttle({ requests: 2, windowMs: 10_000 })
    expect(throttle.take('tenant', 'app', 1_000)).toBe(0)
    // Arrived at 12,000 and handled first; the one that arrived at 6,000 waited for its body. At 6,000
    // the window (−4,000, 6,000] held one request, and the window ending at 12,000 holds two with it.
    expect(throttle.take('tenant', 'app', 12_000)).toBe(0)
    expect(throttle.take('tenant', 'app', 6_000)).toBe(0)
    expect(throttle.counted('tenant', 'app', 12_000)).toEqual([6_000, 12_000])
    // At 14,000 the window (4,000, 14,000] is full until 6,000 leaves it.
    expect(throttle.take('tenant', 'app', 14_000)).toBe(2)
    expect(throttle.take('tenant', 'app', 16_001)).toBe(0)
    // Other apps and tenants have their own budget.
    expect(throttle.take('tenant', 'other app', 16_001)).toBe(0)
  })

  it('refuses a late-handled arrival that would overfill a window ending at a later counted arrival', () => {
    const throttle = new Throttle({ requests: 2, windowMs: 10_000 })
    expect(throttle.take('tenant', 'app', 1_000)).toBe(0)
    expect(throttle.take('tenant', 'app', 9_000)).toBe(0)
    // Its own window (−5,000, 5,000] has room, but (−1,000, 9,000] would hold three.
    expect(throttle.take('tenant', 'app', 5_000)).toBeGreaterThan(0)
    expect(throttle.counted('tenant', 'app', 9_000)).toEqual([1_000, 9_000])
  })
})
