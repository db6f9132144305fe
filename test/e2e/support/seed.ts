// Puts connected apps straight into a core's local store, as a discovery snapshot plus a few
// sign-ins each, and marks the tenant synced: what a sync from Graph would leave behind, without
// Graph. Used for hostile names and for tenants of thousands of apps.
import type { Core } from '../../../src-main/core/bootstrap'
import type { ConnectedApp, SignInEvent } from '../../../src-main/core/sources/types'

export interface SeedApp {
  displayName: string
  /** Sign-ins in the last hours before `now`, one an hour (0 for none). */
  signIns?: number
  permissions?: string[]
}

const MDE_RESOURCE = 'fc780465-2017-40d4-a0c5-307022471b92'

function guid(prefix: number, index: number): string {
  const hex = index.toString(16).padStart(12, '0')
  return `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`
}

/** Seeds the demo tenant's store with `apps` and returns the tenant ID and the apps' IDs. */
export function seedDemoTenant(core: Core, apps: SeedApp[], now: Date): { tenantId: string; appIds: string[] } {
  const data = core.service.data
  const tenantId = data.demoSource().tenantId
  const store = data.store
  const connected: ConnectedApp[] = apps.map((app, index) => ({
    servicePrincipalId: guid(0x5e000000, index),
    appId: guid(0xa9000000, index),
    displayName: app.displayName,
    appOwnerOrganizationId: tenantId,
    ownedByTenant: index % 2 === 0,
    servicePrincipalType: 'Application',
    accountEnabled: true,
    signInAudience: 'AzureADMyOrg',
    verifiedPublisher: null,
    credentials: [
      {
        keyId: guid(0xc0000000, index),
        kind: 'secret',
        displayName: app.displayName,
        startDateTime: new Date(now.getTime() - 30 * 86_400_000).toISOString(),
        endDateTime: new Date(now.getTime() + ((index % 60) - 10) * 86_400_000).toISOString(),
      },
    ],
    owners: [{ id: guid(0x0e000000, index), displayName: app.displayName, type: 'user', userPrincipalName: `owner${index}@contoso.example` }],
    applicationPermissions: (app.permissions ?? ['Machine.Read.All']).map((value, permissionIndex) => ({
      assignmentId: `${guid(0xa5000000, index)}-${permissionIndex}`,
      appRoleId: guid(0xa7000000, permissionIndex),
      value,
      createdDateTime: new Date(now.getTime() - 20 * 86_400_000).toISOString(),
    })),
    delegatedPermissions: [],
    createdDateTime: new Date(now.getTime() - 40 * 86_400_000).toISOString(),
  }))
  store.applyDiscovery(tenantId, connected, now)
  const events: SignInEvent[] = []
  connected.forEach((app, index) => {
    const count = apps[index]!.signIns ?? 1
    for (let hour = 0; hour < count; hour++) {
      const at = new Date(Math.floor(now.getTime() / 1000) * 1000 - (hour * 3_600 + 60 + index) * 1000)
      events.push({
        id: `${guid(0xe0000000, index)}-${hour}`,
        createdDateTime: at.toISOString().replace('.000Z', 'Z'),
        appId: app.appId,
        appDisplayName: app.displayName,
        servicePrincipalId: app.servicePrincipalId,
        resourceId: MDE_RESOURCE,
        eventType: 'servicePrincipal',
        errorCode: hour === 0 && index % 5 === 0 ? 7000222 : 0,
        failureReason: null,
        ipAddress: '203.0.113.7',
        location: { city: 'Seoul', countryOrRegion: 'KR' },
        userPrincipalName: null,
      })
    }
  })
  if (events.length) store.ingestSignIns(tenantId, events)
  store.setHighWaterMark(tenantId, 'demo', now)
  return { tenantId, appIds: connected.map((app) => app.appId) }
}
