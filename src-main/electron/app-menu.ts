// The application menu and the About panel. On macOS the first menu is the app menu (About,
// Check for Updates…, Services, Hide, Quit); Windows and Linux get File / Edit / View / Window /
// Help. Documentation links open through the safe shell, so only allow-listed https pages open.
import { app, dialog, Menu, shell, type MenuItemConstructorOptions } from 'electron'
import type { Logger } from '../core/log'
import type { SafeShell } from '../core/safe-shell'
import type { UpdateCheckResult } from './updates'

export const documentationLinks = [
  { label: 'Defender for Endpoint API Documentation', url: 'https://learn.microsoft.com/defender-endpoint/api/apis-intro' },
  { label: 'Microsoft Entra Sign-in Logs', url: 'https://learn.microsoft.com/entra/identity/monitoring-health/concept-sign-ins' },
  { label: 'Microsoft Defender Portal', url: 'https://security.microsoft.com/' },
] as const

export interface AppMenuOptions {
  productName: string
  platform: NodeJS.Platform
  /** Development builds get reload and the developer tools. */
  isDevelopment: boolean
  openLink: (url: string) => void
  openLogsFolder: () => void
  /** Present only when an update feed is configured. */
  checkForUpdates?: () => void
}

export function buildAppMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin'
  const updates: MenuItemConstructorOptions[] = options.checkForUpdates
    ? [{ id: 'check-updates', label: 'Check for Updates…', click: () => options.checkForUpdates?.() }]
    : []
  const about: MenuItemConstructorOptions = { id: 'about', role: 'about', label: `About ${options.productName}` }
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
    template.push({ label: '&File', submenu: [{ role: 'quit', label: 'E&xit' }] })
  }
  template.push({ role: 'editMenu' })
  template.push({
    label: mac ? 'View' : '&View',
    submenu: [
      ...(options.isDevelopment
        ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])
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
    label: mac ? 'Help' : '&Help',
    submenu: [
      ...documentationLinks.map(
        (link): MenuItemConstructorOptions => ({ label: link.label, click: () => options.openLink(link.url) }),
      ),
      { type: 'separator' },
      { id: 'open-logs', label: 'Open Logs Folder', click: () => options.openLogsFolder() },
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
  const engine = [info.electron && `Electron ${info.electron}`, info.chrome && `Chromium ${info.chrome}`].filter(Boolean).join(', ')
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
}

/** Describes an update check result for a message box. */
export function describeUpdateResult(result: UpdateCheckResult, productName: string): { message: string; detail: string } {
  switch (result.status) {
    case 'available':
      return {
        message: `${productName} ${result.latest} is available.`,
        detail: `You are running ${result.current}.${result.url ? `\n\nDownload: ${result.url}` : ''}${result.notes ? `\n\n${result.notes}` : ''}`,
      }
    case 'current':
      return { message: `${productName} is up to date.`, detail: `Version ${result.current} is the latest release.` }
    case 'failed':
      return { message: 'Could not check for updates.', detail: result.reason }
    case 'disabled':
      return { message: 'Update checks are off.', detail: 'No release feed is configured for this build.' }
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
  const template = buildAppMenuTemplate({
    productName: options.productName,
    platform: process.platform,
    isDevelopment: options.isDevelopment,
    openLink: (url) => {
      options.shell.open(url).catch((error: unknown) => options.log.warn('Could not open a documentation link', error))
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
              const { message, detail } = describeUpdateResult(result, options.productName)
              return dialog.showMessageBox({ type: result.status === 'failed' ? 'warning' : 'info', message, detail, buttons: ['OK'] })
            })
          },
        }
      : {}),
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
