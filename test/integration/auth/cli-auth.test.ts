// The CLI's headless sign-ins against the fake cloud: device code (completed on the verification
// page in Chromium) and client credentials with a secret and with a certificate.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from '@playwright/test'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exitCodes, runCli } from '../../../src-main/cli/run'
import type { FakeCloud, FakeTenant } from '../../fake-cloud'
import { makeTempDir } from '../../support/core'
import { DEFAULT_PASSWORD, filesBelow, launchBrowser, readAll, startCloudForAuth } from './support'

let cloud: FakeCloud
let browser: Browser
let tenant: FakeTenant
const issued: string[] = []

beforeAll(async () => {
  cloud = await startCloudForAuth(['contoso'])
  tenant = cloud.tenants[0]!
  cloud.entra.options.deviceCodeIntervalSeconds = 0
  cloud.entra.onTokenIssued = (token) => issued.push(token)
  browser = await launchBrowser(cloud)
})
afterAll(async () => {
  await browser?.close()
  await cloud?.close()
})

function cloudFlags(dataDir: string, clientKind: 'public' | 'confidential' = 'public'): string[] {
  return [
    '--data-dir', dataDir,
    '--cloud', 'custom',
    '--authority-host', cloud.url,
    '--graph-endpoint', cloud.graphUrl,
    '--tenant', tenant.id,
    '--client-id', tenant.clients.find((c) => c.kind === clientKind)!.clientId,
  ]
}

async function cli(args: string[], env: Record<string, string | undefined> = {}, onStderr?: (text: string) => void) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => {
      stderr += text
      onStderr?.(text)
    },
    env,
    openBrowser: async () => {
      throw new Error('the CLI must not open a browser in these modes')
    },
  })
  return { code, stdout, stderr }
}

describe('CLI sign-in', () => {
  it('signs in with a device code; with a keychain the account outlives the command and signs out', async () => {
    const dataDir = makeTempDir('dca-cli-auth-')
    const analyst = tenant.users.find((u) => u.directoryRoles.includes('Security Reader'))!
    let approval: Promise<void> | null = null
    const result = await cli(['login', '--auth', 'device-code', '--json', '--log-level', 'debug', ...cloudFlags(dataDir)], {}, (text) => {
      const code = /enter the code (\S+)/i.exec(text)?.[1] ?? /code\s+([A-Z0-9]{6,})/.exec(text)?.[1]
      const uri = /(https:\/\/\S+)/.exec(text)?.[1]
      if (!code || !uri || approval) return
      approval = (async () => {
        const context = await browser.newContext()
        const page = await context.newPage()
        await page.goto(uri)
        await page.fill('#code', code)
        await page.fill('#username', analyst.userPrincipalName)
        await page.fill('#password', DEFAULT_PASSWORD)
        await page.click('#continue')
        await page.waitForSelector('#done')
        await context.close()
      })()
    })
    await approval
    expect(result.code, result.stderr).toBe(exitCodes.ok)
    expect(result.stderr).toMatch(/code/i)
    expect(JSON.parse(result.stdout)).toMatchObject({ username: analyst.userPrincipalName, tenantId: tenant.id })
    const flags = cloudFlags(dataDir)
    const listed = await cli(['accounts', '--json', ...flags])
    expect(listed.code).toBe(exitCodes.ok)
    if (/keychain is unavailable/.test(result.stderr)) {
      // No Secret Service in this process: the CLI said the sign-in is not kept, and it is not.
      expect(JSON.parse(listed.stdout)).toEqual([])
    } else {
      expect(JSON.parse(listed.stdout).map((a: { username: string }) => a.username)).toEqual([analyst.userPrincipalName])
      const out = await cli(['logout', '--all', ...flags])
      expect(out.code, out.stderr).toBe(exitCodes.ok)
      expect(JSON.parse((await cli(['accounts', '--json', ...flags])).stdout)).toEqual([])
    }

    const files = filesBelow(dataDir)
    for (const file of files) for (const token of issued) expect(readAll(file).includes(token), file).toBe(false)
  })

  it('signs in with client credentials from a secret, and says nothing is stored', async () => {
    const dataDir = makeTempDir('dca-cli-cc-')
    const automation = tenant.clients.find((c) => c.kind === 'confidential')!
    const secret = automation.secrets.find((s) => new Date(s.endDateTime).getTime() > cloud.clock.now())!
    const env = { AZURE_TENANT_ID: tenant.id, AZURE_CLIENT_ID: automation.clientId, AZURE_CLIENT_SECRET: secret.value }
    const result = await cli(['login', '--auth', 'client-credentials', ...cloudFlags(dataDir, 'confidential')], env)
    expect(result.code, result.stderr).toBe(exitCodes.ok)
    expect(result.stdout).toContain('Client credentials work')
    expect(result.stdout).not.toContain(secret.value)
    for (const file of filesBelow(dataDir)) expect(readAll(file).includes(secret.value), file).toBe(false)
  })

  it('signs in with client credentials from a certificate file', async () => {
    const dataDir = makeTempDir('dca-cli-cert-')
    const automation = tenant.clients.find((c) => c.kind === 'confidential')!
    const certificate = automation.certificates.find((c) => c.privateKeyPem)!
    const pemPath = join(dataDir, 'automation.pem')
    writeFileSync(pemPath, `${certificate.privateKeyPem}\n${certificate.certPem}\n`, { mode: 0o600 })
    const env = { AZURE_TENANT_ID: tenant.id, AZURE_CLIENT_ID: automation.clientId, AZURE_CLIENT_CERTIFICATE_PATH: pemPath }
    const result = await cli(['login', '--auth', 'client-credentials', '--json', ...cloudFlags(dataDir, 'confidential')], env)
    expect(result.code, result.stderr).toBe(exitCodes.ok)
    expect(JSON.parse(result.stdout)).toMatchObject({ credential: 'certificate', clientId: automation.clientId })
  })

  it('explains an expired secret, a missing variable and an unreadable certificate', async () => {
    const dataDir = makeTempDir('dca-cli-cc-bad-')
    const automation = tenant.clients.find((c) => c.kind === 'confidential')!
    const expired = automation.secrets.find((s) => new Date(s.endDateTime).getTime() <= cloud.clock.now())!
    const base = { AZURE_TENANT_ID: tenant.id, AZURE_CLIENT_ID: automation.clientId }
    const flags = ['login', '--auth', 'client-credentials', ...cloudFlags(dataDir, 'confidential')]

    const old = await cli(flags, { ...base, AZURE_CLIENT_SECRET: expired.value })
    expect(old.code).toBe(exitCodes.failure)
    expect(old.stderr).toMatch(/^error: Client credentials sign-in failed: the client secret has expired\./)
    expect(old.stderr).not.toContain(expired.value)

    const missing = await cli(flags, base)
    expect(missing.code).toBe(exitCodes.usage)
    expect(missing.stderr).toMatch(/AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH/)

    const unreadable = await cli(flags, { ...base, AZURE_CLIENT_CERTIFICATE_PATH: join(dataDir, 'nope.pem') })
    expect(unreadable.code).toBe(exitCodes.usage)
    expect(unreadable.stderr).toMatch(/Cannot read AZURE_CLIENT_CERTIFICATE_PATH \(ENOENT\)/)
  })

  it('rejects bad cloud flags before touching the network', async () => {
    const dataDir = makeTempDir('dca-cli-flags-')
    const insecure = await cli(['accounts', '--data-dir', dataDir, '--cloud', 'custom', '--authority-host', 'http://login.example.com', '--graph-endpoint', cloud.graphUrl])
    expect(insecure.code).toBe(exitCodes.usage)
    expect(insecure.stderr).toMatch(/--authority-host: must be an https origin/)
    const badTenant = await cli(['accounts', '--data-dir', dataDir, '--tenant', 'not a tenant!'])
    expect(badTenant.code).toBe(exitCodes.usage)
    expect(badTenant.stderr).toMatch(/--tenant: must be a tenant ID/)
    const noTenant = await cli(['login', '--auth', 'device-code', '--data-dir', dataDir])
    expect(noTenant.code).toBe(exitCodes.usage)
    expect(noTenant.stderr).toMatch(/client ID and your tenant/)
  })
})
