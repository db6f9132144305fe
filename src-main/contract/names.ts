// Channel and event names only, with no schemas: the sandboxed preload imports this file (and
// api.ts), so it must stay free of dependencies — a sandboxed preload cannot require packages.

export const invokeChannels = [
  'getAppInfo',
  'getSettings',
  'updateSettings',
  'getAuthStatus',
  'signIn',
  'cancelSignIn',
  'signOut',
  'openExternal',
  'switchDataMode',
  'listApps',
  'getAppDetail',
  'getUsageSeries',
  'syncNow',
  'cancelSync',
  'getSyncStatus',
  'chooseExportTarget',
  'startExport',
  'cancelExport',
  'listAlerts',
  'acknowledgeAlert',
  'getAlertSettings',
  'updateAlertSettings',
] as const
export type InvokeChannel = (typeof invokeChannels)[number]

export const eventNames = [
  'settingsChanged',
  'authChanged',
  'syncProgress',
  'dataChanged',
  'exportProgress',
  'alertRaised',
] as const
export type EventName = (typeof eventNames)[number]

/** Names on the wire, namespaced so nothing else on ipcMain can collide with them. */
export const ipcInvokeName = (channel: InvokeChannel): string => `dca:invoke:${channel}`
export const ipcEventName = (event: EventName): string => `dca:event:${event}`

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (invokeChannels as readonly string[]).includes(value)
}
export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (eventNames as readonly string[]).includes(value)
}
