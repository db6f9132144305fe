// Runs every rule for one tenant after a sync: reads series and snapshots from the store, applies
// the tenant's settings (enabled rules, thresholds, muted apps), and stores what is new. Each
// finding is stored under its condition key, so an ongoing condition is one alert however many
// evaluations see it; open usage episodes and known countries live in the tenant's state.
import type { Store } from '../store'
import type { StoredAlert } from '../store/types'
import type { SyncReport } from '../sync/engine'
import type { OpenEpisode } from './excess'
import { buildHourProfile, isValidTimeZone, systemTimeZone } from './profile'
import {
  credentialFindings,
  detectFailureBursts,
  detectUsageSpikes,
  discoveryFindings,
  dormantFindings,
  newCountryFindings,
  type AppPermissions,
  type CountryObservation,
} from './rules'
import {
  alertSettingsStateKey,
  excessThresholds,
  isMuted,
  parseTenantAlertSettings,
  ruleEnabled,
  thresholdsFor,
  usageWindow,
} from './settings'
import type { AlertFinding, AlertPayload } from './types'

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000
export const evaluationStateKey = 'alerts.evaluation'

interface EvaluationState {
  /** Window ends before this epoch hour have been evaluated. */
  evaluatedThroughHour: number | null
  open: Record<string, OpenEpisode>
  countries: Record<string, string[]>
  /** Sign-ins up to this time (epoch ms) have been looked at for countries; null: not yet. */
  countriesThrough: number | null
}

export interface EvaluateOptions {
  /** Used when the tenant's settings name none (default: this computer's zone). */
  timeZone?: string
  /** How far back the first evaluation of a tenant looks (default 7 days). */
  firstLookbackDays?: number
  /** Sign-ins read for the new-country rule per evaluation (default 10,000, newest first). */
  countrySampleLimit?: number
}

export interface EvaluationResult {
  tenantId: string
  /** Alerts stored by this evaluation (new conditions only), oldest condition first. */
  raised: StoredAlert[]
  /** Findings, including ones already stored by an earlier evaluation. */
  findings: number
  evaluatedFrom: Date | null
  evaluatedTo: Date
}

export function evaluateAlerts(
  store: Store,
  tenantId: string,
  now: Date,
  report?: SyncReport,
  options: EvaluateOptions = {},
): EvaluationResult {
  const settings = parseTenantAlertSettings(store.getState(tenantId, alertSettingsStateKey))
  const requestedZone = settings.timeZone ?? options.timeZone ?? systemTimeZone()
  const timeZone = isValidTimeZone(requestedZone) ? requestedZone : 'UTC'
  const state = readState(store, tenantId)
  const findings: AlertFinding[] = []
  const allowed = (rule: AlertFinding['rule'], appId: string) => ruleEnabled(settings, rule) && !isMuted(settings, appId)

  // ---- usage rules over hourly rollups
  const nowHour = Math.floor(now.getTime() / HOUR_MS)
  const extent = store.historyExtent(tenantId)
  let evaluatedFrom: Date | null = null
  if (extent) {
    const historyStartHour = Math.floor(extent.from.getTime() / HOUR_MS)
    const firstLookback = (options.firstLookbackDays ?? 7) * 24
    const evalFromHour = Math.max(state.evaluatedThroughHour ?? nowHour - firstLookback, historyStartHour)
    const needed = (usageWindow.baselineDays + 2) * 24 + usageWindow.windowHours
    const seriesStartHour = Math.max(historyStartHour, evalFromHour - needed)
    const length = nowHour - seriesStartHour
    if (length > 0 && evalFromHour < nowHour) {
      evaluatedFrom = new Date(evalFromHour * HOUR_MS)
      const profile = buildHourProfile(seriesStartHour, length, timeZone)
      const series = new Map<string, { name: string; signIns: Float64Array; failures: Float64Array }>()
      for (const row of store.iterateRollups({
        tenantId,
        from: new Date(seriesStartHour * HOUR_MS),
        to: new Date(nowHour * HOUR_MS),
        granularity: 'hour',
      })) {
        let entry = series.get(row.appId)
        if (!entry) {
          entry = { name: row.displayName ?? row.appId, signIns: new Float64Array(length), failures: new Float64Array(length) }
          series.set(row.appId, entry)
        }
        const index = Math.floor(row.start.getTime() / HOUR_MS) - seriesStartHour
        entry.signIns[index] = row.signIns
        entry.failures[index] = row.failures
      }
      const from = evalFromHour - seriesStartHour
      for (const [appId, entry] of series) {
        if (isMuted(settings, appId)) continue
        const input = { appId, displayName: entry.name, signIns: entry.signIns, failures: entry.failures }
        for (const rule of ['usageSpike', 'failureBurst'] as const) {
          if (!ruleEnabled(settings, rule)) continue
          const key = `${rule}:${appId}`
          const detect = rule === 'usageSpike' ? detectUsageSpikes : detectFailureBursts
          const result = detect({
            profile,
            series: input,
            from,
            to: length,
            thresholds: excessThresholds(thresholdsFor(settings, rule, appId)),
            open: state.open[key] ?? null,
          })
          findings.push(...result.findings)
          if (result.open) state.open[key] = result.open
          else delete state.open[key]
        }
      }
    }
    state.evaluatedThroughHour = nowHour
  }

  // ---- snapshot rules
  const apps = store.listApps(tenantId)
  const permissionsOf = new Map<string, AppPermissions>(
    apps.map((app) => [app.appId, { displayName: app.displayName, permissions: [...app.permissions.application, ...app.permissions.delegated] }]),
  )
  if (report) findings.push(...discoveryFindings(report.discovery, permissionsOf).filter((finding) => allowed(finding.rule, finding.appId)))

  if (ruleEnabled(settings, 'dormantApp')) {
    const candidates = apps
      .filter((app) => !isMuted(settings, app.appId))
      .map((app) => ({
        appId: app.appId,
        displayName: app.displayName,
        inDiscovery: app.inDiscovery,
        lastSeen: app.lastSeen,
        permissions: permissionsOf.get(app.appId)?.permissions ?? [],
      }))
    findings.push(...dormantFindings(candidates, now, (appId) => thresholdsFor(settings, 'dormantApp', appId).days, extent?.from ?? null))
  }

  if (ruleEnabled(settings, 'credentialExpiring')) {
    const daysFor = (appId: string) => thresholdsFor(settings, 'credentialExpiring', appId).days
    const candidates = []
    for (const app of apps) {
      if (!app.inDiscovery || isMuted(settings, app.appId) || !app.nextCredentialExpiry) continue
      // The earliest end is past the window: the latest is too, so no alert; skip the detail read.
      if (app.nextCredentialExpiry.getTime() > now.getTime() + daysFor(app.appId) * DAY_MS) continue
      const detail = store.appDetail(tenantId, app.appId)
      if (!detail) continue
      candidates.push({
        appId: app.appId,
        displayName: app.displayName,
        credentials: detail.credentials
          .filter((credential) => credential.removedAt === null)
          .map((credential) => ({ keyId: credential.keyId, kind: credential.kind, endDateTime: credential.endDateTime })),
      })
    }
    findings.push(...credentialFindings(candidates, now, daysFor))
  }

  findings.push(...countryFindings(store, tenantId, state, options.countrySampleLimit ?? 10_000, (appId) => allowed('newCountry', appId), permissionsOf))

  // ---- store: one alert per condition key
  findings.sort((a, b) => a.at.getTime() - b.at.getTime() || a.conditionKey.localeCompare(b.conditionKey))
  const raised: StoredAlert[] = []
  for (const finding of findings) {
    const { inserted, alert } = store.insertAlert({
      tenantId,
      appId: finding.appId,
      rule: finding.rule,
      severity: finding.severity,
      dedupeKey: finding.conditionKey,
      payload: toPayload(finding),
      createdAt: now,
    })
    if (inserted) raised.push(alert)
  }
  store.setState(tenantId, evaluationStateKey, state)
  return { tenantId, raised, findings: findings.length, evaluatedFrom, evaluatedTo: new Date(nowHour * HOUR_MS) }
}

function countryFindings(
  store: Store,
  tenantId: string,
  state: EvaluationState,
  limit: number,
  allowed: (appId: string) => boolean,
  names: ReadonlyMap<string, AppPermissions>,
): AlertFinding[] {
  const since = state.countriesThrough
  const observed = new Map<string, CountryObservation>()
  let newest = since ?? 0
  for (const signIn of store.recentSignIns(tenantId, { limit })) {
    const at = signIn.createdDateTime.getTime()
    if (since !== null && at <= since) break
    newest = Math.max(newest, at)
    if (!signIn.countryOrRegion) continue
    const key = `${signIn.appId}\u0000${signIn.countryOrRegion}`
    const entry = observed.get(key)
    if (entry) {
      entry.signIns++
      if (at < entry.firstAt.getTime()) entry.firstAt = signIn.createdDateTime
    } else {
      observed.set(key, {
        appId: signIn.appId,
        displayName: names.get(signIn.appId)?.displayName ?? signIn.appId,
        country: signIn.countryOrRegion,
        firstAt: signIn.createdDateTime,
        signIns: 1,
      })
    }
  }
  const known = new Map(Object.entries(state.countries).map(([appId, list]) => [appId, new Set(list)]))
  // The first look only learns: every country is "new" to an empty memory.
  const findings = since === null ? [] : newCountryFindings([...observed.values()], known).filter((finding) => allowed(finding.appId))
  for (const seen of observed.values()) {
    const list = (state.countries[seen.appId] ??= [])
    if (!list.includes(seen.country)) list.push(seen.country)
  }
  state.countriesThrough = newest
  return findings
}

function readState(store: Store, tenantId: string): EvaluationState {
  const value = store.getState<Partial<EvaluationState>>(tenantId, evaluationStateKey)
  return {
    evaluatedThroughHour: typeof value?.evaluatedThroughHour === 'number' ? value.evaluatedThroughHour : null,
    open: value?.open && typeof value.open === 'object' ? { ...value.open } : {},
    countries: value?.countries && typeof value.countries === 'object' ? { ...value.countries } : {},
    countriesThrough: typeof value?.countriesThrough === 'number' ? value.countriesThrough : null,
  }
}

function toPayload(finding: AlertFinding): AlertPayload {
  return {
    displayName: finding.displayName,
    metric: finding.metric,
    observed: finding.observed,
    baseline: finding.baseline,
    window: { from: finding.window.from.toISOString(), to: finding.window.to.toISOString() },
    dataSource: finding.dataSource,
    params: finding.params,
    summary: finding.summary,
    action: finding.action,
    at: finding.at.toISOString(),
  }
}
