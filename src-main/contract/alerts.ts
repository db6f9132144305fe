// Alerts across the bridge: what an alert says (structured, so the renderer words it in the UI
// language), the per-tenant rule settings and the app-wide notification/background settings.
import { z } from 'zod'

export const alertRuleIds = [
  'usageSpike',
  'failureBurst',
  'newApp',
  'appRemoved',
  'permissionGranted',
  'dormantApp',
  'credentialExpiring',
  'newCountry',
] as const
export type AlertRuleId = (typeof alertRuleIds)[number]

export const alertSeverityValues = ['info', 'low', 'medium', 'high'] as const
export type AlertSeverityValue = (typeof alertSeverityValues)[number]

/** Where the numbers of an alert come from. */
export type AlertDataSource = 'signIns' | 'discovery' | 'credentials' | 'signInLocations'

/** One alert as the renderer and the notifications show it. */
export interface AlertView {
  id: number
  tenantId: string
  appId: string | null
  displayName: string
  rule: AlertRuleId
  severity: AlertSeverityValue
  /** When the alert was raised (ISO). */
  createdAt: string
  acknowledgedAt: string | null
  /** What was measured, as a stable key the renderer translates (e.g. `signIns24h`). */
  metric: string
  observed: number | string
  /** What was expected (a count, a list, "none"); null when the rule has no baseline. */
  baseline: number | string | null
  /** The time the measurement covers (ISO, `to` exclusive). */
  window: { from: string; to: string }
  dataSource: AlertDataSource
  /** Rule-specific values the sentences need (permission, country, days, factor …). */
  params: Record<string, string | number>
  /** English one-liners, for notifications and logs; the renderer words its own from the fields. */
  summary: string
  action: string
}

// ---- per-tenant rule settings (stored with the tenant's history) -------------------------------

const positive = z.number().finite().positive().max(1_000_000)
const days = z.number().int().min(1).max(365)

export const ruleThresholdsSchema = z
  .object({
    /** Spike and failure burst: minimum excess over the baseline in the window (sign-ins or failures). */
    minVolume: positive.optional(),
    /** Spike and failure burst: observed must be at least this multiple of the baseline. */
    factor: z.number().finite().min(1).max(10_000).optional(),
    /** Spike and failure burst: robust z-score (median/MAD) the excess must reach. */
    zScore: z.number().finite().min(1).max(1_000).optional(),
    /** Dormant app: days without a sign-in; credential: days before expiry. */
    days: days.optional(),
  })
  .strict()
export type RuleThresholds = z.infer<typeof ruleThresholdsSchema>

export const ruleSettingsSchema = z
  .object({ enabled: z.boolean().optional(), thresholds: ruleThresholdsSchema.optional() })
  .strict()
export type RuleSettings = z.infer<typeof ruleSettingsSchema>

const appIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const appAlertSettingsSchema = z
  .object({
    muted: z.boolean().optional(),
    /** Per-rule thresholds for this app only, over the tenant's. */
    rules: z.partialRecord(z.enum(alertRuleIds), ruleThresholdsSchema).optional(),
  })
  .strict()
export type AppAlertSettings = z.infer<typeof appAlertSettingsSchema>

export const tenantAlertSettingsSchema = z
  .object({
    rules: z.partialRecord(z.enum(alertRuleIds), ruleSettingsSchema).default({}),
    apps: z.record(z.string().regex(appIdPattern, 'must be an application ID (GUID)'), appAlertSettingsSchema).default({}),
    /** IANA time zone of the hour-of-day profile; default: this computer's. */
    timeZone: z.string().min(1).max(64).nullable().default(null),
  })
  .strict()
export type TenantAlertSettings = z.infer<typeof tenantAlertSettingsSchema>

// ---- app-wide notification and background settings (the settings file's `alerts` section) -----

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day like 22:00')

export const alertsAppSettingsSchema = z
  .object({
    notifications: z.boolean().default(true),
    /** Notifications below this severity are not shown (alerts are still recorded). */
    notifyMinSeverity: z.enum(alertSeverityValues).default('low'),
    quietHours: z
      .object({ enabled: z.boolean(), start: clock, end: clock })
      .strict()
      .default({ enabled: false, start: '22:00', end: '07:00' }),
    /** Notifications paused until this time (ISO), or null. */
    pausedUntil: z.iso.datetime().nullable().default(null),
    backgroundSync: z.boolean().default(true),
    syncIntervalMinutes: z.number().int().min(5).max(1440).default(15),
    /** Closing the window keeps the app in the tray. */
    closeToTray: z.boolean().default(true),
    /** The "still running in the tray" explanation was shown once. */
    closeToTrayExplained: z.boolean().default(false),
    launchAtLogin: z.boolean().default(false),
  })
  .strict()
export type AlertsAppSettings = z.infer<typeof alertsAppSettingsSchema>

export const alertsAppSettingsPatchSchema = alertsAppSettingsSchema.partial().strict()

export interface AlertSettingsView {
  tenantId: string
  tenant: TenantAlertSettings
  app: AlertsAppSettings
  /** The time zone actually used (the tenant's choice or this computer's). */
  effectiveTimeZone: string
}

const tenantGuid = z.string().trim().regex(appIdPattern, 'must be a GUID')

export const listAlertsRequestSchema = z
  .object({
    tenantId: tenantGuid.optional(),
    includeAcknowledged: z.boolean().optional(),
    appId: tenantGuid.optional(),
    limit: z.number().int().min(1).max(5000).optional(),
  })
  .strict()
export type ListAlertsRequest = z.infer<typeof listAlertsRequestSchema>

export const acknowledgeAlertRequestSchema = z
  .object({ tenantId: tenantGuid.optional(), id: z.number().int().positive() })
  .strict()

export const alertSettingsRequestSchema = z.object({ tenantId: tenantGuid.optional() }).strict()

export const updateAlertSettingsRequestSchema = z
  .object({
    tenantId: tenantGuid.optional(),
    /** Replaces the tenant's rule settings when given. */
    tenant: tenantAlertSettingsSchema.optional(),
    app: alertsAppSettingsPatchSchema.optional(),
  })
  .strict()
export type UpdateAlertSettingsRequest = z.infer<typeof updateAlertSettingsRequestSchema>

export interface AlertList {
  tenantId: string
  alerts: AlertView[]
  unacknowledged: number
}
