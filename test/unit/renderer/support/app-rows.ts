// Builds ConnectedAppRow values for tests and benchmarks: a row with sensible defaults, and a
// seeded list of any length (names, risks, permission types and activity spread across the values).
import type { AppsOverview, ConnectedAppRow } from '../../../../src-main/contract/model'

export function appRow(overrides: Partial<ConnectedAppRow> = {}): ConnectedAppRow {
  return {
    appId: '00000000-0000-4000-8000-000000000001',
    servicePrincipalId: '10000000-0000-4000-8000-000000000001',
    displayName: 'Contoso SIEM Connector',
    publisher: 'Contoso',
    publisherVerified: true,
    ownedByTenant: true,
    enabled: true,
    inDiscovery: true,
    firstSeen: '2025-10-01T00:00:00.000Z',
    removedAt: null,
    lastSeen: '2025-11-26T08:00:00.000Z',
    signIns24h: 10,
    failures24h: 0,
    trend30d: Array.from({ length: 30 }, () => 10),
    permissionType: 'application',
    permissions: { application: ['Machine.Read.All'], delegated: [] },
    risk: 'low',
    credentialStatus: 'valid',
    nextCredentialExpiry: '2026-06-01T00:00:00.000Z',
    alerting: false,
    ...overrides,
  }
}

/** The demo tenant's overview with one app, "Early Reader": what the early-request tests answer. */
export function earlyReaderOverview(): AppsOverview {
  const tenant = {
    tenantId: 'a867b9c0-f470-4b75-8930-580b55bba791',
    displayName: 'Contoso (demo)',
    source: 'demo' as const,
  }
  return {
    tenant,
    tenants: [tenant],
    apps: [appRow({ appId: '11111111-0000-4000-8000-000000000001', displayName: 'Early Reader' })],
    lastSync: '2025-11-26T09:00:00.000Z',
    historyFrom: '2025-10-27T09:00:00.000Z',
    generatedAt: '2025-11-26T09:30:00.000Z',
  }
}

const words = ['Alert', 'Sentinel', 'Isolation', 'Inventory', 'Ticket', 'Hunting', 'Report', 'Sync']
const prefixes = ['Contoso', 'Fabrikam', 'SOC', 'GRC', 'func-edr', 'Woodgrove', '보안팀', 'Litware']

/** A deterministic list of `count` rows (a small LCG, so runs and machines agree). */
export function manyAppRows(
  count: number,
  now = Date.parse('2025-11-26T09:00:00Z'),
): ConnectedAppRow[] {
  let seed = 42
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648
  const types = ['application', 'delegated', 'both', 'none'] as const
  const risks = ['high', 'medium', 'low', null] as const
  const credentials = ['valid', 'expiring', 'expired', 'none'] as const
  return Array.from({ length: count }, (_, index) => {
    const hex = index.toString(16).padStart(12, '0')
    const daysAgo = Math.floor(next() * 60)
    const signIns = Math.floor(next() * 5_000)
    return appRow({
      appId: `${hex.slice(0, 8)}-0000-4000-8000-${hex}`,
      servicePrincipalId: `${hex.slice(0, 8)}-1111-4000-8000-${hex}`,
      displayName: `${prefixes[index % prefixes.length]} ${words[Math.floor(next() * words.length)]} ${index}`,
      publisher: next() < 0.5 ? 'Contoso' : null,
      publisherVerified: next() < 0.5,
      lastSeen: next() < 0.05 ? null : new Date(now - daysAgo * 86_400_000).toISOString(),
      signIns24h: signIns,
      failures24h: next() < 0.1 ? Math.floor(signIns / 10) + 1 : 0,
      trend30d: Array.from({ length: 30 }, () => Math.floor(next() * 200)),
      permissionType: types[index % types.length]!,
      risk: risks[Math.floor(next() * risks.length)]!,
      credentialStatus: credentials[Math.floor(next() * credentials.length)]!,
      alerting: next() < 0.02,
    })
  })
}
