// Tray, notification and background glue against a mocked `electron`: an icon per state, the menu
// and its commands, close-to-tray explained once, login item, and notifications that open the alert.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AlertView } from '../../../src-main/contract'
import { trayMenu, trayStates, type TrayCommand, type TrayInputs } from '../../../src-main/core/background/tray-model'

const electron = vi.hoisted(() => {
  const trays: Array<{ image: string; tooltip: string; menu: unknown[]; listeners: Map<string, () => void>; destroyed: boolean }> = []
  const notifications: Array<{ options: Record<string, unknown>; shown: boolean; listeners: Map<string, () => void> }> = []
  const power = new Map<string, Set<() => void>>()
  return {
    trays,
    notifications,
    power,
    supported: true,
    loginItems: [] as unknown[],
    dialogs: [] as unknown[],
  }
})

vi.mock('electron', () => {
  class Tray {
    record = { image: '', tooltip: '', menu: [] as unknown[], listeners: new Map<string, () => void>(), destroyed: false }
    constructor(image: { path: string }) {
      this.record.image = image.path
      electron.trays.push(this.record)
    }
    setImage(image: { path: string }) {
      this.record.image = image.path
    }
    setToolTip(text: string) {
      this.record.tooltip = text
    }
    setContextMenu(menu: { template: unknown[] }) {
      this.record.menu = menu.template
    }
    on(name: string, listener: () => void) {
      this.record.listeners.set(name, listener)
    }
    destroy() {
      this.record.destroyed = true
    }
  }
  class Notification {
    record = { options: {} as Record<string, unknown>, shown: false, listeners: new Map<string, () => void>() }
    static isSupported = () => electron.supported
    constructor(options: Record<string, unknown>) {
      this.record.options = options
      electron.notifications.push(this.record)
    }
    on(name: string, listener: () => void) {
      this.record.listeners.set(name, listener)
    }
    show() {
      this.record.shown = true
    }
  }
  return {
    Tray,
    Notification,
    Menu: { buildFromTemplate: (template: unknown[]) => ({ template }) },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    app: { setLoginItemSettings: (settings: unknown) => electron.loginItems.push(settings) },
    dialog: { showMessageBox: async (options: unknown) => electron.dialogs.push(options) },
    net: { isOnline: () => true },
    powerMonitor: {
      on: (name: string, listener: () => void) => {
        if (!electron.power.has(name)) electron.power.set(name, new Set())
        electron.power.get(name)!.add(listener)
      },
      off: (name: string, listener: () => void) => electron.power.get(name)?.delete(listener),
    },
  }
})

const { createTray, trayIconPath } = await import('../../../src-main/electron/tray')
const { showNotifications } = await import('../../../src-main/electron/notifications')
const { keepInTrayOnClose, setLoginItem, watchPower } = await import('../../../src-main/electron/background')

const resources = join(import.meta.dirname, '../../../resources/tray')

function alert(id: number, severity: AlertView['severity'] = 'medium'): AlertView {
  return {
    id,
    tenantId: 't',
    appId: 'a',
    displayName: `App ${id}`,
    rule: 'usageSpike',
    severity,
    createdAt: '',
    acknowledgedAt: null,
    metric: 'signIns24h',
    observed: 1,
    baseline: 0,
    window: { from: '', to: '' },
    dataSource: 'signIns',
    params: {},
    summary: `App ${id}: 470 sign-ins to MDE in 24 h`,
    action: 'Check with the owner.',
  }
}

const inputs = (patch: Partial<TrayInputs> = {}): TrayInputs => ({
  signedIn: true,
  syncing: false,
  lastError: null,
  unacknowledged: 0,
  recentAlerts: [],
  pausedUntil: null,
  now: new Date('2025-06-02T10:00:00Z'),
  ...patch,
})

type MenuEntry = { label?: string; type?: string; enabled?: boolean; click?: () => void; submenu?: MenuEntry[] }

beforeEach(() => {
  electron.trays.length = 0
  electron.notifications.length = 0
  electron.supported = true
})

describe('tray glue', () => {
  it('ships an icon for every state on every platform', () => {
    for (const state of trayStates) {
      for (const platform of ['darwin', 'win32', 'linux'] as const) {
        expect(existsSync(trayIconPath(resources, state, platform)), `${state} ${platform}`).toBe(true)
      }
      expect(existsSync(join(resources, `tray-${state}Template@2x.png`))).toBe(true)
    }
    expect(trayIconPath('/r', 'alerts', 'darwin')).toBe('/r/tray-alertsTemplate.png')
    expect(trayIconPath('/r', 'alerts', 'win32')).toBe('/r/tray-alerts.ico')
  })

  it('switches the icon with the state and wires each menu item to its command', () => {
    const commands: TrayCommand[] = []
    const tray = createTray({ iconDir: '/r', onCommand: (command) => commands.push(command) })
    const record = electron.trays[0]!
    const recentAlerts = [alert(7, 'high'), alert(8)]
    tray.update('alerts', 'Defender Connected Apps: 2 open alerts', trayMenu(inputs({ unacknowledged: 2, recentAlerts })))
    expect(record.image).toBe(trayIconPath('/r', 'alerts'))
    expect(record.tooltip).toContain('2 open alerts')
    const menu = record.menu as MenuEntry[]
    const labels = menu.map((item) => item.label ?? item.type)
    expect(labels).toEqual(['Open Defender Connected Apps', 'Sync now', 'separator', 'Recent alerts (2 open)', 'Pause alerts', 'separator', 'Settings…', 'Quit'])
    menu[1]!.click!()
    menu[3]!.submenu![0]!.click!()
    menu[4]!.submenu![0]!.click!()
    menu[4]!.submenu![1]!.click!()
    menu.at(-1)!.click!()
    expect(commands).toEqual([
      { kind: 'syncNow' },
      { kind: 'openAlert', alertId: 7 },
      { kind: 'pause', until: 'hour' },
      { kind: 'pause', until: 'tomorrow' },
      { kind: 'quit' },
    ])
    tray.update('syncing', 'syncing', trayMenu(inputs({ syncing: true })))
    expect(record.image).toBe(trayIconPath('/r', 'syncing'))
    expect((record.menu as MenuEntry[])[1]).toMatchObject({ label: 'Syncing…', enabled: false })
    tray.destroy()
    expect(record.destroyed).toBe(true)
  })

  it('offers resume while paused', () => {
    const menu = trayMenu(inputs({ pausedUntil: new Date('2025-06-02T11:00:00Z') }))
    expect(menu[4]).toMatchObject({ command: { kind: 'resume' } })
  })
})

describe('notification glue', () => {
  it('shows a few alerts one by one; a click opens that alert', () => {
    const opened: Array<number | null> = []
    expect(showNotifications({ kind: 'each', alerts: [alert(3, 'high'), alert(4)] }, (id) => opened.push(id))).toBe(2)
    expect(electron.notifications.map((n) => n.options.title)).toEqual(['High: App 3', 'App 4'])
    expect(electron.notifications[0]!.options.urgency).toBe('critical')
    expect(electron.notifications.every((n) => n.shown)).toBe(true)
    electron.notifications[1]!.listeners.get('click')!()
    expect(opened).toEqual([4])
  })

  it('summarises many alerts in one notification that opens the list', () => {
    const opened: Array<number | null> = []
    const alerts = [1, 2, 3, 4, 5, 6].map((id) => alert(id, id === 2 ? 'high' : 'low'))
    expect(showNotifications({ kind: 'summary', alerts, highest: 'high' }, (id) => opened.push(id))).toBe(1)
    expect(electron.notifications).toHaveLength(1)
    expect(electron.notifications[0]!.options.title).toBe('6 new alerts')
    electron.notifications[0]!.listeners.get('click')!()
    expect(opened).toEqual([null])
  })

  it('shows nothing where notifications are unsupported', () => {
    electron.supported = false
    expect(showNotifications({ kind: 'each', alerts: [alert(1)] }, () => {})).toBe(0)
    expect(electron.notifications).toHaveLength(0)
  })
})

describe('background glue', () => {
  it('keeps the window in the tray on close, explaining it the first time only', () => {
    let closeListener: (event: { preventDefault: () => void }) => void = () => {}
    const window = { on: (_: string, listener: typeof closeListener) => (closeListener = listener), hide: vi.fn() }
    let explained = false
    let quitting = false
    keepInTrayOnClose(window as never, { enabled: () => true, explained: () => explained, markExplained: () => (explained = true), quitting: () => quitting })
    const first = { preventDefault: vi.fn() }
    closeListener(first)
    closeListener({ preventDefault: vi.fn() })
    expect(first.preventDefault).toHaveBeenCalled()
    expect(window.hide).toHaveBeenCalledTimes(2)
    expect(electron.dialogs).toHaveLength(1)
    quitting = true
    const last = { preventDefault: vi.fn() }
    closeListener(last)
    expect(last.preventDefault).not.toHaveBeenCalled()
  })

  it('sets the login item and feeds power events to the scheduler', () => {
    setLoginItem(true)
    if (process.platform !== 'linux') expect(electron.loginItems.at(-1)).toMatchObject({ openAtLogin: true })
    const scheduler = { resumed: vi.fn(), online: vi.fn() }
    const stop = watchPower({ scheduler } as never)
    for (const listener of electron.power.get('resume') ?? []) listener()
    for (const listener of electron.power.get('unlock-screen') ?? []) listener()
    expect(scheduler.resumed).toHaveBeenCalledOnce()
    expect(scheduler.online).toHaveBeenCalledOnce()
    stop()
    expect(electron.power.get('resume')?.size).toBe(0)
  })
})
