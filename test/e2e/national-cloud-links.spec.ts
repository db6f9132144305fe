// "Open application settings" for a tenant in a national cloud (US Government, then China): the
// app is set up for that cloud, an admin of the tenant is signed in (their account in MSAL's token
// cache, as a sign-in leaves it; the fake cloud cannot play login.microsoftonline.us), the tenant's
// apps are in the local store, and the row action and the detail's button hand the portal page of
// that cloud, pinned to the tenant, to the system browser through the safe shell.
import type { ICachePlugin } from '@azure/msal-node'
import type { CloudName } from '../../src-main/contract/model'
import type { TokenCacheBinding } from '../../src-main/core/auth/token-cache'
import { DemoSource } from '../../src-main/core/demo'
import { test, expect } from './support/fixtures'
import { seedDemoTenant } from './support/seed'

const pinnedNow = '2025-11-26T09:41:00Z'
const clientId = '2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091'
const userObjectId = '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'
/** The tenant seedDemoTenant writes under (the demo tenant's ID, the same for every anchor). */
const seedTenantId = new DemoSource({ seed: 'contoso', size: 'small', now: new Date(0) }).tenantId

/** MSAL's serialized cache holding one signed-in account of `tenantId` at `authorityHost`. */
function signedInCache(authorityHost: string, tenantId: string): TokenCacheBinding {
  const homeAccountId = `${userObjectId}.${tenantId}`
  const serialized = JSON.stringify({
    Account: {
      [`${homeAccountId}-${authorityHost}-${tenantId}`]: {
        home_account_id: homeAccountId,
        environment: authorityHost,
        realm: tenantId,
        local_account_id: userObjectId,
        username: 'reader@contoso.example',
        name: 'Security Reader',
        authority_type: 'MSSTS',
      },
    },
    IdToken: {},
    AccessToken: {},
    RefreshToken: {},
    AppMetadata: {},
  })
  const plugin: ICachePlugin = {
    beforeCacheAccess: async (context) => {
      if (!context.tokenCache.serialize().includes(homeAccountId))
        context.tokenCache.deserialize(serialized)
    },
    afterCacheAccess: async () => {},
  }
  return { plugin, keychain: 'unavailable', reason: 'the E2E run keeps tokens in memory' }
}

const clouds: { cloud: CloudName; authorityHost: string; portal: string }[] = [
  { cloud: 'usgov', authorityHost: 'login.microsoftonline.us', portal: 'https://portal.azure.us' },
  {
    cloud: 'china',
    authorityHost: 'login.partner.microsoftonline.cn',
    portal: 'https://portal.azure.cn',
  },
]

for (const { cloud, authorityHost, portal } of clouds) {
  test.describe(`a tenant in the ${cloud} cloud`, () => {
    let seeded: { tenantId: string; appIds: string[] } | null = null
    test.use({
      coreSetup: {
        forceDemo: false,
        now: pinnedNow,
        // The tenant's apps are seeded under the demo tenant's ID, so the account is in that tenant.
        settingsFile: { tenant: { cloud, tenantId: 'contoso.onmicrosoft.com', clientId } },
        prepare: (core) => {
          seeded = seedDemoTenant(
            core,
            [
              { displayName: 'Owned SOAR connector', signIns: 5 },
              { displayName: 'Third-party EDR bridge', signIns: 3 },
            ],
            new Date(pinnedNow),
          )
        },
        tokenCacheFactory: async () => signedInCache(authorityHost, seedTenantId),
      },
    })

    test(`opens the ${portal} pages of the app, pinned to the tenant`, async ({ app }) => {
      const { page } = app
      const { tenantId, appIds } = seeded!
      expect(tenantId).toBe(seedTenantId)
      const [owned, thirdParty] = appIds as [string, string]
      const spOf = async (appId: string) =>
        (await app.core.service.listApps(undefined)).apps.find((row) => row.appId === appId)!
          .servicePrincipalId
      await app.open('apps')
      await expect(page.getByTestId('mode-badge')).toContainText('Your tenant')
      await expect(page.getByTestId('total-apps')).toHaveText('2')

      // Row action on an app the tenant does not own: the enterprise application page.
      await page.getByTestId('apps-search').fill(thirdParty)
      await page
        .getByRole('button', { name: 'Open the application settings of Third-party EDR bridge' })
        .click()
      await expect
        .poll(() => app.openedUrls)
        .toEqual([
          `${portal}/${tenantId}/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Overview/objectId/${await spOf(thirdParty)}/appId/${thirdParty}`,
        ])

      // The detail's button on an app the tenant owns: the app registration page.
      await page.evaluate((id) => (location.hash = `#/apps/${id}`), owned)
      await expect(page.getByTestId('detail-name')).toHaveText('Owned SOAR connector')
      await page.getByTestId('detail-open-settings').click()
      await expect(page.getByTestId('action-status')).toHaveText(
        'The Azure portal page opened in your browser.',
      )
      expect(app.openedUrls[1]).toBe(
        `${portal}/${tenantId}/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${owned}/isMSAApp~/false`,
      )
      expect(app.openedUrls).toHaveLength(2)
    })
  })
}
