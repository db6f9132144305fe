// The secure window defaults, checked against a mocked `electron` module.
import { describe, expect, it, vi } from 'vitest'

const created: Array<{ options: Record<string, unknown>; listeners: Map<string, (...args: unknown[]) => void>; openHandler?: (d: { url: string }) => unknown; loaded?: string }> = []

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: Record<string, unknown>
    constructor(options: Record<string, unknown>) {
      const record: (typeof created)[number] = { options, listeners: new Map() }
      created.push(record)
      this.webContents = {
        on: (name: string, listener: (...args: unknown[]) => void) => record.listeners.set(name, listener),
        setWindowOpenHandler: (handler: (d: { url: string }) => unknown) => {
          record.openHandler = handler
        },
      }
      ;(this as unknown as { loadURL: (url: string) => Promise<void> }).loadURL = async (url: string) => {
        record.loaded = url
      }
    }
    once() {}
  }
  return {
    BrowserWindow,
    nativeTheme: { shouldUseDarkColors: false },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), webRequest: { onHeadersReceived: vi.fn() } } },
  }
})

const { createMainWindow } = await import('../../../src-main/electron/window')

describe('createMainWindow', () => {
  it('uses isolated, sandboxed, node-free web preferences and pins navigation', async () => {
    const opened: string[] = []
    const warnings: string[] = []
    createMainWindow({
      preloadPath: '/app/out/preload/preload.cjs',
      startUrl: 'app://renderer/index.html',
      isTrustedUrl: (url) => url.startsWith('app://renderer/'),
      shell: { open: async (url) => void opened.push(url), allows: () => true },
      log: { error() {}, info() {}, debug() {}, warn: (m) => warnings.push(m) },
    })
    const record = created.at(-1)!
    expect(record.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/app/out/preload/preload.cjs',
    })
    expect(record.loaded).toBe('app://renderer/index.html')

    const navigate = record.listeners.get('will-navigate')!
    const foreign = { preventDefault: vi.fn() }
    navigate(foreign, 'https://evil.test/')
    expect(foreign.preventDefault).toHaveBeenCalled()
    const internal = { preventDefault: vi.fn() }
    navigate(internal, 'app://renderer/index.html#/settings')
    expect(internal.preventDefault).not.toHaveBeenCalled()

    expect(record.openHandler!({ url: 'https://portal.azure.com/#view/x' })).toEqual({ action: 'deny' })
    await Promise.resolve()
    expect(opened).toEqual(['https://portal.azure.com/#view/x'])
    expect(warnings.some((w) => w.includes('navigation'))).toBe(true)
  })
})
