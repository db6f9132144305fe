// The Connected apps page over a fake bridge: the grid's semantics, sorting from the headers,
// keyboard movement between rows, filtering, and hostile names from Graph shown as text.
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AppsOverview, ConnectedAppRow } from '../../../src-main/contract/model'
import { createFakeBridge } from './support/fake-bridge'
import { mountApp } from './support/mount-app'
import { appRow } from './support/app-rows'

const tenant = {
  tenantId: 'a867b9c0-f470-4b75-8930-580b55bba791',
  displayName: 'Contoso (demo)',
  source: 'demo' as const,
}

function overview(apps: ConnectedAppRow[]): AppsOverview {
  return {
    tenant,
    tenants: [tenant],
    apps,
    lastSync: '2025-11-26T09:00:00.000Z',
    historyFrom: '2025-10-27T09:00:00.000Z',
    generatedAt: '2025-11-26T09:30:00.000Z',
  }
}

const apps = [
  appRow({
    appId: '11111111-0000-4000-8000-000000000001',
    displayName: 'Quiet Reader',
    signIns24h: 3,
  }),
  appRow({
    appId: '22222222-0000-4000-8000-000000000002',
    displayName: 'Busy Poller',
    signIns24h: 900,
    risk: 'high',
    failures24h: 12,
  }),
  appRow({
    appId: '33333333-0000-4000-8000-000000000003',
    displayName: 'Middle Sync',
    signIns24h: 40,
  }),
]

let cleanup: (() => void) | null = null
afterEach(() => {
  cleanup?.()
  cleanup = null
})

async function mountWith(rows: ConnectedAppRow[]) {
  const bridge = createFakeBridge({ overview: overview(rows) })
  const mounted = await mountApp(bridge, '/apps')
  await flushPromises()
  cleanup = () => mounted.wrapper.unmount()
  return mounted
}

const rowNames = (wrapper: Awaited<ReturnType<typeof mountApp>>['wrapper']) =>
  wrapper.findAll('[data-testid="app-name"]').map((link) => link.text())

describe('Connected apps table', () => {
  it('is a labelled grid with one header row, sorted by sign-ins, busiest first', async () => {
    const { wrapper } = await mountWith(apps)
    const grid = wrapper.get('[role="grid"]')
    expect(grid.attributes('aria-label')).toBe('Connected applications')
    expect(grid.attributes('aria-rowcount')).toBe('4')
    expect(rowNames(wrapper)).toEqual(['Busy Poller', 'Middle Sync', 'Quiet Reader'])
    expect(
      wrapper
        .get('[data-testid="sort-signIns24h"]')
        .element.parentElement?.getAttribute('aria-sort'),
    ).toBe('descending')
    expect(wrapper.get('[data-testid="total-apps"]').text()).toBe('3')
    // The ID column shows its start; the whole ID is its accessible name and its tooltip.
    const idCell = wrapper.get('[data-row-index="0"] [aria-colindex="2"]')
    const busiest = apps.find((row) => row.displayName === 'Busy Poller')!
    expect(idCell.text()).toBe(`${busiest.appId.slice(0, 8)}…`)
    expect(idCell.attributes('aria-label')).toBe(busiest.appId)
    expect(idCell.get('span').attributes('title')).toBe(busiest.appId)
  })

  it('sorts by a column when its header is clicked, and reverses on a second click', async () => {
    const { wrapper } = await mountWith(apps)
    await wrapper.get('[data-testid="sort-name"]').trigger('click')
    expect(rowNames(wrapper)).toEqual(['Busy Poller', 'Middle Sync', 'Quiet Reader'])
    await wrapper.get('[data-testid="sort-name"]').trigger('click')
    expect(rowNames(wrapper)).toEqual(['Quiet Reader', 'Middle Sync', 'Busy Poller'])
    expect(
      wrapper.get('[data-testid="sort-name"]').element.parentElement?.getAttribute('aria-sort'),
    ).toBe('descending')
  })

  it('keeps one row in the tab order and moves it with the arrow keys; Enter opens the app', async () => {
    const { wrapper, router } = await mountWith(apps)
    const rows = () => wrapper.findAll('[role="row"][data-row-index]')
    expect(rows().map((row) => row.attributes('tabindex'))).toEqual(['0', '-1', '-1'])
    await rows()[0]!.trigger('keydown', { key: 'ArrowDown' })
    await flushPromises()
    expect(rows().map((row) => row.attributes('tabindex'))).toEqual(['-1', '0', '-1'])
    await rows()[1]!.trigger('keydown', { key: 'End' })
    await flushPromises()
    expect(rows()[2]!.attributes('tabindex')).toBe('0')
    await rows()[2]!.trigger('keydown', { key: 'Enter' })
    // The detail page is loaded when first opened, so the navigation ends after its module loads.
    await vi.waitFor(
      () =>
        expect(router.currentRoute.value.fullPath).toBe(
          '/apps/11111111-0000-4000-8000-000000000001',
        ),
      { timeout: 15_000 },
    )
  })

  it('shows each row’s own figures after a sort and after a reload, in the language picked', async () => {
    const data = overview(apps)
    const bridge = createFakeBridge({ overview: data })
    const { wrapper, i18n } = await mountApp(bridge, '/apps')
    await flushPromises()
    cleanup = () => wrapper.unmount()
    // Each cell's parts (spans) joined by a space, or its text when it has none.
    const cells = (column: number) =>
      wrapper
        .findAll(`[role="row"][data-row-index] [aria-colindex="${column}"]`)
        .map(
          (cell) =>
            [...cell.element.children].map((part) => part.textContent?.trim()).join(' ') ||
            cell.text(),
        )
    const links = () =>
      wrapper.findAll('[data-testid="app-name"]').map((link) => link.attributes('href'))
    expect(cells(4)).toEqual(['900 12 failed', '40', '3'])
    expect(cells(7)).toEqual(['High', 'Low', 'Low'])
    await wrapper.get('[data-testid="sort-signIns24h"]').trigger('click')
    expect(cells(4)).toEqual(['3', '40', '900 12 failed'])
    expect(cells(7)).toEqual(['Low', 'Low', 'High'])
    expect(links()).toEqual([
      expect.stringMatching(/\/apps\/11111111-0000-4000-8000-000000000001$/),
      expect.stringMatching(/\/apps\/33333333-0000-4000-8000-000000000003$/),
      expect.stringMatching(/\/apps\/22222222-0000-4000-8000-000000000002$/),
    ])
    // New figures for the same apps: the rows stay in place and show them.
    data.apps = apps.map((row) => ({ ...row, signIns24h: row.signIns24h + 1000 }))
    bridge.emit('dataChanged', { tenantId: tenant.tenantId })
    await flushPromises()
    expect(cells(4)).toEqual(['1,003', '1,040', '1,900 12 failed'])
    i18n.global.locale.value = 'ko'
    await flushPromises()
    expect(cells(7)).toEqual(['낮음', '낮음', '높음'])
    expect(cells(4)).toEqual(['1,003', '1,040', '1,900 12건 실패'])
  })

  it('opens an app’s detail when its name is clicked', async () => {
    const { wrapper, router } = await mountWith(apps)
    await wrapper.findAll('[data-testid="app-name"]')[1]!.trigger('click', { button: 0 })
    await vi.waitFor(
      () =>
        expect(router.currentRoute.value.fullPath).toBe(
          '/apps/33333333-0000-4000-8000-000000000003',
        ),
      { timeout: 15_000 },
    )
  })

  it('filters as the admin types and says how many are shown', async () => {
    const { wrapper } = await mountWith(apps)
    await wrapper.get('[data-testid="apps-search"]').setValue('sync')
    expect(rowNames(wrapper)).toEqual(['Middle Sync'])
    expect(wrapper.get('[data-testid="apps-count"]').text()).toContain(
      'Showing 1 of 3 applications',
    )
    await wrapper.get('[data-testid="apps-search"]').setValue('')
    await wrapper.get('[data-testid="filter-failing"]').setValue(true)
    expect(rowNames(wrapper)).toEqual(['Busy Poller'])
  })

  it('renders only the rows in view until the first rows are painted, then the overscan below', async () => {
    const many = Array.from({ length: 40 }, (_, index) =>
      appRow({
        appId: `66666666-0000-4000-8000-${String(index).padStart(12, '0')}`,
        displayName: `App ${index}`,
        signIns24h: 100 - index,
      }),
    )
    const { wrapper } = await mountWith(many)
    // happy-dom lays nothing out: the table keeps its 600 px default, 12 rows of 52 px.
    const positions = () => wrapper.findAll('.apps-grid__body > .apps-grid__row').length
    expect(positions()).toBe(12)
    expect(rowNames(wrapper)).toHaveLength(12)
    // After the next frame and an idle moment (happy-dom: a timer), the overscan rows follow.
    await vi.waitFor(async () => {
      await flushPromises()
      expect(positions()).toBe(18)
    })
    expect(rowNames(wrapper)).toEqual(many.slice(0, 18).map((app) => app.displayName))
  })

  it('shows names with markup, right-to-left text and emoji as plain text', async () => {
    const hostile = [
      appRow({
        appId: '44444444-0000-4000-8000-000000000004',
        displayName: '<img src=x onerror="window.pwned=1">',
        signIns24h: 3,
      }),
      appRow({
        appId: '55555555-0000-4000-8000-000000000005',
        displayName: 'تطبيق الأمان 🔐',
        signIns24h: 2,
      }),
    ]
    const { wrapper } = await mountWith(hostile)
    expect(rowNames(wrapper)).toEqual(['<img src=x onerror="window.pwned=1">', 'تطبيق الأمان 🔐'])
    expect(wrapper.find('[role="grid"] img').exists()).toBe(false)
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined()
  })
})
