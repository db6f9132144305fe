// The Log Analytics workspace field of the tenant form: checked by main's schema with the message
// shown next to the field, saved trimmed, cleared when emptied, and what the form does not edit (a
// custom cloud's endpoints) survives a save. A new workspace asks the signed-in admin to sign in again.
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { Settings } from '../../../src-main/contract/model'
import { createFakeBridge } from './support/fake-bridge'
import { mountApp } from './support/mount-app'

const tenantId = '11111111-2222-3333-4444-555555555555'
const clientId = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'
const workspaceId = '0f0e0d0c-0b0a-4909-8807-060504030201'

describe('Log Analytics workspace setting', () => {
  let unmount: () => void = () => {}
  afterEach(() => unmount())

  async function openSettings(settings: Partial<Settings> = {}) {
    const bridge = createFakeBridge({ settings })
    const mounted = await mountApp(bridge, '/settings')
    unmount = () => mounted.wrapper.unmount()
    return { wrapper: mounted.wrapper, bridge }
  }

  const field = '#tenant-logAnalyticsWorkspaceId'
  const submit = async (wrapper: Awaited<ReturnType<typeof openSettings>>['wrapper']) => {
    await wrapper.find('[data-testid="tenant-form"]').trigger('submit')
    await flushPromises()
  }

  it('explains what the workspace gives and what it needs', async () => {
    const { wrapper } = await openSettings()
    const input = wrapper.get(field)
    expect(wrapper.get(`label[for="tenant-logAnalyticsWorkspaceId"]`).text()).toContain(
      'Log Analytics workspace ID',
    )
    const hint = wrapper.get('#tenant-logAnalyticsWorkspaceId-hint').text()
    expect(hint).toContain('older than the 30 days Entra keeps')
    expect(hint).toContain('Log Analytics Reader')
    expect(hint).toContain('Data.Read')
    expect(input.attributes('aria-describedby')).toBe('tenant-logAnalyticsWorkspaceId-hint')
  })

  it('rejects a workspace ID that is not a GUID next to the field and saves nothing', async () => {
    const { wrapper, bridge } = await openSettings({
      tenant: { cloud: 'public', tenantId, clientId },
    })
    await wrapper.get(field).setValue('my-workspace')
    await submit(wrapper)

    expect(wrapper.get('[data-testid="workspace-id-error"]').text()).toMatch(
      /workspace ID as a GUID/,
    )
    expect(wrapper.get(field).attributes('aria-invalid')).toBe('true')
    expect(wrapper.get(field).attributes('aria-describedby')).toContain(
      'tenant-logAnalyticsWorkspaceId-error',
    )
    expect(document.activeElement?.id).toBe('tenant-logAnalyticsWorkspaceId')
    expect(bridge.settings.tenant.logAnalyticsWorkspaceId).toBeUndefined()
    expect((wrapper.get(field).element as HTMLInputElement).value).toBe('my-workspace')
  })

  it('says so in Korean when the UI is Korean', async () => {
    const { wrapper } = await openSettings({ locale: 'ko' })
    await wrapper.get(field).setValue('0000')
    await submit(wrapper)
    expect(wrapper.get('[data-testid="workspace-id-error"]').text()).toContain('작업 영역 ID')
  })

  it('saves it trimmed, keeps a custom cloud’s endpoints, and clears it when emptied', async () => {
    const custom = {
      authorityHost: 'https://login.example.test',
      graphEndpoint: 'https://graph.example.test',
    }
    const { wrapper, bridge } = await openSettings({
      tenant: { cloud: 'custom', tenantId, clientId, custom },
    })
    await wrapper.get(field).setValue(`  ${workspaceId}  `)
    await submit(wrapper)
    expect(bridge.settings.tenant).toEqual({
      cloud: 'custom',
      tenantId,
      clientId,
      custom,
      logAnalyticsWorkspaceId: workspaceId,
    })
    expect(wrapper.find('[data-testid="workspace-id-error"]').exists()).toBe(false)
    // No account is signed in, so there is nothing to sign in again for.
    expect(wrapper.get('[data-testid="tenant-status"]').text()).toBe('Saved')
    expect(wrapper.find('[data-testid="workspace-sign-in"]').exists()).toBe(false)

    await wrapper.get(field).setValue('')
    await submit(wrapper)
    expect(bridge.settings.tenant).toEqual({ cloud: 'custom', tenantId, clientId, custom })
  })

  it('asks a signed-in admin to sign in again for the new workspace, and offers it', async () => {
    const { wrapper, bridge } = await openSettings({
      tenant: { cloud: 'public', tenantId, clientId },
    })
    await bridge.api.signIn()
    await flushPromises()
    await wrapper.get(field).setValue(workspaceId)
    await submit(wrapper)

    expect(wrapper.get('[data-testid="tenant-status"]').text()).toMatch(/Sign in again/)
    const signIns = () => bridge.calls.filter((call) => call.channel === 'signIn').length
    const before = signIns()
    await wrapper.get('[data-testid="workspace-sign-in"]').trigger('click')
    await flushPromises()
    expect(signIns()).toBe(before + 1)
    expect(wrapper.find('[data-testid="workspace-sign-in"]').exists()).toBe(false)

    // Saving the same workspace again asks nothing more.
    await wrapper.get('#tenant-clientId').setValue(clientId)
    await submit(wrapper)
    expect(wrapper.get('[data-testid="tenant-status"]').text()).toBe('Saved')
  })
})
