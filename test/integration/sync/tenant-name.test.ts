// Graph tenants get their names at discovery (GET /organization), so the tenant switcher shows names,
// not GUIDs. Against the fake cloud through DataService and AppService: the name is stored with the
// tenant and carried by the overview's tenant summaries, exactly as text however hostile (control
// characters become spaces); a failure to read it never fails the sync, keeps the name already stored
// (or the GUID) and says why in the log.
import { rmSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { AccountSummary } from '../../../src-main/contract'
import { AppService } from '../../../src-main/core/app-service'
import type { AuthManager } from '../../../src-main/core/auth/auth-manager'
import { DataService } from '../../../src-main/core/data-service'
import { silentLogger, type Logger } from '../../../src-main/core/log'
import type { SafeShell } from '../../../src-main/core/safe-shell'
import { SettingsStore } from '../../../src-main/core/settings-store'
import { startFakeCloud, type FakeCloud, type FakeTenant } from '../../fake-cloud'
import { graphFixture } from '../graph/support'
import { makeTempDir } from '../../support/core'

const NOW = new Date('2025-06-02T12:00:00Z')
const HOSTILE = '<img src=x onerror="alert(1)">Contoso\u0007Security & {{ "Co" }}\n'
/** What the product keeps of it: the same text, control characters as spaces, trimmed. */
const HOSTILE_STORED = '<img src=x onerror="alert(1)">Contoso Security & {{ "Co" }}'

let cloud: FakeCloud
let named: FakeTenant
let other: FakeTenant
const cleanups: Array<() => void> = []

beforeAll(async () => {
  cloud = await startFakeCloud({
    now: NOW.toISOString(),
    timeScale: 0,
    tenants: [
      { seed: 'hostile', size: 'tiny', displayName: HOSTILE },
      { seed: 'fabrikam', size: 'tiny', empty: true, displayName: 'Fabrikam Ltd' },
    ],
  })
  ;[named, other] = cloud.tenants as [FakeTenant, FakeTenant]
})
afterAll(async () => cloud?.close())
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.()
  cloud.faults.clear()
  cloud.setNow(NOW)
})

function dataService(log: Logger = silentLogger): { data: DataService; dataDir: string } {
  const dataDir = makeTempDir('dca-tenant-name-')
  const { clock, transport } = graphFixture(cloud)
  const data = new DataService({
    dataDir,
    log,
    now: () => NOW,
    cloudHttp: { fetch: transport, clock },
  })
  cleanups.push(() => {
    data.close()
    rmSync(dataDir, { recursive: true, force: true })
  })
  return { data, dataDir }
}

function target(tenant: FakeTenant) {
  return {
    kind: 'graph' as const,
    tenantId: tenant.id,
    cloud: {
      name: 'custom' as const,
      authorityHost: cloud.url,
      graphEndpoint: cloud.graphUrl,
      logAnalyticsEndpoint: cloud.logAnalyticsUrl,
      logAnalyticsResource: cloud.logAnalyticsUrl,
      portalUrl: 'https://portal.azure.com',
      entraUrl: 'https://entra.microsoft.com',
      wellKnown: false,
    },
    tokens: graphFixture(cloud, tenant).tokens,
  }
}

const nameOf = (data: DataService, tenantId: string) =>
  data.store.listTenants().find((tenant) => tenant.tenantId === tenantId)?.displayName

/** An AppService over the data service, signed in (as far as it asks) to both fake tenants. */
function appService(data: DataService, dataDir: string): AppService {
  const settings = new SettingsStore(dataDir, silentLogger)
  settings.update({
    tenant: { cloud: 'public', tenantId: named.id, clientId: named.clients[0]!.clientId },
  })
  const accounts: AccountSummary[] = [named, other].map((tenant) => ({
    homeAccountId: `user.${tenant.id}`,
    username: tenant.users[0]!.userPrincipalName,
    tenantId: tenant.id,
    displayName: tenant.users[0]!.displayName,
  }))
  const auth = { accounts: async () => accounts } as unknown as AuthManager
  const shell: SafeShell = { open: async () => {}, allows: () => false }
  return new AppService({
    runtime: {
      productName: 'test',
      version: '0',
      platform: 'linux',
      arch: 'x64',
      node: process.version,
      electron: null,
      chrome: null,
    },
    dataDir,
    logDir: dataDir,
    forceDemo: false,
    settings,
    shell,
    auth,
    data,
    log: silentLogger,
    now: () => NOW,
  })
}

describe("the tenant's name from discovery", () => {
  it('is stored with the tenant and carried, as text, by the overview of every signed-in tenant', async () => {
    const { data, dataDir } = dataService()
    const service = appService(data, dataDir)
    // Before any sync there is no name to show: the switcher falls back to the GUID.
    expect((await service.listApps(undefined)).tenants.map((t) => t.displayName)).toEqual([
      null,
      null,
    ])

    await data.sync(target(named), { days: 1 })
    await data.sync(target(other), { days: 1 })
    expect(nameOf(data, named.id)).toBe(HOSTILE_STORED)
    expect(nameOf(data, other.id)).toBe('Fabrikam Ltd')

    const overview = await service.listApps(undefined)
    expect(overview.tenant).toEqual({
      tenantId: named.id,
      displayName: HOSTILE_STORED,
      source: 'graph',
    })
    expect(overview.tenants).toEqual([
      { tenantId: named.id, displayName: HOSTILE_STORED, source: 'graph' },
      { tenantId: other.id, displayName: 'Fabrikam Ltd', source: 'graph' },
    ])
    const asked = await service.listApps({ tenantId: other.id })
    expect(asked.tenant.displayName).toBe('Fabrikam Ltd')
  })

  it('follows a rename, and a failure to read it keeps the stored name, syncs anyway and says why', async () => {
    const warnings: string[] = []
    const log = { ...silentLogger, warn: (message: string) => void warnings.push(message) }
    const { data } = dataService(log)
    await data.sync(target(other), { days: 1 })
    expect(nameOf(data, other.id)).toBe('Fabrikam Ltd')

    other.displayName = 'Fabrikam Holdings'
    try {
      cloud.faults.add({
        service: 'graph',
        path: '/organization',
        times: 1,
        fault: { kind: 'status', status: 403 },
      })
      const refused = await data.sync(target(other), { days: 1 })
      expect(refused.cancelled).toBe(false)
      expect(nameOf(data, other.id)).toBe('Fabrikam Ltd')
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/tenant's name could not be read/)
      expect(warnings[0]).toMatch(/Directory\.Read\.All|permission|privileges/i)

      await data.sync(target(other), { days: 1 })
      expect(nameOf(data, other.id)).toBe('Fabrikam Holdings')
    } finally {
      other.displayName = 'Fabrikam Ltd'
    }
  })

  it('leaves a tenant whose name cannot be read on its GUID', async () => {
    const warnings: string[] = []
    const log = { ...silentLogger, warn: (message: string) => void warnings.push(message) }
    const { data } = dataService(log)
    cloud.faults.add({
      service: 'graph',
      path: '/organization',
      times: 1,
      fault: { kind: 'status', status: 403 },
    })
    const report = await data.sync(target(other), { days: 1 })
    expect(report.cancelled).toBe(false)
    expect(data.store.listTenants().find((t) => t.tenantId === other.id)).toMatchObject({
      displayName: null,
    })
    expect(warnings.some((w) => /tenant's name could not be read/.test(w))).toBe(true)
  })
})
