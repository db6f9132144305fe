// The real tray and close-to-tray behaviour under _electron. Runs only where the Electron binary
// exists; elsewhere it skips with the shared message (the glue is unit-tested against a mock).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test'
import { electronBinary, missingElectronMessage } from './support'

const binary = electronBinary()
test.skip(binary === null, missingElectronMessage)

let app: ElectronApplication
let dataDir: string

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'dca-electron-tray-'))
  app = await electron.launch({
    executablePath: binary!,
    args: [join(import.meta.dirname, '../../out/main/index.js'), '--demo'],
    env: { ...process.env, DCA_DATA_DIR: dataDir, DCA_DEMO: '1' },
  })
  await app.firstWindow()
})

test.afterAll(async () => {
  await app?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

test('closing the window hides it and keeps the app running in the tray', async () => {
  const state = await app.evaluate(async ({ BrowserWindow }) => {
    const window = BrowserWindow.getAllWindows()[0]!
    window.close()
    await new Promise((resolve) => setTimeout(resolve, 300))
    return { windows: BrowserWindow.getAllWindows().length, visible: window.isVisible() }
  })
  expect(state).toEqual({ windows: 1, visible: false })
})
