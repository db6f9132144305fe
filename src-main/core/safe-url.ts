// The safe shell's allow-list: which external URLs the app may hand to the system browser.
// Only https, only exact hosts of the Azure portal, the Entra admin center, the Defender portal and
// Microsoft Learn in each national cloud, plus origins the caller adds (the configured sign-in
// authority). Look-alike hosts (portal.azure.com.evil.test, portal-azure.com) fail the exact match.

export const allowedPortalHosts: readonly string[] = [
  // public cloud
  'portal.azure.com',
  'entra.microsoft.com',
  'security.microsoft.com',
  'learn.microsoft.com',
  // US Government (GCC High, DoD)
  'portal.azure.us',
  'entra.microsoft.us',
  'security.microsoft.us',
  'security.apps.mil',
  // China (21Vianet)
  'portal.azure.cn',
  'entra.microsoftonline.cn',
]

export type UrlCheck = { allowed: true; url: string } | { allowed: false; reason: string }

export function checkExternalUrl(raw: string, extraOrigins: readonly string[] = []): UrlCheck {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { allowed: false, reason: 'not a valid absolute URL' }
  }
  if (url.protocol !== 'https:') return { allowed: false, reason: `scheme ${url.protocol} is not allowed; only https` }
  if (url.username || url.password) return { allowed: false, reason: 'URLs with credentials are not allowed' }
  if (extraOrigins.includes(url.origin)) return { allowed: true, url: url.toString() }
  if (url.port !== '') return { allowed: false, reason: `host ${url.host} is not on the allow-list` }
  if (!allowedPortalHosts.includes(url.hostname)) {
    return { allowed: false, reason: `host ${url.hostname} is not on the allow-list` }
  }
  return { allowed: true, url: url.toString() }
}
