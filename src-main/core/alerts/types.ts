// What a rule finds, before it is stored: everything an alert must state (metric, observed value,
// baseline, window, data source, what to do) and the condition it belongs to (for de-duplication).
import type { AlertDataSource, AlertRuleId, AlertSeverityValue, AlertView } from '../../contract'

export interface AlertFinding {
  rule: AlertRuleId
  appId: string
  displayName: string
  severity: AlertSeverityValue
  /**
   * Names the condition, not the evaluation: the same ongoing condition found again yields the same
   * key, and the store keeps one alert per key.
   */
  conditionKey: string
  /** When the condition was observed (the end of its window). */
  at: Date
  metric: string
  observed: number | string
  baseline: number | string | null
  window: { from: Date; to: Date }
  dataSource: AlertDataSource
  params: Record<string, string | number>
  summary: string
  action: string
}

/** What the store keeps in an alert's payload: the view's wording fields, and when it was found. */
export type AlertPayload = Pick<
  AlertView,
  'displayName' | 'metric' | 'observed' | 'baseline' | 'window' | 'dataSource' | 'params' | 'summary' | 'action'
> & { at: string }
