// What the tray shows: one icon state and the menu, as plain data worked out from the app's state,
// so electron/tray.ts only turns it into a Tray and a Menu. Texts come from the main catalogue in
// the UI language (core/i18n); the controller rebuilds both when the language changes.
import type { AlertView } from '../../contract'
import { describeAlert, translator, type Translator } from '../i18n'

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

export function trayTooltip(
  inputs: TrayInputs,
  productName: string,
  tr: Translator = translator('en'),
): string {
  const product = productName
  switch (trayState(inputs)) {
    case 'syncing':
      return tr.t('tray.tooltip.syncing', { product })
    case 'signedOut':
      return tr.t('tray.tooltip.signedOut', { product })
    case 'error':
      return tr.t('tray.tooltip.error', { product, error: inputs.lastError ?? '' })
    case 'alerts':
      return tr.t('tray.tooltip.alerts', { product, count: inputs.unacknowledged })
    default:
      return tr.t('tray.tooltip.ok', { product })
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

export function trayMenu(
  inputs: TrayInputs,
  tr: Translator = translator('en'),
  productName = 'Defender Connected Apps',
): TrayMenuItem[] {
  const paused = inputs.pausedUntil !== null && inputs.pausedUntil.getTime() > inputs.now.getTime()
  const recent = inputs.recentAlerts.slice(0, RECENT)
  return [
    { label: tr.t('tray.menu.open', { product: productName }), command: { kind: 'open' } },
    {
      label: tr.t(inputs.syncing ? 'tray.menu.syncing' : 'tray.menu.syncNow'),
      enabled: !inputs.syncing && inputs.signedIn,
      command: { kind: 'syncNow' },
    },
    { type: 'separator' },
    {
      label:
        inputs.unacknowledged > 0
          ? tr.t('tray.menu.recentAlertsOpen', { count: inputs.unacknowledged })
          : tr.t('tray.menu.recentAlerts'),
      submenu: [
        ...(recent.length === 0
          ? [{ label: tr.t('tray.menu.noAlerts'), enabled: false }]
          : recent.map((alert) => ({
              label: menuLabel(alert, tr),
              command: { kind: 'openAlert', alertId: alert.id } as TrayCommand,
            }))),
        { type: 'separator' },
        { label: tr.t('tray.menu.allAlerts'), command: { kind: 'openAlerts' } },
      ],
    },
    paused
      ? {
          label: tr.t('tray.menu.pausedUntil', { time: tr.dateTime(inputs.pausedUntil!) }),
          command: { kind: 'resume' },
        }
      : {
          label: tr.t('tray.menu.pause'),
          submenu: [
            { label: tr.t('tray.menu.pauseHour'), command: { kind: 'pause', until: 'hour' } },
            {
              label: tr.t('tray.menu.pauseTomorrow'),
              command: { kind: 'pause', until: 'tomorrow' },
            },
          ],
        },
    { type: 'separator' },
    { label: tr.t('tray.menu.settings'), command: { kind: 'settings' } },
    { label: tr.t('tray.menu.quit'), command: { kind: 'quit' } },
  ]
}

function menuLabel(alert: AlertView, tr: Translator): string {
  const text = `${alert.severity === 'high' ? '⚠ ' : ''}${describeAlert(alert, tr).summary}`
  return text.length > 80 ? `${text.slice(0, 77)}…` : text
}
