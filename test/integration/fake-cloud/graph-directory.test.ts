// Discovery endpoints of the fake Graph, its token checks, $batch, and the licence/permission/MDE gaps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  applicationSchema,
  appRoleAssignmentSchema,
  batchResponseSchema,
  collectionSchema,
  directoryObjectSchema,
  graphErrorSchema,
  oauth2PermissionGrantSchema,
  servicePrincipalSchema,
} from '../../../src-main/core/graph/schemas'
import { connectedApps } from '../../../src-main/core/demo'
import { MDE_RESOURCE_APP_ID } from '../../../src-main/core/sources/types'
import { startFakeCloud } from '../../fake-cloud'
import type { FakeCloud } from '../../fake-cloud'
import { appToken, automationClient, graphGet, NOW, postJson } from './helpers'

describe('fake Graph directory reads', () => {
  let cloud: FakeCloud
  let token: string

  beforeAll(async () => {
    cloud = await startFakeCloud({
      now: NOW,
      timeScale: 0,
      tenants: [
        { seed: 'contoso', size: 'tiny' },
        { seed: 'nomde', size: 'tiny', mde: false, licence: 'free' },
      ],
    })
    token = await appToken(cloud, cloud.tenants[0]!)
  })
  afterAll(async () => cloud?.close())

  it('lists the MDE catalogue, application and delegated grants, and client details', async () => {
    const tenant = cloud.tenants[0]!
    const sp = servicePrincipalSchema.parse(
      (
        await graphGet(
          cloud,
          token,
          `/v1.0/servicePrincipals(appId='${MDE_RESOURCE_APP_ID}')?$select=id,appId,displayName,appRoles,oauth2PermissionScopes`,
        )
      ).body,
    )
    expect(sp.id).toBe(tenant.demo.resource.servicePrincipalId)
    expect(sp.appRoles!.map((r) => r.value)).toContain('Machine.Isolate')
    expect(Object.keys(sp).sort()).toEqual([
      'appId',
      'appRoles',
      'displayName',
      'id',
      'oauth2PermissionScopes',
    ])

    const assignments = collectionSchema(appRoleAssignmentSchema).parse(
      (
        await graphGet(
          cloud,
          token,
          `/v1.0/servicePrincipals(appId='${MDE_RESOURCE_APP_ID}')/appRoleAssignedTo?$top=5`,
        )
      ).body,
    )
    expect(assignments.value).toHaveLength(5)
    expect(assignments['@odata.nextLink']).toBeDefined()
    let all = [...assignments.value]
    let next = assignments['@odata.nextLink']
    while (next) {
      const page = collectionSchema(appRoleAssignmentSchema).parse(
        (await graphGet(cloud, token, next)).body,
      )
      all = all.concat(page.value)
      next = page['@odata.nextLink']
    }
    const apps = connectedApps(tenant.demo)
    expect(all.length).toBe(apps.reduce((n, a) => n + a.applicationPermissions.length, 0))
    expect(all.every((a) => a.resourceId === sp.id && a.principalType === 'ServicePrincipal')).toBe(
      true,
    )

    const grants = collectionSchema(oauth2PermissionGrantSchema).parse(
      (
        await graphGet(
          cloud,
          token,
          `/v1.0/oauth2PermissionGrants?$filter=${encodeURIComponent(`resourceId eq '${sp.id}'`)}`,
        )
      ).body,
    )
    expect(grants.value.length).toBe(apps.reduce((n, a) => n + a.delegatedPermissions.length, 0))

    const own = apps.find((a) => a.ownedByTenant && a.owners.length > 0)!
    const thirdParty = apps.find((a) => !a.ownedByTenant)!
    const client = servicePrincipalSchema.parse(
      (
        await graphGet(
          cloud,
          token,
          `/v1.0/servicePrincipals/${own.servicePrincipalId}?$select=id,appId,displayName,appOwnerOrganizationId,servicePrincipalType,accountEnabled,signInAudience,verifiedPublisher,keyCredentials,passwordCredentials,tags`,
        )
      ).body,
    )
    expect(client.appOwnerOrganizationId).toBe(tenant.id)
    const owners = collectionSchema(directoryObjectSchema).parse(
      (await graphGet(cloud, token, `/v1.0/servicePrincipals/${own.servicePrincipalId}/owners`))
        .body,
    )
    expect(owners.value.map((o) => o.id)).toEqual(own.owners.map((o) => o.id))
    const application = applicationSchema.parse(
      (await graphGet(cloud, token, `/v1.0/applications(appId='${own.appId}')`)).body,
    )
    expect(
      (application.passwordCredentials?.length ?? 0) + (application.keyCredentials?.length ?? 0),
    ).toBe(own.credentials.length)
    const missing = await graphGet(cloud, token, `/v1.0/applications(appId='${thirdParty.appId}')`)
    expect(missing.status).toBe(404)
    expect(graphErrorSchema.parse(missing.body).error.code).toBe('Request_ResourceNotFound')
  })

  it('answers $batch of up to 20 requests, each with its own status', async () => {
    const tenant = cloud.tenants[0]!
    const apps = connectedApps(tenant.demo).slice(0, 3)
    const requests = [
      ...apps.map((a, i) => ({
        id: String(i + 1),
        method: 'GET',
        url: `/servicePrincipals/${a.servicePrincipalId}?$select=id,displayName`,
      })),
      { id: '9', method: 'GET', url: '/servicePrincipals/00000000-0000-4000-8000-000000000000' },
    ]
    const res = await postJson(cloud, token, `${cloud.graphUrl}/v1.0/$batch`, { requests })
    const batch = batchResponseSchema.parse(res.body)
    expect(batch.responses.map((r) => [r.id, r.status])).toEqual([
      ['1', 200],
      ['2', 200],
      ['3', 200],
      ['9', 404],
    ])
    expect(servicePrincipalSchema.parse(batch.responses[0]!.body).displayName).toBe(
      apps[0]!.displayName,
    )
    const tooMany = await postJson(cloud, token, `${cloud.graphUrl}/v1.0/$batch`, {
      requests: Array.from({ length: 21 }, (_, i) => ({
        id: String(i),
        method: 'GET',
        url: '/servicePrincipals/x',
      })),
    })
    expect(tooMany.status).toBe(400)
  })

  it('verifies tokens like Graph: wrong audience and expiry are 401, a missing permission 403', async () => {
    const tenant = cloud.tenants[0]!
    const laToken = await appToken(cloud, tenant, 'logAnalytics')
    const wrongAudience = await graphGet(
      cloud,
      laToken,
      `/v1.0/servicePrincipals(appId='${MDE_RESOURCE_APP_ID}')`,
    )
    expect(wrongAudience.status).toBe(401)
    expect(graphErrorSchema.parse(wrongAudience.body).error.code).toBe('InvalidAuthenticationToken')
    expect((await graphGet(cloud, 'not-a-jwt', '/v1.0/oauth2PermissionGrants')).status).toBe(401)

    cloud.advance(3 * 3_600_000)
    try {
      const expired = await graphGet(
        cloud,
        token,
        `/v1.0/servicePrincipals(appId='${MDE_RESOURCE_APP_ID}')`,
      )
      expect(expired.status).toBe(401)
      expect(graphErrorSchema.parse(expired.body).error.message).toMatch(/expired/)
    } finally {
      cloud.setNow(NOW)
    }

    const client = automationClient(tenant)
    const saved = [...client.application.graph]
    client.application.graph = ['Application.Read.All']
    try {
      const limited = await appToken(cloud, tenant)
      expect(
        (await graphGet(cloud, limited, `/v1.0/servicePrincipals(appId='${MDE_RESOURCE_APP_ID}')`))
          .status,
      ).toBe(200)
      // The reports API names the app's missing permission; a directory read does not.
      const denied = await graphGet(cloud, limited, '/beta/auditLogs/signIns?$top=1')
      expect(denied.status).toBe(403)
      expect(graphErrorSchema.parse(denied.body).error.code).toBe(
        'Authentication_MSGraphPermissionMissing',
      )
      const grants = await graphGet(cloud, limited, '/v1.0/oauth2PermissionGrants')
      expect(grants.status).toBe(403)
      expect(graphErrorSchema.parse(grants.body).error.code).toBe('Authorization_RequestDenied')
    } finally {
      client.application.graph = saved
    }
  })

  it('reports a tenant without MDE (404) and without a premium licence (403)', async () => {
    const tenant = cloud.tenants[1]!
    const other = await appToken(cloud, tenant)
    const noMde = await graphGet(
      cloud,
      other,
      `/v1.0/servicePrincipals(appId='${MDE_RESOURCE_APP_ID}')?$select=id`,
    )
    expect(noMde.status).toBe(404)
    expect(graphErrorSchema.parse(noMde.body).error.code).toBe('Request_ResourceNotFound')
    const noLicence = await graphGet(cloud, other, '/beta/auditLogs/signIns?$top=1')
    expect(noLicence.status).toBe(403)
    expect(graphErrorSchema.parse(noLicence.body).error.code).toBe(
      'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
    )
    tenant.licence = 'P1'
    expect((await graphGet(cloud, other, '/beta/auditLogs/signIns?$top=1')).status).toBe(200)
  })
})
