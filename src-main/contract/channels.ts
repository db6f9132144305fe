// The one map of the app: every request the renderer can make and every event main can push.
// Read this file and you know the whole surface of the bridge.
import { z } from 'zod'
import {
  chooseExportTargetRequestSchema,
  startExportRequestSchema,
  type ExportProgressView,
  type ExportResultView,
  type ExportTarget,
} from './export'
import {
  acknowledgeAlertRequestSchema,
  alertSettingsRequestSchema,
  listAlertsRequestSchema,
  updateAlertSettingsRequestSchema,
  type AlertList,
  type AlertSettingsView,
  type AlertView,
} from './alerts'
import {
  openExternalRequestSchema,
  settingsPatchSchema,
  signInRequestSchema,
  signOutRequestSchema,
  switchDataModeRequestSchema,
  appSelectorSchema,
  syncRequestSchema,
  tenantSelectorSchema,
  usageSeriesRequestSchema,
  type AccountSummary,
  type AppDetailView,
  type AppsOverview,
  type SyncProgressView,
  type SyncStatus,
  type SyncSummary,
  type UsageSeries,
  type AppInfo,
  type AuthStatus,
  type Settings,
} from './model'
import type { EventName, InvokeChannel } from './names'

export * from './names'

/** Schema of every request payload, by channel. Channels without a payload take `undefined`. */
export const invokeRequestSchemas = {
  getAppInfo: z.undefined(),
  getSettings: z.undefined(),
  updateSettings: settingsPatchSchema,
  getAuthStatus: z.undefined(),
  signIn: signInRequestSchema.optional(),
  cancelSignIn: z.undefined(),
  signOut: signOutRequestSchema,
  openExternal: openExternalRequestSchema,
  switchDataMode: switchDataModeRequestSchema,
  listApps: tenantSelectorSchema.optional(),
  getAppDetail: appSelectorSchema,
  getUsageSeries: usageSeriesRequestSchema,
  syncNow: syncRequestSchema.optional(),
  cancelSync: z.undefined(),
  getSyncStatus: z.undefined(),
  chooseExportTarget: chooseExportTargetRequestSchema,
  startExport: startExportRequestSchema,
  cancelExport: z.undefined(),
  listAlerts: listAlertsRequestSchema.optional(),
  acknowledgeAlert: acknowledgeAlertRequestSchema,
  getAlertSettings: alertSettingsRequestSchema.optional(),
  updateAlertSettings: updateAlertSettingsRequestSchema,
} as const satisfies Record<InvokeChannel, z.ZodType>

/** What each channel answers with. */
export interface InvokeResponses {
  getAppInfo: AppInfo
  getSettings: Settings
  updateSettings: Settings
  getAuthStatus: AuthStatus
  signIn: AccountSummary
  cancelSignIn: { cancelled: boolean }
  signOut: AuthStatus
  openExternal: { opened: true }
  /** The auth status after the switch (mode, why the demo is shown; no accounts while it is). */
  switchDataMode: AuthStatus
  listApps: AppsOverview
  getAppDetail: AppDetailView
  getUsageSeries: UsageSeries
  syncNow: SyncSummary
  cancelSync: { cancelled: boolean }
  getSyncStatus: SyncStatus
  /** Null when the user closed the save dialog. */
  chooseExportTarget: ExportTarget | null
  startExport: ExportResultView
  cancelExport: { cancelled: boolean }
  listAlerts: AlertList
  acknowledgeAlert: { acknowledged: boolean }
  getAlertSettings: AlertSettingsView
  updateAlertSettings: AlertSettingsView
}

export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokeRequestSchemas)[C]>
export type InvokeParsedRequest<C extends InvokeChannel> = z.output<(typeof invokeRequestSchemas)[C]>

/** Main → renderer pushes. */
export interface Events {
  settingsChanged: Settings
  authChanged: AuthStatus
  syncProgress: SyncProgressView
  /** Local data changed (a sync stored new events or discovery changed); views refresh. */
  dataChanged: { tenantId: string }
  /** Rows written so far by the running export (a few times a second). */
  exportProgress: ExportProgressView
  /** Alerts newly raised by the evaluation after a sync (one event per evaluation). */
  alertRaised: { tenantId: string; alerts: AlertView[] }
}
// Every event name has a payload type and every payload type a name.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const _eventsMatchNames: Exactly<keyof Events, EventName> = true
void _eventsMatchNames

/** The handlers main implements: one per channel, each given an already-validated payload. */
export type InvokeHandlers = {
  [C in InvokeChannel]: (request: InvokeParsedRequest<C>) => Promise<InvokeResponses[C]>
}

