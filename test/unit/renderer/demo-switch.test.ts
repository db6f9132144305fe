// The renderer's side of "Try the demo tenant": a change of mode (from this window or pushed by
// main) reloads the apps list and shows the way back; a switch main refuses is shown as its message.
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { AlertList, AlertView } from '../../../src-main/contract/alerts'
import { AppError } from '../../../src-main/contract/errors'
import type { AppsOverview, AuthStatus, TenantSummary } from '../../../src-main/contract/model'
import { appRow } from './support/app-rows'
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

  /** Answers main gives later, in the order a test releases them. */
  function deferred<T>() {
    let resolve: (value: T) => void = () => {}
    let reject: (error: unknown) => void = () => {}
    const promise = new Promise<T>((yes, no) => ((resolve = yes), (reject = no)))
    return { promise, resolve, reject }
  }

  const demoTenant: TenantSummary = {
    tenantId: 'a867b9c0-f470-4b75-8930-580b55bba791',
    displayName: 'Contoso (demo)',
    source: 'demo',
  }
  const realTenant: TenantSummary = {
    tenantId: 'contoso.onmicrosoft.com',
    displayName: 'Contoso',
    source: 'graph',
  }
  function overviewOf(tenant: TenantSummary, name: string): AppsOverview {
    return {
      tenant,
      tenants: [tenant],
      apps: [appRow({ displayName: name })],
      lastSync: '2026-11-26T09:00:00.000Z',
      historyFrom: '2026-10-27T09:00:00.000Z',
      generatedAt: '2026-11-26T09:30:00.000Z',
    }
  }

  it.each(['fails (not signed in)', 'answers the tenant'] as const)(
    'shows the demo after a switch when the listApps under way at the switch %s',
    async (outcome) => {
      const answers: Array<ReturnType<typeof deferred<AppsOverview>>> = []
      const bridge = createFakeBridge({
        settings: configuredTenant,
        handlers: {
          listApps: () => {
            const answer = deferred<AppsOverview>()
            answers.push(answer)
            return answer.promise
          },
        },
      })
      const { wrapper } = await mountApp(bridge, '/apps')
      unmount = () => wrapper.unmount()
      expect(answers).toHaveLength(1)

      bridge.emit('authChanged', demoStatus)
      await flushPromises()
      // The request sent before the switch is not joined: the demo is asked for.
      expect(answers).toHaveLength(2)
      if (outcome === 'fails (not signed in)') {
        answers[0]!.reject(
          new AppError('not_signed_in', 'Sign in to see the connected applications.'),
        )
      } else {
        answers[0]!.resolve(overviewOf(realTenant, 'Tenant Own App'))
      }
      await flushPromises()
      // Its answer is not the demo's: nothing of it is drawn under the demo banner.
      expect(wrapper.text()).not.toContain('Tenant Own App')
      expect(wrapper.find('[data-testid="choice-sign-in"]').exists()).toBe(false)

      answers[1]!.resolve(overviewOf(demoTenant, 'Demo Reader'))
      await flushPromises()
      expect(wrapper.text()).toContain('Demo Reader')
      expect(wrapper.text()).not.toContain('Tenant Own App')
      expect(wrapper.find('[data-testid="demo-banner"]').exists()).toBe(true)
    },
  )

  it('drops the alerts a slow listAlerts of the tenant answers after the switch to the demo', async () => {
    const alertOf = (id: number, tenantId: string, displayName: string): AlertView => ({
      id,
      tenantId,
      appId: '4b1c0f0e-8f1a-4c1e-9d55-0c4f2a7b9e10',
      displayName,
      rule: 'usageSpike',
      severity: 'medium',
      createdAt: '2026-11-26T10:00:00.000Z',
      acknowledgedAt: null,
      metric: 'signIns24h',
      observed: 470,
      baseline: 24,
      window: { from: '2026-11-25T10:00:00.000Z', to: '2026-11-26T10:00:00.000Z' },
      dataSource: 'signIns',
      params: { factor: 19.6, zScore: 90 },
      summary: `${displayName} spiked`,
      action: 'Look at it',
    })
    const answers: Array<ReturnType<typeof deferred<AlertList>>> = []
    const bridge = createFakeBridge({
      settings: configuredTenant,
      handlers: {
        listAlerts: () => {
          const answer = deferred<AlertList>()
          answers.push(answer)
          return answer.promise
        },
      },
    })
    const { wrapper } = await mountApp(bridge, '/alerts')
    unmount = () => wrapper.unmount()
    expect(answers).toHaveLength(1)

    bridge.emit('authChanged', demoStatus)
    await flushPromises()
    expect(answers).toHaveLength(2)
    const demoList = [alertOf(1, demoTenant.tenantId, 'Demo Poller')]
    answers[1]!.resolve({ tenantId: demoTenant.tenantId, alerts: demoList, unacknowledged: 1 })
    await flushPromises()
    expect(wrapper.text()).toContain('Demo Poller')

    // The tenant's answer, sent before the switch, comes last: it must not replace the demo's.
    const tenantList = [alertOf(7, realTenant.tenantId, 'Tenant Poller')]
    answers[0]!.resolve({ tenantId: realTenant.tenantId, alerts: tenantList, unacknowledged: 1 })
    await flushPromises()
    expect(wrapper.text()).toContain('Demo Poller')
    expect(wrapper.text()).not.toContain('Tenant Poller')
  })

  it('names the tenant to go back to by its directory name once its list was read', async () => {
    const named: TenantSummary = { ...realTenant, displayName: 'Contoso Pharma Ltd' }
    const bridge = createFakeBridge({
      settings: configuredTenant,
      overview: overviewOf(named, 'Tenant Own App'),
    })
    const { wrapper } = await mountApp(bridge, '/apps')
    unmount = () => wrapper.unmount()
    await flushPromises()
    bridge.emit('authChanged', demoStatus)
    await flushPromises()
    const banner = wrapper.find('[data-testid="demo-banner"]')
    expect(banner.text()).toContain('Contoso Pharma Ltd is not shown')
    expect(banner.find('button').text()).toBe('Back to Contoso Pharma Ltd')
  })
})
