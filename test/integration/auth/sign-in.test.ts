// Real MSAL (through the app's AuthService) against the fake Entra, with Chromium as the system
// browser: sign-in, silent tokens, refresh, revocation, declined consent, cancel, two tenants,
// sign-out — and no token anywhere in the files the app writes.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from '@playwright/test'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { FakeCloud, FakeTenant } from '../../fake-cloud'
import { claims } from '../fake-cloud/helpers'
import { dispatchInvoke, eventNames, type InvokeChannel } from '../../../src-main/contract'
import { runCli } from '../../../src-main/cli/run'
import { NOW, completeSignIn, coreForCloud, filesBelow, launchBrowser, readAll, startCloudForAuth, type AuthTestCore } from './support'

let cloud: FakeCloud
let browser: Browser
let contoso: FakeTenant
let fabrikam: FakeTenant
const issued: string[] = []
const cores: AuthTestCore[] = []

beforeAll(async () => {
  cloud = await startCloudForAuth(['contoso', 'fabrikam'])
  contoso = cloud.tenants[0]!
  fabrikam = cloud.tenants[1]!
  // One multi-tenant registration, consented in both tenants (as for an MSSP).
  fabrikam.clients.find((c) => c.kind === 'public')!.clientId = contoso.clients.find((c) => c.kind === 'public')!.clientId
  cloud.entra.onTokenIssued = (token) => issued.push(token)
  browser = await launchBrowser(cloud)
})

afterEach(() => {
  vi.useRealTimers()
})

afterAll(async () => {
  cloud.entra.onTokenIssued = null
  await browser?.close()
  await cloud?.close()
})

async function newCore(options: Parameters<typeof coreForCloud>[3] = {}): Promise<AuthTestCore> {
  const core = await coreForCloud(cloud, contoso, browser, options)
  cores.push(core)
  return core
}

const adminOf = (tenant: FakeTenant) => tenant.users.find((u) => u.directoryRoles.includes('Global Reader'))!

/** Moves MSAL's view of time (Date only) past the access token's expiry; the network is untouched. */
function jumpPastTokenExpiry(hours = 2): void {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(Date.now() + hours * 3_600_000)
}

describe('interactive sign-in through the app', () => {
  it('signs in, serves silent tokens from cache, refreshes after expiry, and tells the user when the session is revoked', async () => {
    const core = await newCore()
    const admin = adminOf(contoso)
    const signingIn = core.service.signIn(undefined)
    const page = await core.nextPage()
    expect((await core.service.getAuthStatus()).signInPending).toBe(true)
    // Only the configured authority's origin was opened, with PKCE and form_post.
    const authorize = new URL(core.opened[0]!)
    expect(authorize.origin).toBe(cloud.url)
    expect(authorize.searchParams.get('response_mode')).toBe('form_post')
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    await completeSignIn(page, admin.userPrincipalName)
    const account = await signingIn
    await page.getByText('You are signed in').waitFor()
    await page.context().close()

    expect(account).toMatchObject({ username: admin.userPrincipalName, tenantId: contoso.id })
    const status = await core.service.getAuthStatus()
    expect(status.accounts.map((a) => a.username)).toEqual([admin.userPrincipalName])
    expect(status.signInPending).toBe(false)

    const provider = await core.service.auth.tokenProvider(core.service.settings, account.homeAccountId)
    const grants = { ...cloud.entra.grantsServed }
    const first = await provider.getAccessToken('graph')
    expect(claims(first)).toMatchObject({ tid: contoso.id, aud: cloud.graphUrl })
    expect(String(claims(first)['scp']).split(' ')).toEqual(
      expect.arrayContaining(['Application.Read.All', 'Directory.Read.All', 'AuditLog.Read.All']),
    )
    expect(await provider.getAccessToken('graph')).toBe(first)
    expect(cloud.entra.grantsServed).toEqual(grants) // served from MSAL's cache

    jumpPastTokenExpiry()
    const refreshed = await provider.getAccessToken('graph')
    expect(refreshed).not.toBe(first)
    expect(cloud.entra.grantsServed['refresh_token']).toBe((grants['refresh_token'] ?? 0) + 1)

    expect(cloud.entra.revokeRefreshTokens(admin.id)).toBeGreaterThan(0)
    jumpPastTokenExpiry(4)
    await expect(provider.getAccessToken('graph')).rejects.toMatchObject({
      code: 'auth_interaction_required',
      message: expect.stringMatching(/expired or was revoked/),
    })
  })

  it('returns to a clean state with a message when consent is declined on the sign-in page', async () => {
    const core = await newCore()
    const signingIn = core.service.signIn(undefined).then(
      () => null,
      (error: unknown) => error,
    )
    const page = await core.nextPage()
    await page.waitForSelector('#cancel')
    await page.click('#cancel') // Entra's "decline" answers access_denied (AADSTS65004)
    const error = await signingIn
    expect(error).toMatchObject({ code: 'auth_failed', message: expect.stringMatching(/Consent was declined/) })
    await page.getByText('Sign-in did not complete').waitFor()
    const errorPage = await page.content()
    expect(errorPage).not.toMatch(/AADSTS|access_denied/) // the static page reflects nothing
    await page.context().close()
    const status = await core.service.getAuthStatus()
    expect(status).toMatchObject({ signInPending: false, accounts: [] })
  })

  it('cancels a pending sign-in from the app, frees the listener, and can sign in again', async () => {
    const core = await newCore()
    const first = core.service.signIn(undefined).then(
      () => null,
      (error: unknown) => error,
    )
    const page = await core.nextPage()
    await page.waitForSelector('#password')
    expect(await core.service.cancelSignIn()).toEqual({ cancelled: true })
    expect(await first).toMatchObject({ code: 'auth_cancelled' })
    const redirect = new URL(new URL(core.opened[0]!).searchParams.get('redirect_uri')!)
    await expect(fetch(redirect, { method: 'POST' })).rejects.toThrow() // the loopback port is closed
    await page.context().close()
    expect(await core.service.cancelSignIn()).toEqual({ cancelled: false })

    const again = core.service.signIn(undefined)
    const retry = await core.nextPage()
    await completeSignIn(retry, adminOf(contoso).userPrincipalName)
    await expect(again).resolves.toMatchObject({ tenantId: contoso.id })
    await retry.context().close()
  })

  it('gives up when the browser tab is closed and nobody answers, leaving a clean state', async () => {
    const core = await newCore({ interactiveTimeoutMs: 1_500 })
    const signingIn = core.service.signIn(undefined).then(
      () => null,
      (error: unknown) => error,
    )
    const page = await core.nextPage()
    await page.waitForSelector('#password')
    await page.context().close()
    expect(await signingIn).toMatchObject({ code: 'auth_cancelled' })
    expect((await core.service.getAuthStatus()).signInPending).toBe(false)
  })

  it('refuses a second sign-in while one is waiting in the browser', async () => {
    const core = await newCore()
    const first = core.service.signIn(undefined).catch((error: unknown) => error)
    const page = await core.nextPage()
    await page.waitForSelector('#password')
    await expect(core.service.signIn(undefined)).rejects.toMatchObject({ code: 'auth_in_progress' })
    await core.service.cancelSignIn()
    await first
    await page.context().close()
  })

  it('holds two accounts in two tenants at once, each with its own tokens, and signs one out', async () => {
    const core = await newCore()
    const signInTo = async (tenant: FakeTenant) => {
      const pending = core.service.signIn(tenant === contoso ? undefined : { tenantId: tenant.id })
      const page = await core.nextPage()
      await completeSignIn(page, adminOf(tenant).userPrincipalName)
      const account = await pending
      await page.context().close()
      return account
    }
    const home = await signInTo(contoso)
    const customer = await signInTo(fabrikam)
    const status = await core.service.getAuthStatus()
    expect(status.accounts.map((a) => a.tenantId).sort()).toEqual([contoso.id, fabrikam.id].sort())

    const homeToken = await (await core.service.auth.tokenProvider(core.service.settings, home.homeAccountId)).getAccessToken('graph')
    const customerToken = await (await core.service.auth.tokenProvider(core.service.settings, customer.homeAccountId)).getAccessToken('graph')
    expect(claims(homeToken)['tid']).toBe(contoso.id)
    expect(claims(customerToken)['tid']).toBe(fabrikam.id)

    const after = await core.service.signOut({ homeAccountId: customer.homeAccountId })
    expect(after.accounts.map((a) => a.homeAccountId)).toEqual([home.homeAccountId])
    await expect(
      (await core.service.auth.tokenProvider(core.service.settings, customer.homeAccountId)).getAccessToken('graph'),
    ).rejects.toMatchObject({ code: 'auth_interaction_required' })
    await expect(core.service.signOut({ homeAccountId: customer.homeAccountId })).rejects.toMatchObject({ code: 'not_found' })
  })

  it('recovers when Graph judges the cached token expired (clock skew, expiry mid-sync)', async () => {
    const core = await newCore()
    const pending = core.service.signIn(undefined)
    const page = await core.nextPage()
    await completeSignIn(page, adminOf(contoso).userPrincipalName)
    await pending
    await page.context().close()
    // Two hours pass for Entra and Graph but not for this machine: MSAL still trusts its cached
    // token, Graph answers 401, and the client must get a fresh one instead of failing the sync.
    const refreshesBefore = cloud.entra.grantsServed['refresh_token'] ?? 0
    cloud.advance(2 * 3_600_000)
    try {
      const summary = await core.service.syncNow({ days: 1 })
      expect(summary).toMatchObject({ source: 'graph', cancelled: false })
      expect(summary.events).toBeGreaterThan(0)
      expect(cloud.entra.grantsServed['refresh_token'] ?? 0).toBeGreaterThan(refreshesBefore)
    } finally {
      cloud.setNow(NOW)
    }
  })

  it('never writes an issued token to the data directory, the logs, CSV exports or the bridge, through sign-in and a full sync', async () => {
    // Runs last: every earlier test's tokens (and this one's) are in `issued`.
    const core = await newCore({ logLevel: 'debug' })
    // Everything that would cross the bridge: each answer of the dispatcher the IPC handlers use,
    // and each event pushed to the renderer.
    const traffic: string[] = []
    for (const name of eventNames) core.service.events.on(name, (payload) => traffic.push(JSON.stringify(payload)))
    const call = async (channel: InvokeChannel, payload?: unknown) => {
      const result = await dispatchInvoke(core.service, channel, payload)
      traffic.push(JSON.stringify(result))
      return result
    }
    const pending = call('signIn')
    const page = await core.nextPage()
    await completeSignIn(page, adminOf(contoso).userPrincipalName)
    expect(await pending).toMatchObject({ ok: true })
    await page.context().close()
    // A real sync through Graph with the admin's tokens: discovery, sign-ins, the store written.
    const synced = await call('syncNow', { days: 1 })
    expect(synced).toMatchObject({ ok: true, value: { source: 'graph', tenantId: contoso.id, cancelled: false } })
    const summary = (synced as { value: { events: number } }).value
    expect(summary.events).toBeGreaterThan(0)
    const overview = await call('listApps')
    const apps = (overview as { value: { apps: Array<{ appId: string }> } }).value.apps
    expect(apps.length).toBeGreaterThan(0)
    await call('getAppDetail', { appId: apps[0]!.appId })
    for (const channel of ['getAuthStatus', 'getAppInfo', 'getSettings', 'getSyncStatus'] as const) await call(channel)
    // The CSV exports read the same store: usage and inventory written to files, scanned below too.
    for (const what of ['usage', 'inventory'] as const) {
      const out = join(core.dataDir, `export-${what}.csv`)
      const code = await runCli(['export', '--what', what, '--out', out, '--data-dir', core.dataDir], {
        stdout: () => undefined,
        stderr: () => undefined,
      })
      expect(code).toBe(0)
      expect(readFileSync(out, 'utf8').split('\n').length).toBeGreaterThan(1)
    }
    const bridge = traffic.join('\n')
    for (const token of issued) expect(bridge.includes(token), 'an issued token crossed the bridge').toBe(false)
    expect(bridge).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/)

    expect(issued.length).toBeGreaterThan(10)
    const files = cores.flatMap((c) => filesBelow(c.dataDir))
    expect(files.some((file) => file.endsWith('app.log'))).toBe(true)
    for (const file of files) {
      const content = readAll(file)
      for (const token of issued) {
        expect(content.includes(token), `${file} holds an issued token`).toBe(false)
        // Also no recognisable fragment (the signature part of a JWT, the body of a refresh token).
        expect(content.includes(token.slice(-40)), `${file} holds part of an issued token`).toBe(false)
      }
    }
  })
})
