// "Open application settings": the app's pages in the Azure portal of the right cloud, pinned to the
// tenant. The enterprise application page works for every app (third-party ones too); the app
// registration page exists only when the tenant owns the application object.
import type { CloudEndpoints } from './auth/clouds'

export function enterpriseAppUrl(portalUrl: string, tenantId: string, servicePrincipalId: string, appId: string): string {
  return `${portalUrl}/${tenantId}/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Overview/objectId/${servicePrincipalId}/appId/${appId}`
}

export function appRegistrationUrl(portalUrl: string, tenantId: string, appId: string): string {
  return `${portalUrl}/${tenantId}/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${appId}/isMSAApp~/false`
}

export function portalUrlFor(cloud: CloudEndpoints | null): string {
  return cloud?.portalUrl ?? 'https://portal.azure.com'
}
