// The tenant scenarios the app explains to the admin, as the fake cloud plays them: an empty tenant
// (MDE set up, no application connected to it), a signed-in user without a reader role (the reports
// API names the role), a 403 injected the way Graph refuses a directory read, and any Graph error
// body injected as given. Delegated tokens come from a real msal-node
// sign-in with the scripted browser, which the renderer E2E run uses as its system browser.
import { PublicClientApplication } from '@azure/msal-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  collectionSchema,
  graphErrorSchema,
  appRoleAssignmentSchema,
  oauth2PermissionGrantSchema,
} from '../../../src-main/core/graph/schemas'
import { MDE_RESOURCE_APP_ID } from '../../../src-main/core/sources/types'
import { DEFAULT_PASSWORD, networkClientTrusting, startFakeCloud } from '../../fake-cloud'
import type { FakeCloud, FakeTenant } from '../../fake-cloud'
import { signInWithScriptedBrowser } from '../../fake-cloud/scripted-browser'
import { appToken, graphGet, NOW, publicClient } from './helpers'

const mdeServicePrincipal = `/v1.0/servicePrincipals(appId='${MDE_RESOURCE_APP_ID}')`

function servicePrincipalSignIns(): string {
  const to = new Date(NOW)
  const from = new Date(to.getTime() - 7 * 86_400_000)
  const filter = `createdDateTime ge ${from.toISOString()} and createdDateTime lt ${to.toISOString()} and resourceId eq '${MDE_RESOURCE_APP_ID}' and signInEventTypes/any(t: t eq 'servicePrincipal')`
  return `/beta/auditLogs/signIns?$filter=${encodeURIComponent(filter)}&$top=50`
}

describe('fake cloud tenant scenarios', () => {
  let cloud: FakeCloud
  let contoso: FakeTenant
  let empty: FakeTenant

  beforeAll(async () => {
    cloud = await startFakeCloud({
      now: NOW,
      timeScale: 0,
      throttle: false,
      tenants: [
        { seed: 'contoso', size: 'tiny' },
        { seed: 'emptyco', size: 'tiny', empty: true },
      ],
    })
    contoso = cloud.tenants[0]!
    empty = cloud.tenants[1]!
  })
  afterAll(async () => cloud?.close())

  it('serves an empty tenant: MDE is there, but no application holds a permission or signs in to it', async () => {
    for (const [tenant, expectApps] of [
      [contoso, true],
      [empty, false],
    ] as const) {
      const token = await appToken(cloud, tenant)
      expect((await graphGet(cloud, token, `${mdeServicePrincipal}?$select=id`)).status).toBe(200)
      const assignments = collectionSchema(appRoleAssignmentSchema).parse(
        (await graphGet(cloud, token, `${mdeServicePrincipal}/appRoleAssignedTo`)).body,
      )
      const grants = collectionSchema(oauth2PermissionGrantSchema).parse(
        (
          await graphGet(
            cloud,
            token,
            `/v1.0/oauth2PermissionGrants?$filter=${encodeURIComponent(`resourceId eq '${tenant.demo.resource.servicePrincipalId}'`)}`,
          )
        ).body,
      )
      const signIns = await graphGet(cloud, token, servicePrincipalSignIns())
      expect(signIns.status).toBe(200)
      const rows = (signIns.body as { value: unknown[] }).value
      expect(assignments.value.length > 0).toBe(expectApps)
      expect(grants.value.length + assignments.value.length > 0).toBe(expectApps)
      expect(rows.length > 0).toBe(expectApps)
    }
  })

  it('signs a user in through the scripted browser; without a reader role Graph refuses the sign-in logs', async () => {
    const pca = new PublicClientApplication({
      auth: {
        clientId: publicClient(contoso).clientId,
        authority: cloud.authority(contoso.id),
        knownAuthorities: [cloud.host],
      },
      system: { networkClient: networkClientTrusting(cloud.caPem) },
    })
    const scopes = [`${cloud.graphUrl}/AuditLog.Read.All`, `${cloud.graphUrl}/Directory.Read.All`]
    const tokenFor = async (upn: string) => {
      let browser: Promise<unknown> = Promise.resolve()
      const result = await pca.acquireTokenInteractive({
        scopes,
        openBrowser: async (url) => {
          browser = signInWithScriptedBrowser(url, cloud.caPem, {
            userPrincipalName: upn,
            password: DEFAULT_PASSWORD,
          })
        },
        successTemplate: '<p>Signed in.</p>',
        errorTemplate: '<p>Sign-in failed.</p>',
      })
      await expect(browser).resolves.toMatchObject({
        loopbackStatus: 200,
        fields: { code: expect.any(String) },
      })
      return result.accessToken
    }
    const guest = contoso.users.find((user) => user.directoryRoles.length === 0)!
    const reader = contoso.users.find((user) => user.directoryRoles.includes('Global Reader'))!

    const guestToken = await tokenFor(guest.userPrincipalName)
    expect((await graphGet(cloud, guestToken, `${mdeServicePrincipal}?$select=id`)).status).toBe(
      200,
    )
    const refused = await graphGet(cloud, guestToken, servicePrincipalSignIns())
    expect(refused.status).toBe(403)
    // The reports API names the missing role, as Graph does.
    expect(graphErrorSchema.parse(refused.body).error).toMatchObject({
      code: 'Authentication_RequestFromUnsupportedUserRole',
      message: 'User is not in the allowed roles',
    })

    const readerToken = await tokenFor(reader.userPrincipalName)
    expect((await graphGet(cloud, readerToken, servicePrincipalSignIns())).status).toBe(200)
  })

  it('tells a wrong password apart from a page it does not understand', async () => {
    const url = new URL(`${cloud.authority(contoso.id)}/oauth2/v2.0/authorize`)
    url.search = new URLSearchParams({
      client_id: publicClient(contoso).clientId,
      response_type: 'code',
      response_mode: 'form_post',
      redirect_uri: 'http://localhost:9/',
      scope: `${cloud.graphUrl}/AuditLog.Read.All openid`,
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
    }).toString()
    const admin = contoso.users[0]!
    await expect(
      signInWithScriptedBrowser(url.toString(), cloud.caPem, {
        userPrincipalName: admin.userPrincipalName,
        password: 'wrong',
      }),
    ).rejects.toThrow(/did not let .* through \(400\): AADSTS50126/)
    await expect(
      signInWithScriptedBrowser(`${cloud.url}/nothing-here`, cloud.caPem, {
        userPrincipalName: 'a@b.c',
        password: 'x',
      }),
    ).rejects.toThrow(/did not answer with the sign-in page \(404\)/)
  })

  it('answers an injected 403 the way Graph words a refused directory read', async () => {
    const token = await appToken(cloud, contoso)
    cloud.faults.add({
      service: 'graph',
      path: '/oauth2PermissionGrants',
      fault: { kind: 'status', status: 403 },
    })
    const denied = await graphGet(cloud, token, '/v1.0/oauth2PermissionGrants')
    expect(denied.status).toBe(403)
    expect(graphErrorSchema.parse(denied.body).error).toMatchObject({
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    })
    expect((await graphGet(cloud, token, '/v1.0/oauth2PermissionGrants')).status).toBe(200)
  })

  it('answers an injected Graph error body exactly as given', async () => {
    const token = await appToken(cloud, contoso)
    const error = {
      code: 'Authentication_MSGraphPermissionMissing',
      message: 'Calling principal does not have required MSGraph permissions AuditLog.Read.All',
    }
    cloud.faults.add({
      service: 'graph',
      path: '/auditLogs/',
      fault: { kind: 'graphError', status: 403, ...error },
    })
    const denied = await graphGet(cloud, token, servicePrincipalSignIns())
    expect(denied.status).toBe(403)
    expect(graphErrorSchema.parse(denied.body).error).toMatchObject(error)
    expect((await graphGet(cloud, token, servicePrincipalSignIns())).status).toBe(200)
  })
})
