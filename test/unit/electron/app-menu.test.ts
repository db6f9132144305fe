// The application menu and About panel, against a mocked `electron` module.
import { describe, expect, it, vi, beforeEach } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'

const electron = vi.hoisted(() => ({
  setAboutPanelOptions: vi.fn(),
  setApplicationMenu: vi.fn(),
  buildFromTemplate: vi.fn((template: unknown) => ({ template })),
  openPath: vi.fn(async () => ''),
  showMessageBox: vi.fn(async () => ({ response: 0 })),
}))

vi.mock('electron', () => ({
  app: { setAboutPanelOptions: electron.setAboutPanelOptions },
  Menu: {
    setApplicationMenu: electron.setApplicationMenu,
    buildFromTemplate: electron.buildFromTemplate,
  },
  shell: { openPath: electron.openPath },
  dialog: { showMessageBox: electron.showMessageBox },
}))

const {
  aboutPanelOptions,
  buildAppMenuTemplate,
  describeUpdateResult,
  documentationLinks,
  installAppMenu,
} = await import('../../../src-main/electron/app-menu')
const { checkExternalUrl } = await import('../../../src-main/core/safe-url')
const { translator } = await import('../../../src-main/core/i18n')
const english = translator('en')

const base = {
  productName: 'Defender Connected Apps',
  isDevelopment: false,
  openLink: vi.fn(),
  openLogsFolder: vi.fn(),
}
const submenu = (item: MenuItemConstructorOptions | undefined) =>
  (item?.submenu ?? []) as MenuItemConstructorOptions[]
const find = (
  items: MenuItemConstructorOptions[],
  predicate: (i: MenuItemConstructorOptions) => boolean,
): MenuItemConstructorOptions | undefined => {
  for (const item of items) {
    if (predicate(item)) return item
    const inner = find(submenu(item), predicate)
    if (inner) return inner
  }
  return undefined
}

beforeEach(() => vi.clearAllMocks())

describe('application menu', () => {
  it('on macOS starts with the app menu: About, Services, Hide, Quit', () => {
    const template = buildAppMenuTemplate({ ...base, platform: 'darwin' })
    expect(template[0]!.label).toBe('Defender Connected Apps')
    const roles = submenu(template[0]).map((i) => i.role ?? i.type)
    expect(roles).toEqual([
      'about',
      'separator',
      'services',
      'separator',
      'hide',
      'hideOthers',
      'unhide',
      'separator',
      'quit',
    ])
    expect(template.map((i) => i.role ?? i.label)).toEqual([
      'Defender Connected Apps',
      'editMenu',
      'View',
      'windowMenu',
      'help',
    ])
  })

  it('on Windows and Linux has File › Exit and About under Help', () => {
    const template = buildAppMenuTemplate({ ...base, platform: 'win32' })
    expect(template[0]!.label).toBe('&File')
    expect(submenu(template[0]).map((i) => i.role)).toEqual(['quit'])
    expect(find(submenu(template.at(-1)), (i) => i.role === 'about')).toBeDefined()
  })

  it('offers Check for Updates only when a feed is configured', () => {
    expect(
      find(buildAppMenuTemplate({ ...base, platform: 'darwin' }), (i) => i.id === 'check-updates'),
    ).toBeUndefined()
    const check = vi.fn()
    const item = find(
      buildAppMenuTemplate({ ...base, platform: 'darwin', checkForUpdates: check }),
      (i) => i.id === 'check-updates',
    )
    ;(item!.click as () => void)()
    expect(check).toHaveBeenCalledOnce()
    expect(
      find(
        buildAppMenuTemplate({ ...base, platform: 'linux', checkForUpdates: check }),
        (i) => i.id === 'check-updates',
      ),
    ).toBeDefined()
  })

  it('keeps reload and developer tools out of release builds', () => {
    const roles = (dev: boolean) =>
      submenu(buildAppMenuTemplate({ ...base, platform: 'linux', isDevelopment: dev })[2]).map(
        (i) => i.role,
      )
    expect(roles(false)).not.toContain('toggleDevTools')
    expect(roles(false)).not.toContain('reload')
    expect(roles(true)).toContain('toggleDevTools')
  })

  it('opens documentation links that the safe shell allows, and the logs folder', () => {
    const openLink = vi.fn()
    const openLogsFolder = vi.fn()
    const help = submenu(
      buildAppMenuTemplate({ ...base, openLink, openLogsFolder, platform: 'darwin' }).at(-1),
    )
    for (const link of documentationLinks) {
      expect(checkExternalUrl(link.url)).toMatchObject({ allowed: true })
      ;(find(help, (i) => i.label === english.t(link.key))!.click as () => void)()
      expect(openLink).toHaveBeenLastCalledWith(link.url)
    }
    ;(find(help, (i) => i.id === 'open-logs')!.click as () => void)()
    expect(openLogsFolder).toHaveBeenCalledOnce()
  })
})

describe('About panel', () => {
  it('shows the product, its version and the engine versions', () => {
    expect(
      aboutPanelOptions({
        productName: 'Defender Connected Apps',
        version: '0.1.0',
        electron: '45.5.0',
        chrome: '140.0.1',
      }),
    ).toMatchObject({
      applicationName: 'Defender Connected Apps',
      applicationVersion: '0.1.0',
      version: 'Electron 45.5.0, Chromium 140.0.1',
      website: documentationLinks[0].url,
    })
    expect(
      aboutPanelOptions({ productName: 'P', version: '1.0.0', electron: null, chrome: null }),
    ).not.toHaveProperty('version')
  })
})

describe('installAppMenu', () => {
  const shell = { open: vi.fn(async () => {}), allows: () => true }
  const log = { error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() }

  it('sets the About panel and the menu, wiring links to the safe shell and the logs folder to the OS', async () => {
    installAppMenu({
      productName: 'Defender Connected Apps',
      version: '0.1.0',
      isDevelopment: false,
      shell,
      logDir: '/logs',
      log,
    })
    expect(electron.setAboutPanelOptions).toHaveBeenCalledWith(
      expect.objectContaining({ applicationVersion: '0.1.0' }),
    )
    expect(electron.setApplicationMenu).toHaveBeenCalledOnce()
    const template = (
      electron.buildFromTemplate.mock.calls[0] as unknown as [MenuItemConstructorOptions[]]
    )[0]
    ;(find(template, (i) => i.label === 'Microsoft Entra Sign-in Logs')!.click as () => void)()
    expect(shell.open).toHaveBeenCalledWith(documentationLinks[1].url)
    ;(find(template, (i) => i.id === 'open-logs')!.click as () => void)()
    expect(electron.openPath).toHaveBeenCalledWith('/logs')
    expect(find(template, (i) => i.id === 'check-updates')).toBeUndefined()
  })

  it('shows the update result in a message box', async () => {
    const check = vi.fn(async () => ({
      status: 'available' as const,
      current: '0.1.0',
      latest: '0.2.0',
      url: 'https://releases.example.test/',
    }))
    installAppMenu({
      productName: 'Defender Connected Apps',
      version: '0.1.0',
      isDevelopment: false,
      shell,
      logDir: '/logs',
      log,
      checkForUpdates: check,
    })
    const template = (
      electron.buildFromTemplate.mock.calls[0] as unknown as [MenuItemConstructorOptions[]]
    )[0]
    ;(find(template, (i) => i.id === 'check-updates')!.click as () => void)()
    await vi.waitFor(() => expect(electron.showMessageBox).toHaveBeenCalled())
    expect(electron.showMessageBox).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'Defender Connected Apps 0.2.0 is available.' }),
    )
  })

  it('speaks Korean when the UI language is Korean: menu labels and the update message box', async () => {
    const korean = translator('ko')
    const windows = buildAppMenuTemplate({
      ...base,
      platform: 'win32',
      texts: korean,
      checkForUpdates: vi.fn(),
    })
    expect(windows[0]!.label).toBe('파일(&F)')
    expect(submenu(windows[0])[0]!.label).toBe('끝내기(&X)')
    const help = submenu(windows.at(-1))
    expect(help.map((i) => i.label).filter(Boolean)).toEqual([
      'Defender for Endpoint API 문서',
      'Microsoft Entra 로그인 로그',
      'Microsoft Defender 포털',
      '로그 폴더 열기',
      '업데이트 확인…',
      'Defender Connected Apps 정보',
    ])
    const check = vi.fn(async () => ({
      status: 'current' as const,
      current: '0.1.0',
      latest: '0.1.0',
    }))
    installAppMenu({
      productName: 'P',
      version: '0.1.0',
      isDevelopment: false,
      shell,
      logDir: '/logs',
      log,
      checkForUpdates: check,
      texts: () => korean,
    })
    const template = (
      electron.buildFromTemplate.mock.calls[0] as unknown as [MenuItemConstructorOptions[]]
    )[0]
    ;(find(template, (i) => i.id === 'check-updates')!.click as () => void)()
    await vi.waitFor(() => expect(electron.showMessageBox).toHaveBeenCalled())
    expect(electron.showMessageBox).toHaveBeenCalledWith(
      expect.objectContaining({
        message: 'P이(가) 최신 버전입니다.',
        detail: '0.1.0 버전이 최신 릴리스입니다.',
        buttons: ['확인'],
      }),
    )
  })

  it('describes every update result', () => {
    expect(
      describeUpdateResult({ status: 'current', current: '1.0.0', latest: '1.0.0' }, 'P').message,
    ).toBe('P is up to date.')
    expect(describeUpdateResult({ status: 'failed', reason: 'offline' }, 'P').detail).toBe(
      'offline',
    )
    expect(describeUpdateResult({ status: 'disabled' }, 'P').message).toMatch(/off/)
  })
})
