// Shared model types: what main and the renderer say to each other. No node or electron imports.
import { z } from 'zod'

import { alertsAppSettingsSchema } from './alerts'
import { cloudNames, localeSettingValues, themeSettingValues } from './values'

export * from './values'

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// A verified tenant domain such as contoso.onmicrosoft.com or contoso.com.
const tenantDomainPattern = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i

export const guidSchema = z
  .string()
  .trim()
  .regex(guidPattern, 'must be a GUID like 00000000-0000-0000-0000-000000000000')

export const tenantIdSchema = z
  .string()
  .trim()
  .refine(
    (value) => guidPattern.test(value) || tenantDomainPattern.test(value),
    'must be a tenant ID (GUID) or a verified domain such as contoso.onmicrosoft.com',
  )

function httpsUrl(allowPath: boolean) {
  return z
    .string()
    .trim()
    .max(2048)
    .refine(
      (value) => {
        try {
          const url = new URL(value)
          const bare = url.pathname === '/' || url.pathname === ''
          return url.protocol === 'https:' && !url.username && !url.password && !url.search && !url.hash && (allowPath || bare)
        } catch {
          return false
        }
      },
      allowPath
        ? 'must be an https URL such as https://graph.example.com (no credentials, query or fragment)'
        : 'must be an https origin such as https://login.example.com (no path, no credentials)',
    )
}

/** Endpoints of a custom cloud; the built-in clouds know theirs. */
export const customCloudSchema = z
  .object({
    authorityHost: httpsUrl(false),
    // Gateways and sovereign stamps may serve Graph and Log Analytics under a path prefix.
    graphEndpoint: httpsUrl(true),
    logAnalyticsEndpoint: httpsUrl(true).optional(),
    portalUrl: httpsUrl(false).optional(),
  })
  .strict()
export type CustomCloud = z.infer<typeof customCloudSchema>

export const tenantConfigSchema = z
  .object({
    cloud: z.enum(cloudNames).default('public'),
    tenantId: tenantIdSchema.optional(),
    clientId: guidSchema.optional(),
    custom: customCloudSchema.optional(),
    /** Log Analytics workspace to read long history from; its scope is asked for only when set. */
    logAnalyticsWorkspaceId: guidSchema.optional(),
  })
  .strict()
  .refine((config) => config.cloud !== 'custom' || config.custom !== undefined, {
    message: 'the custom cloud needs its endpoints (authority host and Graph endpoint at least)',
    path: ['custom'],
  })
export type TenantConfig = z.infer<typeof tenantConfigSchema>

export const settingsSchema = z
  .object({
    locale: z.enum(localeSettingValues).default('system'),
    theme: z.enum(themeSettingValues).default('system'),
    tenant: tenantConfigSchema.default({ cloud: 'public' }),
    /** Notifications, tray and background sync; absent means the defaults. */
    alerts: alertsAppSettingsSchema.optional(),
  })
  .strict()
export type Settings = z.infer<typeof settingsSchema>

export const settingsPatchSchema = z
  .object({
    locale: z.enum(localeSettingValues).optional(),
    theme: z.enum(themeSettingValues).optional(),
    tenant: tenantConfigSchema.optional(),
    alerts: alertsAppSettingsSchema.optional(),
  })
  .strict()
export type SettingsPatch = z.infer<typeof settingsPatchSchema>

export type DataMode = 'demo' | 'tenant'

/**
 * Why the demo tenant is shown: no client ID and tenant are set up yet, the app was started with
 * `--demo` (`npm run demo`), or the admin chose "Try the demo tenant" in the app for this run.
 */
export type DemoReason = 'not_configured' | 'started_in_demo' | 'chosen'

/**
 * Why the OS keychain could not be used, as a code the renderer words in the UI language (main's
 * own sentence, with the OS's error, goes to the log and the CLI only).
 */
export const keychainProblems = ['module_missing', 'macos_refused', 'dpapi_failed', 'no_secret_service'] as const
export type KeychainProblem = (typeof keychainProblems)[number]

export interface AppNotice {
  /** Stable identifier the renderer translates; `detail` carries the variable part. */
  kind: 'settings_reset' | 'keychain_unavailable' | 'store_recovered'
  detail: string
  /** keychain_unavailable: why, as a code to translate (`detail` is main's English sentence). */
  keychainProblem?: KeychainProblem | null
}

export interface AppInfo {
  productName: string
  version: string
  platform: string
  arch: string
  runtime: { node: string; electron: string | null; chrome: string | null }
  dataDir: string
  logDir: string
  /** 'demo' when no tenant is configured (or demo mode was asked for), else 'tenant'. */
  mode: DataMode
  notices: AppNotice[]
}

export interface AccountSummary {
  homeAccountId: string
  username: string
  tenantId: string
  displayName: string | null
}

export interface AuthStatus {
  /** True once a client ID and tenant are configured. */
  configured: boolean
  mode: DataMode
  accounts: AccountSummary[]
  /** Whether tokens can be persisted in the OS keychain on this machine. */
  keychain: 'available' | 'unavailable' | 'unknown'
  /** Why the keychain is unavailable (tokens then live in memory for this session only), in English. */
  keychainReason: string | null
  /** The same as a code the renderer translates; null when unknown (or the keychain works). */
  keychainProblem: KeychainProblem | null
  /** Why the demo tenant is shown; null when the configured tenant is. */
  demoReason: DemoReason | null
  /** An interactive sign-in is waiting in the browser. */
  signInPending: boolean
}

export const signInRequestSchema = z
  .object({
    /** Another tenant to sign in to with the same app registration (MSSP admins). */
    tenantId: tenantIdSchema.optional(),
    loginHint: z.string().trim().max(256).optional(),
  })
  .strict()
export type SignInRequest = z.infer<typeof signInRequestSchema>

export const signOutRequestSchema = z.object({ homeAccountId: z.string().min(1).max(512) }).strict()
export type SignOutRequest = z.infer<typeof signOutRequestSchema>

/**
 * The data this run shows: 'demo' is "Try the demo tenant" (for this run only; the configured
 * tenant's settings, tokens and history are left as they are), 'tenant' goes back to it.
 */
export const switchDataModeRequestSchema = z.object({ mode: z.enum(['demo', 'tenant']) }).strict()
export type SwitchDataModeRequest = z.infer<typeof switchDataModeRequestSchema>

export const openExternalRequestSchema = z
  .object({ url: z.string().min(1).max(4096) })
  .strict()
export type OpenExternalRequest = z.infer<typeof openExternalRequestSchema>

// ---- connected applications (dashboard) ---------------------------------------------------------
// Dates cross the bridge as ISO 8601 strings; the renderer formats them for the UI language.

export type PermissionRisk = 'high' | 'medium' | 'low'
export type CredentialStatus = 'valid' | 'expiring' | 'expired' | 'none'

export interface ConnectedAppRow {
  appId: string
  servicePrincipalId: string | null
  displayName: string
  publisher: string | null
  publisherVerified: boolean
  /** True when the application object lives in this tenant (so it has an app registration page). */
  ownedByTenant: boolean | null
  enabled: boolean | null
  /** False for apps seen only in sign-ins, or removed since. */
  inDiscovery: boolean
  firstSeen: string | null
  removedAt: string | null
  lastSeen: string | null
  signIns24h: number
  failures24h: number
  /** Sign-ins per UTC day, 30 values, oldest first. */
  trend30d: number[]
  permissionType: 'application' | 'delegated' | 'both' | 'none'
  permissions: { application: string[]; delegated: string[] }
  /** The highest risk among the app's MDE permissions; null without any. */
  risk: PermissionRisk | null
  credentialStatus: CredentialStatus
  nextCredentialExpiry: string | null
  alerting: boolean
}

export interface TenantSummary {
  tenantId: string
  displayName: string | null
  source: 'demo' | 'graph'
}

export interface AppsOverview {
  tenant: TenantSummary
  /** Every tenant the app can show (the demo tenant, or each signed-in tenant). */
  tenants: TenantSummary[]
  apps: ConnectedAppRow[]
  lastSync: string | null
  /** Oldest hour of local history, or null before the first sync. */
  historyFrom: string | null
  /**
   * Where the history's figures come from, oldest span first: Log Analytics hourly aggregates for the
   * hours before the raw sign-ins, then raw sign-ins (Graph, or the demo tenant). For the "data source
   * and coverage" label.
   */
  coverage?: UsageCoverageView[]
  generatedAt: string
}

/** One source's span of a tenant's local history. */
export interface UsageCoverageView {
  source: 'demo' | 'graph' | 'logAnalytics'
  /** First whole hour the source's figures cover (ISO 8601). */
  from: string
  /** End of the span (ISO 8601). */
  to: string
}

export const tenantSelectorSchema = z.object({ tenantId: guidSchema.optional() }).strict()

export const appSelectorSchema = z
  .object({ tenantId: guidSchema.optional(), appId: guidSchema })
  .strict()

export const usageSeriesRequestSchema = z
  .object({
    tenantId: guidSchema.optional(),
    appId: guidSchema,
    granularity: z.enum(['hour', 'day']),
    /** How far back from now: 7 days hourly, or 30/90/365 days daily. */
    days: z.union([z.literal(7), z.literal(30), z.literal(90), z.literal(365)]),
  })
  .strict()
export type UsageSeriesRequest = z.infer<typeof usageSeriesRequestSchema>

export interface UsageSeries {
  appId: string
  granularity: 'hour' | 'day'
  /** Bucket starts (ISO), sign-ins and failures, zero-filled, oldest first. */
  points: Array<{ start: string; signIns: number; failures: number }>
}

export interface AppPermissionView {
  kind: 'application' | 'delegated'
  value: string
  risk: PermissionRisk
  /** Why this risk, in English; the renderer translates by `riskReason` key when it knows it. */
  riskReason: 'response_action' | 'write' | 'broad_read' | 'read'
  consent: string | null
  grantedAt: string
  revokedAt: string | null
}

export interface AppCredentialView {
  keyId: string
  kind: 'secret' | 'certificate'
  displayName: string | null
  endDateTime: string
  daysLeft: number
  status: Exclude<CredentialStatus, 'none'>
  removedAt: string | null
}

export interface AppFailureView {
  at: string
  errorCode: number
  /** What the AADSTS code means, when known. */
  meaning: string | null
  ipAddress: string | null
  country: string | null
}

export interface AppDetailView {
  app: ConnectedAppRow
  permissions: AppPermissionView[]
  credentials: AppCredentialView[]
  owners: Array<{ id: string; displayName: string; type: 'user' | 'servicePrincipal'; userPrincipalName: string | null; removedAt: string | null }>
  /** Countries the app signed in from in the raw-event window, with counts. */
  locations: Array<{ country: string; signIns: number }>
  recentFailures: AppFailureView[]
  /** Azure portal pages for "Open application settings" (enterprise app; registration when owned). */
  portalLinks: { enterpriseApp: string | null; appRegistration: string | null }
}

export const syncRequestSchema = z
  .object({
    days: z.number().int().min(1).max(365).optional(),
    full: z.boolean().optional(),
    tenantId: guidSchema.optional(),
  })
  .strict()
export type SyncNowRequest = z.infer<typeof syncRequestSchema>

export interface SyncProgressView {
  tenantId: string
  phase: 'discovery' | 'usage' | 'done'
  slicesDone: number
  slicesTotal: number
  pages: number
  events: number
  etaSeconds: number | null
}

export interface SyncSummary {
  tenantId: string
  source: 'demo' | 'graph' | 'logAnalytics'
  from: string
  to: string
  events: number
  inserted: number
  cancelled: boolean
  appsAdded: number
  appsRemoved: number
  permissionsGranted: number
  durationMs: number
  /** The Log Analytics part of the sync, when a workspace is configured. Its failure is not the sync's. */
  logAnalytics?: {
    status: 'filled' | 'upToDate' | 'failed' | 'skipped'
    hours: number
    /** The workspace's span of the history after this sync (ISO), or null. */
    from: string | null
    to: string | null
    error: { code: string; message: string } | null
  }
  /** What Graph's summarised sign-ins did for this sync's backfill, when they were asked. */
  summaries?: {
    status: 'used' | 'notUsed' | 'unavailable'
    note: string | null
    slicesSkipped: number
    requestsSaved: number
    /** Slices whose raw events still differ from the summary after a second fetch (see the log). */
    mismatches: number
    /**
     * When every settled slice was quiet, the raw-event check of that claim: confirmed (the sign-in
     * log agrees), or contradicted (it has summarised sign-ins there, so every slice was paged).
     */
    probe: { outcome: 'confirmed' | 'contradicted'; requests: number; found: number } | null
  }
}

export interface SyncStatus {
  running: boolean
  progress: SyncProgressView | null
  last: SyncSummary | null
  /** The last sync's failure, in words for the user. */
  lastError: { code: string; message: string } | null
}
