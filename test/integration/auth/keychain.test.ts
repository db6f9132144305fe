// The token cache in the real OS keychain (libsecret/gnome-keyring here, in the D-Bus session that
// .ci/run starts): it survives a restart of the auth service, the file beside it holds no token, and
// where no keychain exists the app says so and keeps tokens in memory only.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from '@playwright/test'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keychainServiceName } from '../../../src-main/core/auth/token-cache'
import type { FakeCloud, FakeTenant } from '../../fake-cloud'
import { makeTempDir } from '../../support/core'
import { completeSignIn, coreForCloud, filesBelow, launchBrowser, startCloudForAuth } from './support'

const root = join(import.meta.dirname, '../../..')

async function secretServiceProblem(): Promise<string | null> {
  try {
    const keytar = (await import('keytar')).default
    await keytar.setPassword('dca-keychain-probe', 'probe', 'ok')
    const value = await keytar.getPassword('dca-keychain-probe', 'probe')
    await keytar.deletePassword('dca-keychain-probe', 'probe')
    return value === 'ok' ? null : 'the Secret Service did not return what was stored'
  } catch (error) {
    return (error as Error).message
  }
}

const problem = await secretServiceProblem()
// CI starts dbus and gnome-keyring, so there a missing keychain is a failure, not a skip.
const skip = problem !== null && !process.env.CI
if (skip) {
  console.warn(
    `keychain tests skipped: no Secret Service (${problem}). Run them inside ` +
      "`dbus-run-session` with an unlocked gnome-keyring, as .ci/run does.",
  )
}

describe.skipIf(skip)('token cache in the OS keychain', () => {
  let cloud: FakeCloud
  let browser: Browser
  let tenant: FakeTenant

  beforeAll(async () => {
    cloud = await startCloudForAuth(['contoso'])
    tenant = cloud.tenants[0]!
    browser = await launchBrowser(cloud)
  })
  afterAll(async () => {
    await browser?.close()
    await cloud?.close()
  })

  it('is available, as the CI session provides', () => {
    expect(problem).toBeNull()
  })

  it('keeps the session across a restart of the auth service, with no token in any file', async () => {
    const dataDir = makeTempDir('dca-keychain-')
    const keytar = (await import('keytar')).default
    const admin = tenant.users.find((u) => u.directoryRoles.includes('Global Reader'))!

    // First run: sign in with the real keychain-backed cache.
    const first = await coreForCloud(cloud, tenant, browser, { dataDir, realKeychain: true })
    const pending = first.service.signIn(undefined)
    const page = await first.nextPage()
    await completeSignIn(page, admin.userPrincipalName)
    const account = await pending
    await page.context().close()
    expect((await first.service.getAuthStatus()).keychain).toBe('available')

    const entries = await keytar.findCredentials(keychainServiceName)
    const entry = entries.find((credential) => credential.password.includes(account.homeAccountId))
    expect(entry, 'the MSAL cache is in the keychain').toBeDefined()
    expect(entry!.password).toMatch(/"RefreshToken"/)
    const markers = filesBelow(join(dataDir, 'auth'))
    expect(markers.length).toBeGreaterThan(0)
    for (const marker of markers) expect(readFileSync(marker, 'utf8')).toBe('{}')

    // Second run, same data directory: the account and a silent token come back without a browser.
    const second = await coreForCloud(cloud, tenant, browser, { dataDir, realKeychain: true })
    expect((await second.service.getAuthStatus()).accounts.map((a) => a.homeAccountId)).toEqual([account.homeAccountId])
    const grants = { ...cloud.entra.grantsServed }
    const token = await (await second.service.auth.tokenProvider(second.service.settings, account.homeAccountId)).getAccessToken('graph')
    expect(token.split('.')).toHaveLength(3)
    expect(cloud.entra.grantsServed['authorization_code']).toBe(grants['authorization_code'])
    expect(second.opened).toEqual([])

    // Sign-out removes the account and its tokens from the keychain entry.
    await second.service.signOut({ homeAccountId: account.homeAccountId })
    const after = await keytar.getPassword(keychainServiceName, entry!.account)
    expect(after ?? '').not.toContain(account.homeAccountId)
    await keytar.deletePassword(keychainServiceName, entry!.account)
  })
})

describe('without a keychain', () => {
  it('reports it unavailable with a reason and falls back to memory, never to a plaintext file', () => {
    const dataDir = makeTempDir('dca-nokeychain-')
    const script = `
      import { createKeychainCache } from './src-main/core/auth/token-cache.ts'
      import { silentLogger } from './src-main/core/log.ts'
      const binding = await createKeychainCache(${JSON.stringify(dataDir)}, 'probe', silentLogger)
      console.log(JSON.stringify({ keychain: binding.keychain, plugin: binding.plugin !== null, reason: binding.reason }))
    `
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      // No session bus: libsecret has nothing to talk to (and cannot autolaunch one without X11).
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/dca-bus', DISPLAY: '' },
      encoding: 'utf8',
      timeout: 60_000,
    })
    const binding = JSON.parse(output.trim().split('\n').at(-1)!)
    expect(binding).toMatchObject({ keychain: 'unavailable', plugin: false })
    expect(binding.reason).toMatch(/Secret Service|keychain/)
    const files = filesBelow(dataDir)
    for (const file of files) expect(readFileSync(file, 'utf8')).not.toMatch(/token|secret/i)
  })
})
