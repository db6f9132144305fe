// The last sync's notices on Connected apps: a failed Log Analytics part (main's message, which says
// what to do) and time slices whose raw sign-ins differ from Entra's summary. Neither blocks the
// page; both are about the tenant shown only, follow the next sync, and can be dismissed.
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppsOverview, SyncStatus, SyncSummary } from '../../../src-main/contract/model'
import { appRow } from './support/app-rows'
import { createFakeBridge } from './support/fake-bridge'
import { mountApp } from './support/mount-app'

const tenant = {
  tenantId: 'c1a2b3d4-0000-4000-8000-00000000c0de',
  displayName: 'Fabrikam',
  source: 'graph' as const,
}
const otherTenantId = 'd4c3b2a1-0000-4000-8000-0000000000ff'

const overview: AppsOverview = {
  tenant,
  tenants: [tenant],
  apps: [appRow({ appId: '11111111-0000-4000-8000-000000000001', displayName: 'Reader' })],
  lastSync: '2026-11-26T09:00:00.000Z',
  historyFrom: '2026-10-27T09:00:00.000Z',
  generatedAt: '2026-11-26T09:30:00.000Z',
}

const workspaceMessage =
  'Log Analytics answered 403: the signed-in account has no Log Analytics Reader role on workspace 0f0e0d0c-0b0a-4909-8807-060504030201. Ask for the role, then sync again.'

function summary(overrides: Partial<SyncSummary> = {}): SyncSummary {
  return {
    tenantId: tenant.tenantId,
    source: 'graph',
    from: '2026-10-27T09:00:00.000Z',
    to: '2026-11-26T09:00:00.000Z',
    events: 1200,
    inserted: 1200,
    cancelled: false,
    appsAdded: 0,
    appsRemoved: 0,
    permissionsGranted: 0,
    durationMs: 4200,
    ...overrides,
  }
}

const failedWorkspace: SyncSummary['logAnalytics'] = {
  status: 'failed',
  hours: 0,
  from: null,
  to: null,
  error: { code: 'permission_missing', message: workspaceMessage },
}
const summaries = (mismatches: number): SyncSummary['summaries'] => ({
  status: 'used',
  note: null,
  slicesSkipped: 3,
  requestsSaved: 12,
  probe: null,
  mismatches,
})

const syncDone = {
  tenantId: tenant.tenantId,
  phase: 'done' as const,
  slicesDone: 1,
  slicesTotal: 1,
  pages: 1,
  events: 0,
  etaSeconds: null,
}

let cleanup: (() => void) | null = null
afterEach(() => {
  cleanup?.()
  cleanup = null
})

async function mountWith(last: SyncSummary | null, locale: 'en' | 'ko' = 'en') {
  const syncStatus: SyncStatus = { running: false, progress: null, last, lastError: null }
  const bridge = createFakeBridge({ overview, syncStatus, settings: { locale } })
  const mounted = await mountApp(bridge, '/apps')
  await flushPromises()
  cleanup = () => mounted.wrapper.unmount()
  return { wrapper: mounted.wrapper, bridge, syncStatus }
}

describe('last sync notices', () => {
  it('shows the workspace failure with main’s message, beside a working dashboard', async () => {
    const { wrapper } = await mountWith(summary({ logAnalytics: failedWorkspace }))
    const notice = wrapper.get('[data-testid="sync-notice-logAnalytics"]')
    expect(notice.text()).toContain(
      'The Log Analytics workspace could not be read in the last sync',
    )
    expect(notice.text()).toContain(workspaceMessage)
    expect(notice.attributes('role')).toBe('status')
    expect(notice.find('a').attributes('href')).toContain('settings')
    // Non-blocking: the table is there and no explained state replaced it.
    expect(wrapper.find('[data-testid="apps-grid"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid^="state-"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="sync-notice-mismatches"]').exists()).toBe(false)
  })

  it('counts the slices whose counts differ from Entra’s summary, singular and plural', async () => {
    let { wrapper } = await mountWith(summary({ summaries: summaries(1) }))
    expect(wrapper.get('[data-testid="sync-notice-mismatches"]').text()).toContain(
      '1 time slice had sign-in counts that differ from Entra’s summary',
    )
    cleanup?.()
    ;({ wrapper } = await mountWith(summary({ summaries: summaries(4) })))
    const text = wrapper.get('[data-testid="sync-notice-mismatches"]').text()
    expect(text).toContain('4 time slices had sign-in counts')
    expect(text).toContain('the log has the slices')
  })

  it('says it in Korean when the UI is Korean', async () => {
    const { wrapper } = await mountWith(
      summary({ logAnalytics: failedWorkspace, summaries: summaries(2) }),
      'ko',
    )
    expect(wrapper.get('[data-testid="sync-notice-logAnalytics"]').text()).toContain(
      'Log Analytics 작업 영역을 읽지 못했습니다',
    )
    expect(wrapper.get('[data-testid="sync-notice-mismatches"]').text()).toContain('시간 구간 2개')
  })

  it('shows nothing when the workspace part worked and the summaries matched', async () => {
    for (const status of ['filled', 'upToDate', 'skipped'] as const) {
      const { wrapper } = await mountWith(
        summary({
          logAnalytics: { ...failedWorkspace!, status, error: null },
          summaries: summaries(0),
        }),
      )
      expect(wrapper.find('[data-testid="sync-notices"]').exists(), status).toBe(false)
      cleanup?.()
      cleanup = null
    }
    const { wrapper } = await mountWith(null)
    expect(wrapper.find('[data-testid="sync-notices"]').exists()).toBe(false)
  })

  it('says a cancelled sync was cancelled and that its finished slices are kept', async () => {
    const { wrapper } = await mountWith(summary({ cancelled: true }))
    const notice = wrapper.get('[data-testid="sync-notice-cancelled"]')
    expect(notice.text()).toContain('The last sync was cancelled')
    expect(notice.text()).toContain('Sync now reads the rest')
    expect(notice.attributes('role')).toBe('status')
    cleanup?.()
    const korean = await mountWith(summary({ cancelled: true }), 'ko')
    expect(korean.wrapper.get('[data-testid="sync-notice-cancelled"]').text()).toContain(
      '마지막 동기화가 취소되었습니다',
    )
  })

  it('ignores the last sync of another tenant', async () => {
    const { wrapper } = await mountWith(
      summary({ tenantId: otherTenantId, logAnalytics: failedWorkspace, summaries: summaries(3) }),
    )
    expect(wrapper.find('[data-testid="sync-notices"]').exists()).toBe(false)
  })

  it('follows the next sync and can be dismissed for this sync', async () => {
    const { wrapper, bridge, syncStatus } = await mountWith(summary())
    expect(wrapper.find('[data-testid="sync-notices"]').exists()).toBe(false)

    // A sync elsewhere (the tray) ends with a failed workspace part.
    syncStatus.last = summary({ to: '2026-11-26T10:00:00.000Z', logAnalytics: failedWorkspace })
    bridge.emit('syncProgress', syncDone)
    await flushPromises()
    const notice = wrapper.get('[data-testid="sync-notice-logAnalytics"]')
    await notice.get('button').trigger('click')
    expect(wrapper.find('[data-testid="sync-notices"]').exists()).toBe(false)

    // The same failure in a later sync is news again.
    syncStatus.last = summary({ to: '2026-11-26T11:00:00.000Z', logAnalytics: failedWorkspace })
    bridge.emit('syncProgress', syncDone)
    await flushPromises()
    expect(wrapper.find('[data-testid="sync-notice-logAnalytics"]').exists()).toBe(true)
  })
})
