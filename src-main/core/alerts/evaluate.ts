// Runs every rule for one tenant after a sync: reads series and snapshots from the store, applies
// the tenant's settings (enabled rules, thresholds, muted apps), and stores what is new. Each
// finding is stored under its condition key, so an ongoing condition is one alert however many
// evaluations see it; open usage episodes and known countries live in the tenant's state.
// Every read is one SQL statement for all apps (store/alert-reads.ts), never one query per app.
import type { Store } from '../store'
import { AlertReads } from '../store/alert-reads'
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
/** Sign-ins can be stored after a later one was looked at (Graph's latency, backfill slices). */
const LATE_HOURS = 24
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
  const reads = AlertReads.open(store.path)
  try {
    return evaluateWith(store, reads, tenantId, now, report, options)
  } finally {
    reads.close()
  }
}

function evaluateWith(
  store: Store,
  reads: AlertReads,
  tenantId: string,
  now: Date,
  report: SyncReport | undefined,
  options: EvaluateOptions,
): EvaluationResult {
  const settings = parseTenantAlertSettings(store.getState(tenantId, alertSettingsStateKey))
  const requestedZone = settings.timeZone ?? options.timeZone ?? systemTimeZone()
  const timeZone = isValidTimeZone(requestedZone) ? requestedZone : 'UTC'
  const state = readState(store, tenantId)
  const findings: AlertFinding[] = []
  const allowed = (rule: AlertFinding['rule'], appId: string) =>
    ruleEnabled(settings, rule) && !isMuted(settings, appId)

  // ---- usage rules over hourly rollups
  const nowHour = Math.floor(now.getTime() / HOUR_MS)
  const extent = store.historyExtent(tenantId)
  let evaluatedFrom: Date | null = null
  if (extent) {
    const historyStartHour = Math.floor(extent.from.getTime() / HOUR_MS)
    const firstLookback = (options.firstLookbackDays ?? 7) * 24
    const evalFromHour = Math.max(
      state.evaluatedThroughHour ?? nowHour - firstLookback,
      historyStartHour,
    )
    const needed = (usageWindow.baselineDays + 2) * 24 + usageWindow.windowHours
    const seriesStartHour = Math.max(historyStartHour, evalFromHour - needed)
    const length = nowHour - seriesStartHour
    if (length > 0 && evalFromHour < nowHour) {
      evaluatedFrom = new Date(evalFromHour * HOUR_MS)
      const profile = buildHourProfile(seriesStartHour, length, timeZone)
      // Baseline and window hours of every app in one read.
      const series = reads.hourlyUsage(tenantId, seriesStartHour, nowHour)
      const from = evalFromHour - seriesStartHour
      for (const [appId, input] of series) {
        if (isMuted(settings, appId)) continue
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
  const apps = reads.inventory(tenantId)
  const permissionsOf = new Map<string, AppPermissions>(
    apps.map((app) => [app.appId, { displayName: app.displayName, permissions: app.permissions }]),
  )
  if (report)
    findings.push(
      ...discoveryFindings(report.discovery, permissionsOf).filter((finding) =>
        allowed(finding.rule, finding.appId),
      ),
    )

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
    findings.push(
      ...dormantFindings(
        candidates,
        now,
        (appId) => thresholdsFor(settings, 'dormantApp', appId).days,
        extent?.from ?? null,
      ),
    )
  }

  if (ruleEnabled(settings, 'credentialExpiring')) {
    const daysFor = (appId: string) => thresholdsFor(settings, 'credentialExpiring', appId).days
    const candidates = []
    let credentials: ReturnType<AlertReads['currentCredentials']> | null = null
    for (const app of apps) {
      if (!app.inDiscovery || isMuted(settings, app.appId) || !app.nextCredentialExpiry) continue
      // The earliest end is past the window: the latest is too, so no alert.
      if (app.nextCredentialExpiry.getTime() > now.getTime() + daysFor(app.appId) * DAY_MS) continue
      // Every app's current credentials in one read, made only when some app is a candidate.
      credentials ??= reads.currentCredentials(tenantId)
      candidates.push({
        appId: app.appId,
        displayName: app.displayName,
        credentials: credentials.get(app.appId) ?? [],
      })
    }
    findings.push(...credentialFindings(candidates, now, daysFor))
  }

  findings.push(
    ...countryFindings(
      reads,
      tenantId,
      now,
      state,
      (appId) => allowed('newCountry', appId),
      permissionsOf,
    ),
  )

  // ---- store: one alert per condition key
  findings.sort(
    (a, b) => a.at.getTime() - b.at.getTime() || a.conditionKey.localeCompare(b.conditionKey),
  )
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
  return {
    tenantId,
    raised,
    findings: findings.length,
    evaluatedFrom,
    evaluatedTo: new Date(nowHour * HOUR_MS),
  }
}

/**
 * New country, over every raw sign-in (SQL, within raw retention), not a sample: the countries each
 * app used in the recent window (since the last look, overlapping it by LATE_HOURS for events that
 * arrive late) against what it used before — the countries remembered in the tenant's state (all
 * earlier looks) and, for a pair the memory lacks, the baseline period of 14 days before the
 * window. The first look only learns: every country is "new" to an empty memory.
 */
function countryFindings(
  reads: AlertReads,
  tenantId: string,
  now: Date,
  state: EvaluationState,
  allowed: (appId: string) => boolean,
  names: ReadonlyMap<string, AppPermissions>,
): AlertFinding[] {
  const retained = reads.rawRetainedFrom(tenantId).getTime()
  const since = state.countriesThrough
  const to = new Date(now.getTime() + 1000)
  const recentFrom = Math.max(retained, since === null ? 0 : since - LATE_HOURS * HOUR_MS)
  const recent = reads.countriesInRange(tenantId, new Date(recentFrom), to)
  state.countriesThrough = Math.max(since ?? 0, now.getTime())
  const remember = () => {
    for (const use of recent) {
      const list = (state.countries[use.appId] ??= [])
      if (!list.includes(use.country)) list.push(use.country)
    }
  }
  if (since === null) {
    remember()
    return []
  }
  const known = new Map(
    Object.entries(state.countries).map(([appId, list]) => [appId, new Set(list)]),
  )
  const unknown = recent.filter((use) => !known.get(use.appId)?.has(use.country))
  if (unknown.length > 0) {
    // Only when the memory lacks a pair: what the app used in the baseline period before the window.
    const baselineFrom = Math.max(retained, recentFrom - usageWindow.baselineDays * DAY_MS)
    if (baselineFrom < recentFrom) {
      for (const use of reads.countriesInRange(
        tenantId,
        new Date(baselineFrom),
        new Date(recentFrom),
      )) {
        let set = known.get(use.appId)
        if (!set) known.set(use.appId, (set = new Set()))
        set.add(use.country)
      }
    }
  }
  const observed: CountryObservation[] = unknown.map((use) => ({
    appId: use.appId,
    displayName: names.get(use.appId)?.displayName ?? use.appId,
    country: use.country,
    firstAt: use.firstAt,
    signIns: use.signIns,
  }))
  const findings = newCountryFindings(observed, known).filter((finding) => allowed(finding.appId))
  // Baseline countries join the memory too, so the next look need not read them again.
  for (const [appId, set] of known) {
    const list = (state.countries[appId] ??= [])
    for (const country of set) if (!list.includes(country)) list.push(country)
  }
  remember()
  return findings
}

function readState(store: Store, tenantId: string): EvaluationState {
  const value = store.getState<Partial<EvaluationState>>(tenantId, evaluationStateKey)
  return {
    evaluatedThroughHour:
      typeof value?.evaluatedThroughHour === 'number' ? value.evaluatedThroughHour : null,
    open: value?.open && typeof value.open === 'object' ? { ...value.open } : {},
    countries:
      value?.countries && typeof value.countries === 'object' ? { ...value.countries } : {},
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
