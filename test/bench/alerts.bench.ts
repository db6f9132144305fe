// Benchmark: precision and recall of the alert rules on a labelled scenario. The medium demo tenant
// (500 apps) over 60 days with 20 injected anomalies on top of its five, replayed through time: daily
// incremental syncs into a real store (inventory as of each day), the evaluation after each.
// Run: npm run bench -- alerts   (DCA_BENCH_ALERTS_DAYS, _INJECTED, _STEP_HOURS change the inputs)
import { loadavg } from 'node:os'
import { expectedAlerts, replayDemoTenant } from '../integration/alerts/support'
import type { Benchmark, Figure } from './types'

const HOUR_MS = 3_600_000
const days = Number(process.env.DCA_BENCH_ALERTS_DAYS ?? 60)
const injected = Number(process.env.DCA_BENCH_ALERTS_INJECTED ?? 20)
const stepHours = Number(process.env.DCA_BENCH_ALERTS_STEP_HOURS ?? 24)
/** The rules that detect anomalies; credential expiry is an inventory fact, scored apart. */
const scored = new Set([
  'usageSpike',
  'failureBurst',
  'newApp',
  'appRemoved',
  'permissionGranted',
  'dormantApp',
  'newCountry',
])

/**
 * One daily evaluation over 17 days of hourly history (14-day baseline + 2 days + the 24-hour
 * window) for 500 apps: the median wall and CPU time, leaving out the first evaluation (which also
 * learns every country in the raw retention window).
 */
function evaluationFigure(
  evaluations: ReadonlyArray<{ millis: number; cpuMillis: number }>,
): Figure {
  const full = evaluations.slice(1)
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b)
    return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)]!
  }
  return {
    name: 'one evaluation (17 days of hourly history, 500 apps)',
    value: Math.round(median(full.map((entry) => entry.millis))),
    unit: 'ms',
    inputs: {
      evaluations: full.length,
      medianCpuMs: Math.round(median(full.map((entry) => entry.cpuMillis))),
      maxMs: Math.round(Math.max(...full.map((entry) => entry.millis))),
      loadAverage: loadavg()
        .map((value) => value.toFixed(1))
        .join(' '),
    },
  }
}

const benchmarks: Benchmark[] = [
  {
    name: 'alert precision and recall',
    async run(): Promise<Figure[]> {
      const replay = await replayDemoTenant({
        seed: 'alerts-bench',
        size: 'medium',
        now: '2025-06-02T12:00:00Z',
        historyDays: days,
        injectedAnomalies: injected,
        warmupDays: 16,
        stepHours,
      })
      try {
        const expected = expectedAlerts(replay.tenant, replay.end, 14).filter((entry) =>
          scored.has(entry.rule),
        )
        // Each expected incident with its time, to match alerts that fire in (or right after) it.
        const incidents = expected.map((entry) => {
          const label = replay.tenant.anomalies.find((anomaly) => anomaly.appId === entry.appId)
          const app = replay.tenant.apps.find((candidate) => candidate.appId === entry.appId)!
          const from = label ? Date.parse(label.from) : app.brokenFromHour * HOUR_MS
          const to = label?.to ? Date.parse(label.to) : from
          return { ...entry, from, to, found: false }
        })
        let truePositives = 0
        let falsePositives = 0
        const misses: string[] = []
        const alerts = replay.alerts.filter((alert) => scored.has(alert.rule))
        for (const alert of alerts) {
          const at = Date.parse((alert.payload as { at: string }).at)
          const match = incidents.find(
            (incident) =>
              incident.rule === alert.rule &&
              incident.appId === alert.appId &&
              // Usage alerts inside the anomaly or within a day after; state changes after it.
              at >= incident.from &&
              at <=
                Math.max(incident.to, incident.from) +
                  (alert.rule === 'dormantApp' ? 60 * 24 : 25) * HOUR_MS,
          )
          if (match) {
            truePositives++
            match.found = true
          } else {
            falsePositives++
            misses.push(`unexpected ${alert.rule} ${alert.appId}`)
          }
        }
        const found = incidents.filter((incident) => incident.found).length
        for (const incident of incidents)
          if (!incident.found) misses.push(`missed ${incident.because}`)
        if (misses.length > 0) console.log(misses.join('\n'))
        const precision = alerts.length === 0 ? 0 : truePositives / alerts.length
        const recall = incidents.length === 0 ? 1 : found / incidents.length
        const inputs = {
          apps: replay.tenant.apps.length - 1,
          days,
          injectedAnomalies: injected,
          labelledAnomalies: replay.tenant.anomalies.length,
          expectedIncidents: incidents.length,
          alerts: alerts.length,
          falsePositives,
          credentialAlerts: replay.alerts.length - alerts.length,
          syncStepHours: stepHours,
          evaluations: replay.steps,
        }
        return [
          {
            name: 'precision',
            value: Number(precision.toFixed(3)),
            unit: 'ratio',
            budget: { op: '>=', value: 0.9 },
            inputs,
          },
          {
            name: 'recall',
            value: Number(recall.toFixed(3)),
            unit: 'ratio',
            budget: { op: '>=', value: 0.9 },
            inputs,
          },
          {
            name: 'replay time (sync + evaluate)',
            value: Math.round(replay.millis / 1000),
            unit: 's',
            inputs: { evaluations: replay.steps },
          },
          evaluationFigure(replay.evaluations),
        ]
      } finally {
        replay.cleanup()
      }
    },
  },
]

export default benchmarks
