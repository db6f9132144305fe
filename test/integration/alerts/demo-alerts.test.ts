// The demo tenant replayed through a week in six-hour syncs: the alerts raised are exactly the
// labelled anomalies plus what the generator's inventory makes due (broken apps, credentials).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evaluateAlerts } from '../../../src-main/core/alerts'
import { expectedAlerts, pairKey, replayDemoTenant, type Replay } from './support'

let replay: Replay

beforeAll(async () => {
  replay = await replayDemoTenant({
    seed: 'alerts-integration',
    size: 'small',
    now: '2025-06-02T12:00:00Z',
    warmupDays: 20,
    stepHours: 6,
    // Three days, so a demo week can show a dormant app; the default is 14.
    settings: { rules: { dormantApp: { thresholds: { days: 3 } } } },
  })
}, 120_000)

afterAll(() => replay?.cleanup())

describe('alerts on the demo tenant with injected anomalies', () => {
  it('raises exactly the expected alerts, one per condition', () => {
    const expected = expectedAlerts(replay.tenant, replay.end, 14)
    const raised = replay.alerts.map((alert) => pairKey(alert.rule, alert.appId))
    const credentialStates = replay.alerts.filter((alert) => alert.rule === 'credentialExpiring')
    // An app's credential may be reported expiring and later expired: two conditions, one app.
    const distinct = new Set(raised)
    expect(raised.length - distinct.size).toBe(credentialStates.length - new Set(credentialStates.map((alert) => alert.appId)).size)
    expect([...distinct].sort()).toEqual([...new Set(expected.map((entry) => pairKey(entry.rule, entry.appId)))].sort())
  })

  it('places each usage alert inside (or right after) its labelled window and states its numbers', () => {
    for (const anomaly of replay.tenant.anomalies) {
      const alert = replay.alerts.find((candidate) => candidate.appId === anomaly.appId)
      expect(alert, anomaly.kind).toBeDefined()
      const payload = alert!.payload as { at: string; observed: unknown; baseline: unknown; window: { from: string; to: string }; action: string }
      expect(payload.action.length).toBeGreaterThan(10)
      expect(payload.window.from <= payload.window.to).toBe(true)
      if (anomaly.kind === 'spike' || anomaly.kind === 'failureBurst') {
        const at = Date.parse(payload.at)
        expect(at).toBeGreaterThan(Date.parse(anomaly.from))
        expect(at).toBeLessThanOrEqual(Date.parse(anomaly.to!) + 3_600_000)
        expect(Number(payload.observed)).toBeGreaterThan(Number(payload.baseline) * 3)
      }
    }
  })

  it('raises nothing new when evaluated again with no new data', () => {
    const again = evaluateAlerts(replay.store, replay.tenant.tenantId, replay.end, undefined, { timeZone: 'UTC' })
    expect(again.raised).toEqual([])
  })
})
