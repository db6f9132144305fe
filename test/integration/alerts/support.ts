// Replays a demo tenant through time: the inventory as it was at each sync (new apps appear, grants
// happen), incremental syncs every few hours into a real store, the alert evaluation after each.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AlertRuleId } from '../../../src-main/contract'
import { alertSettingsStateKey, evaluateAlerts } from '../../../src-main/core/alerts'
import {
  DemoSource,
  labelledAnomalies,
  type DemoAnomalyKind,
  type DemoTenant,
  type DemoTenantOptions,
} from '../../../src-main/core/demo'
import { silentLogger } from '../../../src-main/core/log'
import { openStore, type Store } from '../../../src-main/core/store'
import type { StoredAlert } from '../../../src-main/core/store/types'
import { SyncEngine } from '../../../src-main/core/sync/engine'

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000

export const ruleForAnomaly: Record<DemoAnomalyKind, AlertRuleId> = {
  spike: 'usageSpike',
  failureBurst: 'failureBurst',
  newApp: 'newApp',
  permissionGranted: 'permissionGranted',
  dormant: 'dormantApp',
}

export interface Replay {
  tenant: DemoTenant
  store: Store
  alerts: StoredAlert[]
  /** Evaluations run, and the wall time the replay took. */
  steps: number
  millis: number
  /** Wall and CPU time of each evaluation (ms), in order. */
  evaluations: Array<{ millis: number; cpuMillis: number }>
  end: Date
  cleanup(): void
}

export interface ReplayOptions extends DemoTenantOptions {
  /** Days fetched by the first sync, before the history window starts (baseline). */
  warmupDays: number
  stepHours: number
  /** Tenant alert settings (stored like the app stores them). */
  settings?: unknown
}

/**
 * Syncs `store` from a demo tenant as time passes: the first sync fetches `warmupDays` before the
 * history window, then one incremental sync and one evaluation every `stepHours` up to the tenant's now.
 */
export async function replayInto(
  store: Store,
  options: ReplayOptions,
): Promise<{
  tenant: DemoTenant
  steps: number
  end: Date
  evaluations: Array<{ millis: number; cpuMillis: number }>
}> {
  let clock = new Date(0)
  const { warmupDays, stepHours, settings, ...tenantOptions } = options
  const source = new DemoSource({ ...tenantOptions, inventoryClock: () => clock })
  const tenant = source.tenant
  clock = new Date(tenant.historyStart.getTime())
  if (settings) store.setState(tenant.tenantId, alertSettingsStateKey, settings)
  const engine = new SyncEngine({
    store,
    source,
    log: silentLogger,
    now: () => clock,
    sliceHours: 24,
    concurrency: 1,
  })
  let steps = 0
  const evaluations: Array<{ millis: number; cpuMillis: number }> = []
  let days = warmupDays
  while (clock.getTime() <= tenant.now.getTime()) {
    const report = await engine.sync({ days })
    const started = performance.now()
    const cpu = process.cpuUsage()
    evaluateAlerts(store, tenant.tenantId, clock, report, { timeZone: 'UTC', firstLookbackDays: 1 })
    const used = process.cpuUsage(cpu)
    evaluations.push({
      millis: performance.now() - started,
      cpuMillis: (used.user + used.system) / 1000,
    })
    steps++
    days = 1
    clock = new Date(clock.getTime() + stepHours * HOUR_MS)
  }
  return { tenant, steps, end: new Date(clock.getTime() - stepHours * HOUR_MS), evaluations }
}

export async function replayDemoTenant(options: ReplayOptions): Promise<Replay> {
  const started = Date.now()
  const dir = mkdtempSync(join(tmpdir(), 'dca-alerts-'))
  let clock = new Date(0)
  const store = openStore({ dataDir: dir, log: silentLogger, now: () => clock })
  const { tenant, steps, end, evaluations } = await replayInto(store, options)
  clock = end
  const alerts = store.listAlerts(tenant.tenantId, { limit: 10_000 })
  return {
    tenant,
    store,
    alerts,
    steps,
    evaluations,
    millis: Date.now() - started,
    end,
    cleanup() {
      store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface ExpectedAlert {
  rule: AlertRuleId
  appId: string
  /** Why it is expected (which label or inventory fact). */
  because: string
}

/**
 * What a correct evaluation must raise on the demo tenant, from the generator's own facts: the
 * labelled anomalies; the apps it breaks on purpose (an expired secret, a disabled app) start failing
 * in a burst; and every app whose credentials all end within `credentialDays` of the end.
 */
export function expectedAlerts(
  tenant: DemoTenant,
  end: Date,
  credentialDays: number,
): ExpectedAlert[] {
  const expected: ExpectedAlert[] = labelledAnomalies(tenant).map((anomaly) => ({
    rule: ruleForAnomaly[anomaly.kind],
    appId: anomaly.appId,
    because: `labelled ${anomaly.kind} at ${anomaly.from}`,
  }))
  for (const app of tenant.apps) {
    if (
      (app.behaviour === 'expiredSecret' || app.behaviour === 'disabled') &&
      app.brokenFromHour * HOUR_MS > tenant.historyStart.getTime()
    ) {
      expected.push({
        rule: 'failureBurst',
        appId: app.appId,
        because: `${app.behaviour} from ${new Date(app.brokenFromHour * HOUR_MS).toISOString()}`,
      })
    }
    const credentials = app.connected?.credentials ?? []
    if (credentials.length > 0) {
      const latest = Math.max(
        ...credentials.map((credential) => Date.parse(credential.endDateTime)),
      )
      if (latest <= end.getTime() + credentialDays * DAY_MS) {
        expected.push({
          rule: 'credentialExpiring',
          appId: app.appId,
          because: `last credential ends ${new Date(latest).toISOString()}`,
        })
      }
    }
  }
  return expected
}

export const pairKey = (rule: string, appId: string | null) => `${rule} ${appId ?? ''}`
