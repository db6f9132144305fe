// How risky each Defender for Endpoint permission is. Response actions change machines (isolate,
// restrict, offboard, live response, quarantine, collect forensics) or threat intelligence, so an
// app holding one can act on every device; other writes change alerts or tags; broad reads expose
// the whole estate (advanced hunting); the rest read less.
import type { AppPermissionView, PermissionRisk } from '../contract'

const responseActions = [
  /^Machine\.Isolate$/i,
  /^Machine\.RestrictExecution$/i,
  /^Machine\.Offboard$/i,
  /^Machine\.LiveResponse$/i,
  /^Machine\.StopAndQuarantine$/i,
  /^Machine\.CollectForensics$/i,
  /^Ti\.ReadWrite/i,
  /^Library\.Manage$/i,
]

export function classifyPermission(value: string): { risk: PermissionRisk; reason: AppPermissionView['riskReason'] } {
  if (responseActions.some((pattern) => pattern.test(value))) return { risk: 'high', reason: 'response_action' }
  if (/ReadWrite|\.Write|\.Manage|\.Scan$/i.test(value)) return { risk: 'medium', reason: 'write' }
  if (/^AdvancedQuery\.|^AdvancedHunting\./i.test(value)) return { risk: 'medium', reason: 'broad_read' }
  return { risk: 'low', reason: 'read' }
}

const order: Record<PermissionRisk, number> = { low: 1, medium: 2, high: 3 }

export function highestRisk(values: readonly string[]): PermissionRisk | null {
  let best: PermissionRisk | null = null
  for (const value of values) {
    const { risk } = classifyPermission(value)
    if (!best || order[risk] > order[best]) best = risk
  }
  return best
}
