// Alert thresholds in the settings form: which rule reads which threshold, the defaults, and the
// bounds main's schema accepts (contract/alerts.ts `ruleThresholdsSchema`; a unit test keeps the
// two in step), so the form can say what is wrong before saving. Main still validates every save.
import type {
  AlertRuleId,
  RuleThresholds,
  TenantAlertSettings,
} from '../../../src-main/contract/alerts'

export type Threshold = keyof RuleThresholds

/** The thresholds each rule reads (the others have none beyond on/off). */
export const ruleThresholds: Record<AlertRuleId, Threshold[]> = {
  usageSpike: ['minVolume', 'factor', 'zScore'],
  failureBurst: ['minVolume', 'factor', 'zScore'],
  newApp: [],
  appRemoved: [],
  permissionGranted: [],
  dormantApp: ['days'],
  credentialExpiring: ['days'],
  newCountry: [],
}

/** Rules that have thresholds, in the settings' order. */
export const rulesWithThresholds = (Object.keys(ruleThresholds) as AlertRuleId[]).filter(
  (rule) => ruleThresholds[rule].length > 0,
)

/** main's defaults (core/alerts/settings.ts). */
export const defaultThresholds: Partial<Record<AlertRuleId, Partial<Record<Threshold, number>>>> = {
  usageSpike: { minVolume: 50, factor: 5, zScore: 6 },
  failureBurst: { minVolume: 20, factor: 3, zScore: 5 },
  dormantApp: { days: 14 },
  credentialExpiring: { days: 14 },
}

/** Accepted values: `min` exclusive when `aboveMin`, `integer` for whole numbers. */
export const thresholdBounds: Record<
  Threshold,
  { min: number; max: number; aboveMin: boolean; integer: boolean }
> = {
  minVolume: { min: 0, max: 1_000_000, aboveMin: true, integer: false },
  factor: { min: 1, max: 10_000, aboveMin: false, integer: false },
  zScore: { min: 1, max: 1_000, aboveMin: false, integer: false },
  days: { min: 1, max: 365, aboveMin: false, integer: true },
}

/** True when main will accept the value for this threshold (undefined: not set, uses the default). */
export function validThreshold(key: Threshold, value: number | undefined): boolean {
  if (value === undefined) return true
  const bounds = thresholdBounds[key]
  if (!Number.isFinite(value) || value > bounds.max) return false
  if (bounds.aboveMin ? value <= bounds.min : value < bounds.min) return false
  return !bounds.integer || Number.isInteger(value)
}

/** The value in force for a rule before any app override: the tenant's, else the default. */
export function tenantThreshold(
  tenant: TenantAlertSettings,
  rule: AlertRuleId,
  key: Threshold,
): number | undefined {
  return tenant.rules[rule]?.thresholds?.[key] ?? defaultThresholds[rule]?.[key]
}

/** Field IDs with invalid values, tenant-wide (`rule.key`) and per app (`appId.rule.key`). */
export function invalidThresholds(tenant: TenantAlertSettings): string[] {
  const invalid: string[] = []
  for (const rule of rulesWithThresholds) {
    for (const key of ruleThresholds[rule]) {
      if (!validThreshold(key, tenant.rules[rule]?.thresholds?.[key]))
        invalid.push(`${rule}.${key}`)
    }
  }
  for (const [appId, entry] of Object.entries(tenant.apps)) {
    for (const rule of rulesWithThresholds) {
      for (const key of ruleThresholds[rule]) {
        if (!validThreshold(key, entry.rules?.[rule]?.[key]))
          invalid.push(`${appId}.${rule}.${key}`)
      }
    }
  }
  return invalid
}

/** Drops empty per-app rule entries and app entries left with nothing, before saving. */
export function withoutEmptyOverrides(tenant: TenantAlertSettings): TenantAlertSettings {
  const apps: TenantAlertSettings['apps'] = {}
  for (const [appId, entry] of Object.entries(tenant.apps)) {
    const rules: NonNullable<(typeof entry)['rules']> = {}
    for (const [rule, thresholds] of Object.entries(entry.rules ?? {}) as Array<
      [AlertRuleId, RuleThresholds]
    >) {
      const set = Object.fromEntries(
        Object.entries(thresholds).filter(([, value]) => value !== undefined),
      )
      if (Object.keys(set).length > 0) rules[rule] = set
    }
    const { rules: _before, ...rest } = entry
    const cleaned = Object.keys(rules).length > 0 ? { ...rest, rules } : rest
    if (cleaned.muted !== undefined || 'rules' in cleaned) apps[appId] = cleaned
  }
  return { ...tenant, apps }
}
