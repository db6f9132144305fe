// Default thresholds per rule, and how tenant- and app-level settings override them.
import {
  alertsAppSettingsSchema,
  tenantAlertSettingsSchema,
  type AlertRuleId,
  type AlertsAppSettings,
  type RuleThresholds,
  type Settings,
  type TenantAlertSettings,
} from '../../contract'
import type { ExcessThresholds } from './excess'

export interface ResolvedThresholds {
  minVolume: number
  factor: number
  zScore: number
  days: number
}

export const defaultThresholds: Record<AlertRuleId, ResolvedThresholds> = {
  // Sign-ins over 24 h above the hour-of-day baseline.
  usageSpike: { minVolume: 50, factor: 5, zScore: 6, days: 0 },
  // Failed sign-ins over 24 h above the failure baseline.
  failureBurst: { minVolume: 20, factor: 3, zScore: 5, days: 0 },
  newApp: { minVolume: 0, factor: 1, zScore: 0, days: 0 },
  appRemoved: { minVolume: 0, factor: 1, zScore: 0, days: 0 },
  permissionGranted: { minVolume: 0, factor: 1, zScore: 0, days: 0 },
  // No sign-in for this many days while holding MDE permissions.
  dormantApp: { minVolume: 0, factor: 1, zScore: 0, days: 14 },
  // The app's last valid credential ends within this many days (or already has).
  credentialExpiring: { minVolume: 0, factor: 1, zScore: 0, days: 14 },
  newCountry: { minVolume: 0, factor: 1, zScore: 0, days: 0 },
}

/** Window and history shape of the two usage rules (not user settings: the issue fixes them). */
export const usageWindow = { windowHours: 24, baselineDays: 14, minBaselineDays: 5, cooldownHours: 24 }

export const alertSettingsStateKey = 'alerts.settings'

export function parseTenantAlertSettings(value: unknown): TenantAlertSettings {
  const parsed = tenantAlertSettingsSchema.safeParse(value ?? {})
  return parsed.success ? parsed.data : tenantAlertSettingsSchema.parse({})
}

export function appAlertSettings(settings: Settings): AlertsAppSettings {
  return alertsAppSettingsSchema.parse(settings.alerts ?? {})
}

export function ruleEnabled(settings: TenantAlertSettings, rule: AlertRuleId): boolean {
  return settings.rules[rule]?.enabled ?? true
}

export function isMuted(settings: TenantAlertSettings, appId: string): boolean {
  return settings.apps[appId]?.muted === true
}

/** Defaults, then the tenant's thresholds for the rule, then the app's. */
export function thresholdsFor(
  settings: TenantAlertSettings,
  rule: AlertRuleId,
  appId: string | null,
): ResolvedThresholds {
  const layers: Array<RuleThresholds | undefined> = [
    settings.rules[rule]?.thresholds,
    appId ? settings.apps[appId]?.rules?.[rule] : undefined,
  ]
  const result = { ...defaultThresholds[rule] }
  for (const layer of layers) {
    if (!layer) continue
    if (layer.minVolume !== undefined) result.minVolume = layer.minVolume
    if (layer.factor !== undefined) result.factor = layer.factor
    if (layer.zScore !== undefined) result.zScore = layer.zScore
    if (layer.days !== undefined) result.days = layer.days
  }
  return result
}

export function excessThresholds(resolved: ResolvedThresholds): ExcessThresholds {
  return { ...usageWindow, minVolume: resolved.minVolume, factor: resolved.factor, zScore: resolved.zScore }
}
