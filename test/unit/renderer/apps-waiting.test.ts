// While the first Connected apps data is on its way, the page is already the dashboard's frame
// (overview strip without values, filters, the table's head), not the first-run guide and not "no
// application matches"; main answers the shell's own calls only after that request, so the page
// does not wait for them either. Then the data fills it in.
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { createApi } from '../../../src-main/contract/api'
import { boot, takeEarlyOverview } from '../../../src-renderer/src/api/early'
import { earlyReaderOverview } from './support/app-rows'
import { createFakeBridge } from './support/fake-bridge'
import { mountApp } from './support/mount-app'

const overview = earlyReaderOverview()

let cleanup: (() => void) | null = null
afterEach(() => {
  cleanup?.()
  cleanup = null
  takeEarlyOverview()
})

/** A bridge whose listApps and shell calls answer only when `release` is called. */
function slowBridge(options: Parameters<typeof createFakeBridge>[0]) {
  const bridge = createFakeBridge(options)
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  const held = new Set(['listApps', 'getAppInfo', 'getAuthStatus', 'getSettings'])
  const api = createApi(
    {
      invoke: async (channel, payload) => {
        if (held.has(channel)) await released
        return (bridge.api[channel] as (p: unknown) => Promise<unknown>)(payload)
      },
      subscribe: (event, listener) => bridge.api.on(event, listener),
    },
    { startHash: '#/apps' },
  )
  return { fake: { ...bridge, api }, release }
}

describe('Connected apps before its first data', () => {
  it('shows the dashboard frame while waiting, then the rows', async () => {
    const { fake, release } = slowBridge({ overview })
    boot({ api: fake.api, location: { hash: '#/apps' } } as unknown as Window)
    const { wrapper } = await mountApp(fake, '/apps')
    cleanup = () => wrapper.unmount()

    // Waiting: the frame, busy, with a loading status and no values.
    expect(wrapper.find('.shell-loading').exists()).toBe(false)
    expect(wrapper.get('[data-testid="apps-loading"]').text()).toContain(
      'Loading the connected applications',
    )
    const grid = wrapper.get('[data-testid="apps-grid"]')
    expect(grid.attributes('aria-busy')).toBe('true')
    expect(grid.findAll('[role="columnheader"]')).toHaveLength(10)
    expect(grid.findAll('[data-row-index]')).toHaveLength(0)
    expect(wrapper.find('[data-testid="apps-no-match"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="choice-sign-in"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="apps-overview"]').attributes('aria-busy')).toBe('true')
    expect(wrapper.get('[data-testid="total-apps"]').text()).toBe('–')
    expect(wrapper.find('[data-testid="sync-now"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="coverage"]').text()).toBe('–')
    expect(wrapper.find('[data-testid="apps-search"]').exists()).toBe(true)

    release()
    await flushPromises()

    expect(wrapper.find('[data-testid="apps-loading"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="apps-count"]').text()).toContain('Showing 1 of 1')
    expect(grid.attributes('aria-busy')).toBeUndefined()
    expect(grid.findAll('[data-row-index]')).toHaveLength(1)
    expect(grid.text()).toContain('Early Reader')
    expect(wrapper.get('[data-testid="total-apps"]').text()).toBe('1')
    expect(wrapper.get('[data-testid="coverage"]').text()).toMatch(/\. Entra keeps sign-in logs/)
    expect(wrapper.get('[data-testid="apps-overview"]').attributes('aria-busy')).toBeUndefined()
    expect(wrapper.find('[data-testid="sync-now"]').exists()).toBe(true)
  })

  it('turns into the first-run guide when the answer holds no data', async () => {
    const { fake, release } = slowBridge({})
    boot({ api: fake.api, location: { hash: '#/apps' } } as unknown as Window)
    const { wrapper } = await mountApp(fake, '/apps')
    cleanup = () => wrapper.unmount()
    expect(wrapper.find('[data-testid="apps-grid"]').exists()).toBe(true)

    release()
    await flushPromises()

    expect(wrapper.find('[data-testid="choice-sign-in"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="apps-grid"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="apps-loading"]').exists()).toBe(false)
  })
})
