// The fake cloud's tenants: the demo tenant's inventory plus the users and client registrations that
// sign in to the fake Entra. Live objects: tests change licence, MDE presence and grants on the fly.
import { randomBytes, X509Certificate } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { createDemoTenant, guidFor, hashString } from '../../src-main/core/demo'
import type { DemoSize, DemoTenant } from '../../src-main/core/demo'
import { createClientCertificate } from './x509'
import type { IssuedCertificate } from './x509'

export type ResourceKey = 'graph' | 'logAnalytics'

/** Directory role template ids Graph's reports accept for delegated callers. */
export const directoryRoles = {
  'Global Administrator': '62e90394-69f5-4237-9190-012177145e10',
  'Global Reader': 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  'Security Reader': '5d6b6bb7-de71-4623-b4af-96380a352509',
  'Security Administrator': '194ae4cb-b126-40b2-bd5b-6091b380977d',
  'Reports Reader': '4a5d8f65-41da-4de4-8968-e035b65339cf',
} as const
export type DirectoryRoleName = keyof typeof directoryRoles

export interface FakeUser {
  id: string
  userPrincipalName: string
  displayName: string
  password: string
  directoryRoles: DirectoryRoleName[]
}

export interface FakeSecret {
  keyId: string
  value: string
  endDateTime: string
}

export interface FakeCertificate {
  keyId: string
  certPem: string
  publicKey: KeyObject
  thumbprintSha1: string
  thumbprintSha256: string
  endDateTime: string
  /** Only for the registrations the fake cloud minted itself, so tests can sign assertions. */
  privateKeyPem?: string
}

export interface FakeClient {
  clientId: string
  displayName: string
  kind: 'public' | 'confidential'
  secrets: FakeSecret[]
  certificates: FakeCertificate[]
  /** Delegated permissions consented tenant-wide, per resource. */
  delegated: Record<ResourceKey, string[]>
  /** Application permissions (app roles) granted, per resource. */
  application: Record<ResourceKey, string[]>
  /** Disabled service principals cannot get tokens (AADSTS7000112). */
  enabled: boolean
}

export type Licence = 'P2' | 'P1' | 'free'

export interface FakeTenant {
  id: string
  domain: string
  displayName: string
  /** Sign-in logs over the API need Entra ID P1 or P2. */
  licence: Licence
  /** False: the WindowsDefenderATP service principal is missing (404), no connected apps. */
  mdeProvisioned: boolean
  /**
   * What the summarised sign-ins functions report: 'accurate' (from the same data as the sign-ins) or
   * 'none' (they answer with no rows, as if nothing signed in: summaries that are wrong or lagging).
   */
  summaries: 'accurate' | 'none'
  demo: DemoTenant
  users: FakeUser[]
  clients: FakeClient[]
  logAnalyticsWorkspaceId: string
}

export interface FakeTenantOptions {
  seed?: string
  size?: DemoSize
  licence?: Licence
  mde?: boolean
  /**
   * An empty tenant: Defender for Endpoint is set up, but no application holds a permission to it
   * or signs in to it (a new tenant, or one whose integrations were all removed).
   */
  empty?: boolean
  /** The organization's name (`GET /organization`); default from the seed, e.g. "Contoso (fake)". */
  displayName?: string
  /** Default 'accurate'. */
  summaries?: 'accurate' | 'none'
  /** Replaces the default users. */
  users?: Array<Omit<FakeUser, 'id'> & { id?: string }>
}

export const DEFAULT_PASSWORD = 'Passw0rd!'

const graphDelegatedDefault = [
  'User.Read',
  'AuditLog.Read.All',
  'Directory.Read.All',
  'Application.Read.All',
]
const graphApplicationDefault = ['AuditLog.Read.All', 'Directory.Read.All', 'Application.Read.All']

function secretValue(): string {
  // Shaped like Entra's 40-character secrets (three-character prefix, '~' separator).
  return `${randomBytes(2).toString('hex').slice(0, 3)}8Q~${randomBytes(27).toString('base64url').slice(0, 36)}`
}

export function certificateCredential(
  cert: IssuedCertificate,
  endDateTime: string,
  keyId: string,
  withPrivateKey: boolean,
): FakeCertificate {
  const x509 = new X509Certificate(cert.certPem)
  return {
    keyId,
    certPem: cert.certPem,
    publicKey: x509.publicKey,
    thumbprintSha1: cert.thumbprintSha1,
    thumbprintSha256: cert.thumbprintSha256,
    endDateTime,
    ...(withPrivateKey ? { privateKeyPem: cert.keyPem } : {}),
  }
}

export function createFakeTenant(options: FakeTenantOptions, now: Date): FakeTenant {
  const seedText = options.seed ?? 'contoso'
  const generated = createDemoTenant({ seed: seedText, size: options.size ?? 'small', now })
  const demo: DemoTenant = options.empty
    ? { ...generated, apps: [], anomalies: [], appIndexById: new Map() }
    : generated
  const seed = hashString(`fake-cloud:${seedText}`)
  const domain = demo.tenantDomain.replace(
    'contoso',
    seedText.toLowerCase().replace(/[^a-z0-9]/g, '') || 'contoso',
  )
  const users: FakeUser[] = (
    options.users ?? [
      {
        userPrincipalName: `admin@${domain}`,
        displayName: 'Ada Admin',
        password: DEFAULT_PASSWORD,
        directoryRoles: ['Global Reader'],
      },
      {
        userPrincipalName: `analyst@${domain}`,
        displayName: 'Sam Analyst',
        password: DEFAULT_PASSWORD,
        directoryRoles: ['Security Reader'],
      },
      {
        userPrincipalName: `guest@${domain}`,
        displayName: 'Gus Guest',
        password: DEFAULT_PASSWORD,
        directoryRoles: [],
      },
    ]
  ).map((u, i) => ({ ...u, id: u.id ?? guidFor(seed, 'user', i) }))
  const day = 86_400_000
  const iso = (ms: number) => new Date(ms).toISOString()
  const cert = createClientCertificate(`${seedText}-automation`)
  const clients: FakeClient[] = [
    {
      clientId: guidFor(seed, 'client:public'),
      displayName: 'Defender Connected Apps',
      kind: 'public',
      secrets: [],
      certificates: [],
      delegated: { graph: [...graphDelegatedDefault], logAnalytics: ['Data.Read'] },
      application: { graph: [], logAnalytics: [] },
      enabled: true,
    },
    {
      clientId: guidFor(seed, 'client:automation'),
      displayName: 'Defender Connected Apps automation',
      kind: 'confidential',
      secrets: [
        {
          keyId: guidFor(seed, 'secret:valid'),
          value: secretValue(),
          endDateTime: iso(now.getTime() + 180 * day),
        },
        {
          keyId: guidFor(seed, 'secret:expired'),
          value: secretValue(),
          endDateTime: iso(now.getTime() - 10 * day),
        },
      ],
      certificates: [
        certificateCredential(cert, iso(now.getTime() + 365 * day), guidFor(seed, 'cert'), true),
      ],
      delegated: { graph: [], logAnalytics: [] },
      application: { graph: [...graphApplicationDefault], logAnalytics: ['Data.Read'] },
      enabled: true,
    },
  ]
  return {
    id: demo.tenantId,
    domain,
    displayName:
      options.displayName ?? `${seedText.charAt(0).toUpperCase()}${seedText.slice(1)} (fake)`,
    licence: options.licence ?? 'P2',
    mdeProvisioned: options.mde ?? true,
    summaries: options.summaries ?? 'accurate',
    demo,
    users,
    clients,
    logAnalyticsWorkspaceId: guidFor(seed, 'workspace'),
  }
}
