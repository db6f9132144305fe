// The sign-in card: offered once a tenant is configured, lists signed-in accounts from AuthStatus,
// and signs them out again; main's failures are shown as its message.
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { createFakeBridge } from './support/fake-bridge'
import { mountApp } from './support/mount-app'

const configuredTenant = {
  tenant: {
    cloud: 'public' as const,
    tenantId: 'contoso.onmicrosoft.com',
    clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  },
}

describe('sign-in card', () => {
  let unmount: () => void = () => {}
  afterEach(() => unmount())

  it('offers no sign-in button until a tenant is configured', async () => {
    const { wrapper } = await mountApp(createFakeBridge(), '/apps')
    unmount = () => wrapper.unmount()
    const card = wrapper.find('[data-testid="choice-sign-in"]')
    expect(card.text()).toContain('Not set up yet')
    expect(card.findAll('button')).toHaveLength(0)
  })

  it('signs in, lists the account in the card and the header, then signs it out', async () => {
    const bridge = createFakeBridge({ settings: configuredTenant })
    const { wrapper } = await mountApp(bridge, '/apps')
    unmount = () => wrapper.unmount()
    const card = () => wrapper.find('[data-testid="choice-sign-in"]')

    await card().find('button.button--primary').trigger('click')
    await flushPromises()
    expect(card().find('[data-testid="accounts"]').text()).toContain(
      'admin1@contoso.onmicrosoft.com',
    )
    expect(wrapper.find('[data-testid="account-status"]').text()).toBe('Signed in as Admin 1')
    expect(card().find('button.button--primary').text()).toBe('Sign in with another account')

    await card()
      .find('button[aria-label="Sign out admin1@contoso.onmicrosoft.com"]')
      .trigger('click')
    await flushPromises()
    expect(card().find('[data-testid="accounts"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="account-status"]').text()).toBe('Not signed in')
  })

  it('shows a pending sign-in with a way to cancel it', async () => {
    const bridge = createFakeBridge({ settings: configuredTenant, auth: { signInPending: true } })
    const { wrapper } = await mountApp(bridge, '/apps')
    unmount = () => wrapper.unmount()
    const card = wrapper.find('[data-testid="choice-sign-in"]')
    expect(card.find('[role="status"]').text()).toBe('Finish signing in in your browser…')
    await card.find('button').trigger('click')
    await flushPromises()
    expect(bridge.calls.map((call) => call.channel)).toContain('cancelSignIn')
  })
})
