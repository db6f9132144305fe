// The sidebar navigation: one link per page, the current one marked for assistive technology,
// and the shell showing the real state it was given.
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createFakeBridge } from './support/fake-bridge'
import { mountApp } from './support/mount-app'

describe('navigation', () => {
  let unmount: () => void = () => {}
  afterEach(() => unmount())

  async function mountAt(path: string, bridge = createFakeBridge()) {
    const mounted = await mountApp(bridge, path)
    unmount = () => mounted.wrapper.unmount()
    return mounted
  }

  it('lists the four pages in a labelled nav landmark', async () => {
    const { wrapper } = await mountAt('/apps')
    const nav = wrapper.find('nav')
    expect(nav.attributes('aria-label')).toBe('Main')
    expect(nav.findAll('a').map((link) => link.text())).toEqual([
      'Connected apps',
      'Alerts',
      'Export',
      'Settings',
    ])
  })

  it('marks only the current page with aria-current="page" and moves it on navigation', async () => {
    const { wrapper, router } = await mountAt('/apps')
    const current = () => wrapper.findAll('nav a[aria-current="page"]').map((link) => link.text())
    expect(current()).toEqual(['Connected apps'])

    await wrapper.findAll('nav a')[2]?.trigger('click')
    // The Export page loads when first opened: the navigation ends after its module has.
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('export'))
    await flushPromises()
    expect(current()).toEqual(['Export'])
    expect(wrapper.find('h1').text()).toBe('Export')
    expect(document.activeElement?.id).toBe('page-heading')
    expect(document.title).toBe('Export · Defender Connected Apps')
  })

  it('sends unknown paths to Connected apps', async () => {
    const { router } = await mountAt('/no-such-page')
    expect(router.currentRoute.value.name).toBe('apps')
  })

  it('shows the mode badge, version and first-run choices from the real state', async () => {
    const { wrapper } = await mountAt('/apps')
    expect(wrapper.find('[data-testid="mode-badge"]').text()).toBe('Demo tenant')
    expect(wrapper.find('.sidebar__version').text()).toBe('Version 9.8.7')
    expect(wrapper.find('[data-testid="choice-sign-in"]').text()).toContain('Not set up yet')
    expect(wrapper.find('[data-testid="choice-demo"]').text()).toContain('In use now')
  })

  it('switches the badge to the tenant when main reports the tenant mode', async () => {
    const bridge = createFakeBridge({
      settings: { tenant: { cloud: 'public', tenantId: 'contoso.onmicrosoft.com' } },
    })
    const { wrapper } = await mountAt('/apps', bridge)
    bridge.emit('authChanged', {
      configured: true,
      mode: 'tenant',
      accounts: [],
      keychain: 'unavailable',
      keychainReason: 'libsecret is not installed',
      keychainProblem: null,
      demoReason: null,
      signInPending: false,
    })
    await flushPromises()
    expect(wrapper.find('[data-testid="mode-badge"]').text()).toBe('Your tenant')
    expect(wrapper.find('.topbar').text()).toContain('contoso.onmicrosoft.com')
    expect(wrapper.find('.notices').text()).toMatch(
      /keychain is not available \(libsecret is not installed\)/,
    )
  })

  it('detaches from main events when the shell unmounts', async () => {
    const bridge = createFakeBridge()
    const { wrapper } = await mountAt('/apps', bridge)
    // The shell's two (settings, auth) and the Connected apps page's two (sync progress, data).
    expect(bridge.listenerCount()).toBe(4)
    wrapper.unmount()
    unmount = () => {}
    expect(bridge.listenerCount()).toBe(0)
  })
})
