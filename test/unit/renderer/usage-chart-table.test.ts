// The usage chart's text alternative: a table of what succeeded and what failed per bucket, and for
// a series longer than the page's periods (a year hourly) one row per UTC day with its hours added up.
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { UsageSeries } from '../../../src-main/contract/model'
import UsageChart from '../../../src-renderer/src/components/apps/UsageChart.vue'
import { createAppI18n } from '../../../src-renderer/src/i18n'

const HOUR = 3_600_000

function hourly(hours: number): UsageSeries['points'] {
  const from = Date.parse('2026-01-01T00:00:00.000Z')
  // Each hour i: i % 7 sign-ins, of which i % 2 failed (never more than the sign-ins).
  return Array.from({ length: hours }, (_, i) => ({
    start: new Date(from + i * HOUR).toISOString(),
    signIns: i % 7,
    failures: Math.min(i % 7, i % 2),
  }))
}

function tableOf(points: UsageSeries['points']) {
  const series: UsageSeries = {
    appId: '11111111-0000-4000-8000-000000000001',
    granularity: 'hour',
    points,
  }
  const wrapper = mount(UsageChart, {
    props: { series, label: 'Sign-ins per hour' },
    global: { plugins: [createAppI18n('en')] },
  })
  const table = wrapper.get('[data-testid="usage-table"]')
  const rows = table
    .findAll('tbody tr')
    .map((row) => [
      row.get('time').attributes('datetime'),
      ...row.findAll('td').map((cell) => Number(cell.text().replace(/[^\d]/g, ''))),
    ])
  const caption = table.get('caption').text()
  wrapper.unmount()
  return { rows, caption }
}

describe('usage chart table', () => {
  it('has a row per hour for a week hourly, with the two parts of each bar', () => {
    const points = hourly(168)
    const { rows, caption } = tableOf(points)
    expect(rows).toEqual(points.map((p) => [p.start, p.signIns - p.failures, p.failures]))
    expect(caption).toMatch(/each bar stacks/)
  })

  it('adds each UTC day up for a year hourly, keeping every sign-in', () => {
    const points = hourly(24 * 365 + 1)
    const { rows, caption } = tableOf(points)
    expect(rows).toHaveLength(366)
    expect(caption).toMatch(/each day’s hours added up/)
    const expected = new Map<string, [number, number]>()
    for (const p of points) {
      const day = `${p.start.slice(0, 10)}T00:00:00.000Z`
      const [ok, failed] = expected.get(day) ?? [0, 0]
      expected.set(day, [ok + p.signIns - p.failures, failed + p.failures])
    }
    expect(rows).toEqual([...expected].map(([day, [ok, failed]]) => [day, ok, failed]))
  })
})
