// Shared model types: what main and the renderer say to each other. No node or electron imports.
import { z } from 'zod'

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
  })
  .strict()
export type Settings = z.infer<typeof settingsSchema>

export const settingsPatchSchema = z
  .object({
    locale: z.enum(localeSettingValues).optional(),
    theme: z.enum(themeSettingValues).optional(),
    tenant: tenantConfigSchema.optional(),
  })
  .strict()
export type SettingsPatch = z.infer<typeof settingsPatchSchema>

export type DataMode = 'demo' | 'tenant'

export interface AppNotice {
  /** Stable identifier the renderer translates; `detail` carries the variable part. */
  kind: 'settings_reset' | 'keychain_unavailable'
  detail: string
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
  /** Why the keychain is unavailable (tokens then live in memory for this session only). */
  keychainReason: string | null
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

export const openExternalRequestSchema = z
  .object({ url: z.string().min(1).max(4096) })
  .strict()
export type OpenExternalRequest = z.infer<typeof openExternalRequestSchema>
