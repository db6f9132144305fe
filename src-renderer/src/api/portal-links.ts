// Links into Microsoft's portals for each national cloud. They open through main's safe shell,
// which allows only these hosts; a custom cloud (e.g. the test emulator) has no portal.
import type { CloudName } from '../../../src-main/contract/model'

const entraHosts: Record<CloudName, string | null> = {
  public: 'entra.microsoft.com',
  usgov: 'entra.microsoft.us',
  usgovdod: 'entra.microsoft.us',
  china: 'entra.microsoftonline.cn',
  custom: null,
}

/** The "App registrations" list in the Entra admin center of the given cloud. */
export function appRegistrationsUrl(cloud: CloudName): string | null {
  const host = entraHosts[cloud]
  return host ? `https://${host}/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade` : null
}

/** Microsoft's step-by-step guide to registering an application. */
export const registerAppGuideUrl =
  'https://learn.microsoft.com/entra/identity-platform/quickstart-register-app'
