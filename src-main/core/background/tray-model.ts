// What the tray shows: one icon state and the menu, as plain data worked out from the app's state,
// so electron/tray.ts only turns it into a Tray and a Menu.
import type { AlertView } from '../../contract'

export const trayStates = ['ok', 'alerts', 'syncing', 'error', 'signedOut'] as const
export type TrayState = (typeof trayStates)[number]

export interface TrayInputs {
  signedIn: boolean
  syncing: boolean
  lastError: string | null
  unacknowledged: number
  recentAlerts: readonly AlertView[]
  pausedUntil: Date | null
  now: Date
}

/** Syncing wins (it is what is happening now), then signed out, error, alerts, all well. */
export function trayState(inputs: TrayInputs): TrayState {
  if (inputs.syncing) return 'syncing'
  if (!inputs.signedIn) return 'signedOut'
  if (inputs.lastError) return 'error'
  if (inputs.unacknowledged > 0) return 'alerts'
  return 'ok'
}

export function trayTooltip(inputs: TrayInputs, productName: string): string {
  switch (trayState(inputs)) {
    case 'syncing':
      return `${productName}: syncing…`
    case 'signedOut':
      return `${productName}: signed out`
    case 'error':
      return `${productName}: last sync failed — ${inputs.lastError}`
    case 'alerts':
      return `${productName}: ${inputs.unacknowledged} open alert${inputs.unacknowledged === 1 ? '' : 's'}`
    default:
      return `${productName}: all well`
  }
}

export type TrayCommand =
  | { kind: 'open' }
  | { kind: 'syncNow' }
  | { kind: 'openAlert'; alertId: number }
  | { kind: 'openAlerts' }
  | { kind: 'pause'; until: 'hour' | 'tomorrow' }
  | { kind: 'resume' }
  | { kind: 'settings' }
  | { kind: 'quit' }

export interface TrayMenuItem {
  label?: string
  type?: 'separator' | 'normal'
  enabled?: boolean
  command?: TrayCommand
  submenu?: TrayMenuItem[]
}

const RECENT = 5

export function trayMenu(inputs: TrayInputs): TrayMenuItem[] {
  const paused = inputs.pausedUntil !== null && inputs.pausedUntil.getTime() > inputs.now.getTime()
  const recent = inputs.recentAlerts.slice(0, RECENT)
  return [
    { label: 'Open Defender Connected Apps', command: { kind: 'open' } },
    { label: inputs.syncing ? 'Syncing…' : 'Sync now', enabled: !inputs.syncing && inputs.signedIn, command: { kind: 'syncNow' } },
    { type: 'separator' },
    {
      label: inputs.unacknowledged > 0 ? `Recent alerts (${inputs.unacknowledged} open)` : 'Recent alerts',
      submenu: [
        ...(recent.length === 0
          ? [{ label: 'No alerts', enabled: false }]
          : recent.map((alert) => ({ label: menuLabel(alert), command: { kind: 'openAlert', alertId: alert.id } as TrayCommand }))),
        { type: 'separator' },
        { label: 'All alerts…', command: { kind: 'openAlerts' } },
      ],
    },
    paused
      ? { label: `Alerts paused until ${inputs.pausedUntil!.toLocaleString()} — resume`, command: { kind: 'resume' } }
      : {
          label: 'Pause alerts',
          submenu: [
            { label: 'For 1 hour', command: { kind: 'pause', until: 'hour' } },
            { label: 'Until tomorrow', command: { kind: 'pause', until: 'tomorrow' } },
          ],
        },
    { type: 'separator' },
    { label: 'Settings…', command: { kind: 'settings' } },
    { label: 'Quit', command: { kind: 'quit' } },
  ]
}

function menuLabel(alert: AlertView): string {
  const text = `${alert.severity === 'high' ? '⚠ ' : ''}${alert.summary}`
  return text.length > 80 ? `${text.slice(0, 77)}…` : text
}
