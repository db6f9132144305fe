// Turns store records into the contract's view shapes: plain data, ISO dates, risk and credential
// status worked out once in main so every view (table, detail, CSV, alerts) agrees.
import type {
  AppCredentialView,
  AppDetailView,
  AppPermissionView,
  ConnectedAppRow,
  CredentialStatus,
  UsageCoverageView,
} from '../contract'
import { describeSignInError } from './aadsts'
import { classifyPermission, highestRisk } from './permission-risk'
import { appRegistrationUrl, enterpriseAppUrl } from './portal-links'
import type { Store } from './store'
import type { AppDetail, AppSummary } from './store/types'
import type { CoverageSpan } from './store/usage-history'

const DAY_MS = 86_400_000
/** Credentials ending within this many days are "expiring". */
export const EXPIRING_WITHIN_DAYS = 30

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null)

export function credentialStatus(end: Date | null, now: Date): CredentialStatus {
  if (!end) return 'none'
  if (end.getTime() <= now.getTime()) return 'expired'
  if (end.getTime() - now.getTime() <= EXPIRING_WITHIN_DAYS * DAY_MS) return 'expiring'
  return 'valid'
}

export function toAppRow(summary: AppSummary, now: Date, alertingAppIds: ReadonlySet<string>): ConnectedAppRow {
  const { application, delegated } = summary.permissions
  return {
    appId: summary.appId,
    servicePrincipalId: summary.servicePrincipalId,
    displayName: summary.displayName,
    publisher: summary.publisher,
    publisherVerified: summary.publisher !== null,
    ownedByTenant: summary.ownedByTenant,
    enabled: summary.enabled,
    inDiscovery: summary.inDiscovery,
    firstSeen: iso(summary.firstSeen),
    removedAt: iso(summary.removedAt),
    lastSeen: iso(summary.lastSeen),
    signIns24h: summary.signIns24h,
    failures24h: summary.failures24h,
    trend30d: summary.trend30d,
    permissionType:
      application.length && delegated.length ? 'both' : application.length ? 'application' : delegated.length ? 'delegated' : 'none',
    permissions: { application: [...application], delegated: [...delegated] },
    risk: highestRisk([...application, ...delegated]),
    credentialStatus: credentialStatus(summary.nextCredentialExpiry, now),
    nextCredentialExpiry: iso(summary.nextCredentialExpiry),
    alerting: alertingAppIds.has(summary.appId),
  }
}

export function alertingApps(store: Store, tenantId: string): Set<string> {
  const ids = new Set<string>()
  for (const alert of store.listAlerts(tenantId, { includeAcknowledged: false, limit: 10_000 })) {
    if (alert.appId) ids.add(alert.appId)
  }
  return ids
}

export function toAppDetail(
  store: Store,
  tenantId: string,
  detail: AppDetail,
  now: Date,
  portalUrl: string,
): AppDetailView {
  const app = toAppRow(detail.summary, now, alertingApps(store, tenantId))
  const permissions: AppPermissionView[] = detail.permissions.map((permission) => {
    const { risk, reason } = classifyPermission(permission.value)
    return {
      kind: permission.kind,
      value: permission.value,
      risk,
      riskReason: reason,
      consent: permission.consent,
      grantedAt: permission.firstSeen.toISOString(),
      revokedAt: iso(permission.revokedAt),
    }
  })
  const credentials: AppCredentialView[] = detail.credentials.map((credential) => {
    const daysLeft = Math.floor((credential.endDateTime.getTime() - now.getTime()) / DAY_MS)
    const status = credentialStatus(credential.endDateTime, now)
    return {
      keyId: credential.keyId,
      kind: credential.kind,
      displayName: credential.displayName,
      endDateTime: credential.endDateTime.toISOString(),
      daysLeft,
      status: status === 'none' ? 'valid' : status,
      removedAt: iso(credential.removedAt),
    }
  })
  const recent = store.recentSignIns(tenantId, { appId: detail.summary.appId, limit: 5_000 })
  const countries = new Map<string, number>()
  for (const signIn of recent) {
    if (signIn.countryOrRegion) countries.set(signIn.countryOrRegion, (countries.get(signIn.countryOrRegion) ?? 0) + 1)
  }
  const failures = store.recentSignIns(tenantId, { appId: detail.summary.appId, failuresOnly: true, limit: 20 })
  const spId = detail.summary.servicePrincipalId
  return {
    app,
    permissions,
    credentials,
    owners: detail.owners.map((owner) => ({
      id: owner.id,
      displayName: owner.displayName,
      type: owner.type,
      userPrincipalName: owner.userPrincipalName,
      removedAt: iso(owner.removedAt),
    })),
    locations: [...countries].map(([country, signIns]) => ({ country, signIns })).sort((a, b) => b.signIns - a.signIns),
    recentFailures: failures.map((failure) => ({
      at: failure.createdDateTime.toISOString(),
      errorCode: failure.errorCode,
      meaning: describeSignInError(failure.errorCode) ?? failure.failureReason,
      ipAddress: failure.ipAddress,
      country: failure.countryOrRegion,
    })),
    portalLinks: {
      enterpriseApp: spId ? enterpriseAppUrl(portalUrl, tenantId, spId, detail.summary.appId) : null,
      appRegistration: detail.summary.ownedByTenant ? appRegistrationUrl(portalUrl, tenantId, detail.summary.appId) : null,
    },
  }
}

/**
 * The spans of a tenant's history by source, oldest first, for the "data source and coverage" label:
 * which hours hold Log Analytics aggregates and which hold counts of raw sign-ins.
 */
export function toCoverageViews(spans: readonly CoverageSpan[]): UsageCoverageView[] {
  const known = (source: string): source is UsageCoverageView['source'] =>
    source === 'demo' || source === 'graph' || source === 'logAnalytics'
  return spans
    .filter((span) => known(span.source))
    .map((span) => ({ source: span.source as UsageCoverageView['source'], from: span.from.toISOString(), to: span.to.toISOString() }))
}
