// "Open application settings": the app's pages in the Azure portal of the right cloud, pinned to the
// tenant. The enterprise application page works for every app (third-party ones too); the app
// registration page exists only when the tenant owns the application object. The IDs come from
// Graph (untrusted) and each stays one path segment, so a slash or '#' in one cannot turn the link
// into another blade; real IDs (GUIDs, verified domains) need no escaping and come out unchanged.
import type { CloudEndpoints } from './auth/clouds'

const segment = (value: string): string => encodeURIComponent(value)

export function enterpriseAppUrl(
  portalUrl: string,
  tenantId: string,
  servicePrincipalId: string,
  appId: string,
): string {
  return `${portalUrl}/${segment(tenantId)}/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Overview/objectId/${segment(servicePrincipalId)}/appId/${segment(appId)}`
}

export function appRegistrationUrl(portalUrl: string, tenantId: string, appId: string): string {
  return `${portalUrl}/${segment(tenantId)}/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${segment(appId)}/isMSAApp~/false`
}

export function portalUrlFor(cloud: CloudEndpoints | null): string {
  return cloud?.portalUrl ?? 'https://portal.azure.com'
}
