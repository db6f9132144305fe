// The real Electron app, driven by Playwright's _electron: secure window, bridge, CSP, navigation.
// Runs only where the Electron binary exists; elsewhere every test here skips with one message.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test'
import { electronBinary, missingElectronMessage } from './support'

const binary = electronBinary()
test.skip(binary === null, missingElectronMessage)

let app: ElectronApplication
let page: Page
let dataDir: string

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'dca-electron-'))
  app = await electron.launch({
    executablePath: binary!,
    args: [join(import.meta.dirname, '../../out/main/index.js'), '--demo'],
    env: { ...process.env, DCA_DATA_DIR: dataDir, DCA_DEMO: '1' },
  })
  page = await app.firstWindow()
  await page.waitForLoadState('domcontentloaded')
})

test.afterAll(async () => {
  await app?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

test('window runs sandboxed with context isolation and only window.api exposed', async () => {
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const window = BrowserWindow.getAllWindows()[0]!
    const webPreferences = (window.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences()
    return { contextIsolation: webPreferences.contextIsolation, sandbox: webPreferences.sandbox, nodeIntegration: webPreferences.nodeIntegration }
  })
  expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false })
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
  expect(await page.evaluate(() => typeof (window as unknown as { api: unknown }).api)).toBe('object')
})

test('the bridge answers with real state and validates payloads', async () => {
  const info = await page.evaluate(() => (window as unknown as { api: { getAppInfo(): Promise<unknown> } }).api.getAppInfo())
  expect(info).toMatchObject({ ok: true, value: { mode: 'demo', dataDir } })
  const bad = await page.evaluate(() =>
    (window as unknown as { api: { updateSettings(p: unknown): Promise<unknown> } }).api.updateSettings({ locale: 'xx' }),
  )
  expect(bad).toMatchObject({ ok: false, error: { code: 'validation' } })
})

test('window.open is denied and foreign navigation blocked', async () => {
  expect(await page.evaluate(() => window.open('https://evil.test/') === null)).toBe(true)
  const before = page.url()
  await page.evaluate(() => {
    window.location.href = 'https://evil.test/'
  })
  await page.waitForTimeout(500)
  expect(page.url()).toBe(before)
})

test('the CSP blocks inline script', async () => {
  const ran = await page.evaluate(() => {
    const script = document.createElement('script')
    script.textContent = 'window.__inlineRan = true'
    document.head.appendChild(script)
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true
  })
  expect(ran).toBe(false)
})
