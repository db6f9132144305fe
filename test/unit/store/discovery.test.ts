// Discovery snapshots: what changed since the last one, with first-seen / removed-at recorded.
import { afterEach, describe, expect, it } from 'vitest'
import type { ConnectedApp } from '../../../src-main/core/sources/types'
import { connectedApp, TENANT_A, TENANT_B, tempStore } from './helpers'

let fixture: ReturnType<typeof tempStore>
afterEach(() => fixture?.done())

const day1 = new Date('2025-03-01T00:00:00Z')
const day2 = new Date('2025-03-02T00:00:00Z')
const day3 = new Date('2025-03-03T00:00:00Z')

const secret = (keyId: string, end: string) => ({
  keyId,
  kind: 'secret' as const,
  displayName: `secret ${keyId}`,
  startDateTime: '2024-01-01T00:00:00Z',
  endDateTime: end,
})
const role = (appRoleId: string, value: string | null) => ({
  assignmentId: `assign-${appRoleId}`,
  appRoleId,
  value,
  createdDateTime: '2024-01-01T00:00:00Z',
})
const owner = (id: string) => ({
  id,
  displayName: `Owner ${id}`,
  type: 'user' as const,
  userPrincipalName: `${id}@contoso.com`,
})

function siem(overrides: Partial<ConnectedApp> = {}): ConnectedApp {
  return connectedApp({
    appId: 'siem',
    displayName: 'SIEM connector',
    verifiedPublisher: {
      displayName: 'Contoso',
      verifiedPublisherId: '1',
      addedDateTime: '2024-01-01T00:00:00Z',
    },
    applicationPermissions: [
      role('r-alert', 'Alert.Read.All'),
      role('r-machine', 'Machine.Read.All'),
    ],
    delegatedPermissions: [
      {
        grantId: 'g1',
        consentType: 'AllPrincipals',
        principalId: null,
        scopes: ['Alert.Read', 'Machine.Read'],
      },
    ],
    credentials: [secret('k1', '2026-01-01T00:00:00Z')],
    owners: [owner('alice')],
    ...overrides,
  })
}

describe('applyDiscovery', () => {
  it('reports everything as added on the first snapshot and nothing on an identical second one', () => {
    fixture = tempStore()
    const { store } = fixture
    const first = store.applyDiscovery(TENANT_A, [siem(), connectedApp({ appId: 'soar' })], day1)
    expect(first.firstSnapshot).toBe(true)
    expect(first.appsAdded.map((app) => app.appId).sort()).toEqual(['siem', 'soar'])
    expect(first.permissionsGranted.map((p) => `${p.kind}:${p.value}:${p.consent}`).sort()).toEqual(
      [
        'application:Alert.Read.All:null',
        'application:Machine.Read.All:null',
        'delegated:Alert.Read:AllPrincipals',
        'delegated:Machine.Read:AllPrincipals',
      ],
    )
    expect(first.credentialsAdded.map((c) => c.keyId)).toEqual(['k1'])
    expect(first.ownersAdded.map((o) => o.ownerId)).toEqual(['alice'])

    const second = store.applyDiscovery(TENANT_A, [siem(), connectedApp({ appId: 'soar' })], day2)
    expect(second).toEqual({
      at: day2,
      firstSnapshot: false,
      appsAdded: [],
      appsRemoved: [],
      appsChanged: [],
      permissionsGranted: [],
      permissionsRevoked: [],
      credentialsAdded: [],
      credentialsRemoved: [],
      credentialsExpiring: [],
      ownersAdded: [],
      ownersRemoved: [],
    })
  })

  it('detects grants, revocations, credential and owner changes, and field changes', () => {
    fixture = tempStore()
    const { store } = fixture
    store.applyDiscovery(TENANT_A, [siem()], day1)
    const changes = store.applyDiscovery(
      TENANT_A,
      [
        siem({
          displayName: 'SIEM connector v2',
          accountEnabled: false,
          applicationPermissions: [
            role('r-alert', 'Alert.Read.All'),
            role('r-isolate', 'Machine.Isolate'),
          ],
          delegatedPermissions: [
            {
              grantId: 'g1-new-id',
              consentType: 'AllPrincipals',
              principalId: null,
              scopes: ['Alert.Read'],
            },
            {
              grantId: 'g2',
              consentType: 'Principal',
              principalId: 'user-7',
              scopes: ['Machine.Read'],
            },
          ],
          credentials: [secret('k2', '2027-01-01T00:00:00Z')],
          owners: [owner('alice'), owner('bob')],
        }),
      ],
      day2,
    )
    expect(
      changes.permissionsGranted.map((p) => `${p.kind}:${p.value}:${p.consent}`).sort(),
    ).toEqual(['application:Machine.Isolate:null', 'delegated:Machine.Read:user-7'])
    expect(
      changes.permissionsRevoked.map((p) => `${p.kind}:${p.value}:${p.consent}`).sort(),
    ).toEqual(['application:Machine.Read.All:null', 'delegated:Machine.Read:AllPrincipals'])
    expect(changes.credentialsAdded.map((c) => c.keyId)).toEqual(['k2'])
    expect(changes.credentialsRemoved).toEqual([
      {
        appId: 'siem',
        servicePrincipalId: 'sp-siem',
        displayName: 'SIEM connector v2',
        keyId: 'k1',
        kind: 'secret',
        credentialName: 'secret k1',
        endDateTime: new Date('2026-01-01T00:00:00Z'),
      },
    ])
    expect(changes.ownersAdded.map((o) => o.ownerId)).toEqual(['bob'])
    expect(changes.ownersRemoved).toEqual([])
    expect(changes.appsChanged.map((c) => [c.field, c.before, c.after])).toEqual([
      ['displayName', 'SIEM connector', 'SIEM connector v2'],
      ['enabled', true, false],
    ])

    const detail = store.appDetail(TENANT_A, 'siem')
    expect(detail?.permissions.find((p) => p.value === 'Machine.Read.All')).toMatchObject({
      firstSeen: day1,
      revokedAt: day2,
    })
    expect(detail?.permissions.find((p) => p.value === 'Machine.Isolate')).toMatchObject({
      firstSeen: day2,
      revokedAt: null,
    })
    expect(detail?.credentials.map((c) => [c.keyId, c.removedAt])).toEqual([
      ['k2', null],
      ['k1', day2],
    ])
    expect(detail?.owners.map((o) => o.id)).toEqual(['alice', 'bob'])
    expect(detail?.summary).toMatchObject({
      displayName: 'SIEM connector v2',
      enabled: false,
      publisher: 'Contoso',
    })
  })

  it('records removal and re-appearance of an app, revoking its permissions on removal', () => {
    fixture = tempStore()
    const { store } = fixture
    store.applyDiscovery(TENANT_A, [siem(), connectedApp({ appId: 'soar' })], day1)
    const removed = store.applyDiscovery(TENANT_A, [connectedApp({ appId: 'soar' })], day2)
    expect(removed.appsRemoved.map((app) => app.appId)).toEqual(['siem'])
    expect(removed.permissionsRevoked).toHaveLength(4)
    const listed = store.listApps(TENANT_A).find((app) => app.appId === 'siem')
    expect(listed).toMatchObject({ inDiscovery: false, removedAt: day2, firstSeen: day1 })
    expect(listed?.permissions).toEqual({ application: [], delegated: [] })

    const back = store.applyDiscovery(TENANT_A, [siem(), connectedApp({ appId: 'soar' })], day3)
    expect(back.appsAdded.map((app) => app.appId)).toEqual(['siem'])
    expect(back.permissionsGranted).toHaveLength(4)
    // The credential and owner never went away (they were unknown while the app was gone).
    expect(back.credentialsAdded).toEqual([])
    expect(back.ownersAdded).toEqual([])
    expect(store.listApps(TENANT_A).find((app) => app.appId === 'siem')).toMatchObject({
      inDiscovery: true,
      removedAt: null,
      firstSeen: day1,
      permissions: {
        application: ['Alert.Read.All', 'Machine.Read.All'],
        delegated: ['Alert.Read', 'Machine.Read'],
      },
    })
  })

  it('lists credentials expiring within the window (and expired ones), days left rounded down', () => {
    fixture = tempStore()
    const { store } = fixture
    const changes = store.applyDiscovery(
      TENANT_A,
      [
        siem({
          credentials: [
            secret('soon', '2025-03-11T12:00:00Z'),
            secret('gone', '2025-02-27T00:00:00Z'),
            secret('later', '2025-06-01T00:00:00Z'),
          ],
        }),
      ],
      day1,
      { expiringWithinDays: 30 },
    )
    expect(changes.credentialsExpiring.map((c) => [c.keyId, c.daysLeft, c.expired])).toEqual([
      ['soon', 10, false],
      ['gone', -2, true],
    ])
    expect(store.listApps(TENANT_A)[0]?.nextCredentialExpiry).toEqual(
      new Date('2025-02-27T00:00:00Z'),
    )
  })

  it('keeps tenants apart and treats a permission the catalogue does not know by its role id', () => {
    fixture = tempStore()
    const { store } = fixture
    store.applyDiscovery(TENANT_A, [siem()], day1)
    const other = store.applyDiscovery(
      TENANT_B,
      [siem({ applicationPermissions: [role('r-new', null)] })],
      day1,
    )
    expect(other.firstSnapshot).toBe(true)
    expect(other.permissionsGranted.find((p) => p.kind === 'application')?.value).toBe('r-new')
    const emptied = store.applyDiscovery(TENANT_B, [], day2)
    expect(emptied.appsRemoved.map((app) => app.appId)).toEqual(['siem'])
    expect(store.listApps(TENANT_A)[0]?.inDiscovery).toBe(true)
  })
})
