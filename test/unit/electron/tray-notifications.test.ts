// Tray, notification and background glue against a mocked `electron`: an icon per state, the menu
// and its commands, close-to-tray explained once, login item, and notifications that open the alert.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AlertView } from '../../../src-main/contract'
import {
  trayMenu,
  trayStates,
  trayTooltip,
  type TrayCommand,
  type TrayInputs,
} from '../../../src-main/core/background/tray-model'
import { translator } from '../../../src-main/core/i18n'

const electron = vi.hoisted(() => {
  const trays: Array<{
    image: string
    tooltip: string
    menu: unknown[]
    listeners: Map<string, () => void>
    destroyed: boolean
  }> = []
  const notifications: Array<{
    options: Record<string, unknown>
    shown: boolean
    listeners: Map<string, () => void>
  }> = []
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
    record = {
      image: '',
      tooltip: '',
      menu: [] as unknown[],
      listeners: new Map<string, () => void>(),
      destroyed: false,
    }
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
    record = {
      options: {} as Record<string, unknown>,
      shown: false,
      listeners: new Map<string, () => void>(),
    }
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
const { keepInTrayOnClose, setLoginItem, watchPower } =
  await import('../../../src-main/electron/background')

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
    observed: 470,
    baseline: 31,
    window: { from: '', to: '' },
    dataSource: 'signIns',
    params: { factor: 15.2 },
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

type MenuEntry = {
  label?: string
  type?: string
  enabled?: boolean
  click?: () => void
  submenu?: MenuEntry[]
}

beforeEach(() => {
  electron.trays.length = 0
  electron.notifications.length = 0
  electron.supported = true
})

describe('tray glue', () => {
  it('ships an icon for every state on every platform', () => {
    for (const state of trayStates) {
      for (const platform of ['darwin', 'win32', 'linux'] as const) {
        expect(existsSync(trayIconPath(resources, state, platform)), `${state} ${platform}`).toBe(
          true,
        )
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
    tray.update(
      'alerts',
      'Defender Connected Apps: 2 open alerts',
      trayMenu(inputs({ unacknowledged: 2, recentAlerts })),
    )
    expect(record.image).toBe(trayIconPath('/r', 'alerts'))
    expect(record.tooltip).toContain('2 open alerts')
    const menu = record.menu as MenuEntry[]
    const labels = menu.map((item) => item.label ?? item.type)
    expect(labels).toEqual([
      'Open Defender Connected Apps',
      'Sync now',
      'separator',
      'Recent alerts (2 open)',
      'Pause alerts',
      'separator',
      'Settings…',
      'Quit',
    ])
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

  it('shows the menu and tooltip in Korean when the UI language is Korean', () => {
    const korean = translator('ko')
    const tray = createTray({ iconDir: '/r', onCommand: () => {} })
    const record = electron.trays[0]!
    const state = inputs({ unacknowledged: 2, recentAlerts: [alert(7, 'high')] })
    tray.update(
      'alerts',
      trayTooltip(state, 'Defender Connected Apps', korean),
      trayMenu(state, korean),
    )
    expect(record.tooltip).toBe('Defender Connected Apps: 미확인 알림 2건')
    const menu = record.menu as MenuEntry[]
    expect(menu.map((item) => item.label ?? item.type)).toEqual([
      'Defender Connected Apps 열기',
      '지금 동기화',
      'separator',
      '최근 알림 (미확인 2건)',
      '알림 일시 중지',
      'separator',
      '설정…',
      '종료',
    ])
    // A recent alert is worded in Korean from its fields, not the stored English summary.
    expect(menu[3]!.submenu![0]!.label).toBe(
      '⚠ App 7: 24시간 동안 MDE 로그인 470건, 평소 31건의 15.2배입니다.',
    )
    expect(menu[4]!.submenu!.map((item) => item.label)).toEqual(['1시간 동안', '내일까지'])
    const paused = trayMenu(inputs({ pausedUntil: new Date('2025-06-02T11:00:00Z') }), korean)
    expect(paused[4]!.label).toMatch(/까지 알림 일시 중지됨 — 다시 시작$/)
    expect(trayTooltip(inputs({ signedIn: false }), 'P', korean)).toBe('P: 로그아웃됨')
    expect(trayTooltip(inputs({ lastError: 'offline' }), 'P', korean)).toBe(
      'P: 마지막 동기화 실패 — offline',
    )
  })

  it('offers resume while paused', () => {
    const menu = trayMenu(inputs({ pausedUntil: new Date('2025-06-02T11:00:00Z') }))
    expect(menu[4]).toMatchObject({ command: { kind: 'resume' } })
  })
})

describe('notification glue', () => {
  it('shows a few alerts one by one; a click opens that alert', () => {
    const opened: Array<number | null> = []
    expect(
      showNotifications({ kind: 'each', alerts: [alert(3, 'high'), alert(4)] }, (id) =>
        opened.push(id),
      ),
    ).toBe(2)
    expect(electron.notifications.map((n) => n.options.title)).toEqual(['High: App 3', 'App 4'])
    expect(electron.notifications[0]!.options.urgency).toBe('critical')
    expect(electron.notifications.every((n) => n.shown)).toBe(true)
    electron.notifications[1]!.listeners.get('click')!()
    expect(opened).toEqual([4])
  })

  it('summarises many alerts in one notification that opens the list', () => {
    const opened: Array<number | null> = []
    const alerts = [1, 2, 3, 4, 5, 6].map((id) => alert(id, id === 2 ? 'high' : 'low'))
    expect(
      showNotifications({ kind: 'summary', alerts, highest: 'high' }, (id) => opened.push(id)),
    ).toBe(1)
    expect(electron.notifications).toHaveLength(1)
    expect(electron.notifications[0]!.options.title).toBe('6 new alerts')
    electron.notifications[0]!.listeners.get('click')!()
    expect(opened).toEqual([null])
  })

  it('words notifications in Korean when the UI language is Korean', () => {
    const korean = translator('ko')
    showNotifications({ kind: 'each', alerts: [alert(3, 'high')] }, () => {}, korean)
    expect(electron.notifications[0]!.options.title).toBe('높음: App 3')
    expect(electron.notifications[0]!.options.body).toBe(
      'App 3: 24시간 동안 MDE 로그인 470건, 평소 31건의 15.2배입니다.\n앱 소유자에게 새 작업, 배포, 토큰 캐시 누락 같은 변경이 있었는지 확인하세요. 설명이 없으면 앱의 최근 로그인을 검토하고 비활성화를 고려하세요.',
    )
    const alerts = [1, 2, 3, 4, 5].map((id) => alert(id, id === 2 ? 'high' : 'low'))
    showNotifications({ kind: 'summary', alerts, highest: 'high' }, () => {}, korean)
    expect(electron.notifications[1]!.options.title).toBe('새 알림 5건')
    expect(electron.notifications[1]!.options.body).toBe(
      '애플리케이션 5개, 가장 높은 심각도 높음. 첫 알림: App 1: 24시간 동안 MDE 로그인 470건, 평소 31건의 15.2배입니다.',
    )
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
    const window = {
      on: (_: string, listener: typeof closeListener) => (closeListener = listener),
      hide: vi.fn(),
    }
    let explained = false
    let quitting = false
    keepInTrayOnClose(window as never, {
      enabled: () => true,
      explained: () => explained,
      markExplained: () => (explained = true),
      quitting: () => quitting,
    })
    const first = { preventDefault: vi.fn() }
    closeListener(first)
    closeListener({ preventDefault: vi.fn() })
    expect(first.preventDefault).toHaveBeenCalled()
    expect(window.hide).toHaveBeenCalledTimes(2)
    expect(electron.dialogs).toHaveLength(1)
    expect(electron.dialogs[0]).toMatchObject({
      message: 'Defender Connected Apps keeps running in the system tray',
    })
    quitting = true
    const last = { preventDefault: vi.fn() }
    closeListener(last)
    expect(last.preventDefault).not.toHaveBeenCalled()
  })

  it('explains close-to-tray in Korean when the UI language is Korean', () => {
    electron.dialogs.length = 0
    let closeListener: (event: { preventDefault: () => void }) => void = () => {}
    const window = {
      on: (_: string, listener: typeof closeListener) => (closeListener = listener),
      hide: vi.fn(),
    }
    let explained = false
    keepInTrayOnClose(window as never, {
      enabled: () => true,
      explained: () => explained,
      markExplained: () => (explained = true),
      quitting: () => false,
      texts: () => translator('ko'),
      productName: 'Defender Connected Apps',
    })
    closeListener({ preventDefault: vi.fn() })
    expect(electron.dialogs).toEqual([
      expect.objectContaining({
        message: 'Defender Connected Apps은(는) 시스템 트레이에서 계속 실행됩니다',
        detail: expect.stringContaining('트레이 아이콘'),
      }),
    ])
  })

  it('sets the login item and feeds power events to the scheduler', () => {
    setLoginItem(true)
    if (process.platform !== 'linux')
      expect(electron.loginItems.at(-1)).toMatchObject({ openAtLogin: true })
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
