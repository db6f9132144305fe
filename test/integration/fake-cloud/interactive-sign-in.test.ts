// A real msal-node PublicClientApplication signs in against the fake Entra, with Chromium (driven by
// Playwright) playing the system browser.
import { PublicClientApplication } from '@azure/msal-node'
import { chromium } from '@playwright/test'
import type { Browser } from '@playwright/test'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  openIdConfigurationSchema,
  servicePrincipalSchema,
} from '../../../src-main/core/graph/schemas'
import {
  DEFAULT_PASSWORD,
  httpsJson,
  networkClientTrusting,
  startFakeCloud,
} from '../../fake-cloud'
import type { FakeCloud } from '../../fake-cloud'
import { chromiumArgs, claims, graphGet, NOW, publicClient } from './helpers'

describe('interactive sign-in with msal-node and Chromium as the system browser', () => {
  let cloud: FakeCloud
  let browser: Browser

  beforeAll(async () => {
    cloud = await startFakeCloud({ now: NOW, timeScale: 0, tenants: [{ size: 'tiny' }] })
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: chromiumArgs(cloud),
    })
  })
  afterAll(async () => {
    await browser?.close()
    await cloud?.close()
  })

  it('serves OpenID discovery for the tenant', async () => {
    const tenant = cloud.tenants[0]!
    const res = await httpsJson(
      'GET',
      `${cloud.authority(tenant.id)}/v2.0/.well-known/openid-configuration`,
      cloud.caPem,
    )
    const config = openIdConfigurationSchema.parse(JSON.parse(res.text))
    expect(config.issuer).toBe(`${cloud.url}/${tenant.id}/v2.0`)
    expect(config.response_modes_supported).toContain('form_post')
    const unknown = await httpsJson(
      'GET',
      `${cloud.url}/nosuch.onmicrosoft.com/v2.0/.well-known/openid-configuration`,
      cloud.caPem,
    )
    expect(unknown.status).toBe(400)
    expect(JSON.parse(unknown.text).error_codes).toEqual([90002])
  })

  it('completes acquireTokenInteractive, then serves silent, refresh with rotation, and revocation', async () => {
    const tenant = cloud.tenants[0]!
    const admin = tenant.users.find((u) => u.directoryRoles.includes('Global Reader'))!
    const pca = new PublicClientApplication({
      auth: {
        clientId: publicClient(tenant).clientId,
        authority: cloud.authority(tenant.id),
        knownAuthorities: [cloud.host],
      },
      system: { networkClient: networkClientTrusting(cloud.caPem) },
    })
    const context = await browser.newContext()
    const page = await context.newPage()
    const scopes = [`${cloud.graphUrl}/AuditLog.Read.All`, `${cloud.graphUrl}/Directory.Read.All`]
    const pending = pca.acquireTokenInteractive({
      scopes,
      openBrowser: async (url) => {
        expect(new URL(url).searchParams.get('response_mode')).toBe('form_post')
        void page.goto(url)
      },
      successTemplate: '<p id="done">Signed in. You can close this window.</p>',
      errorTemplate: '<p id="failed">Sign-in failed: {{error}}</p>',
    })
    await page.waitForSelector('#password')
    expect(await page.locator('#permissions').textContent()).toContain('AuditLog.Read.All')
    await page.locator(`input[name=pick][value="${admin.userPrincipalName}"]`).check()
    await page.fill('#password', 'wrong password')
    await page.click('#signin')
    await expect.poll(async () => page.locator('#error').textContent()).toContain('AADSTS50126')
    await page.fill('#username', admin.userPrincipalName)
    await page.fill('#password', DEFAULT_PASSWORD)
    await page.click('#signin')
    await page.waitForSelector('#done')
    const result = await pending
    await context.close()

    expect(result.account?.username).toBe(admin.userPrincipalName)
    expect(result.account?.homeAccountId).toBe(`${admin.id}.${tenant.id}`)
    expect(result.tenantId).toBe(tenant.id)
    const access = claims(result.accessToken)
    expect(access['aud']).toBe(cloud.graphUrl)
    expect(access['tid']).toBe(tenant.id)
    expect(String(access['scp']).split(' ')).toEqual(
      expect.arrayContaining(['AuditLog.Read.All', 'Directory.Read.All']),
    )
    expect(access['exp']).toBe(Math.floor(new Date(NOW).getTime() / 1000) + 3600)

    // The token works against the fake Graph.
    const sp = await graphGet(
      cloud,
      result.accessToken,
      `/v1.0/servicePrincipals(appId='fc780465-2017-40d4-a0c5-307022471b92')?$select=id,appId,displayName,appRoles`,
    )
    expect(sp.status).toBe(200)
    expect(servicePrincipalSchema.parse(sp.body).displayName).toBe('WindowsDefenderATP')

    // Silent: from MSAL's cache, no token request.
    const grantsBefore = { ...cloud.entra.grantsServed }
    const silent = await pca.acquireTokenSilent({ account: result.account!, scopes })
    expect(silent.accessToken).toBe(result.accessToken)
    expect(cloud.entra.grantsServed).toEqual(grantsBefore)

    // Forced refresh: a refresh_token grant, which rotates the refresh token.
    const refreshed = await pca.acquireTokenSilent({
      account: result.account!,
      scopes,
      forceRefresh: true,
    })
    expect(cloud.entra.grantsServed['refresh_token']).toBe((grantsBefore['refresh_token'] ?? 0) + 1)
    expect(refreshed.accessToken).not.toBe(result.accessToken)

    // Revoking the user's sessions makes the next refresh fail like Entra does.
    expect(cloud.entra.revokeRefreshTokens(admin.id)).toBeGreaterThan(0)
    await expect(
      pca.acquireTokenSilent({ account: result.account!, scopes, forceRefresh: true }),
    ).rejects.toThrow(/AADSTS50173/)
  })

  it('answers Cancel on the sign-in page with access_denied to the app', async () => {
    const tenant = cloud.tenants[0]!
    const pca = new PublicClientApplication({
      auth: {
        clientId: publicClient(tenant).clientId,
        authority: cloud.authority(tenant.id),
        knownAuthorities: [cloud.host],
      },
      system: { networkClient: networkClientTrusting(cloud.caPem) },
    })
    const context = await browser.newContext()
    const page = await context.newPage()
    const pending = pca.acquireTokenInteractive({
      scopes: [`${cloud.graphUrl}/AuditLog.Read.All`],
      openBrowser: async (url) => void page.goto(url),
      errorTemplate: '<p id="failed">{{error}}</p>',
    })
    const outcome = pending.then(
      () => 'signed in',
      (e: unknown) => String(e),
    )
    await page.waitForSelector('#cancel')
    await page.click('#cancel')
    expect(await outcome).toMatch(/access_denied/)
    await context.close()
  })

  it('signs in with the device code flow through the verification page', async () => {
    const tenant = cloud.tenants[0]!
    cloud.entra.options.deviceCodeIntervalSeconds = 0
    const analyst = tenant.users.find((u) => u.directoryRoles.includes('Security Reader'))!
    const pca = new PublicClientApplication({
      auth: {
        clientId: publicClient(tenant).clientId,
        authority: cloud.authority(tenant.id),
        knownAuthorities: [cloud.host],
      },
      system: { networkClient: networkClientTrusting(cloud.caPem) },
    })
    const context = await browser.newContext()
    const page = await context.newPage()
    let approval: Promise<void> = Promise.resolve()
    const result = await pca.acquireTokenByDeviceCode({
      scopes: [`${cloud.graphUrl}/AuditLog.Read.All`],
      deviceCodeCallback: (response) => {
        expect(response.message).toContain(response.userCode)
        approval = (async () => {
          await page.goto(response.verificationUri)
          await page.fill('#code', response.userCode)
          await page.fill('#username', analyst.userPrincipalName)
          await page.fill('#password', DEFAULT_PASSWORD)
          await page.click('#continue')
          await page.waitForSelector('#done')
        })()
      },
    })
    await approval
    await context.close()
    expect(result?.account?.username).toBe(analyst.userPrincipalName)
    expect(claims(result!.accessToken)['scp']).toContain('AuditLog.Read.All')
  })
})
