// "Try the demo tenant" at run time over a configured tenant (AppService.switchDataMode): the demo
// is served, nothing of the tenant is used, shown or changed, and going back shows the tenant again.
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { dispatchInvoke, type AccountSummary, type TenantSummary } from '../../../src-main/contract'
import { createCore, type Core } from '../../../src-main/core/bootstrap'
import { settingsFileName } from '../../../src-main/core/settings-store'
import { connectedApp } from '../store/helpers'
import type { TokenProvider } from '../../../src-main/core/auth/auth-service'
import { makeTempDir, testRuntime } from '../../support/core'

const tenantId = '7d2c4f1e-9a3b-4c5d-8e6f-0a1b2c3d4e5f'
const clientId = '0f9e8d7c-6b5a-4321-8fed-cba987654321'
const now = new Date('2026-11-20T12:00:00Z')
const account: AccountSummary = {
  homeAccountId: `oid.${tenantId}`,
  username: 'admin@contoso.example',
  tenantId,
  displayName: 'Admin',
}

const cores: Array<{ core: Core; dataDir: string }> = []
afterEach(() => {
  for (const { dataDir } of cores.splice(0)) rmSync(dataDir, { recursive: true, force: true })
  vi.restoreAllMocks()
})

/** A core whose tenant is set up and has one app in its local history, with an account "signed in". */
async function configuredCore(options: { forceDemo?: boolean } = {}) {
  const dataDir = makeTempDir('dca-demo-switch-')
  const core = createCore({
    runtime: testRuntime,
    dataDir,
    forceDemo: options.forceDemo ?? false,
    now: () => now,
    tokenCacheFactory: async () => ({
      plugin: null,
      keychain: 'unavailable',
      reason: 'memory only in tests',
      problem: null,
    }),
    launchExternal: async () => {},
  })
  cores.push({ core, dataDir })
  await core.service.updateSettings({ tenant: { cloud: 'public', tenantId, clientId } })
  // No real sign-in here: the account list and the token provider are the tenant's, spied on.
  const accounts = vi.spyOn(core.service.auth, 'accounts').mockResolvedValue([account])
  const tokens = vi.spyOn(core.service.auth, 'tokenProvider').mockResolvedValue({
    getToken: async () => {
      throw new Error('no token may be asked for in these tests')
    },
  } as unknown as TokenProvider)
  const app = connectedApp({
    servicePrincipalId: '5e000000-0000-4000-8000-000000000001',
    appId: 'a9000000-0000-4000-8000-000000000001',
    displayName: 'SOC ingest (the tenant’s own)',
    appOwnerOrganizationId: tenantId,
    createdDateTime: '2026-10-01T00:00:00Z',
  })
  core.service.data.store.applyDiscovery(tenantId, [app], now)
  core.service.data.store.setHighWaterMark(tenantId, 'graph', now)
  return { core, dataDir, accounts, tokens }
}

function settingsFile(dataDir: string): string {
  return readFileSync(join(dataDir, settingsFileName), 'utf8')
}

describe('switchDataMode', () => {
  it('serves the demo tenant without touching the tenant, and going back shows the tenant again', async () => {
    const { core, dataDir, accounts, tokens } = await configuredCore()
    const service = core.service
    const settingsBefore = settingsFile(dataDir)
    const tenantAppsBefore = service.data.store.listApps(tenantId)
    expect(tenantAppsBefore.map((app) => app.displayName)).toEqual([
      'SOC ingest (the tenant’s own)',
    ])

    const before = await service.listApps(undefined)
    expect(before.tenant).toMatchObject<Partial<TenantSummary>>({ tenantId, source: 'graph' })
    expect(before.apps.map((app) => app.displayName)).toEqual(['SOC ingest (the tenant’s own)'])

    const authEvents: unknown[] = []
    service.events.on('authChanged', (status) => authEvents.push(status))
    const inDemo = await service.switchDataMode({ mode: 'demo' })
    expect(inDemo).toMatchObject({
      mode: 'demo',
      demoReason: 'chosen',
      configured: true,
      accounts: [],
    })
    expect(authEvents).toEqual([inDemo])

    // Everything the renderer asks now is about the demo tenant, and nothing asks for the tenant's
    // accounts or tokens (a sync of the demo included).
    accounts.mockClear()
    const demoTenantId = service.data.demoSource().tenantId
    const demoBefore = await service.listApps(undefined)
    expect(demoBefore.tenants).toEqual([
      expect.objectContaining({ tenantId: demoTenantId, source: 'demo' }),
    ])
    await expect(service.listApps({ tenantId })).rejects.toMatchObject({ code: 'not_found' })
    await service.syncNow({ days: 1 })
    const demo = await service.listApps(undefined)
    expect(demo.tenant.tenantId).toBe(demoTenantId)
    expect(demo.apps.length).toBeGreaterThan(0)
    expect(demo.apps.map((app) => app.displayName)).not.toContain('SOC ingest (the tenant’s own)')
    expect(
      (await service.listAlerts(undefined)).alerts.every(
        (alert) => alert.tenantId === demoTenantId,
      ),
    ).toBe(true)
    expect(await service.getAuthStatus()).toMatchObject({ mode: 'demo', accounts: [] })
    expect((await service.getAppInfo()).mode).toBe('demo')
    // Signing in would fetch the tenant's tokens: refused until the admin goes back.
    // Refused before it starts, so not 'auth_failed'; the message names the tenant to go back to.
    await expect(service.signIn(undefined)).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining(`go back to your tenant ("Back to ${tenantId}")`),
    })
    expect(accounts).not.toHaveBeenCalled()
    expect(tokens).not.toHaveBeenCalled()

    // The tenant's settings file and local history are as they were.
    expect(settingsFile(dataDir)).toBe(settingsBefore)
    expect(service.data.store.listApps(tenantId)).toEqual(tenantAppsBefore)

    const back = await service.switchDataMode({ mode: 'tenant' })
    expect(back).toMatchObject({ mode: 'tenant', demoReason: null, accounts: [account] })
    const after = await service.listApps(undefined)
    expect(after.tenant).toEqual(before.tenant)
    expect(after.apps).toEqual(before.apps)
    expect(after.lastSync).toBe(before.lastSync)
    expect(settingsFile(dataDir)).toBe(settingsBefore)
  })

  it('lasts for this run only: a new core over the same folder shows the tenant', async () => {
    const { core, dataDir } = await configuredCore()
    await core.service.switchDataMode({ mode: 'demo' })
    const next = createCore({ runtime: testRuntime, dataDir, launchExternal: async () => {} })
    expect(next.service.mode).toBe('tenant')
    expect(next.service.demoReason).toBeNull()
  })

  it('goes back to the tenant from a run started with --demo, and says which demo it is', async () => {
    const { core } = await configuredCore({ forceDemo: true })
    expect(core.service.demoReason).toBe('started_in_demo')
    expect(await core.service.switchDataMode({ mode: 'tenant' })).toMatchObject({
      mode: 'tenant',
      demoReason: null,
    })
    expect(await core.service.switchDataMode({ mode: 'demo' })).toMatchObject({
      mode: 'demo',
      demoReason: 'chosen',
    })
  })

  it('refuses to go "back" to a tenant that is not set up, saying what to do', async () => {
    const dataDir = makeTempDir('dca-demo-switch-')
    const core = createCore({ runtime: testRuntime, dataDir, launchExternal: async () => {} })
    cores.push({ core, dataDir })
    expect(core.service.demoReason).toBe('not_configured')
    await expect(core.service.switchDataMode({ mode: 'tenant' })).rejects.toMatchObject({
      code: 'auth_not_configured',
      message: expect.stringContaining('Settings'),
    })
    expect(core.service.mode).toBe('demo')
  })

  it('refuses malformed payloads through the bridge with a validation error naming the field', async () => {
    const { core } = await configuredCore()
    for (const payload of [
      undefined,
      null,
      {},
      { mode: 'Demo' },
      { mode: 'tenant', tenantId },
      { mode: 1 },
      'demo',
    ]) {
      const result = await dispatchInvoke(core.service, 'switchDataMode', payload)
      expect(result.ok, JSON.stringify(payload)).toBe(false)
      if (result.ok) continue
      expect(result.error.code).toBe('validation')
      expect(result.error.message).toMatch(/^Invalid request to switchDataMode: /)
    }
    const bad = await dispatchInvoke(core.service, 'switchDataMode', { mode: 'production' })
    expect(bad).toMatchObject({
      ok: false,
      error: { issues: [expect.objectContaining({ path: 'mode' })] },
    })
    expect(core.service.mode).toBe('tenant')
    expect(await dispatchInvoke(core.service, 'switchDataMode', { mode: 'demo' })).toMatchObject({
      ok: true,
      value: { mode: 'demo' },
    })
  })

  it.each(['accounts', 'tokenProvider'] as const)(
    'a sync waiting for the tenant’s %s when the demo is chosen stops before it syncs with them',
    async (gated) => {
      const { core, accounts, tokens } = await configuredCore()
      const service = core.service
      let release: () => void = () => {}
      const gate = new Promise<void>((resolve) => (release = resolve))
      const spy = gated === 'accounts' ? accounts : tokens
      const real = spy.getMockImplementation()!
      spy.mockImplementationOnce((async (...args: unknown[]) => {
        await gate
        return (real as (...a: unknown[]) => unknown)(...args)
      }) as never)
      const dataSync = vi.spyOn(service.data, 'sync')
      const sync = service.syncNow({ days: 1 })
      await vi.waitFor(() => expect(spy).toHaveBeenCalled(), { timeout: 30_000 })
      await service.switchDataMode({ mode: 'demo' })
      release()
      await expect(sync).rejects.toMatchObject({
        code: 'validation',
        message: expect.stringContaining('switched to the demo tenant'),
      })
      expect(dataSync).not.toHaveBeenCalled()
      expect((await service.getSyncStatus()).running).toBe(false)
      // The demo itself still syncs.
      await service.syncNow({ days: 1 })
      expect(dataSync).toHaveBeenCalledWith({ kind: 'demo' }, expect.anything())
    },
  )

  it('will not switch to the demo while a sign-in to the tenant waits in the browser', async () => {
    const { core } = await configuredCore()
    const service = core.service
    let finish: () => void = () => {}
    vi.spyOn(service.auth, 'service').mockResolvedValue({
      signInInteractive: () => new Promise((resolve) => (finish = () => resolve(account))),
    } as never)
    const signIn = service.signIn(undefined)
    await vi.waitFor(async () => expect((await service.getAuthStatus()).signInPending).toBe(true), {
      timeout: 30_000,
    })
    await expect(service.switchDataMode({ mode: 'demo' })).rejects.toMatchObject({
      code: 'auth_in_progress',
      message: expect.stringContaining('finish or cancel it'),
    })
    expect(service.mode).toBe('tenant')
    finish()
    await expect(signIn).resolves.toEqual(account)
  })

  it('a sign-in whose auth service was being prepared when the demo was chosen does not start', async () => {
    const { core } = await configuredCore()
    const service = core.service
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    const signInInteractive = vi.fn(async () => account)
    const authService = vi.spyOn(service.auth, 'service').mockImplementation((async () => {
      await gate
      return { signInInteractive }
    }) as never)
    const signIn = service.signIn(undefined)
    await vi.waitFor(() => expect(authService).toHaveBeenCalled(), { timeout: 30_000 })
    await service.switchDataMode({ mode: 'demo' })
    release()
    await expect(signIn).rejects.toMatchObject({ code: 'validation' })
    expect(signInInteractive).not.toHaveBeenCalled()
  })

  it('does not "try the demo" when no tenant is set up, so a tenant set up later is shown', async () => {
    const dataDir = makeTempDir('dca-demo-switch-')
    const core = createCore({ runtime: testRuntime, dataDir, launchExternal: async () => {} })
    cores.push({ core, dataDir })
    await expect(core.service.switchDataMode({ mode: 'demo' })).rejects.toMatchObject({
      code: 'auth_not_configured',
    })
    await core.service.updateSettings({ tenant: { cloud: 'public', tenantId, clientId } })
    expect(core.service.demoReason).toBeNull()
    expect(core.service.mode).toBe('tenant')
  })

  it('names the tenant to go back to by its directory name once a sync has read it', async () => {
    const { core } = await configuredCore()
    core.service.data.store.ensureTenant(tenantId, 'Contoso Pharma Ltd')
    await core.service.switchDataMode({ mode: 'demo' })
    await expect(core.service.signIn(undefined)).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('("Back to Contoso Pharma Ltd")'),
    })
  })
})
