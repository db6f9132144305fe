// The system-tray icon and menu: one icon per state (macOS template images, a Windows .ico, PNGs
// elsewhere) and the menu core/background/tray-model.ts describes.
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron'
import { join } from 'node:path'
import type { TrayCommand, TrayMenuItem, TrayState } from '../core/background/tray-model'

export function trayIconPath(iconDir: string, state: TrayState, platform: NodeJS.Platform = process.platform): string {
  // macOS: black-on-transparent template images (the OS tints them; @2x is picked up by name).
  if (platform === 'darwin') return join(iconDir, `tray-${state}Template.png`)
  if (platform === 'win32') return join(iconDir, `tray-${state}.ico`)
  return join(iconDir, `tray-${state}.png`)
}

export function toMenuTemplate(items: readonly TrayMenuItem[], onCommand: (command: TrayCommand) => void): MenuItemConstructorOptions[] {
  return items.map((item) => {
    if (item.type === 'separator') return { type: 'separator' }
    const option: MenuItemConstructorOptions = { label: item.label ?? '', enabled: item.enabled ?? true }
    if (item.submenu) option.submenu = toMenuTemplate(item.submenu, onCommand)
    const command = item.command
    if (command) option.click = () => onCommand(command)
    return option
  })
}

export interface TrayController {
  update(state: TrayState, tooltip: string, menu: TrayMenuItem[]): void
  destroy(): void
}

export function createTray(options: { iconDir: string; onCommand: (command: TrayCommand) => void; onClick?: () => void }): TrayController {
  const image = (state: TrayState) => nativeImage.createFromPath(trayIconPath(options.iconDir, state))
  const tray = new Tray(image('ok'))
  let current: TrayState = 'ok'
  if (options.onClick) tray.on('click', options.onClick)
  return {
    update(state, tooltip, menu) {
      if (state !== current) {
        tray.setImage(image(state))
        current = state
      }
      tray.setToolTip(tooltip)
      tray.setContextMenu(Menu.buildFromTemplate(toMenuTemplate(menu, options.onCommand)))
    },
    destroy: () => tray.destroy(),
  }
}
