// The demo tenant's inventory: who is connected to MDE, with what permissions, credentials, owners and
// usage behaviour. Everything is derived from (seed, size, now); nothing random at run time.
import type {
  ApplicationPermissionGrant,
  ConnectedApp,
  CredentialInfo,
  DelegatedPermissionGrant,
  MdeResource,
  OwnerInfo,
  VerifiedPublisher,
} from '../sources/types'
import { MDE_RESOURCE_APP_ID } from '../sources/types'
import { appRoleByValue, mdeAppRoles, mdeOAuth2Scopes } from './catalogue'
import { guidFor, hash2, hash3, hashString, pick, unit } from './random'

export const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

export interface DemoSizeSpec {
  /** Connected apps in the inventory (an unknown client that fails with AADSTS700016 comes on top). */
  apps: number
  /** Days of history the size is meant to be looked at over (anomalies are placed inside it). */
  historyDays: number
  noisyApps: number
  /** Peak sign-ins per hour of a misbehaving (non-caching) app. */
  noisyPeakPerHour: number
  expiredSecretApps: number
  users: number
}

export const demoSizes = {
  tiny: {
    apps: 12,
    historyDays: 3,
    noisyApps: 1,
    noisyPeakPerHour: 240,
    expiredSecretApps: 1,
    users: 12,
  },
  small: {
    apps: 60,
    historyDays: 7,
    noisyApps: 1,
    noisyPeakPerHour: 1500,
    expiredSecretApps: 1,
    users: 30,
  },
  medium: {
    apps: 500,
    historyDays: 30,
    noisyApps: 2,
    noisyPeakPerHour: 2500,
    expiredSecretApps: 2,
    users: 80,
  },
  large: {
    apps: 5000,
    historyDays: 30,
    noisyApps: 5,
    noisyPeakPerHour: 4500,
    expiredSecretApps: 5,
    users: 300,
  },
} as const satisfies Record<string, DemoSizeSpec>

export type DemoSize = keyof typeof demoSizes
export const demoSizeNames = Object.keys(demoSizes) as DemoSize[]

export interface DemoTenantOptions {
  /** Same seed, size and now → the same tenant and the same events. Default 'contoso'. */
  seed?: string | number
  size?: DemoSize
  /** The tenant's "now": credential expiry and anomalies are placed relative to it. Default: this hour. */
  now?: Date | string
  /** Days of history anomalies are placed in (default: the size's). */
  historyDays?: number
  /**
   * Extra labelled anomalies on top of the size's five, kinds in turn, each on its own daemon app at
   * a time drawn from the seed (for precision/recall scenarios).
   */
  injectedAnomalies?: number
}

export type DemoBehaviour =
  | 'daemon' // client credentials with a cached token: about one sign-in an hour, around the clock
  | 'businessHours' // a scheduled job that runs in working hours on weekdays
  | 'delegated' // a tool analysts use: user sign-ins following the working day
  | 'managedIdentity' // an Azure resource's identity, cached token
  | 'noisy' // no token cache: thousands of sign-ins an hour
  | 'expiredSecret' // worked until its only secret expired, then fails with AADSTS7000222 every minute
  | 'disabled' // the service principal was disabled; the client still tries (AADSTS7000112)
  | 'unknownApp' // a deleted app's client still asks for tokens (AADSTS700016); not in the inventory

/** A labelled change in an app's usage (multiplies its volume, optionally forces a failure share). */
export interface UsageModifier {
  fromHour: number
  toHour: number
  volumeFactor: number
  failureShare: number | null
  failureCode: number
}

export type DemoAnomalyKind = 'spike' | 'failureBurst' | 'newApp' | 'permissionGranted' | 'dormant'

export interface DemoAnomaly {
  kind: DemoAnomalyKind
  appId: string
  displayName: string
  /** ISO start of the anomaly (hour aligned). */
  from: string
  /** ISO end (exclusive); null when it lasts (a new app, a grant, going dormant). */
  to: string | null
  description: string
}

export interface DemoUser {
  id: string
  displayName: string
  userPrincipalName: string
}

export interface DemoApp {
  /** Position in `tenant.apps`; part of every event id. */
  index: number
  appId: string
  displayName: string
  servicePrincipalId: string | null
  behaviour: DemoBehaviour
  /** Expected sign-ins per hour at the busiest hour, for rhythm-driven behaviours. */
  peakPerHour: number
  /** Share of sign-ins that fail in normal operation. */
  failureRate: number
  failureCode: number
  /** First hour (hours since the epoch) the app signs in. */
  activeFromHour: number
  /** First hour it no longer signs in (exclusive); Infinity when it keeps going. */
  activeUntilHour: number
  /** Hour from which the app is broken (expired secret, disabled); Infinity when never. */
  brokenFromHour: number
  modifiers: UsageModifier[]
  ipAddresses: string[]
  location: { city: string; countryOrRegion: string }
  /** The inventory view; null for the unknown client. */
  connected: ConnectedApp | null
}

export interface DemoTenant {
  seed: number
  size: DemoSize
  spec: DemoSizeSpec
  now: Date
  nowHour: number
  historyStart: Date
  tenantId: string
  tenantDomain: string
  displayName: string
  resource: MdeResource
  apps: DemoApp[]
  users: DemoUser[]
  anomalies: DemoAnomaly[]
  appIndexById: Map<string, number>
}

const vendors = [
  'Contoso',
  'Fabrikam',
  'Northwind',
  'Tailspin',
  'Woodgrove',
  'Adatum',
  'Litware',
  'Proseware',
  'Wingtip',
  'Fourth Coffee',
  'Lamna',
  'Relecloud',
  'Trey Research',
  'Wide World Importers',
  'Coho Winery',
  'Humongous Insurance',
  'VanArsdel',
  'Blue Yonder',
  'Alpine Ski House',
  "Margie's Travel",
]
const products = [
  'SIEM Connector',
  'SOAR Playbooks',
  'Vulnerability Sync',
  'Asset Inventory',
  'Ticketing Bridge',
  'Threat Intel Feed',
  'Compliance Reporter',
  'EDR Exporter',
  'Incident Responder',
  'Backup Orchestrator',
  'Patch Insights',
  'Exposure Dashboard',
  'MSSP Console',
  'Device Health Monitor',
  'Forensics Collector',
  'Alert Router',
]
const ownPurposes = [
  'Alert Poller',
  'Isolation Runbook',
  'Device Inventory Export',
  'Live Response Runner',
  'IOC Uploader',
  'Hunting Scheduler',
  'Weekly Report',
  'CMDB Sync',
  'Quarantine Automation',
  'Vulnerability Digest',
  'Power BI Refresh',
  'Sentinel Enrichment',
  'Helpdesk Lookup',
  'Offboarding Cleanup',
]
const ownTeams = ['SecOps', 'SOC', 'IT Ops', 'Infra', 'GRC', 'Endpoint Team', 'Blue Team']
const environments = ['', ' (Prod)', ' (Test)', ' - EU', ' - US', ' v2']
const firstNames = [
  'Ada',
  'Ben',
  'Chloe',
  'Dev',
  'Eun-ji',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kai',
  'Lena',
  'Minh',
  'Noor',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tomas',
  'Uma',
  'Viktor',
  'Wen',
  'Yara',
  'Zoe',
]
const lastNames = [
  'Adams',
  'Baker',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Hansen',
  'Ito',
  'Jansen',
  'Kim',
  'Larsen',
  'Meyer',
  'Novak',
  'Okafor',
  'Park',
  'Rossi',
  'Silva',
  'Tanaka',
  'Weber',
]
const locations = [
  { city: 'Amsterdam', countryOrRegion: 'NL' },
  { city: 'Dublin', countryOrRegion: 'IE' },
  { city: 'Frankfurt am Main', countryOrRegion: 'DE' },
  { city: 'London', countryOrRegion: 'GB' },
  { city: 'Seattle', countryOrRegion: 'US' },
  { city: 'Boydton', countryOrRegion: 'US' },
  { city: 'Seoul', countryOrRegion: 'KR' },
  { city: 'Singapore', countryOrRegion: 'SG' },
] as const

/** The tenant that owns Microsoft's first-party and managed-identity service principals. */
export const MICROSOFT_SERVICES_TENANT_ID = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a'

const failureReasons: Record<number, string> = {
  7000215: 'Invalid client secret is provided.',
  7000222: 'The provided client secret keys are expired.',
  700016: 'Application with identifier was not found in the directory.',
  7000112: 'Application is disabled.',
  700027: 'Client assertion failed signature validation.',
  700082: 'The refresh token has expired due to inactivity.',
  50076:
    'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.',
  53003: 'Access has been blocked by Conditional Access policies.',
  50173: 'The provided grant has expired due to it being revoked.',
}

export function failureReasonFor(code: number): string | null {
  if (code === 0) return null
  return failureReasons[code] ?? 'Other.'
}

function seedNumber(seed: string | number): number {
  return typeof seed === 'number' ? seed >>> 0 : hashString(seed)
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z')
}

export function createDemoTenant(options: DemoTenantOptions = {}): DemoTenant {
  const size = options.size ?? 'small'
  const sizeSpec: DemoSizeSpec = demoSizes[size]
  if (!sizeSpec)
    throw new Error(`unknown demo size '${String(size)}' (expected ${demoSizeNames.join(', ')})`)
  const spec: DemoSizeSpec = options.historyDays
    ? { ...sizeSpec, historyDays: options.historyDays }
    : sizeSpec
  const seed = seedNumber(options.seed ?? 'contoso')
  const nowMs = options.now === undefined ? Date.now() : new Date(options.now).getTime()
  if (!Number.isFinite(nowMs)) throw new Error('demo tenant: now is not a valid date')
  const nowHour = Math.floor(nowMs / HOUR_MS)
  const spanHours = spec.historyDays * 24
  const startHour = nowHour - spanHours
  const at = (fraction: number): number => startHour + Math.round(spanHours * fraction)

  const tenantId = guidFor(seed, 'tenant')
  const tenantDomain = 'contoso-demo.onmicrosoft.com'
  const resource: MdeResource = {
    servicePrincipalId: guidFor(seed, 'mde-service-principal'),
    appId: MDE_RESOURCE_APP_ID,
    displayName: 'WindowsDefenderATP',
    appRoles: [...mdeAppRoles],
    oauth2PermissionScopes: [...mdeOAuth2Scopes],
  }

  const users: DemoUser[] = []
  for (let u = 0; u < spec.users; u++) {
    const h = hash3(seed, hashString('user'), u)
    const first = pick(firstNames, h)
    const last = pick(lastNames, h >>> 8)
    users.push({
      id: guidFor(seed, 'user', u),
      displayName: `${first} ${last}`,
      userPrincipalName: `${first.toLowerCase().replace(/[^a-z]/g, '')}.${last.toLowerCase()}${u >= 25 ? u : ''}@${tenantDomain}`,
    })
  }

  // Special apps take fixed slots so every size has each case; the rest are drawn by hash.
  type Special = { behaviour: DemoBehaviour; anomaly?: DemoAnomalyKind; fraction?: number }
  const specials: Special[] = []
  for (let i = 0; i < spec.noisyApps; i++) specials.push({ behaviour: 'noisy' })
  for (let i = 0; i < spec.expiredSecretApps; i++) specials.push({ behaviour: 'expiredSecret' })
  specials.push({ behaviour: 'disabled' })
  specials.push({ behaviour: 'daemon', anomaly: 'spike' })
  specials.push({ behaviour: 'daemon', anomaly: 'failureBurst' })
  specials.push({ behaviour: 'daemon', anomaly: 'newApp' })
  specials.push({ behaviour: 'daemon', anomaly: 'permissionGranted' })
  specials.push({ behaviour: 'daemon', anomaly: 'dormant' })
  const kinds: DemoAnomalyKind[] = ['spike', 'failureBurst', 'newApp', 'permissionGranted', 'dormant']
  for (let i = 0; i < (options.injectedAnomalies ?? 0); i++) {
    const anomaly = kinds[i % kinds.length]!
    const u = unit(hash3(seed, hashString('injected'), i))
    // Late enough for two weeks of baseline; a dormant app early enough to be seen as dormant.
    const fraction = anomaly === 'dormant' ? 0.3 + 0.35 * u : 0.3 + 0.65 * u
    specials.push({ behaviour: 'daemon', anomaly, fraction })
  }
  if (specials.length > spec.apps) throw new Error('demo size too small for its special apps')

  const apps: DemoApp[] = []
  const anomalies: DemoAnomaly[] = []
  const usedNames = new Map<string, number>()

  for (let index = 0; index < spec.apps; index++) {
    const h = hash3(seed, hashString('app'), index)
    const special = specials[index]
    let behaviour: DemoBehaviour
    if (special) behaviour = special.behaviour
    else {
      const u = unit(h)
      behaviour =
        u < 0.47
          ? 'daemon'
          : u < 0.69
            ? 'businessHours'
            : u < 0.91
              ? 'delegated'
              : 'managedIdentity'
    }
    const isManagedIdentity = behaviour === 'managedIdentity'
    // Noisy apps alternate between our own poller and a vendor's connector; broken ones are ours.
    const ownedByTenant =
      !isManagedIdentity &&
      (behaviour === 'noisy'
        ? index % 2 === 0
        : behaviour === 'expiredSecret' ||
            behaviour === 'disabled' ||
            special?.anomaly === 'permissionGranted'
          ? true
          : unit(hash2(h, 1)) < 0.45)
    const vendorIndex = hash2(h, 2) % vendors.length
    const vendor = vendors[vendorIndex] ?? 'Contoso'

    let baseName: string
    if (isManagedIdentity)
      baseName = `func-${pick(['soc', 'secops', 'edr', 'itops'], hash2(h, 3))}-${pick(['enrichment', 'export', 'triage', 'sync', 'reporting'], hash2(h, 4))}-${pick(['prod', 'dev', 'weu', 'eus'], hash2(h, 5))}`
    else if (ownedByTenant)
      baseName = `${pick(ownTeams, hash2(h, 3))} - ${pick(ownPurposes, hash2(h, 4))}`
    else baseName = `${vendor} ${pick(products, hash2(h, 4))}`
    baseName += isManagedIdentity ? '' : pick(environments, hash2(h, 6))
    const seen = usedNames.get(baseName) ?? 0
    usedNames.set(baseName, seen + 1)
    const displayName = seen === 0 ? baseName : `${baseName} ${seen + 1}`

    const appId = guidFor(seed, 'appId', index)
    const servicePrincipalId = guidFor(seed, 'sp', index)
    // Created long before the history window, except the new app.
    let createdHour = startHour - 24 * (30 + (hash2(h, 7) % 700))
    let activeFromHour = createdHour
    let activeUntilHour = Infinity
    let brokenFromHour = Infinity
    const modifiers: UsageModifier[] = []

    let peakPerHour = 1
    const failureRate = 0.002 + unit(hash2(h, 8)) * 0.006
    let failureCode = 7000215
    if (behaviour === 'noisy') peakPerHour = spec.noisyPeakPerHour * (0.7 + 0.3 * unit(hash2(h, 9)))
    if (behaviour === 'delegated') {
      peakPerHour = 2 + (hash2(h, 9) % 10)
      failureCode = 700082
    }
    if (behaviour === 'expiredSecret') {
      brokenFromHour = at(0.3 + 0.1 * unit(hash2(h, 10)))
      failureCode = 7000222
    }
    if (behaviour === 'disabled') {
      brokenFromHour = at(0.25)
      failureCode = 7000112
    }

    const label = (
      kind: DemoAnomalyKind,
      fromHour: number,
      toHour: number | null,
      description: string,
    ) =>
      anomalies.push({
        kind,
        appId,
        displayName,
        from: iso(fromHour * HOUR_MS),
        to: toHour === null ? null : iso(toHour * HOUR_MS),
        description,
      })
    let grantedIsolateHour: number | null = null
    switch (special?.anomaly) {
      case 'spike': {
        const from = at(special.fraction ?? 0.7)
        modifiers.push({
          fromHour: from,
          toHour: from + 3,
          volumeFactor: 150,
          failureShare: null,
          failureCode: 0,
        })
        label('spike', from, from + 3, 'Token requests jump about 150-fold for three hours.')
        break
      }
      case 'failureBurst': {
        const from = at(special.fraction ?? 0.8)
        modifiers.push({
          fromHour: from,
          toHour: from + 4,
          volumeFactor: 40,
          failureShare: 0.95,
          failureCode: 7000215,
        })
        label(
          'failureBurst',
          from,
          from + 4,
          'A rotated secret: four hours of retries failing with AADSTS7000215.',
        )
        break
      }
      case 'newApp': {
        createdHour = at(special.fraction ?? 0.55)
        activeFromHour = createdHour
        label('newApp', createdHour, null, 'A new app is connected to MDE and starts signing in.')
        break
      }
      case 'permissionGranted': {
        grantedIsolateHour = at(special.fraction ?? 0.6)
        modifiers.push({
          fromHour: grantedIsolateHour,
          toHour: Infinity,
          volumeFactor: 4,
          failureShare: null,
          failureCode: 0,
        })
        label(
          'permissionGranted',
          grantedIsolateHour,
          null,
          'Machine.Isolate is granted; usage rises fourfold after.',
        )
        break
      }
      case 'dormant': {
        activeUntilHour = at(special.fraction ?? 0.45)
        label('dormant', activeUntilHour, null, 'The app stops signing in.')
        break
      }
      default:
        break
    }

    const createdDateTime = iso(createdHour * HOUR_MS + (hash2(h, 11) % 3600) * 1000)
    const applicationPermissions: ApplicationPermissionGrant[] = []
    const delegatedPermissions: DelegatedPermissionGrant[] = []
    if (behaviour === 'delegated') {
      const scopeCount = 1 + (hash2(h, 12) % 3)
      const scopes = new Set<string>([pick(['Alert.Read', 'Machine.Read'], hash2(h, 13))])
      for (let s = 1; s < scopeCount; s++) scopes.add(pick(mdeOAuth2Scopes, hash2(h, 20 + s)).value)
      delegatedPermissions.push({
        grantId: guidFor(seed, 'grant', index),
        consentType: 'AllPrincipals',
        principalId: null,
        scopes: [...scopes],
      })
      if (unit(hash2(h, 14)) < 0.3) {
        const user = pick(users, hash2(h, 15))
        delegatedPermissions.push({
          grantId: guidFor(seed, 'grant-user', index),
          consentType: 'Principal',
          principalId: user.id,
          scopes: ['Machine.LiveResponse'],
        })
      }
    } else {
      const roles = new Set<string>([pick(['Alert.Read.All', 'Machine.Read.All'], hash2(h, 13))])
      const extra = hash2(h, 12) % 4
      for (let r = 0; r < extra; r++) {
        const candidate = pick(mdeAppRoles, hash2(h, 30 + r))
        // High-risk roles are rarer: keep one in three draws of them.
        if (!candidate.highRisk || hash2(h, 40 + r) % 3 === 0) roles.add(candidate.value)
      }
      if (grantedIsolateHour !== null) roles.delete('Machine.Isolate')
      for (const value of roles) {
        const role = appRoleByValue(value)
        applicationPermissions.push({
          assignmentId: guidFor(seed, `assignment:${value}`, index),
          appRoleId: role.id,
          value,
          createdDateTime,
        })
      }
      if (grantedIsolateHour !== null) {
        const role = appRoleByValue('Machine.Isolate')
        applicationPermissions.push({
          assignmentId: guidFor(seed, 'assignment:Machine.Isolate', index),
          appRoleId: role.id,
          value: role.value,
          createdDateTime: iso(grantedIsolateHour * HOUR_MS + 17 * 60_000),
        })
      }
    }

    const credentials: CredentialInfo[] = []
    if (ownedByTenant) {
      const credentialCount = behaviour === 'expiredSecret' ? 1 : 1 + (hash2(h, 16) % 2)
      for (let c = 0; c < credentialCount; c++) {
        const ch = hash3(h, 17, c)
        const kind: CredentialInfo['kind'] =
          behaviour === 'expiredSecret' || hash2(ch, 5) % 3 !== 0 ? 'secret' : 'certificate'
        let endMs: number
        if (behaviour === 'expiredSecret') endMs = brokenFromHour * HOUR_MS - 7 * 60_000
        else {
          const u = unit(hash2(ch, 6))
          // The first credential is the one in use: valid or expiring within a month. A second one is
          // often a leftover: valid, expiring, or already expired.
          if (c === 0)
            endMs = u < 0.85 ? nowMs + (60 + (ch % 640)) * DAY_MS : nowMs + (2 + (ch % 26)) * DAY_MS
          else if (u < 0.4) endMs = nowMs + (60 + (ch % 640)) * DAY_MS
          else if (u < 0.6) endMs = nowMs + (3 + (ch % 25)) * DAY_MS
          else endMs = nowMs - (1 + (ch % 90)) * DAY_MS
        }
        endMs = Math.floor(endMs / 1000) * 1000
        const lifetime = kind === 'secret' ? 365 * DAY_MS : 730 * DAY_MS
        credentials.push({
          keyId: guidFor(seed, `credential:${c}`, index),
          kind,
          displayName:
            kind === 'secret'
              ? pick(['prod', 'automation', 'rotated', null], ch >>> 8)
              : `CN=${displayName.replace(/[^A-Za-z0-9]+/g, '-')}`,
          startDateTime: iso(endMs - lifetime),
          endDateTime: iso(endMs),
        })
      }
    }

    const owners: OwnerInfo[] = []
    if (ownedByTenant && unit(hash2(h, 18)) >= 0.2) {
      const ownerCount = 1 + (hash2(h, 19) % 2)
      for (let o = 0; o < ownerCount; o++) {
        const user = pick(users, hash3(h, 19, o))
        if (owners.some((x) => x.id === user.id)) continue
        owners.push({
          id: user.id,
          displayName: user.displayName,
          type: 'user',
          userPrincipalName: user.userPrincipalName,
        })
      }
    }

    let verifiedPublisher: VerifiedPublisher | null = null
    if (!ownedByTenant && !isManagedIdentity && unit(hash2(h, 20)) < 0.7) {
      verifiedPublisher = {
        displayName: `${vendor} Ltd`,
        verifiedPublisherId: String(1_000_000 + vendorIndex * 7919),
        addedDateTime: iso(nowMs - (400 + vendorIndex * 11) * DAY_MS),
      }
    }

    const location = pick(locations, hash2(h, 21))
    const ipCount = behaviour === 'delegated' ? 4 : 1 + (hash2(h, 22) % 2)
    const ipAddresses: string[] = []
    for (let p = 0; p < ipCount; p++) {
      const ih = hash3(h, 23, p)
      const first =
        ownedByTenant || isManagedIdentity
          ? pick([20, 40, 52, 4], ih)
          : pick([13, 34, 51, 104, 185], ih)
      ipAddresses.push(
        `${first}.${(ih >>> 8) & 255}.${(ih >>> 16) & 255}.${1 + ((ih >>> 24) % 254)}`,
      )
    }

    const connected: ConnectedApp = {
      servicePrincipalId,
      appId,
      displayName,
      appOwnerOrganizationId: isManagedIdentity
        ? MICROSOFT_SERVICES_TENANT_ID
        : ownedByTenant
          ? tenantId
          : guidFor(hashString(vendor), 'vendor-tenant'),
      ownedByTenant,
      servicePrincipalType: isManagedIdentity ? 'ManagedIdentity' : 'Application',
      accountEnabled: behaviour !== 'disabled',
      signInAudience: isManagedIdentity
        ? null
        : ownedByTenant
          ? 'AzureADMyOrg'
          : 'AzureADMultipleOrgs',
      verifiedPublisher,
      credentials,
      owners,
      applicationPermissions,
      delegatedPermissions,
      createdDateTime,
    }
    apps.push({
      index,
      appId,
      displayName,
      servicePrincipalId,
      behaviour,
      peakPerHour,
      failureRate,
      failureCode,
      activeFromHour,
      activeUntilHour,
      brokenFromHour,
      modifiers,
      ipAddresses,
      location,
      connected,
    })
  }

  // A deleted app whose client still runs somewhere: it shows in sign-ins, not in the inventory.
  const unknownIndex = apps.length
  apps.push({
    index: unknownIndex,
    appId: guidFor(seed, 'appId', unknownIndex),
    displayName: '',
    servicePrincipalId: null,
    behaviour: 'unknownApp',
    peakPerHour: 20,
    failureRate: 1,
    failureCode: 700016,
    activeFromHour: startHour - 24 * 60,
    activeUntilHour: Infinity,
    brokenFromHour: -Infinity,
    modifiers: [],
    ipAddresses: ['185.220.101.34'],
    location: { city: 'Frankfurt am Main', countryOrRegion: 'DE' },
    connected: null,
  })

  return {
    seed,
    size,
    spec,
    now: new Date(nowMs),
    nowHour,
    historyStart: new Date(startHour * HOUR_MS),
    tenantId,
    tenantDomain,
    displayName: 'Contoso (demo)',
    resource,
    apps,
    users,
    anomalies,
    appIndexById: new Map(apps.map((a) => [a.appId, a.index])),
  }
}

/**
 * The inventory as discovery sees it (the unknown client is not in it). With `at`, as it was then:
 * apps created later are absent and application permissions granted later are not yet held.
 */
export function connectedApps(tenant: DemoTenant, at?: Date): ConnectedApp[] {
  const result: ConnectedApp[] = []
  const limit = at?.getTime()
  for (const app of tenant.apps) {
    const connected = app.connected
    if (!connected) continue
    if (limit === undefined) {
      result.push(connected)
      continue
    }
    if (connected.createdDateTime && Date.parse(connected.createdDateTime) > limit) continue
    result.push({
      ...connected,
      applicationPermissions: connected.applicationPermissions.filter(
        (grant) => !grant.createdDateTime || Date.parse(grant.createdDateTime) <= limit,
      ),
    })
  }
  return result
}
