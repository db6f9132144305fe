// Electron side of running in the background: power events into the scheduler, the close-to-tray
// window behaviour (explained once), and the login item. The decisions are core's; the texts come
// from the main catalogue in the UI language (core/i18n).
import { app, dialog, net, powerMonitor, type BrowserWindow } from 'electron'
import { appAlertSettings } from '../core/alerts/settings'
import { translator, type Translator } from '../core/i18n'
import type { AppService } from '../core/app-service'
import { BackgroundController } from '../core/background/controller'
import type { Logger } from '../core/log'
import { showNotifications } from './notifications'
import { createTray, type TrayController } from './tray'

export function watchPower(controller: BackgroundController): () => void {
  const resumed = () => controller.scheduler.resumed()
  const unlocked = () => {
    if (net.isOnline()) controller.scheduler.online()
  }
  powerMonitor.on('resume', resumed)
  powerMonitor.on('unlock-screen', unlocked)
  return () => {
    powerMonitor.off('resume', resumed)
    powerMonitor.off('unlock-screen', unlocked)
  }
}

export function setLoginItem(openAtLogin: boolean): void {
  // Linux has no login-item API in Electron; the setting is kept and does nothing there.
  if (process.platform === 'linux') return
  app.setLoginItemSettings({ openAtLogin, args: ['--background'] })
}

export interface CloseToTrayOptions {
  enabled: () => boolean
  explained: () => boolean
  markExplained: () => void
  quitting: () => boolean
  /** The explanation's language (default English). */
  texts?: () => Translator
  productName?: string
}

/** Closing hides the window instead (when the setting is on); the first time, says so. */
export function keepInTrayOnClose(window: BrowserWindow, options: CloseToTrayOptions): void {
  window.on('close', (event) => {
    if (options.quitting() || !options.enabled()) return
    event.preventDefault()
    window.hide()
    if (!options.explained()) {
      options.markExplained()
      const texts = options.texts?.() ?? translator('en')
      void dialog.showMessageBox({
        type: 'info',
        message: texts.t('closeToTray.message', {
          product: options.productName ?? 'Defender Connected Apps',
        }),
        detail: texts.t('closeToTray.detail'),
      })
    }
  })
}

export interface StartBackgroundOptions {
  service: AppService
  log: Logger
  productName: string
  iconDir: string
  /** The main window, creating it when there is none. */
  showWindow: () => BrowserWindow
  /** The renderer's start URL (routes are its hash). */
  startUrl: string
  /** The OS languages, for the language setting 'system'. */
  systemLanguages: () => readonly string[]
}

/** Tray, notifications, background sync and close-to-tray, wired to the core controller. */
export function startBackground(options: StartBackgroundOptions) {
  let quitting = false
  app.on('before-quit', () => {
    quitting = true
  })
  const show = (route?: string) => {
    const window = options.showWindow()
    // A hash change is a same-document navigation: the renderer's router follows it, no reload.
    if (route) void window.webContents.loadURL(`${options.startUrl}#${route}`)
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  }
  let tray: TrayController | null = null
  const controller: BackgroundController = new BackgroundController(
    options.service,
    {
      updateTray: (state, tooltip, menu) => tray?.update(state, tooltip, menu),
      notify: (plan, texts) =>
        showNotifications(plan, (alertId) => controller.openFromNotification(alertId), texts),
      showWindow: show,
      setLoginItem,
      quit: () => {
        quitting = true
        tray?.destroy()
        app.quit()
      },
    },
    { productName: options.productName, systemLanguages: options.systemLanguages },
  )
  tray = createTray({
    iconDir: options.iconDir,
    onCommand: (command) => void controller.handle(command),
    onClick: () => show(),
  })
  const stopPower = watchPower(controller)
  void controller
    .start()
    .catch((error: unknown) => options.log.error('Background start failed', error))
  const settings = () => appAlertSettings(options.service.settings)
  return {
    controller,
    /** Applies close-to-tray to a (new) main window. */
    attach(window: BrowserWindow) {
      keepInTrayOnClose(window, {
        enabled: () => settings().closeToTray,
        explained: () => settings().closeToTrayExplained,
        markExplained: () =>
          void options.service.updateAlertSettings({ app: { closeToTrayExplained: true } }),
        quitting: () => quitting,
        texts: () => controller.texts(),
        productName: options.productName,
      })
    },
    stop() {
      stopPower()
      controller.stop()
      tray?.destroy()
    },
  }
}
