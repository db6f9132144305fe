// The one map of the app: every request the renderer can make and every event main can push.
// Read this file and you know the whole surface of the bridge.
import { z } from 'zod'
import {
  openExternalRequestSchema,
  settingsPatchSchema,
  type AppInfo,
  type AuthStatus,
  type Settings,
} from './model'

/** Schema of every request payload, by channel. Channels without a payload take `undefined`. */
export const invokeRequestSchemas = {
  getAppInfo: z.undefined(),
  getSettings: z.undefined(),
  updateSettings: settingsPatchSchema,
  getAuthStatus: z.undefined(),
  openExternal: openExternalRequestSchema,
} as const satisfies Record<string, z.ZodType>

export type InvokeChannel = keyof typeof invokeRequestSchemas
export const invokeChannels = Object.keys(invokeRequestSchemas) as InvokeChannel[]

/** What each channel answers with. */
export interface InvokeResponses {
  getAppInfo: AppInfo
  getSettings: Settings
  updateSettings: Settings
  getAuthStatus: AuthStatus
  openExternal: { opened: true }
}

export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokeRequestSchemas)[C]>
export type InvokeParsedRequest<C extends InvokeChannel> = z.output<(typeof invokeRequestSchemas)[C]>

/** Main → renderer pushes. */
export interface Events {
  settingsChanged: Settings
  authChanged: AuthStatus
}
export type EventName = keyof Events
export const eventNames: EventName[] = ['settingsChanged', 'authChanged']

/** The handlers main implements: one per channel, each given an already-validated payload. */
export type InvokeHandlers = {
  [C in InvokeChannel]: (request: InvokeParsedRequest<C>) => Promise<InvokeResponses[C]>
}

/** Names on the wire, namespaced so nothing else on ipcMain can collide with them. */
export const ipcInvokeName = (channel: InvokeChannel): string => `dca:invoke:${channel}`
export const ipcEventName = (event: EventName): string => `dca:event:${event}`

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && Object.hasOwn(invokeRequestSchemas, value)
}
export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (eventNames as string[]).includes(value)
}
