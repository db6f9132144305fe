import { describe, expect, it } from 'vitest'
import {
  createDemoTenant,
  connectedApps,
  countSignIns,
  mdeAppRoles,
  mdeOAuth2Scopes,
} from '../../../src-main/core/demo'
import { MDE_RESOURCE_APP_ID } from '../../../src-main/core/sources/types'

const now = new Date('2025-06-02T12:00:00Z')
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('demo tenant inventory', () => {
  const tenant = createDemoTenant({ size: 'medium', seed: 'inventory', now })
  const apps = connectedApps(tenant)

  it('is the same for the same seed, size and now, and different for another seed', () => {
    const again = createDemoTenant({ size: 'medium', seed: 'inventory', now })
    expect(connectedApps(again)).toEqual(apps)
    const other = createDemoTenant({ size: 'medium', seed: 'another', now })
    expect(connectedApps(other).map((a) => a.appId)).not.toEqual(apps.map((a) => a.appId))
  })

  it('has the documented sizes', () => {
    expect(connectedApps(createDemoTenant({ size: 'tiny', now }))).toHaveLength(12)
    expect(apps).toHaveLength(500)
    expect(connectedApps(createDemoTenant({ size: 'large', now }))).toHaveLength(5000)
  })

  it('serves the WindowsDefenderATP catalogue with application and delegated permissions', () => {
    expect(tenant.resource.appId).toBe(MDE_RESOURCE_APP_ID)
    expect(tenant.resource.appRoles.map((r) => r.value)).toEqual(
      expect.arrayContaining([
        'Alert.Read.All',
        'Machine.Read.All',
        'Machine.Isolate',
        'Machine.LiveResponse',
        'Ti.ReadWrite.All',
      ]),
    )
    expect(tenant.resource.oauth2PermissionScopes.map((s) => s.value)).toEqual(
      expect.arrayContaining(['Alert.Read', 'Machine.Read']),
    )
    for (const p of [...mdeAppRoles, ...mdeOAuth2Scopes]) expect(p.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(new Set(mdeAppRoles.map((r) => r.id)).size).toBe(mdeAppRoles.length)
    const roleIds = new Set(mdeAppRoles.map((r) => r.id))
    const scopeValues = new Set(mdeOAuth2Scopes.map((s) => s.value))
    for (const app of apps) {
      expect(app.applicationPermissions.length + app.delegatedPermissions.length).toBeGreaterThan(0)
      for (const p of app.applicationPermissions) expect(roleIds.has(p.appRoleId)).toBe(true)
      for (const g of app.delegatedPermissions)
        for (const s of g.scopes) expect(scopeValues.has(s)).toBe(true)
    }
    expect(
      apps.some((a) =>
        a.delegatedPermissions.some((g) => g.consentType === 'Principal' && g.principalId),
      ),
    ).toBe(true)
    expect(
      apps.some((a) =>
        a.applicationPermissions.some(
          (p) => mdeAppRoles.find((r) => r.id === p.appRoleId)?.highRisk,
        ),
      ),
    ).toBe(true)
  })

  it('mixes own and third-party apps, verified and unverified publishers, owners or none, a disabled one', () => {
    const own = apps.filter((a) => a.ownedByTenant)
    const thirdParty = apps.filter(
      (a) => !a.ownedByTenant && a.servicePrincipalType === 'Application',
    )
    expect(own.length).toBeGreaterThan(50)
    expect(thirdParty.length).toBeGreaterThan(50)
    for (const a of own) expect(a.appOwnerOrganizationId).toBe(tenant.tenantId)
    for (const a of thirdParty) {
      expect(a.appOwnerOrganizationId).not.toBe(tenant.tenantId)
      expect(a.signInAudience).toBe('AzureADMultipleOrgs')
    }
    expect(thirdParty.some((a) => a.verifiedPublisher !== null)).toBe(true)
    expect(thirdParty.some((a) => a.verifiedPublisher === null)).toBe(true)
    expect(own.some((a) => a.owners.length > 0)).toBe(true)
    expect(own.some((a) => a.owners.length === 0)).toBe(true)
    expect(apps.filter((a) => !a.accountEnabled)).toHaveLength(1)
    expect(apps.some((a) => a.servicePrincipalType === 'ManagedIdentity')).toBe(true)
    for (const a of apps) {
      expect(a.appId).toMatch(guid)
      expect(a.servicePrincipalId).toMatch(guid)
    }
    expect(new Set(apps.map((a) => a.appId)).size).toBe(apps.length)
  })

  it('has secrets and certificates that are valid, expiring soon and expired relative to now', () => {
    const credentials = apps.flatMap((a) => a.credentials)
    const day = 86_400_000
    const status = (end: string) => {
      const left = new Date(end).getTime() - now.getTime()
      return left < 0 ? 'expired' : left < 30 * day ? 'expiringSoon' : 'valid'
    }
    for (const kind of ['secret', 'certificate'] as const) {
      const statuses = new Set(
        credentials.filter((c) => c.kind === kind).map((c) => status(c.endDateTime)),
      )
      expect(statuses).toEqual(new Set(['valid', 'expiringSoon', 'expired']))
    }
    for (const c of credentials)
      expect(new Date(c.startDateTime).getTime()).toBeLessThan(new Date(c.endDateTime).getTime())
  })

  it('places the large tenant at about ten million sign-ins over its 30 days', () => {
    const large = createDemoTenant({ size: 'large', now })
    const { total } = countSignIns(large, { from: large.historyStart, to: large.now })
    expect(total).toBeGreaterThan(9_000_000)
    expect(total).toBeLessThan(11_000_000)
  })
})
