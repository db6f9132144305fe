// The alert rules: pure functions from series and snapshots to findings. No store, no clock of
// their own; `evaluate.ts` feeds them.
import type { AlertSeverityValue } from '../../contract'
import { describeAlert, translator } from '../i18n'
import { classifyPermission, highestRisk } from '../permission-risk'
import type { DiscoveryChanges } from '../store/types'
import {
  hourBaseline,
  isExcessive,
  walkEpisodes,
  WindowSums,
  type ExcessThresholds,
  type OpenEpisode,
  type WindowStats,
} from './excess'
import type { HourProfile } from './profile'
import type { AlertFinding } from './types'

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000

const round1 = (value: number) => Math.round(value * 10) / 10
const english = translator('en')

/** Adds the English one-liners (from the main catalogue) kept with the stored alert. */
function worded(finding: Omit<AlertFinding, 'summary' | 'action'>): AlertFinding {
  return { ...finding, ...describeAlert(finding, english) }
}

// ---- usage: spikes and failure bursts ------------------------------------------------------------

export interface AppHourlySeries {
  appId: string
  displayName: string
  /** Sign-ins per hour aligned with the profile; NaN where there is no data. */
  signIns: Float64Array
  failures: Float64Array
}

export interface UsageRuleInput {
  profile: HourProfile
  series: AppHourlySeries
  /** First and last+1 window-end index to evaluate (hours before `from` only serve as baseline). */
  from: number
  to: number
  thresholds: ExcessThresholds
  open: OpenEpisode | null
}

export interface UsageRuleResult {
  findings: AlertFinding[]
  open: OpenEpisode | null
}

function windowDates(profile: HourProfile, end: number, hours: number) {
  return {
    from: new Date((profile.firstHour + end - hours + 1) * HOUR_MS),
    to: new Date((profile.firstHour + end + 1) * HOUR_MS),
  }
}

/**
 * Usage spike: sign-ins over the last `windowHours` against the app's own hour-of-day baseline
 * (median and MAD of the same local hour over the previous 14 days). Windows whose excess is mostly
 * failures are left to the failure-burst rule.
 */
export function detectUsageSpikes(input: UsageRuleInput): UsageRuleResult {
  const { profile, series, thresholds } = input
  // Baselines are needed from the first hour of the first window on; older hours are samples only.
  const firstHour = input.from - thresholds.windowHours + 1
  const signIns = new WindowSums(
    series.signIns,
    hourBaseline(
      series.signIns,
      profile,
      thresholds.baselineDays,
      thresholds.minBaselineDays,
      firstHour,
    ),
  )
  // The failure baseline is only needed to veto a spike: built on the first excessive window.
  let failures: WindowSums | null = null
  const walked = walkEpisodes(
    profile,
    input.from,
    input.to,
    thresholds.cooldownHours,
    input.open,
    (end) => {
      const stats = signIns.window(end, thresholds.windowHours)
      if (!isExcessive(stats, thresholds)) return null
      failures ??= new WindowSums(
        series.failures,
        hourBaseline(
          series.failures,
          profile,
          thresholds.baselineDays,
          thresholds.minBaselineDays,
          firstHour,
        ),
      )
      const failed = failures.window(end, thresholds.windowHours)
      const failureExcess = failed.observed - failed.baseline
      return failureExcess * 2 >= stats.observed - stats.baseline ? null : stats
    },
  )
  return {
    open: walked.open,
    findings: walked.episodes.map((episode) => {
      const factor = round1(episode.stats.observed / Math.max(episode.stats.baseline, 1))
      const window = windowDates(profile, episode.endIndex, thresholds.windowHours)
      return usageFinding('usageSpike', series, episode.startHour, episode.stats, window, {
        severity: factor >= 20 ? 'high' : 'medium',
        metric: 'signIns24h',
        factor,
      })
    }),
  }
}

/** Failure burst: failed sign-ins over the window against the app's own failure baseline. */
export function detectFailureBursts(input: UsageRuleInput): UsageRuleResult {
  const { profile, series, thresholds } = input
  // Baselines are needed from the first hour of the first window on; older hours are samples only.
  const firstHour = input.from - thresholds.windowHours + 1
  const failures = new WindowSums(
    series.failures,
    hourBaseline(
      series.failures,
      profile,
      thresholds.baselineDays,
      thresholds.minBaselineDays,
      firstHour,
    ),
  )
  const walked = walkEpisodes(
    profile,
    input.from,
    input.to,
    thresholds.cooldownHours,
    input.open,
    (end) => {
      const stats = failures.window(end, thresholds.windowHours)
      return isExcessive(stats, thresholds) ? stats : null
    },
  )
  return {
    open: walked.open,
    findings: walked.episodes.map((episode) => {
      const factor = round1(episode.stats.observed / Math.max(episode.stats.baseline, 1))
      const window = windowDates(profile, episode.endIndex, thresholds.windowHours)
      return usageFinding('failureBurst', series, episode.startHour, episode.stats, window, {
        severity: 'medium',
        metric: 'failures24h',
        factor,
      })
    }),
  }
}

function usageFinding(
  rule: 'usageSpike' | 'failureBurst',
  series: AppHourlySeries,
  startHour: number,
  stats: WindowStats,
  window: { from: Date; to: Date },
  words: { severity: AlertSeverityValue; metric: string; factor: number },
): AlertFinding {
  const at = new Date((startHour + 1) * HOUR_MS)
  return worded({
    rule,
    appId: series.appId,
    displayName: series.displayName,
    severity: words.severity,
    conditionKey: `${rule}:${series.appId}:${new Date(startHour * HOUR_MS).toISOString()}`,
    at,
    metric: words.metric,
    observed: stats.observed,
    baseline: Math.round(stats.baseline),
    window,
    dataSource: 'signIns',
    params: { factor: words.factor, zScore: round1(stats.z), baselineDays: 14 },
  })
}

// ---- discovery: new, removed, permission granted -------------------------------------------------

export interface AppPermissions {
  displayName: string
  permissions: readonly string[]
}

/**
 * Findings from a discovery diff. The first snapshot of a tenant finds nothing: every app is "new"
 * then, which says nothing about the tenant. Permissions that come with a new app are part of the
 * new-app alert, not alerts of their own.
 */
export function discoveryFindings(
  changes: DiscoveryChanges,
  current: ReadonlyMap<string, AppPermissions>,
): AlertFinding[] {
  if (changes.firstSnapshot) return []
  const at = changes.at
  const window = { from: at, to: at }
  const findings: AlertFinding[] = []
  const added = new Set<string>()
  for (const app of changes.appsAdded) {
    added.add(app.appId)
    const permissions = current.get(app.appId)?.permissions ?? []
    const risk = highestRisk(permissions)
    findings.push(
      worded({
        rule: 'newApp',
        appId: app.appId,
        displayName: app.displayName,
        severity: risk === 'high' ? 'high' : 'medium',
        conditionKey: `newApp:${app.appId}:${at.toISOString()}`,
        at,
        metric: 'mdePermissions',
        observed: permissions.join(', ') || 'none',
        baseline: 'not connected',
        window,
        dataSource: 'discovery',
        params: { permissions: permissions.join(', '), risk: risk ?? 'none' },
      }),
    )
  }
  for (const app of changes.appsRemoved) {
    findings.push(
      worded({
        rule: 'appRemoved',
        appId: app.appId,
        displayName: app.displayName,
        severity: 'info',
        conditionKey: `appRemoved:${app.appId}:${at.toISOString()}`,
        at,
        metric: 'connected',
        observed: 'removed',
        baseline: 'connected',
        window,
        dataSource: 'discovery',
        params: {},
      }),
    )
  }
  for (const grant of changes.permissionsGranted) {
    if (added.has(grant.appId)) continue
    const { risk } = classifyPermission(grant.value)
    const severity: AlertSeverityValue =
      risk === 'high' ? 'high' : risk === 'medium' ? 'medium' : 'low'
    findings.push(
      worded({
        rule: 'permissionGranted',
        appId: grant.appId,
        displayName: grant.displayName,
        severity,
        conditionKey: `permissionGranted:${grant.appId}:${grant.kind}:${grant.value}:${grant.consent ?? ''}:${at.toISOString()}`,
        at,
        metric: 'mdePermission',
        observed: grant.value,
        baseline: 'not granted',
        window,
        dataSource: 'discovery',
        params: {
          permission: grant.value,
          kind: grant.kind,
          risk,
          critical: risk === 'high' ? 1 : 0,
        },
      }),
    )
  }
  return findings
}

// ---- dormant apps -------------------------------------------------------------------------------

export interface DormantCandidate {
  appId: string
  displayName: string
  inDiscovery: boolean
  lastSeen: Date | null
  permissions: readonly string[]
}

/**
 * Dormant: no sign-in for `days` days while still holding MDE permissions. An app never seen in
 * the local history counts only when the history reaches back that far.
 */
export function dormantFindings(
  apps: readonly DormantCandidate[],
  now: Date,
  daysFor: (appId: string) => number,
  historyFrom: Date | null,
): AlertFinding[] {
  const findings: AlertFinding[] = []
  for (const app of apps) {
    if (!app.inDiscovery || app.permissions.length === 0) continue
    const days = daysFor(app.appId)
    const limit = now.getTime() - days * DAY_MS
    const since = app.lastSeen ?? historyFrom
    if (!since || since.getTime() > limit) continue
    const silentDays = Math.floor((now.getTime() - since.getTime()) / DAY_MS)
    const risk = highestRisk(app.permissions)
    findings.push(
      worded({
        rule: 'dormantApp',
        appId: app.appId,
        displayName: app.displayName,
        severity: risk === 'high' ? 'medium' : 'low',
        conditionKey: `dormantApp:${app.appId}:${app.lastSeen ? app.lastSeen.toISOString() : 'never'}`,
        at: new Date(since.getTime() + days * DAY_MS),
        metric: 'daysSinceLastSignIn',
        observed: silentDays,
        baseline: days,
        window: { from: since, to: now },
        dataSource: 'signIns',
        params: {
          days,
          lastSeen: app.lastSeen ? app.lastSeen.toISOString() : 'never',
          permissions: app.permissions.join(', '),
        },
      }),
    )
  }
  return findings
}

// ---- credentials --------------------------------------------------------------------------------

export interface CredentialCandidate {
  appId: string
  displayName: string
  /** Current (not removed) credentials. */
  credentials: ReadonlyArray<{ keyId: string; kind: 'secret' | 'certificate'; endDateTime: Date }>
}

/**
 * Credential expiring: the app's last valid credential ends within `days` days (or every credential
 * has ended). An app with another credential valid beyond the window has rotated already: no alert.
 */
export function credentialFindings(
  apps: readonly CredentialCandidate[],
  now: Date,
  daysFor: (appId: string) => number,
): AlertFinding[] {
  const findings: AlertFinding[] = []
  for (const app of apps) {
    if (app.credentials.length === 0) continue
    const latest = app.credentials.reduce((best, credential) =>
      credential.endDateTime.getTime() > best.endDateTime.getTime() ? credential : best,
    )
    const end = latest.endDateTime
    const days = daysFor(app.appId)
    const left = end.getTime() - now.getTime()
    if (left > days * DAY_MS) continue
    const expired = left <= 0
    const daysLeft = Math.ceil(left / DAY_MS)
    // Once ended, what the admin needs is how long ago, over the span since the end: a window from
    // now to a past end ran backwards, and "days left: -4" read as a glitch.
    const daysSinceEnd = Math.floor(-left / DAY_MS)
    findings.push(
      worded({
        rule: 'credentialExpiring',
        appId: app.appId,
        displayName: app.displayName,
        severity: expired ? 'high' : daysLeft <= 7 ? 'medium' : 'low',
        conditionKey: `credentialExpiring:${app.appId}:${expired ? 'expired' : 'expiring'}:${end.toISOString()}`,
        at: expired ? end : now,
        metric: expired ? 'credentialDaysSinceEnd' : 'credentialDaysLeft',
        observed: expired ? daysSinceEnd : daysLeft,
        baseline: days,
        window: expired ? { from: end, to: now } : { from: now, to: end },
        dataSource: 'credentials',
        params: {
          endDateTime: end.toISOString(),
          kind: latest.kind,
          keyId: latest.keyId,
          expired: expired ? 1 : 0,
        },
      }),
    )
  }
  return findings
}

// ---- new country ----------------------------------------------------------------------------------

export interface CountryObservation {
  appId: string
  displayName: string
  country: string
  firstAt: Date
  signIns: number
}

/**
 * Sign-ins from a country the app has not used before. Apps with no known country yet are learning,
 * not alerting: their first countries are simply recorded.
 */
export function newCountryFindings(
  observations: readonly CountryObservation[],
  known: ReadonlyMap<string, ReadonlySet<string>>,
): AlertFinding[] {
  const findings: AlertFinding[] = []
  for (const seen of observations) {
    const countries = known.get(seen.appId)
    if (!countries || countries.size === 0 || countries.has(seen.country)) continue
    const usual = [...countries].sort().join(', ')
    findings.push(
      worded({
        rule: 'newCountry',
        appId: seen.appId,
        displayName: seen.displayName,
        severity: 'medium',
        conditionKey: `newCountry:${seen.appId}:${seen.country}`,
        at: seen.firstAt,
        metric: 'signInCountry',
        observed: seen.country,
        baseline: usual,
        window: { from: seen.firstAt, to: seen.firstAt },
        dataSource: 'signInLocations',
        params: { country: seen.country, usual, signIns: seen.signIns },
      }),
    )
  }
  return findings
}
