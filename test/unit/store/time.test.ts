// The store's fast parser for Graph's whole-second UTC times must agree with Date.parse exactly and
// hand anything else to it.
import { describe, expect, it } from 'vitest'
import { parseCompactUtc, parseGraphTime } from '../../../src-main/core/store/sqlite'
import { seededRandom } from './helpers'

describe('parseCompactUtc', () => {
  it('agrees with Date.parse on random whole-second UTC times from 1970 to 2400', () => {
    const random = seededRandom(3)
    const end = Date.UTC(2400, 0, 1) / 1000
    for (let i = 0; i < 100_000; i++) {
      const seconds = Math.floor(random() * end)
      const text = `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`
      expect(parseCompactUtc(text)).toBe(seconds)
    }
    for (const text of [
      '1970-01-01T00:00:00Z',
      '2000-02-29T23:59:59Z',
      '2024-02-29T12:00:00Z',
      '2025-12-31T23:59:59Z',
      '2100-03-01T00:00:00Z',
    ])
      expect(parseCompactUtc(text)).toBe(Date.parse(text) / 1000)
  })

  it('declines other forms and impossible dates (NaN), which parseGraphTime hands to Date.parse', () => {
    for (const text of [
      '2025-03-01T10:00:00.123Z',
      '2025-03-01T10:00:00+01:00',
      '2025-03-01 10:00:00Z',
      '2025-02-29T10:00:00Z',
      '2100-02-29T10:00:00Z',
      '2025-04-31T10:00:00Z',
      '2025-13-01T10:00:00Z',
      '2025-00-01T10:00:00Z',
      '2025-03-00T10:00:00Z',
      '2025-03-01T24:00:00Z',
      '2025-03-01T10:60:00Z',
      '2025-03-01T10:00:60Z',
      '1969-12-31T23:59:59Z',
      '2O25-03-01T10:00:00Z',
      'yesterday',
    ])
      expect(parseCompactUtc(text)).toBeNaN()
    expect(parseGraphTime('2025-03-01T10:00:00.999Z', 'x')).toBe(Date.parse('2025-03-01T10:00:00Z') / 1000)
    expect(parseGraphTime('2025-03-01T11:00:00+01:00', 'x')).toBe(
      Date.parse('2025-03-01T10:00:00Z') / 1000,
    )
    expect(() => parseGraphTime('yesterday', 'x')).toThrow(/not a date/)
  })
})
