// The tenant form saves through updateSettings and shows main's validation issues next to the
// fields they name, without losing what the admin typed.
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { createFakeBridge } from './support/fake-bridge'
import { mountApp } from './support/mount-app'

const validTenantId = '11111111-2222-3333-4444-555555555555'
const validClientId = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'

describe('tenant settings form', () => {
  let unmount: () => void = () => {}
  afterEach(() => unmount())

  async function openSettings(bridge = createFakeBridge()) {
    const mounted = await mountApp(bridge, '/settings')
    unmount = () => mounted.wrapper.unmount()
    return { ...mounted, bridge }
  }

  it('shows the validation error for an invalid client ID next to the field and saves nothing', async () => {
    const { wrapper, bridge } = await openSettings()
    await wrapper.find('#tenant-tenantId').setValue(validTenantId)
    await wrapper.find('#tenant-clientId').setValue('not-a-guid')
    await wrapper.find('[data-testid="tenant-form"]').trigger('submit')
    await flushPromises()

    const clientIdInput = wrapper.find('#tenant-clientId')
    expect(wrapper.find('[data-testid="client-id-error"]').text()).toMatch(/client ID as a GUID/)
    expect(clientIdInput.attributes('aria-invalid')).toBe('true')
    expect(clientIdInput.attributes('aria-describedby')).toContain('tenant-clientId-error')
    expect(wrapper.find('#tenant-tenantId').attributes('aria-invalid')).toBeUndefined()
    expect(wrapper.find('[data-testid="tenant-form-errors"]').text()).toMatch(/Nothing was saved/)
    expect(document.activeElement?.id).toBe('tenant-clientId')
    // What was typed stays, and main kept its settings.
    expect((clientIdInput.element as HTMLInputElement).value).toBe('not-a-guid')
    expect(bridge.settings.tenant.clientId).toBeUndefined()
  })

  it('sends trimmed values, omits empty fields and clears the errors once saved', async () => {
    const { wrapper, bridge } = await openSettings()
    await wrapper.find('#tenant-clientId').setValue('nope')
    await wrapper.find('[data-testid="tenant-form"]').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-testid="client-id-error"]').exists()).toBe(true)

    await wrapper.find('#tenant-cloud').setValue('usgov')
    await wrapper.find('#tenant-tenantId').setValue(`  ${validTenantId} `)
    await wrapper.find('#tenant-clientId').setValue(validClientId)
    await wrapper.find('[data-testid="tenant-form"]').trigger('submit')
    await flushPromises()

    const lastCall = bridge.calls.filter((call) => call.channel === 'updateSettings').at(-1)
    expect(lastCall?.payload).toEqual({
      tenant: { cloud: 'usgov', tenantId: validTenantId, clientId: validClientId },
    })
    expect(bridge.settings.tenant).toEqual({
      cloud: 'usgov',
      tenantId: validTenantId,
      clientId: validClientId,
    })
    expect(wrapper.find('[data-testid="client-id-error"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="tenant-status"]').text()).toBe('Saved')
  })

  it('reports an invalid tenant ID in Korean when the UI is Korean', async () => {
    const { wrapper } = await openSettings(createFakeBridge({ settings: { locale: 'ko' } }))
    await wrapper.find('#tenant-tenantId').setValue('not a tenant')
    await wrapper.find('[data-testid="tenant-form"]').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-testid="tenant-id-error"]').text()).toContain('테넌트 ID')
  })

  it('follows settings pushed by main while the form is untouched', async () => {
    const { wrapper, bridge } = await openSettings()
    bridge.emit('settingsChanged', {
      ...bridge.settings,
      tenant: { cloud: 'china', tenantId: 'contoso.partner.onmschina.cn' },
    })
    await flushPromises()
    expect((wrapper.find('#tenant-cloud').element as HTMLSelectElement).value).toBe('china')
    expect((wrapper.find('#tenant-tenantId').element as HTMLInputElement).value).toBe(
      'contoso.partner.onmschina.cn',
    )
  })

  it('labels every form control', async () => {
    const { wrapper } = await openSettings()
    for (const control of wrapper.findAll('input, select')) {
      const id = control.attributes('id')
      const wrappedInLabel = control.element.closest('label') !== null
      const hasLabelFor = id !== undefined && wrapper.find(`label[for="${id}"]`).exists()
      expect(wrappedInLabel || hasLabelFor, `control ${id ?? control.html()}`).toBe(true)
    }
  })
})
