// The main window with the strict defaults in one place: context isolation, sandbox, no node
// integration, navigation pinned to our origin, window.open denied (links go to the safe shell).
import { BrowserWindow, nativeTheme, session } from 'electron'
import type { Logger } from '../core/log'
import type { SafeShell } from '../core/safe-shell'
import { contentSecurityPolicy } from '../core/csp'

export interface MainWindowOptions {
  preloadPath: string
  /** Where the renderer is loaded from: app://renderer/index.html, or the dev server's URL. */
  startUrl: string
  isTrustedUrl: (url: string) => boolean
  shell: SafeShell
  log: Logger
  devServerOrigin?: string
}

export const secureWebPreferences = (preloadPath: string): Electron.WebPreferences => ({
  preload: preloadPath,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
  navigateOnDragDrop: false,
})

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { log, shell } = options
  if (options.devServerOrigin) {
    // The dev server does not send our CSP; add it (with its HMR socket) to its responses.
    const policy = contentSecurityPolicy({ devServerOrigin: options.devServerOrigin })
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } })
    })
  }
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Defender Connected Apps',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1b1d21' : '#ffffff',
    webPreferences: secureWebPreferences(options.preloadPath),
  })
  window.once('ready-to-show', () => window.show())

  window.webContents.on('will-navigate', (event, url) => {
    if (options.isTrustedUrl(url)) return
    event.preventDefault()
    log.warn('Blocked navigation to a foreign origin', { url: url.slice(0, 200) })
  })
  window.webContents.on('will-redirect', (event, url) => {
    if (options.isTrustedUrl(url)) return
    event.preventDefault()
    log.warn('Blocked redirect to a foreign origin', { url: url.slice(0, 200) })
  })
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())
  window.webContents.setWindowOpenHandler(({ url }) => {
    // New windows are never created; allow-listed links open in the system browser instead.
    shell.open(url).catch(() => undefined)
    return { action: 'deny' }
  })
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => {
    log.info(`Denied a renderer permission request: ${permission}`)
    callback(false)
  })

  void window.loadURL(options.startUrl)
  return window
}
