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

/** A core over a new folder with a tenant set up and nobody signed in (kept in `core` for cleanup). */
async function configuredTenantCore(startedInDemo: boolean) {
  const dataDir = makeTempDir('dca-bg-demo-')
  const created = createCore({
    runtime: testRuntime,
    dataDir,
    forceDemo: startedInDemo,
    launchExternal: async () => {},
    tokenCacheFactory: async () => ({
      plugin: null,
      keychain: 'unavailable',
      reason: 'memory only in tests',
      problem: null,
    }),
  })
  core = {
    ...created,
    opened: [],
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  }
  await created.service.updateSettings({
    tenant: {
      cloud: 'public',
      tenantId: 'contoso.onmicrosoft.com',
      clientId: '0f9e8d7c-6b5a-4321-8fed-cba987654321',
    },
  })
  return created.service
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

  it.each([false, true])(
    'a scheduled run leaves the tenant alone while the demo is tried over it (started with --demo: %s), Sync now syncs the demo, nothing notifies, and going back syncs the tenant soon',
    async (startedInDemo) => {
      const service = await configuredTenantCore(startedInDemo)
      // Timers run by hand: a scheduled run is the callback the scheduler planned.
      let planned: (() => void) | null = null
      const timers = {
        now: () => Date.now(),
        setTimeout: (callback: () => void) => ((planned = callback), 1),
        clearTimeout: () => void (planned = null),
      }
      const { record, ports } = recordingPorts()
      const controller = new BackgroundController(service, ports, {
        productName: 'DCA',
        timeZone: 'UTC',
        timers,
      })
      await controller.start()
      if (!startedInDemo) await service.switchDataMode({ mode: 'demo' })
      expect(service.demoReason).toBe(startedInDemo ? 'started_in_demo' : 'chosen')

      const syncs = vi.spyOn(service, 'syncNow')
      if (!startedInDemo) {
        // A scheduled run syncs neither the tenant (its tokens) nor the demo behind the admin's back.
        expect(planned).not.toBeNull()
        planned!()
        await vi.waitFor(() => expect(controller.scheduler.snapshot.lastOutcome).toBe('ok'), {
          timeout: 30_000,
        })
        expect(syncs).not.toHaveBeenCalled()
      }

      // The tray's Sync now syncs what the window shows, the demo: alerts in the app, no system
      // notification that could be taken for one about the tenant.
      await controller.handle({ kind: 'syncNow' })
      expect(syncs).toHaveBeenCalledTimes(1)
      expect(controller.scheduler.snapshot.lastOutcome).toBe('ok')
      expect((await service.listAlerts(undefined)).alerts.length).toBeGreaterThan(0)
      expect(record.plans).toEqual([])
      syncs.mockReset()

      // Back to the tenant: its sync runs at once, not a whole interval later.
      syncs.mockRejectedValue(
        new AppError('not_signed_in', 'Sign in to this tenant again to sync it.'),
      )
      await service.switchDataMode({ mode: 'tenant' })
      await vi.waitFor(() => expect(syncs).toHaveBeenCalledTimes(1), { timeout: 30_000 })
      await vi.waitFor(() => expect(controller.scheduler.snapshot.lastOutcome).toBe('signedOut'), {
        timeout: 30_000,
      })
      controller.stop()
    },
    120_000,
  )

  it('going back to the tenant while the tray syncs the demo syncs the tenant once that run ends', async () => {
    const service = await configuredTenantCore(false)
    const timers = { now: () => Date.now(), setTimeout: () => 1, clearTimeout: () => {} }
    const { ports } = recordingPorts()
    const controller = new BackgroundController(service, ports, {
      productName: 'DCA',
      timeZone: 'UTC',
      timers,
    })
    await controller.start()
    await service.switchDataMode({ mode: 'demo' })
    const original = service.syncNow.bind(service)
    const modes: string[] = []
    const syncs = vi.spyOn(service, 'syncNow').mockImplementation(async (request) => {
      modes.push(service.mode)
      if (service.mode === 'demo') return original(request)
      throw new AppError('not_signed_in', 'Sign in to this tenant again to sync it.')
    })
    const traySync = controller.handle({ kind: 'syncNow' })
    await vi.waitFor(() => expect(syncs).toHaveBeenCalledTimes(1), { timeout: 30_000 })
    await service.switchDataMode({ mode: 'tenant' })
    await traySync
    await vi.waitFor(() => expect(modes).toEqual(['demo', 'tenant']), { timeout: 30_000 })
    await vi.waitFor(() => expect(controller.scheduler.snapshot.lastOutcome).toBe('signedOut'), {
      timeout: 30_000,
    })
    controller.stop()
  }, 120_000)
})
