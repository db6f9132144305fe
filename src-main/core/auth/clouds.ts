// Endpoints of each Microsoft cloud the app can sign in to. A custom cloud (sovereign stamps,
// proxies, the project's own fake cloud in tests) names its endpoints explicitly.
import { AppError, type CloudName, type TenantConfig } from '../../contract'

export interface CloudEndpoints {
  name: CloudName
  /** Origin of the Entra authority, e.g. https://login.microsoftonline.com */
  authorityHost: string
  /** Graph origin; API versions are appended by the Graph client. */
  graphEndpoint: string
  logAnalyticsEndpoint: string
  /** Resource for Log Analytics tokens (the `/Data.Read` scope is appended). */
  logAnalyticsResource: string
  /** Azure portal origin for "Open application settings". */
  portalUrl: string
  /** Entra admin center origin. */
  entraUrl: string
  /** True for hosts MSAL knows; custom hosts are passed to MSAL as knownAuthorities. */
  wellKnown: boolean
}

const builtIn: Record<Exclude<CloudName, 'custom'>, CloudEndpoints> = {
  public: {
    name: 'public',
    authorityHost: 'https://login.microsoftonline.com',
    graphEndpoint: 'https://graph.microsoft.com',
    logAnalyticsEndpoint: 'https://api.loganalytics.azure.com',
    logAnalyticsResource: 'https://api.loganalytics.io',
    portalUrl: 'https://portal.azure.com',
    entraUrl: 'https://entra.microsoft.com',
    wellKnown: true,
  },
  usgov: {
    name: 'usgov',
    authorityHost: 'https://login.microsoftonline.us',
    graphEndpoint: 'https://graph.microsoft.us',
    logAnalyticsEndpoint: 'https://api.loganalytics.us',
    logAnalyticsResource: 'https://api.loganalytics.us',
    portalUrl: 'https://portal.azure.us',
    entraUrl: 'https://entra.microsoft.us',
    wellKnown: true,
  },
  usgovdod: {
    name: 'usgovdod',
    authorityHost: 'https://login.microsoftonline.us',
    graphEndpoint: 'https://dod-graph.microsoft.us',
    logAnalyticsEndpoint: 'https://api.loganalytics.us',
    logAnalyticsResource: 'https://api.loganalytics.us',
    portalUrl: 'https://portal.azure.us',
    entraUrl: 'https://entra.microsoft.us',
    wellKnown: true,
  },
  china: {
    name: 'china',
    authorityHost: 'https://login.partner.microsoftonline.cn',
    graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn',
    logAnalyticsEndpoint: 'https://api.loganalytics.azure.cn',
    logAnalyticsResource: 'https://api.loganalytics.azure.cn',
    portalUrl: 'https://portal.azure.cn',
    entraUrl: 'https://entra.microsoftonline.cn',
    wellKnown: true,
  },
}

export function cloudEndpoints(config: TenantConfig): CloudEndpoints {
  if (config.cloud !== 'custom') return builtIn[config.cloud]
  const custom = config.custom
  if (!custom) {
    throw new AppError(
      'settings_invalid',
      'The custom cloud needs its endpoints: authority host, Graph and Log Analytics endpoints, and the portal URL.',
    )
  }
  return {
    name: 'custom',
    authorityHost: stripSlash(custom.authorityHost),
    graphEndpoint: stripSlash(custom.graphEndpoint),
    logAnalyticsEndpoint: stripSlash(custom.logAnalyticsEndpoint ?? custom.graphEndpoint),
    logAnalyticsResource: stripSlash(custom.logAnalyticsEndpoint ?? custom.graphEndpoint),
    portalUrl: stripSlash(custom.portalUrl ?? builtIn.public.portalUrl),
    entraUrl: stripSlash(custom.portalUrl ?? builtIn.public.entraUrl),
    wellKnown: false,
  }
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '')
}

/** The delegated Graph permissions the app asks for, and why (see docs/PERMISSIONS.md). */
export const graphScopeNames = ['Application.Read.All', 'Directory.Read.All', 'AuditLog.Read.All'] as const

export function graphScopes(cloud: CloudEndpoints): string[] {
  return graphScopeNames.map((scope) => `${cloud.graphEndpoint}/${scope}`)
}

export function logAnalyticsScopes(cloud: CloudEndpoints): string[] {
  return [`${cloud.logAnalyticsResource}/Data.Read`]
}

export function authorityFor(cloud: CloudEndpoints, tenant: string): string {
  return `${cloud.authorityHost}/${tenant}`
}
