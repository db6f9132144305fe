// The overview's "data source and coverage" facts: a tenant whose older hours come from a Log
// Analytics workspace says so, and lists each source's span; a Graph-only or demo tenant does not.
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppsOverview, UsageCoverageView } from '../../../src-main/contract/model'
import { createFakeBridge } from './support/fake-bridge'
import { mountApp } from './support/mount-app'
import { appRow } from './support/app-rows'

const graphTenant = { tenantId: 'c1a2b3d4-0000-4000-8000-00000000c0de', displayName: 'Fabrikam', source: 'graph' as const }

function overview(coverage: UsageCoverageView[] | undefined, source: 'graph' | 'demo' = 'graph'): AppsOverview {
  const tenant = { ...graphTenant, source }
  return {
    tenant,
    tenants: [tenant],
    apps: [appRow({ appId: '11111111-0000-4000-8000-000000000001', displayName: 'Reader' })],
    lastSync: '2026-11-26T09:00:00.000Z',
    historyFrom: coverage?.[0]?.from ?? '2026-10-27T09:00:00.000Z',
    ...(coverage ? { coverage } : {}),
    generatedAt: '2026-11-26T09:30:00.000Z',
  }
}

let cleanup: (() => void) | null = null
afterEach(() => {
  cleanup?.()
  cleanup = null
})

async function mountWith(data: AppsOverview, language: 'en' | 'ko' = 'en') {
  const bridge = createFakeBridge({ overview: data, settings: { locale: language } })
  const mounted = await mountApp(bridge, '/apps')
  await flushPromises()
  cleanup = () => mounted.wrapper.unmount()
  return mounted.wrapper
}

const both: UsageCoverageView[] = [
  { source: 'logAnalytics', from: '2025-01-10T00:00:00.000Z', to: '2026-10-27T10:00:00.000Z' },
  { source: 'graph', from: '2026-10-27T10:00:00.000Z', to: '2026-11-26T09:00:00.000Z' },
]

describe('Overview coverage', () => {
  it('names the workspace as a source and lists each span, oldest first', async () => {
    const wrapper = await mountWith(overview(both))
    expect(wrapper.get('[data-testid="data-source"]').text()).toContain('Log Analytics workspace')
    const spans = wrapper.findAll('[data-testid="coverage-spans"] li').map((item) => item.text())
    expect(spans).toHaveLength(2)
    expect(spans[0]).toMatch(/^Log Analytics workspace \(hourly totals\): .*2025.* to .*2026/)
    expect(spans[1]).toMatch(/^Entra sign-in logs \(each sign-in\): /)
  })

  it('keeps the single-source wording for a Graph-only tenant', async () => {
    const wrapper = await mountWith(overview([both[1]!]))
    expect(wrapper.get('[data-testid="data-source"]').text()).toBe('Microsoft Entra sign-in logs (Microsoft Graph)')
    expect(wrapper.find('[data-testid="coverage-spans"]').exists()).toBe(false)
  })

  it('works when an older core sends no coverage at all', async () => {
    const wrapper = await mountWith(overview(undefined))
    expect(wrapper.get('[data-testid="coverage"]').text()).toContain('History kept here since')
    expect(wrapper.find('[data-testid="coverage-spans"]').exists()).toBe(false)
  })

  it('speaks Korean', async () => {
    const wrapper = await mountWith(overview(both), 'ko')
    expect(wrapper.get('[data-testid="data-source"]').text()).toContain('Log Analytics 작업 영역')
    const spans = wrapper.findAll('[data-testid="coverage-spans"] li').map((item) => item.text())
    expect(spans[0]).toMatch(/^Log Analytics 작업 영역\(시간별 합계\): /)
  })
})
