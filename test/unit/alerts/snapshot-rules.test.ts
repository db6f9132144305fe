// Discovery, dormant, credential and new-country rules, and the notification policy.
import { describe, expect, it } from 'vitest'
import { alertsAppSettingsSchema, type AlertView } from '../../../src-main/contract'
import {
  credentialFindings,
  discoveryFindings,
  dormantFindings,
  inQuietHours,
  newCountryFindings,
  pauseUntil,
  planNotifications,
} from '../../../src-main/core/alerts'
import type { DiscoveryChanges } from '../../../src-main/core/store/types'

const APP = '22222222-2222-4222-8222-222222222222'
const OTHER = '33333333-3333-4333-8333-333333333333'
const now = new Date('2025-06-10T12:00:00Z')
const DAY = 86_400_000
const ref = { appId: APP, servicePrincipalId: 'sp', displayName: 'SOC - Isolation Runbook' }

function changes(patch: Partial<DiscoveryChanges>): DiscoveryChanges {
  return {
    at: now,
    firstSnapshot: false,
    appsAdded: [],
    appsRemoved: [],
    appsChanged: [],
    permissionsGranted: [],
    permissionsRevoked: [],
    credentialsAdded: [],
    credentialsRemoved: [],
    credentialsExpiring: [],
    ownersAdded: [],
    ownersRemoved: [],
    ...patch,
  }
}

describe('discovery rules', () => {
  it('finds nothing on the first snapshot of a tenant', () => {
    const first = changes({ firstSnapshot: true, appsAdded: [ref], permissionsGranted: [{ ...ref, kind: 'application', value: 'Machine.Isolate', consent: null }] })
    expect(discoveryFindings(first, new Map())).toEqual([])
  })

  it('makes a high-risk grant critical (high) and a read grant low', () => {
    const found = discoveryFindings(
      changes({
        permissionsGranted: [
          { ...ref, kind: 'application', value: 'Machine.Isolate', consent: null },
          { ...ref, kind: 'application', value: 'Alert.Read.All', consent: null },
        ],
      }),
      new Map(),
    )
    expect(found.map((finding) => [finding.rule, finding.observed, finding.severity])).toEqual([
      ['permissionGranted', 'Machine.Isolate', 'high'],
      ['permissionGranted', 'Alert.Read.All', 'low'],
    ])
    expect(found[0]!.params.critical).toBe(1)
    expect(found[0]!.action).toMatch(/revoke/)
  })

  it('reports a new app once, with its permissions, and a removed app as info', () => {
    const found = discoveryFindings(
      changes({
        appsAdded: [ref],
        appsRemoved: [{ ...ref, appId: OTHER, displayName: 'Old connector' }],
        permissionsGranted: [{ ...ref, kind: 'application', value: 'Machine.Isolate', consent: null }],
      }),
      new Map([[APP, { displayName: ref.displayName, permissions: ['Machine.Isolate'] }]]),
    )
    expect(found.map((finding) => [finding.rule, finding.appId, finding.severity])).toEqual([
      ['newApp', APP, 'high'],
      ['appRemoved', OTHER, 'info'],
    ])
  })
})

describe('dormant apps', () => {
  const app = { appId: APP, displayName: 'Weekly Report', inDiscovery: true, permissions: ['Alert.Read.All'] }
  it('flags an app silent for the threshold while holding permissions', () => {
    const found = dormantFindings([{ ...app, lastSeen: new Date(now.getTime() - 20 * DAY) }], now, () => 14, null)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ rule: 'dormantApp', observed: 20, baseline: 14, metric: 'daysSinceLastSignIn' })
  })
  it('leaves recent, permission-less and removed apps alone', () => {
    expect(dormantFindings([{ ...app, lastSeen: new Date(now.getTime() - 3 * DAY) }], now, () => 14, null)).toEqual([])
    expect(dormantFindings([{ ...app, permissions: [], lastSeen: new Date(now.getTime() - 40 * DAY) }], now, () => 14, null)).toEqual([])
    expect(dormantFindings([{ ...app, inDiscovery: false, lastSeen: new Date(now.getTime() - 40 * DAY) }], now, () => 14, null)).toEqual([])
  })
  it('counts a never-seen app only when the history reaches back far enough', () => {
    expect(dormantFindings([{ ...app, lastSeen: null }], now, () => 14, new Date(now.getTime() - 5 * DAY))).toEqual([])
    expect(dormantFindings([{ ...app, lastSeen: null }], now, () => 14, new Date(now.getTime() - 30 * DAY))).toHaveLength(1)
  })
})

describe('credentials', () => {
  const credential = (days: number, keyId = 'k1') => ({ keyId, kind: 'secret' as const, endDateTime: new Date(now.getTime() + days * DAY) })
  it('warns when the last valid credential is about to end, and escalates once it has', () => {
    const [expiring] = credentialFindings([{ appId: APP, displayName: 'x', credentials: [credential(5)] }], now, () => 14)
    expect(expiring).toMatchObject({ severity: 'medium', observed: 5, baseline: 14, dataSource: 'credentials' })
    const [expired] = credentialFindings([{ appId: APP, displayName: 'x', credentials: [credential(-2)] }], now, () => 14)
    expect(expired).toMatchObject({ severity: 'high' })
    // Ended two days ago: the window runs from the end to now, and the metric counts days since.
    expect(expiring).toMatchObject({ metric: 'credentialDaysLeft', window: { from: now } })
    expect(expired).toMatchObject({ metric: 'credentialDaysSinceEnd', observed: 2 })
    expect(expired!.window.from.getTime()).toBe(now.getTime() - 2 * DAY)
    expect(expired!.window.to).toEqual(now)
    expect(expired!.conditionKey).not.toBe(expiring!.conditionKey)
  })
  it('stays quiet when another credential is valid beyond the window (already rotated)', () => {
    expect(credentialFindings([{ appId: APP, displayName: 'x', credentials: [credential(-30), credential(200, 'k2')] }], now, () => 14)).toEqual([])
  })
})

describe('new country', () => {
  it('alerts on a country the app never used, learning apps it knows nothing about', () => {
    const found = newCountryFindings(
      [
        { appId: APP, displayName: 'x', country: 'DE', firstAt: now, signIns: 3 },
        { appId: APP, displayName: 'x', country: 'NL', firstAt: now, signIns: 9 },
        { appId: OTHER, displayName: 'y', country: 'KR', firstAt: now, signIns: 1 },
      ],
      new Map([[APP, new Set(['NL'])]]),
    )
    expect(found.map((finding) => [finding.appId, finding.observed, finding.baseline])).toEqual([[APP, 'DE', 'NL']])
  })
})

describe('notification policy', () => {
  const settings = alertsAppSettingsSchema.parse({})
  const alert = (id: number, severity: AlertView['severity']): AlertView => ({
    id,
    tenantId: 't',
    appId: APP,
    displayName: 'x',
    rule: 'usageSpike',
    severity,
    createdAt: now.toISOString(),
    acknowledgedAt: null,
    metric: 'signIns24h',
    observed: 1,
    baseline: 0,
    window: { from: now.toISOString(), to: now.toISOString() },
    dataSource: 'signIns',
    params: {},
    summary: 's',
    action: 'a',
  })

  it('shows a few alerts one by one, most severe first, and many as one summary', () => {
    const few = planNotifications([alert(1, 'low'), alert(2, 'high')], settings, now, 'UTC')
    expect(few).toMatchObject({ kind: 'each' })
    expect(few.kind === 'each' && few.alerts.map((a) => a.id)).toEqual([2, 1])
    const many = planNotifications([1, 2, 3, 4, 5].map((id) => alert(id, id === 4 ? 'high' : 'medium')), settings, now, 'UTC')
    expect(many).toMatchObject({ kind: 'summary', highest: 'high' })
  })

  it('holds notifications while paused, in quiet hours (across midnight) or below the severity', () => {
    const paused = { ...settings, pausedUntil: new Date(now.getTime() + 60_000).toISOString() }
    expect(planNotifications([alert(1, 'high')], paused, now, 'UTC')).toEqual({ kind: 'none', reason: 'paused' })
    const quiet = { ...settings, quietHours: { enabled: true, start: '22:00', end: '07:00' } }
    expect(inQuietHours(quiet, new Date('2025-06-10T23:30:00Z'), 'UTC')).toBe(true)
    expect(inQuietHours(quiet, new Date('2025-06-10T06:59:00Z'), 'UTC')).toBe(true)
    expect(inQuietHours(quiet, new Date('2025-06-10T07:00:00Z'), 'UTC')).toBe(false)
    // 23:30 UTC is 08:30 in Seoul: not quiet there.
    expect(inQuietHours(quiet, new Date('2025-06-10T23:30:00Z'), 'Asia/Seoul')).toBe(false)
    const high = { ...settings, notifyMinSeverity: 'high' as const }
    expect(planNotifications([alert(1, 'medium')], high, now, 'UTC')).toEqual({ kind: 'none', reason: 'belowSeverity' })
  })

  it('pauses for an hour or until 08:00 tomorrow local time', () => {
    expect(pauseUntil('hour', now, 'UTC').toISOString()).toBe('2025-06-10T13:00:00.000Z')
    expect(pauseUntil('tomorrow', now, 'UTC').toISOString()).toBe('2025-06-11T08:00:00.000Z')
    expect(pauseUntil('tomorrow', now, 'Asia/Seoul').toISOString()).toBe('2025-06-10T23:00:00.000Z')
  })
})
