// The renderer's side of "Try the demo tenant": a change of mode (from this window or pushed by
// main) reloads the apps list and shows the way back; a switch main refuses is shown as its message.
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { AuthStatus } from '../../../src-main/contract/model'
import { createFakeBridge } from './support/fake-bridge'
import { mountApp } from './support/mount-app'

const configuredTenant = {
  tenant: {
    cloud: 'public' as const,
    tenantId: 'contoso.onmicrosoft.com',
    clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  },
}

const demoStatus: AuthStatus = {
  configured: true,
  mode: 'demo',
  demoReason: 'chosen',
  accounts: [],
  keychain: 'unknown',
  keychainReason: null,
  keychainProblem: null,
  signInPending: false,
}

describe('trying the demo tenant in the renderer', () => {
  let unmount: () => void = () => {}
  afterEach(() => unmount())

  it('reloads the apps list when the mode changes and offers the way back while the demo is shown', async () => {
    const bridge = createFakeBridge({ settings: configuredTenant })
    const { wrapper } = await mountApp(bridge, '/apps')
    unmount = () => wrapper.unmount()
    const listApps = () => bridge.calls.filter((call) => call.channel === 'listApps').length
    expect(wrapper.find('[data-testid="demo-banner"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="try-demo"]').text()).toBe('Try the demo tenant')
    const before = listApps()

    bridge.emit('authChanged', demoStatus)
    await flushPromises()
    expect(listApps()).toBeGreaterThan(before)
    const banner = wrapper.find('[data-testid="demo-banner"]')
    expect(banner.text()).toContain('You are trying the demo tenant')
    expect(banner.find('button').text()).toBe('Back to contoso.onmicrosoft.com')
    // The sign-in card offers no sign-in while the demo is shown: the way back comes first.
    const signInCard = wrapper.find('[data-testid="choice-sign-in"]')
    expect(signInCard.text()).toContain('Go back to your tenant')
    expect(signInCard.findAll('button')).toHaveLength(0)

    // This fake main refuses the switch: its message is shown, and the demo stays.
    await banner.find('button').trigger('click')
    await flushPromises()
    expect(bridge.calls.at(-1)).toEqual({ channel: 'switchDataMode', payload: { mode: 'tenant' } })
    expect(wrapper.find('[data-testid="demo-banner"] [role="alert"]').text()).toContain(
      'does not implement switchDataMode',
    )
    expect(wrapper.find('[data-testid="mode-badge"]').text()).toBe('Demo tenant')
  })
})
