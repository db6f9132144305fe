// Discovery against the fake cloud equals the fake tenant's inventory, and the gaps become typed errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectedApps } from '../../../src-main/core/demo'
import { isCloudError } from '../../../src-main/core/graph/errors'
import type { ConnectedApp } from '../../../src-main/core/sources/types'
import { startFakeCloud } from '../../fake-cloud'
import type { FakeCloud } from '../../fake-cloud'
import { NOW } from '../fake-cloud/helpers'
import { graphFixture } from './support'

/** The parts Graph can tell us, normalised for comparison (ids of assignments and grants are Graph's own). */
function comparable(app: ConnectedApp) {
  return {
    ...app,
    credentials: [...app.credentials].sort((a, b) => a.keyId.localeCompare(b.keyId)),
    owners: [...app.owners].sort((a, b) => a.id.localeCompare(b.id)),
    applicationPermissions: app.applicationPermissions
      .map(({ assignmentId: _, ...p }) => p)
      .sort((a, b) => a.appRoleId.localeCompare(b.appRoleId)),
    delegatedPermissions: app.delegatedPermissions
      .map(({ grantId: _, ...g }) => g)
      .sort((a, b) =>
        `${a.consentType}${a.principalId}`.localeCompare(`${b.consentType}${b.principalId}`),
      ),
    // Graph keeps no creation date for a service principal, only for an application object we own.
    createdDateTime: app.ownedByTenant ? app.createdDateTime : null,
  }
}

describe('Graph discovery', () => {
  let cloud: FakeCloud

  beforeAll(async () => {
    cloud = await startFakeCloud({
      now: NOW,
      timeScale: 0,
      tenants: [
        { size: 'medium' },
        { seed: 'nolicence', size: 'tiny', licence: 'free' },
        { seed: 'nomde', size: 'tiny', mde: false },
      ],
    })
  })
  afterAll(async () => cloud?.close())

  it('reads the MDE resource and its permission catalogue', async () => {
    const tenant = cloud.tenants[0]!
    const { source } = graphFixture(cloud, tenant)
    const resource = await source.discoverResource()
    expect(resource).toEqual(tenant.demo.resource)
  })

  it('lists every connected app with both permission kinds, credentials, owners and publisher', async () => {
    const tenant = cloud.tenants[0]!
    const { source } = graphFixture(cloud, tenant)
    const resource = await source.discoverResource()
    const apps = await source.listConnectedApps(resource)
    const expected = connectedApps(tenant.demo)
    expect(apps).toHaveLength(expected.length)
    const byId = new Map(apps.map((a) => [a.servicePrincipalId, a]))
    for (const want of expected) {
      const got = byId.get(want.servicePrincipalId)
      expect(got, want.displayName).toBeDefined()
      expect(comparable(got!)).toEqual(comparable(want))
    }
    // The inventory exercises every branch: both permission kinds, third-party apps without an
    // application object, managed identities, owners, verified publishers, both credential kinds.
    expect(apps.some((a) => a.applicationPermissions.length > 0)).toBe(true)
    expect(apps.some((a) => a.delegatedPermissions.length > 0)).toBe(true)
    expect(apps.some((a) => !a.ownedByTenant && a.servicePrincipalType === 'Application')).toBe(
      true,
    )
    expect(apps.some((a) => a.servicePrincipalType === 'ManagedIdentity')).toBe(true)
    expect(apps.some((a) => a.owners.length > 0 && a.verifiedPublisher === null)).toBe(true)
    expect(apps.some((a) => a.verifiedPublisher !== null)).toBe(true)
    expect(new Set(apps.flatMap((a) => a.credentials.map((c) => c.kind)))).toEqual(
      new Set(['secret', 'certificate']),
    )
    expect(apps.flatMap((a) => a.applicationPermissions).every((p) => p.value !== null)).toBe(true)
  })

  it('survives a throttled and an unavailable $batch call', async () => {
    const tenant = cloud.tenants[0]!
    const { source, clock } = graphFixture(cloud, tenant)
    const resource = await source.discoverResource()
    // A whole-batch 429 and a 503 on the first two $batch calls, then normal answers.
    cloud.faults.add({
      service: 'graph',
      path: '/$batch',
      times: 1,
      fault: { kind: 'status', status: 429, retryAfterSeconds: 3 },
    })
    cloud.faults.add({
      service: 'graph',
      path: '/$batch',
      times: 1,
      fault: { kind: 'status', status: 503 },
    })
    const before = clock.waitedMs
    const apps = await source.listConnectedApps(resource)
    expect(apps).toHaveLength(connectedApps(tenant.demo).length)
    expect(clock.waitedMs - before).toBeGreaterThanOrEqual(3000)
    expect(cloud.faults.pending).toBe(0)
  })

  it('reports a tenant without MDE as mdeNotProvisioned', async () => {
    const { source } = graphFixture(cloud, cloud.tenants[2]!)
    const error = await source.discoverResource().catch((e: unknown) => e)
    expect(isCloudError(error, 'mdeNotProvisioned')).toBe(true)
    expect((error as Error).message).toMatch(/not set up in tenant/)
  })

  it('reports a missing directory permission with the scope to grant', async () => {
    const tenant = cloud.tenants[0]!
    const client = tenant.clients.find((c) => c.kind === 'confidential')!
    const saved = client.application.graph
    client.application.graph = ['AuditLog.Read.All']
    try {
      const { source } = graphFixture(cloud, tenant)
      const error = await source.discoverResource().catch((e: unknown) => e)
      // Authorization_RequestDenied to an app-only caller: only the app's consent can be short.
      expect(isCloudError(error, 'consentMissing')).toBe(true)
      expect((error as { missingScopes: string[] }).missingScopes).toEqual(['Application.Read.All'])
      expect((error as Error).message).toContain('Application.Read.All')
      expect((error as Error).message).not.toMatch(/eyJ/)
    } finally {
      client.application.graph = saved
    }
  })
})
