// The background controller over a real core in demo mode, with Electron replaced by recording
// ports: a tray "Sync now" syncs, evaluates, notifies and turns the tray to "alerts"; pause holds
// notifications; a notification click opens the alert.
import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AppError } from '../../../src-main/contract'
import { createCore } from '../../../src-main/core/bootstrap'
import type { NotificationPlan } from '../../../src-main/core/alerts/notify-policy'
import {
  BackgroundController,
  type BackgroundPorts,
} from '../../../src-main/core/background/controller'
import type { TrayMenuItem, TrayState } from '../../../src-main/core/background/tray-model'
import { createTestCore, makeTempDir, testRuntime, type TestCore } from '../../support/core'

let core: TestCore | null = null
afterEach(() => {
  core?.service.data.close()
  core?.cleanup()
  core = null
})

function recordingPorts() {
  const record = {
    states: [] as TrayState[],
    tooltips: [] as string[],
    menus: [] as TrayMenuItem[][],
    plans: [] as NotificationPlan[],
    notifiedIn: [] as string[],
    windows: [] as Array<string | undefined>,
    loginItem: [] as boolean[],
    quit: 0,
  }
  const ports: BackgroundPorts = {
    updateTray: (state, tooltip, menu) => {
      record.states.push(state)
      record.tooltips.push(tooltip)
      record.menus.push(menu)
    },
    notify: (plan, texts) => {
      record.plans.push(plan)
      record.notifiedIn.push(texts.locale)
    },
    showWindow: (route) => record.windows.push(route),
    setLoginItem: (open) => record.loginItem.push(open),
    quit: () => void record.quit++,
  }
  return { record, ports }
}

describe('background controller', () => {
  it('syncs from the tray, notifies new alerts once and shows the alerts state', async () => {
    core = createTestCore({ forceDemo: true })
    const { record, ports } = recordingPorts()
    const controller = new BackgroundController(core.service, ports, {
      productName: 'DCA',
      timeZone: 'UTC',
    })
    await controller.start()
    expect(record.loginItem).toEqual([false])
    await controller.handle({ kind: 'syncNow' })
    expect(record.states).toContain('syncing')
    expect(record.states.at(-1)).toBe('alerts')
    expect(record.plans).toHaveLength(1)
    const alerts = await core.service.listAlerts(undefined)
    expect(alerts.alerts.length).toBeGreaterThan(0)
    // Nothing new on a second sync: no second notification.
    await controller.handle({ kind: 'syncNow' })
    expect(record.plans).toHaveLength(1)
    controller.openFromNotification(alerts.alerts[0]!.id)
    expect(record.windows.at(-1)).toBe(`/alerts?alert=${alerts.alerts[0]!.id}`)
    controller.stop()
  }, 60_000)

  it('rebuilds the tray in the new language when the language setting changes, and notifies in it', async () => {
    core = createTestCore({ forceDemo: true })
    const { record, ports } = recordingPorts()
    const controller = new BackgroundController(core.service, ports, {
      productName: 'DCA',
      timeZone: 'UTC',
      systemLanguages: () => ['en-US'],
    })
    await controller.start()
    expect(record.menus.at(-1)![0]!.label).toBe('Open DCA')
    const renders = record.menus.length
    await core.service.updateSettings({ locale: 'ko' })
    expect(record.menus.length).toBeGreaterThan(renders)
    expect(record.menus.at(-1)![0]!.label).toBe('DCA 열기')
    expect(record.menus.at(-1)!.at(-1)!.label).toBe('종료')
    expect(record.tooltips.at(-1)).toMatch(/^DCA: /)
    expect(record.tooltips.at(-1)).not.toMatch(/[a-z]{4}/)
    await controller.handle({ kind: 'syncNow' })
    expect(record.notifiedIn).toEqual(['ko'])
    // 'system' follows the OS languages.
    await core.service.updateSettings({ locale: 'system' })
    expect(record.menus.at(-1)![0]!.label).toBe('Open DCA')
    controller.stop()
  }, 60_000)

  it('pauses and resumes notifications from the tray', async () => {
    core = createTestCore({ forceDemo: true })
    const { ports } = recordingPorts()
    const controller = new BackgroundController(core.service, ports, {
      productName: 'DCA',
      timeZone: 'UTC',
      now: () => new Date('2025-06-02T10:00:00Z'),
    })
    await controller.start()
    await controller.handle({ kind: 'pause', until: 'hour' })
    expect(core.service.settings.alerts?.pausedUntil).toBe('2025-06-02T11:00:00.000Z')
    await controller.handle({ kind: 'resume' })
    expect(core.service.settings.alerts?.pausedUntil).toBeNull()
    controller.stop()
  })

  it('leaves the tenant alone and notifies nothing while the demo tenant is tried over it', async () => {
    const dataDir = makeTempDir('dca-bg-demo-')
    const tried = createCore({
      runtime: testRuntime,
      dataDir,
      launchExternal: async () => {},
      tokenCacheFactory: async () => ({
        plugin: null,
        keychain: 'unavailable',
        reason: 'memory only in tests',
      }),
    })
    core = {
      ...tried,
      opened: [],
      cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
    }
    const service = tried.service
    await service.updateSettings({
      tenant: {
        cloud: 'public',
        tenantId: 'contoso.onmicrosoft.com',
        clientId: '0f9e8d7c-6b5a-4321-8fed-cba987654321',
      },
    })
    const { record, ports } = recordingPorts()
    const controller = new BackgroundController(service, ports, {
      productName: 'DCA',
      timeZone: 'UTC',
    })
    await controller.start()
    await service.switchDataMode({ mode: 'demo' })

    // The background sync neither syncs the tenant (its tokens) nor the demo behind the admin's back.
    const syncs = vi.spyOn(service, 'syncNow')
    await controller.handle({ kind: 'syncNow' })
    expect(syncs).not.toHaveBeenCalled()
    syncs.mockRestore()

    // The admin's own sync of the demo raises alerts in the app, and no system notification.
    await service.syncNow(undefined)
    expect((await service.listAlerts(undefined)).alerts.length).toBeGreaterThan(0)
    expect(record.plans).toEqual([])

    // Back to the tenant, the background sync runs for it again.
    await service.switchDataMode({ mode: 'tenant' })
    const tenantSyncs = vi
      .spyOn(service, 'syncNow')
      .mockRejectedValue(new AppError('not_signed_in', 'Sign in to this tenant again to sync it.'))
    await controller.handle({ kind: 'syncNow' })
    expect(tenantSyncs).toHaveBeenCalledTimes(1)
    controller.stop()
  }, 120_000)
})
