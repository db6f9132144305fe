// The application menu and the About panel. On macOS the first menu is the app menu (About,
// Check for Updates…, Services, Hide, Quit); Windows and Linux get File / Edit / View / Window /
// Help. Documentation links open through the safe shell, so only allow-listed https pages open.
// Labels come from the main catalogue in the UI language; index.ts reinstalls the menu when the
// language setting changes.
import { app, dialog, Menu, shell, type MenuItemConstructorOptions } from 'electron'
import { translator, type MessageKey, type Translator } from '../core/i18n'
import type { Logger } from '../core/log'
import type { SafeShell } from '../core/safe-shell'
import type { UpdateCheckResult } from './updates'

export const documentationLinks = [
  { key: 'menu.docs.mdeApi', url: 'https://learn.microsoft.com/defender-endpoint/api/apis-intro' },
  {
    key: 'menu.docs.signInLogs',
    url: 'https://learn.microsoft.com/entra/identity/monitoring-health/concept-sign-ins',
  },
  { key: 'menu.docs.portal', url: 'https://security.microsoft.com/' },
] as const satisfies ReadonlyArray<{ key: MessageKey; url: string }>

export interface AppMenuOptions {
  productName: string
  platform: NodeJS.Platform
  /** Development builds get reload and the developer tools. */
  isDevelopment: boolean
  openLink: (url: string) => void
  openLogsFolder: () => void
  /** Present only when an update feed is configured. */
  checkForUpdates?: () => void
  /** The UI language's texts (default English). */
  texts?: Translator
}

export function buildAppMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin'
  const tr = options.texts ?? translator('en')
  const updates: MenuItemConstructorOptions[] = options.checkForUpdates
    ? [
        {
          id: 'check-updates',
          label: tr.t('menu.checkUpdates'),
          click: () => options.checkForUpdates?.(),
        },
      ]
    : []
  const about: MenuItemConstructorOptions = {
    id: 'about',
    role: 'about',
    label: tr.t('menu.about', { product: options.productName }),
  }
  const template: MenuItemConstructorOptions[] = []
  if (mac) {
    template.push({
      label: options.productName,
      submenu: [
        about,
        ...updates,
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    })
  } else {
    template.push({
      label: tr.t('menu.file'),
      submenu: [{ role: 'quit', label: tr.t('menu.exit') }],
    })
  }
  template.push({ role: 'editMenu' })
  template.push({
    label: tr.t(mac ? 'menu.view' : 'menu.viewWindows'),
    submenu: [
      ...(options.isDevelopment
        ? ([
            { role: 'reload' },
            { role: 'toggleDevTools' },
            { type: 'separator' },
          ] as MenuItemConstructorOptions[])
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  })
  template.push({ role: 'windowMenu' })
  template.push({
    role: 'help',
    label: tr.t(mac ? 'menu.help' : 'menu.helpWindows'),
    submenu: [
      ...documentationLinks.map((link): MenuItemConstructorOptions => ({
        label: tr.t(link.key),
        click: () => options.openLink(link.url),
      })),
      { type: 'separator' },
      { id: 'open-logs', label: tr.t('menu.openLogs'), click: () => options.openLogsFolder() },
      ...(mac ? [] : [{ type: 'separator' } as MenuItemConstructorOptions, ...updates, about]),
    ],
  })
  return template
}

export interface AboutPanelInfo {
  productName: string
  version: string
  electron: string | null
  chrome: string | null
  iconPath?: string
}

export function aboutPanelOptions(info: AboutPanelInfo): Electron.AboutPanelOptionsOptions {
  const engine = [
    info.electron && `Electron ${info.electron}`,
    info.chrome && `Chromium ${info.chrome}`,
  ]
    .filter(Boolean)
    .join(', ')
  return {
    applicationName: info.productName,
    applicationVersion: info.version,
    ...(engine ? { version: engine } : {}),
    copyright: 'Copyright © 2025 Defender Connected Apps contributors',
    credits: 'Shows which applications use the Microsoft Defender for Endpoint API in your tenant.',
    website: documentationLinks[0].url,
    ...(info.iconPath ? { iconPath: info.iconPath } : {}),
  }
}

export interface InstallAppMenuOptions {
  productName: string
  version: string
  isDevelopment: boolean
  shell: SafeShell
  logDir: string
  log: Logger
  iconPath?: string
  /** Runs one update check; omitted when no feed is configured (the menu item is hidden). */
  checkForUpdates?: () => Promise<UpdateCheckResult>
  /** The UI language's texts, read when the menu is built and when a dialog opens. */
  texts?: () => Translator
}

/** Describes an update check result for a message box. */
export function describeUpdateResult(
  result: UpdateCheckResult,
  productName: string,
  tr: Translator = translator('en'),
): { message: string; detail: string } {
  const product = productName
  switch (result.status) {
    case 'available':
      return {
        message: tr.t('update.available', { product, latest: result.latest }),
        detail: `${tr.t('update.running', { current: result.current })}${result.url ? `\n\n${tr.t('update.download', { url: result.url })}` : ''}${result.notes ? `\n\n${result.notes}` : ''}`,
      }
    case 'current':
      return {
        message: tr.t('update.current', { product }),
        detail: tr.t('update.currentDetail', { current: result.current }),
      }
    case 'failed':
      return { message: tr.t('update.failed'), detail: result.reason }
    case 'disabled':
      return { message: tr.t('update.disabled'), detail: tr.t('update.disabledDetail') }
  }
}

export function installAppMenu(options: InstallAppMenuOptions): void {
  app.setAboutPanelOptions(
    aboutPanelOptions({
      productName: options.productName,
      version: options.version,
      electron: process.versions.electron ?? null,
      chrome: process.versions.chrome ?? null,
      ...(options.iconPath ? { iconPath: options.iconPath } : {}),
    }),
  )
  const check = options.checkForUpdates
  const texts = options.texts ?? (() => translator('en'))
  const template = buildAppMenuTemplate({
    texts: texts(),
    productName: options.productName,
    platform: process.platform,
    isDevelopment: options.isDevelopment,
    openLink: (url) => {
      options.shell
        .open(url)
        .catch((error: unknown) => options.log.warn('Could not open a documentation link', error))
    },
    openLogsFolder: () => {
      void shell.openPath(options.logDir).then((problem) => {
        if (problem) options.log.warn(`Could not open the logs folder: ${problem}`)
      })
    },
    ...(check
      ? {
          checkForUpdates: () => {
            void check().then((result) => {
              const tr = texts()
              const { message, detail } = describeUpdateResult(result, options.productName, tr)
              return dialog.showMessageBox({
                type: result.status === 'failed' ? 'warning' : 'info',
                message,
                detail,
                buttons: [tr.t('dialog.ok')],
              })
            })
          },
        }
      : {}),
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
