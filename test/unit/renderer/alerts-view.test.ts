// The Alerts page over the fake bridge: what/why/what-to-do per alert with its severity, a link to
// the application, acknowledge, the focus a notification click asks for, and pushed alerts.
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { AlertView } from '../../../src-main/contract/alerts'
import { createFakeBridge } from './support/fake-bridge'
import { mountApp } from './support/mount-app'

const APP = '4b1c0f0e-8f1a-4c1e-9d55-0c4f2a7b9e10'

function alert(id: number, patch: Partial<AlertView> = {}): AlertView {
  return {
    id,
    tenantId: '00000000-0000-4000-8000-000000000000',
    appId: APP,
    displayName: 'SOC - Alert Poller',
    rule: 'usageSpike',
    severity: 'medium',
    createdAt: '2025-06-02T10:00:00.000Z',
    acknowledgedAt: null,
    metric: 'signIns24h',
    observed: 470,
    baseline: 24,
    window: { from: '2025-06-01T10:00:00.000Z', to: '2025-06-02T10:00:00.000Z' },
    dataSource: 'signIns',
    params: { factor: 19.6, zScore: 90 },
    summary: 'x',
    action: 'y',
    ...patch,
  }
}

describe('Alerts page', () => {
  let unmount: () => void = () => {}
  afterEach(() => unmount())

  it('states what, why and what to do, with severity and a link to the application', async () => {
    const bridge = createFakeBridge({
      alerts: [
        alert(2, {
          rule: 'permissionGranted',
          severity: 'high',
          metric: 'mdePermission',
          observed: 'Machine.Isolate',
          baseline: 'not granted',
          dataSource: 'discovery',
          params: { permission: 'Machine.Isolate', critical: 1 },
        }),
        alert(1),
      ],
    })
    const { wrapper } = await mountApp(bridge, '/alerts')
    unmount = () => wrapper.unmount()
    const cards = wrapper.findAll('[data-testid="alert"]')
    expect(cards.map((card) => card.attributes('data-rule'))).toEqual([
      'permissionGranted',
      'usageSpike',
    ])
    const grant = cards[0]!
    expect(grant.text()).toContain('SOC - Alert Poller was granted Machine.Isolate')
    expect(grant.text()).toContain('High')
    expect(grant.text()).toContain('revoke it in Entra ID')
    const spike = cards[1]!
    expect(spike.text()).toContain('470 sign-ins in 24 hours, 19.6 times the usual 24')
    expect(spike.text()).toContain('Entra sign-in logs')
    expect(spike.find('[data-testid="alert-open-app"]').attributes('href')).toBe(`/apps/${APP}`)
  })

  it('acknowledges an alert and hides it unless acknowledged alerts are shown', async () => {
    const bridge = createFakeBridge({
      alerts: [
        alert(1),
        alert(2, { rule: 'dormantApp', metric: 'daysSinceLastSignIn', observed: 20, baseline: 14 }),
      ],
    })
    const { wrapper } = await mountApp(bridge, '/alerts')
    unmount = () => wrapper.unmount()
    expect(wrapper.find('[data-testid="alerts-open-count"]').text()).toBe('2 open')
    await wrapper.findAll('[data-testid="alert-acknowledge"]')[0]!.trigger('click')
    await flushPromises()
    expect(bridge.calls.some((call) => call.channel === 'acknowledgeAlert')).toBe(true)
    expect(wrapper.findAll('[data-testid="alert"]')).toHaveLength(1)
    await wrapper.find('[data-testid="alerts-show-acknowledged"]').setValue(true)
    expect(wrapper.findAll('[data-testid="alert"]')).toHaveLength(2)
  })

  it('marks the alert a notification click opened, and adds pushed alerts on top', async () => {
    const bridge = createFakeBridge({ alerts: [alert(1), alert(2)] })
    const { wrapper } = await mountApp(bridge, '/alerts?alert=2')
    unmount = () => wrapper.unmount()
    expect(wrapper.find('#alert-2').classes()).toContain('alert--focused')
    bridge.emit('alertRaised', {
      tenantId: 't',
      alerts: [
        alert(3, {
          rule: 'newCountry',
          metric: 'signInCountry',
          observed: 'DE',
          baseline: 'NL',
          dataSource: 'signInLocations',
        }),
      ],
    })
    await flushPromises()
    expect(wrapper.findAll('[data-testid="alert"]')[0]!.attributes('data-rule')).toBe('newCountry')
  })

  it('saves thresholds and quiet hours through main', async () => {
    const bridge = createFakeBridge({ alerts: [alert(1)] })
    const { wrapper } = await mountApp(bridge, '/alerts')
    unmount = () => wrapper.unmount()
    await wrapper.find('[data-testid="threshold-usageSpike-factor"]').setValue('8')
    await wrapper.find('[data-testid="quiet-hours-enabled"]').setValue(true)
    await wrapper.find('[data-testid="alert-settings-save"]').trigger('click')
    await flushPromises()
    const saves = bridge.calls
      .filter((call) => call.channel === 'updateAlertSettings')
      .map((call) => call.payload as Record<string, unknown>)
    expect(saves[0]).toMatchObject({
      tenant: { rules: { usageSpike: { thresholds: { factor: 8 } } } },
    })
    expect(saves[1]).toMatchObject({ app: { quietHours: { enabled: true } } })
    expect(wrapper.text()).toContain('Alert settings saved.')
  })

  it('sets thresholds for one application, says what is out of range and saves only valid ones', async () => {
    const bridge = createFakeBridge({ alerts: [alert(1)] })
    const { wrapper } = await mountApp(bridge, '/alerts')
    unmount = () => wrapper.unmount()
    expect(wrapper.text()).toContain('No application has thresholds of its own.')
    // The picker offers the apps the page knows (here from the alert list).
    await wrapper.find('[data-testid="app-threshold-picker"]').setValue(APP)
    await wrapper.find('[data-testid="app-threshold-add"]').trigger('click')
    const section = wrapper.find(`[data-testid="app-thresholds-${APP}"]`)
    expect(section.text()).toContain('SOC - Alert Poller')
    const days = wrapper.find(`[data-testid="app-threshold-${APP}-dormantApp-days"]`)
    expect(days.attributes('placeholder')).toBe('14')
    await days.setValue('2.5')
    expect(wrapper.find(`[data-testid="app-threshold-${APP}-dormantApp-days-error"]`).text()).toBe(
      'Enter a whole number of days from 1 to 365.',
    )
    expect(days.attributes('aria-invalid')).toBe('true')
    await wrapper.find('[data-testid="alert-settings-save"]').trigger('click')
    await flushPromises()
    expect(bridge.calls.filter((call) => call.channel === 'updateAlertSettings')).toEqual([])
    expect(wrapper.text()).toContain('Not saved: correct the marked thresholds first.')

    await days.setValue('3')
    await wrapper.find(`[data-testid="app-threshold-${APP}-usageSpike-minVolume"]`).setValue('500')
    expect(
      wrapper.find(`[data-testid="app-threshold-${APP}-dormantApp-days-error"]`).exists(),
    ).toBe(false)
    await wrapper.find('[data-testid="alert-settings-save"]').trigger('click')
    await flushPromises()
    const saved = bridge.calls.find((call) => call.channel === 'updateAlertSettings')!.payload as {
      tenant: unknown
    }
    // Rules left empty are not saved as empty objects.
    expect(saved.tenant).toMatchObject({
      apps: { [APP]: { rules: { dormantApp: { days: 3 }, usageSpike: { minVolume: 500 } } } },
    })
    expect(
      Object.keys(
        (saved.tenant as { apps: Record<string, { rules: object }> }).apps[APP]!.rules,
      ).sort(),
    ).toEqual(['dormantApp', 'usageSpike'])

    // Removing the app's thresholds saves it without them.
    await wrapper.find(`[data-testid="app-threshold-remove-${APP}"]`).trigger('click')
    await wrapper.find('[data-testid="alert-settings-save"]').trigger('click')
    await flushPromises()
    const last = bridge.calls.filter((call) => call.channel === 'updateAlertSettings').at(-2)!
      .payload as { tenant: { apps: object } }
    expect(last.tenant.apps).toEqual({})
  })
})
