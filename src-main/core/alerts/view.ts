// Stored alerts as the contract's AlertView: payload fields checked, never trusted blindly (the
// store file is shared with the CLI and older versions).
import { alertRuleIds, type AlertRuleId, type AlertView } from '../../contract'
import type { StoredAlert } from '../store/types'
import type { AlertPayload } from './types'

const dataSources = new Set(['signIns', 'discovery', 'credentials', 'signInLocations'])

export function toAlertView(alert: StoredAlert): AlertView {
  const payload = (alert.payload ?? {}) as Partial<AlertPayload>
  const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback)
  const value = (input: unknown): number | string | null =>
    typeof input === 'number' || typeof input === 'string' ? input : null
  const params: Record<string, string | number> = {}
  if (payload.params && typeof payload.params === 'object') {
    for (const [key, entry] of Object.entries(payload.params)) {
      if (typeof entry === 'string' || typeof entry === 'number') params[key] = entry
    }
  }
  const created = alert.createdAt.toISOString()
  return {
    id: alert.id,
    tenantId: alert.tenantId,
    appId: alert.appId,
    displayName: text(payload.displayName, alert.appId ?? ''),
    rule: (alertRuleIds as readonly string[]).includes(alert.rule) ? (alert.rule as AlertRuleId) : 'usageSpike',
    severity: alert.severity,
    createdAt: created,
    acknowledgedAt: alert.acknowledgedAt ? alert.acknowledgedAt.toISOString() : null,
    metric: text(payload.metric, alert.rule),
    observed: value(payload.observed) ?? '',
    baseline: value(payload.baseline),
    window: {
      from: text(payload.window?.from, created),
      to: text(payload.window?.to, created),
    },
    dataSource: dataSources.has(payload.dataSource as string) ? (payload.dataSource as AlertView['dataSource']) : 'signIns',
    params,
    summary: text(payload.summary, alert.rule),
    action: text(payload.action, ''),
  }
}
