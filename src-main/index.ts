// Electron composition root: single instance, app:// scheme, core services, IPC, main window.
import { app, BrowserWindow, shell } from 'electron'
import { join } from 'node:path'
import { createCore } from './core/bootstrap'
import { resolveMainLocale, translator } from './core/i18n'
import { originOf, trustedOriginPredicate } from './core/origin'
import { productName } from './core/paths'
import { createExportPathChooser } from './electron/export-dialog'
import { forwardEvents, registerIpc } from './electron/ipc'
import { appOrigin, registerAppScheme, serveRenderer } from './electron/protocol'
import { createMainWindow } from './electron/window'
import { startBackground } from './electron/background'
import { installAppMenu } from './electron/app-menu'
import { checkForUpdates, resolveFeedUrl, scheduleUpdateCheck } from './electron/updates'

const appUserModelId = 'com.defender-connected-apps.desktop'
const forceDemo = process.argv.includes('--demo') || process.env.DCA_DEMO === '1'

app.setName(productName)
if (process.platform === 'win32') app.setAppUserModelId(appUserModelId)
registerAppScheme()

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let mainWindow: BrowserWindow | null = null
  app.on('second-instance', () => {
    if (!mainWindow) return
    mainWindow.show()
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  void app.whenReady().then(() => {
    const core = createCore({
      runtime: {
        productName,
        version: app.getVersion(),
        platform: process.platform,
        arch: process.arch,
        node: process.versions.node,
        electron: process.versions.electron ?? null,
        chrome: process.versions.chrome ?? null,
      },
      dataDir: process.env.DCA_DATA_DIR ?? app.getPath('userData'),
      // Installed builds log to the OS log folder (~/Library/Logs/… on macOS).
      ...(app.isPackaged && !process.env.DCA_DATA_DIR ? { logDir: app.getPath('logs') } : {}),
      forceDemo,
      logLevel: app.isPackaged ? 'info' : 'debug',
      logToConsole: !app.isPackaged,
      launchExternal: (url) => shell.openExternal(url),
      chooseExportPath: createExportPathChooser(() => mainWindow),
    })
    const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
    const trustedOrigin = devServerUrl ? (originOf(devServerUrl) ?? appOrigin) : appOrigin
    const isTrustedUrl = trustedOriginPredicate(trustedOrigin)
    if (!devServerUrl) serveRenderer(join(import.meta.dirname, '../renderer'))
    registerIpc(core.service, { isTrustedUrl, log: core.log })

    const openWindow = () => {
      mainWindow = createMainWindow({
        preloadPath: join(import.meta.dirname, '../preload/preload.cjs'),
        startUrl: devServerUrl ?? `${appOrigin}/index.html`,
        isTrustedUrl,
        shell: core.service.shell,
        log: core.log,
        ...(devServerUrl ? { devServerOrigin: trustedOrigin } : {}),
      })
      const stopForwarding = forwardEvents(core.service.events, mainWindow.webContents)
      mainWindow.on('closed', () => {
        stopForwarding()
        mainWindow = null
      })
      background?.attach(mainWindow)
    }
    // Tray, menu, notifications and dialogs speak the UI language ('system': the OS's languages).
    const systemLanguages = () => app.getPreferredSystemLanguages()
    const mainTexts = () =>
      translator(resolveMainLocale(core.service.settings.locale, systemLanguages()))
    // Tray, background sync and notifications; closing the window keeps the app in the tray.
    let background: ReturnType<typeof startBackground> | null = null
    const startUrl = devServerUrl ?? `${appOrigin}/index.html`
    background = startBackground({
      service: core.service,
      log: core.log,
      productName,
      iconDir: join(import.meta.dirname, '../../resources/tray'),
      startUrl,
      systemLanguages,
      showWindow: () => {
        if (!mainWindow) openWindow()
        return mainWindow!
      },
    })
    // Started at login: stay in the tray until asked for.
    if (!process.argv.includes('--background')) openWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow()
    })
    core.log.info(
      `Started ${productName} ${app.getVersion()} (${forceDemo ? 'demo' : 'configured'} mode)`,
    )

    // Menu, About panel and the update check (off, and silent, until a release feed is configured).
    const feedUrl = resolveFeedUrl(process.env)
    const checkNow = () =>
      checkForUpdates({ feedUrl, currentVersion: app.getVersion(), log: core.log })
    const installMenu = () =>
      installAppMenu({
        productName,
        version: app.getVersion(),
        isDevelopment: !app.isPackaged,
        shell: core.service.shell,
        logDir: core.logDir,
        log: core.log,
        iconPath: join(import.meta.dirname, '../../resources/icon.png'),
        texts: mainTexts,
        ...(feedUrl ? { checkForUpdates: checkNow } : {}),
      })
    installMenu()
    // The menu is built once per language: rebuilt when the language setting changes.
    let menuLocale = mainTexts().locale
    core.service.events.on('settingsChanged', () => {
      if (mainTexts().locale === menuLocale) return
      menuLocale = mainTexts().locale
      installMenu()
    })
    scheduleUpdateCheck({
      feedUrl,
      currentVersion: app.getVersion(),
      log: core.log,
      onResult: () => {},
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
