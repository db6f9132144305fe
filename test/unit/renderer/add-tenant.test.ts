// Settings → accounts: each signed-in account with its tenant and its own sign-out, and "Add a
// tenant", which checks the tenant ID or domain with the contract's schema before it opens the
// browser and signs in to that tenant. Connected apps links to it once an account is signed in.
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { ErrorCode } from '../../../src-main/contract/errors'
import { createFakeBridge } from './support/fake-bridge'
import { mountApp } from './support/mount-app'

const homeTenant = '11111111-2222-3333-4444-555555555555'
const customerTenant = '99999999-8888-4777-8666-555555555555'
const clientId = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'

describe('accounts and adding a tenant', () => {
  let unmount: () => void = () => {}
  afterEach(() => unmount())

  async function open(
    options: { configured?: boolean; locale?: 'en' | 'ko'; signInError?: ErrorCode } = {},
    path = '/settings',
  ) {
    const bridge = createFakeBridge({
      settings: {
        locale: options.locale ?? 'en',
        ...(options.configured === false
          ? {}
          : { tenant: { cloud: 'public', tenantId: homeTenant, clientId } }),
      },
      ...(options.signInError ? { signInError: options.signInError } : {}),
    })
    const mounted = await mountApp(bridge, path)
    unmount = () => mounted.wrapper.unmount()
    return { ...mounted, bridge }
  }

  const signInCalls = (bridge: ReturnType<typeof createFakeBridge>) =>
    bridge.calls.filter((call) => call.channel === 'signIn')

  async function addTenant(wrapper: Awaited<ReturnType<typeof open>>['wrapper'], value: string) {
    await wrapper.get('#add-tenant-id').setValue(value)
    await wrapper.get('[data-testid="add-tenant-form"]').trigger('submit')
    await flushPromises()
  }

  it('explains a value that is neither a GUID nor a domain, and opens no browser', async () => {
    const { wrapper, bridge } = await open()
    await addTenant(wrapper, 'fabrikam tenant')
    const input = wrapper.get('#add-tenant-id')
    expect(wrapper.get('[data-testid="add-tenant-error"]').text()).toMatch(
      /neither a tenant ID \(a GUID\) nor a domain/,
    )
    expect(input.attributes('aria-invalid')).toBe('true')
    const errorId = wrapper.get('[data-testid="add-tenant-error"]').attributes('id')
    expect(errorId).toBeTruthy()
    expect(input.attributes('aria-describedby')?.split(' ')).toContain(errorId)
    expect(document.activeElement?.id).toBe('add-tenant-id')
    expect(signInCalls(bridge)).toHaveLength(0)

    await addTenant(wrapper, '   ')
    expect(wrapper.get('[data-testid="add-tenant-error"]').text()).toMatch(/Enter the tenant ID/)
    expect(signInCalls(bridge)).toHaveLength(0)
  })

  it('explains it in Korean when the UI is Korean', async () => {
    const { wrapper } = await open({ locale: 'ko' })
    await addTenant(wrapper, 'not/a/tenant')
    expect(wrapper.get('[data-testid="add-tenant-error"]').text()).toContain('테넌트 ID(GUID)')
  })

  it('signs in to the tenant given (trimmed), then lists the account with its tenant', async () => {
    const { wrapper, bridge } = await open()
    expect(wrapper.get('[data-testid="settings-no-accounts"]').text()).toBe(
      'No account is signed in.',
    )
    await addTenant(wrapper, `  ${customerTenant} `)

    expect(signInCalls(bridge).map((call) => call.payload)).toEqual([{ tenantId: customerTenant }])
    expect(wrapper.get('[data-testid="add-tenant-status"]').text()).toContain(
      `Signed in to tenant ${customerTenant} as Admin 1`,
    )
    expect((wrapper.get('#add-tenant-id').element as HTMLInputElement).value).toBe('')
    const accounts = wrapper.findAll('[data-testid="settings-account"]')
    expect(accounts).toHaveLength(1)
    expect(accounts[0]!.get('[data-testid="settings-account-tenant"]').text()).toBe(
      `Tenant ${customerTenant}`,
    )
  })

  it('accepts a verified domain', async () => {
    const { wrapper, bridge } = await open()
    await addTenant(wrapper, 'fabrikam.onmicrosoft.com')
    expect(signInCalls(bridge).map((call) => call.payload)).toEqual([
      { tenantId: 'fabrikam.onmicrosoft.com' },
    ])
    expect(wrapper.find('[data-testid="add-tenant-error"]').exists()).toBe(false)
  })

  it('shows why a sign-in failed, in the form that started it', async () => {
    const { wrapper } = await open({ signInError: 'auth_failed' })
    await addTenant(wrapper, customerTenant)
    expect(wrapper.get('[data-testid="add-tenant-failure"]').text()).toBe(
      'The sign-in did not complete in the browser.',
    )
    expect(wrapper.findAll('[data-testid="settings-account"]')).toHaveLength(0)
  })

  it('signs out one account and keeps the others', async () => {
    const { wrapper, bridge } = await open()
    await addTenant(wrapper, homeTenant)
    await addTenant(wrapper, customerTenant)
    expect(wrapper.findAll('[data-testid="settings-account"]')).toHaveLength(2)

    await wrapper
      .get('button[aria-label="Sign out admin1@contoso.onmicrosoft.com"]')
      .trigger('click')
    await flushPromises()
    expect(bridge.calls.at(-1)).toEqual({
      channel: 'signOut',
      payload: { homeAccountId: 'account-1' },
    })
    const left = wrapper.findAll('[data-testid="settings-account-tenant"]').map((el) => el.text())
    expect(left).toEqual([`Tenant ${customerTenant}`])
    expect(wrapper.get('[data-testid="accounts-status"]').text()).toBe('Signed out.')
  })

  it('names an account’s tenant as Connected apps listed it', async () => {
    const named = { tenantId: customerTenant, displayName: 'Fabrikam', source: 'graph' as const }
    const bridge = createFakeBridge({
      settings: { tenant: { cloud: 'public', tenantId: homeTenant, clientId } },
      overview: {
        tenant: named,
        tenants: [named],
        apps: [],
        lastSync: null,
        historyFrom: null,
        generatedAt: '2026-11-26T09:30:00.000Z',
      },
    })
    const { wrapper, router } = await mountApp(bridge, '/apps')
    unmount = () => wrapper.unmount()
    await bridge.api.signIn({ tenantId: customerTenant })
    await bridge.api.signIn({ tenantId: homeTenant })
    await router.push('/settings')
    await flushPromises()
    const tenants = wrapper
      .findAll('[data-testid="settings-account-tenant"]')
      .map((el) => el.text())
    expect(tenants).toEqual([`Tenant Fabrikam (${customerTenant})`, `Tenant ${homeTenant}`])
  })

  it('says the tenant must be configured first instead of offering the form', async () => {
    const { wrapper } = await open({ configured: false })
    expect(wrapper.find('[data-testid="add-tenant-form"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="add-tenant-not-configured"]').text()).toMatch(
      /Set the tenant and client ID/,
    )
  })

  it('links from Connected apps to Add a tenant once an account is signed in', async () => {
    const { wrapper, bridge, router } = await open({}, '/apps')
    expect(wrapper.find('[data-testid="add-tenant-link"]').exists()).toBe(false)
    await bridge.api.signIn()
    await flushPromises()
    const link = wrapper.get('[data-testid="add-tenant-link"]')
    expect(link.text()).toBe('Add a tenant')
    await link.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('settings')
    expect(router.currentRoute.value.hash).toBe('#accounts')
    expect(wrapper.find('[data-testid="add-tenant-form"]').exists()).toBe(true)
  })
})
