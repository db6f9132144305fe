// The Connected apps page against the fake Microsoft cloud, with a real sign-in: the app is set up
// for the cloud as a custom cloud, the admin presses Sign in, the scripted browser signs in on the
// fake Entra's page, and Sync now reads the tenant through Graph. Each tenant the fake cloud plays
// (empty, no Defender for Endpoint, no P1/P2 licence, consent missing, role missing, and a 403 Graph
// did not explain) must show its explained state with what to do and no other state's remedy, in
// English and Korean, with the core's English detail labelled as English, and pass axe. A revoked
// session asks to sign in again, and signing in again recovers; a second tenant added through
// Settings → accounts ("Add a tenant", by its verified domain) gets a switcher that changes the
// list. Screenshots of each, light and dark, go to test-results/screenshots (a few to docs/).
import type { Page } from '@playwright/test'
import { graphScopeNames } from '../../src-main/core/auth/clouds'
import { connectedApps } from '../../src-main/core/demo'
import en from '../../src-renderer/src/i18n/locales/en'
import ko from '../../src-renderer/src/i18n/locales/ko'
import type { FakeCloud, FakeTenantOptions, FakeUser } from '../fake-cloud'
import { cloudNow, expect, test, userOf, type SystemBrowser } from './support/fake-cloud'
import { seriousAxeViolations } from './support/axe'
import type { AppHarness } from './support/fixtures'
import { saveScreenshot } from './support/screenshots'

test.describe.configure({ timeout: 90_000 })

const messages = { en, ko } as const
type Locale = keyof typeof messages
type Messages = (typeof messages)[Locale]
const locales: Locale[] = ['en', 'ko']
const docScreenshots = [
  'cloud-licence_missing-en-light.png',
  'cloud-role_missing-ko-dark.png',
  'cloud-tenant-switcher-en-dark.png',
]

/** Saves the page in light and dark (the theme is changed the way Settings changes it), back to light. */
async function shootBothThemes(app: AppHarness, name: string, locale: Locale): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await app.core.service.updateSettings({ theme })
    await expect(app.page.locator('html')).toHaveAttribute('data-theme', theme)
    // From the top, as the page opens (a click further down scrolled it).
    await app.page.evaluate(() => window.scrollTo(0, 0))
    await saveScreenshot(app.page, `cloud-${name}-${locale}-${theme}.png`, docScreenshots)
  }
  await app.core.service.updateSettings({ theme: 'light' })
}

/** Opens Connected apps (not signed in yet), signs in as `user` with the page's Sign in button. */
async function signInThroughTheApp(
  app: AppHarness,
  browser: SystemBrowser,
  user: FakeUser,
  m: Messages,
): Promise<void> {
  const { page } = app
  await page.clock.setFixedTime(new Date(cloudNow))
  await app.open('apps')
  const notSignedIn = page.getByTestId('state-not_signed_in')
  await expect(notSignedIn.getByRole('heading', { level: 2 })).toHaveText(
    m.apps.states.notSignedIn.title,
  )
  browser.signInNextAs(user)
  await notSignedIn.getByRole('button', { name: m.apps.start.signIn.signIn, exact: true }).click()
  await expect(page.getByTestId('accounts')).toContainText(user.userPrincipalName)
  await browser.settled()
  // Signed in, the page stops asking for it and offers the first sync.
  await expect(notSignedIn).toHaveCount(0)
}

async function syncNow(page: Page): Promise<void> {
  await page.getByTestId('sync-now').click()
  await expect(page.getByTestId('sync-now')).toBeEnabled({ timeout: 30_000 })
}

interface Scenario {
  name: string
  tenant: Omit<FakeTenantOptions, 'seed' | 'size'>
  user: 'admin' | 'guest'
  /** Changes to the cloud once the admin is signed in (faults). */
  prepare?: (cloud: FakeCloud) => void
  state: string
  title: (m: Messages) => string
  /** What to do, as the page must say it. */
  todo: (m: Messages) => string[]
  /** Remedies of the other states, which the page must not offer here. */
  absent?: (m: Messages) => string[]
  /** The sync succeeded (nothing to show): no failure, so no technical detail. */
  succeeds?: true
}

const scenarios: Scenario[] = [
  {
    name: 'empty_tenant',
    tenant: { empty: true },
    user: 'admin',
    state: 'empty_tenant',
    succeeds: true,
    title: (m) => m.apps.states.empty.title,
    todo: (m) => [m.apps.states.empty.body, m.apps.states.empty.todo],
  },
  {
    name: 'mde_not_provisioned',
    tenant: { mde: false },
    user: 'admin',
    state: 'mde_not_provisioned',
    title: (m) => m.apps.states.noMde.title,
    todo: (m) => [m.apps.states.noMde.body, m.apps.states.noMde.todo],
  },
  {
    name: 'licence_missing',
    tenant: { licence: 'free' },
    user: 'admin',
    state: 'licence_missing',
    title: (m) => m.apps.states.licence.title,
    todo: (m) => [m.apps.states.licence.todo],
  },
  {
    // The admin is signed in, but Graph refuses the sign-in logs the way it does when the app
    // registration's consent lacks AuditLog.Read.All: it names the app's missing permission.
    name: 'consent_missing',
    tenant: {},
    user: 'admin',
    prepare: (cloud) =>
      cloud.faults.add({
        service: 'graph',
        path: '/auditLogs/',
        times: Infinity,
        fault: {
          kind: 'graphError',
          status: 403,
          code: 'Authentication_MSGraphPermissionMissing',
          message: 'Calling principal does not have required MSGraph permissions AuditLog.Read.All',
        },
      }),
    state: 'consent_missing',
    title: (m) => m.apps.states.consent.title,
    todo: (m) => [m.apps.states.consent.body, m.apps.states.consent.todo, ...graphScopeNames],
    absent: (m) => [
      m.apps.states.role.todo,
      m.apps.states.permission.role,
      m.apps.states.permission.unsure,
    ],
  },
  {
    // The guest has no directory role: Graph lets them read the directory, and answers the sign-in
    // logs with Authentication_RequestFromUnsupportedUserRole.
    name: 'role_missing',
    tenant: {},
    user: 'guest',
    state: 'role_missing',
    title: (m) => m.apps.states.role.title,
    todo: (m) => [m.apps.states.role.body, m.apps.states.role.todo],
    absent: (m) => [
      m.apps.states.consent.todo,
      m.apps.states.permission.consent,
      m.apps.states.permission.unsure,
    ],
  },
  {
    // A directory read refused with Authorization_RequestDenied ("Insufficient privileges"), which
    // Graph answers a signed-in user both for a scope the token lacks and for a user who may not
    // read: the page says it cannot tell which and offers both remedies.
    name: 'permission_unexplained',
    tenant: {},
    user: 'admin',
    prepare: (cloud) =>
      cloud.faults.add({
        service: 'graph',
        path: '/oauth2PermissionGrants',
        times: Infinity,
        fault: { kind: 'status', status: 403 },
      }),
    state: 'permission_missing',
    title: (m) => m.apps.states.permission.title,
    todo: (m) => [
      m.apps.states.permission.unsure,
      m.apps.states.permission.consent,
      m.apps.states.permission.role,
    ],
    absent: (m) => [m.apps.states.consent.todo, m.apps.states.role.todo],
  },
]

for (const scenario of scenarios) {
  for (const locale of locales) {
    test.describe(`${scenario.name} (${locale})`, () => {
      test.use({
        cloudSetup: {
          tenants: [{ seed: 'contoso', size: 'tiny', ...scenario.tenant }],
          settings: { locale, theme: 'light' },
        },
      })

      test(`signs in, syncs, and explains ${scenario.name} with what to do (${locale})`, async ({
        app,
        cloud,
        systemBrowser,
      }) => {
        const m = messages[locale]
        const { page } = app
        await signInThroughTheApp(app, systemBrowser, userOf(cloud.tenants[0]!, scenario.user), m)
        scenario.prepare?.(cloud)
        await syncNow(page)
        const state = page.getByTestId(`state-${scenario.state}`)
        await expect(state.getByRole('heading', { level: 2 })).toHaveText(scenario.title(m))
        for (const text of scenario.todo(m)) await expect(state).toContainText(text)
        for (const text of scenario.absent?.(m) ?? []) await expect(state).not.toContainText(text)
        await expect(page.locator('html')).toHaveAttribute('lang', locale)
        // The core's detail is English whatever the UI language; the label says so, and the text
        // is marked as English for screen readers.
        if (scenario.succeeds) await expect(state.getByTestId('state-detail')).toHaveCount(0)
        else {
          await expect(state.getByTestId('state-detail')).toContainText(
            m.apps.states.technicalDetail,
          )
          await expect(state.getByTestId('state-detail-message')).toHaveAttribute('lang', 'en')
        }
        // The page with its explained state has no serious or critical axe violations, in both themes.
        expect(await seriousAxeViolations(page)).toEqual([])
        await app.core.service.updateSettings({ theme: 'dark' })
        await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
        // Buttons fade to the new theme's colours; axe must see where they end, not mid-way.
        await page.waitForFunction(() => document.getAnimations().length === 0)
        expect(await seriousAxeViolations(page)).toEqual([])
        // The sync really went to the cloud: the failure is the one Graph answered, not a stand-in.
        expect(cloud.requests.some((request) => request.service === 'graph')).toBe(true)
        await shootBothThemes(app, scenario.name, locale)
      })
    })
  }
}

for (const locale of locales) {
  test.describe(`a revoked session (${locale})`, () => {
    test.use({
      cloudSetup: {
        tenants: [{ seed: 'contoso', size: 'tiny' }],
        settings: { locale, theme: 'light' },
      },
    })

    test(`asks to sign in again, and signing in again recovers (${locale})`, async ({
      app,
      cloud,
      systemBrowser,
    }) => {
      const m = messages[locale]
      const { page } = app
      const admin = userOf(cloud.tenants[0]!, 'admin')
      await signInThroughTheApp(app, systemBrowser, admin, m)
      await syncNow(page)
      await expect(page.getByTestId('apps-grid')).toBeVisible()
      const total = await page.getByTestId('total-apps').textContent()

      // The admin's sessions are revoked in Entra, and the access token runs out (on Graph's clock).
      expect(cloud.entra.revokeRefreshTokens(admin.id)).toBeGreaterThan(0)
      cloud.advance(2 * 3_600_000)
      await syncNow(page)
      const again = page.getByTestId('state-auth_interaction_required')
      await expect(again.getByRole('heading', { level: 2 })).toHaveText(
        m.apps.states.signInAgain.title,
      )
      await expect(again).toContainText(m.apps.states.signInAgain.body)
      // The data from the earlier sync stays on screen.
      await expect(page.getByTestId('total-apps')).toHaveText(total!)
      await shootBothThemes(app, 'sign-in-again', locale)

      systemBrowser.signInNextAs(admin)
      await again.getByRole('button', { name: m.apps.start.signIn.signIn, exact: true }).click()
      await expect(again).toHaveCount(0)
      await systemBrowser.settled()
      const lastSync = await page.getByTestId('last-sync').textContent()
      await syncNow(page)
      await expect(page.getByTestId('last-sync')).not.toHaveText(lastSync!)
      await expect(page.locator('[data-testid^="state-"]')).toHaveCount(0)
      expect((await app.core.service.getSyncStatus()).lastError).toBeNull()
    })
  })

  test.describe(`two signed-in tenants (${locale})`, () => {
    test.use({
      cloudSetup: {
        tenants: [
          { seed: 'contoso', size: 'tiny' },
          { seed: 'fabrikam', size: 'tiny' },
        ],
        settings: { locale, theme: 'light' },
      },
    })

    test(`the tenant switcher changes the list to the other tenant's apps (${locale})`, async ({
      app,
      cloud,
      systemBrowser,
    }) => {
      const m = messages[locale]
      const { page } = app
      const [contoso, fabrikam] = cloud.tenants as [
        (typeof cloud.tenants)[0],
        (typeof cloud.tenants)[0],
      ]
      await signInThroughTheApp(app, systemBrowser, userOf(contoso, 'admin'), m)
      await syncNow(page)
      await expect(page.getByTestId('apps-grid')).toBeVisible()
      await expect(page.getByTestId('tenant-switcher')).toHaveCount(0)

      // Adding the customer tenant goes through the UI: "Add a tenant" beside the list leads to
      // Settings → accounts, whose form checks the value before the browser opens, then signs in to
      // the tenant named by its verified domain (Entra resolves it; the account carries its ID).
      await page.getByTestId('add-tenant-link').click()
      await expect(page.locator('#accounts-heading')).toHaveText(m.settings.accounts.heading)
      const addForm = page.getByTestId('add-tenant-form')
      const tenantField = addForm.getByLabel(m.settings.accounts.add.label)
      await tenantField.fill('fabrikam')
      await addForm.getByRole('button', { name: m.settings.accounts.add.submit }).click()
      await expect(page.getByTestId('add-tenant-error')).toHaveText(
        m.settings.accounts.add.errors.invalid,
      )
      await expect(tenantField).toBeFocused()
      // Had the rejected value opened the browser, it would find nobody queued to sign in and
      // settled() below would fail.
      systemBrowser.signInNextAs(userOf(fabrikam, 'admin'))
      await tenantField.fill(fabrikam.domain)
      await addForm.getByRole('button', { name: m.settings.accounts.add.submit }).click()
      await systemBrowser.settled()
      const accountTenants = page.getByTestId('settings-account-tenant')
      await expect(accountTenants).toHaveCount(2)
      await expect(accountTenants.nth(1)).toContainText(fabrikam.id)
      await expect(page.getByTestId('add-tenant-status')).toContainText(fabrikam.id)
      // Settings with two accounts and the form in use stays accessible (the a11y spec sees it
      // only in demo mode, where the form is not offered).
      expect(await seriousAxeViolations(page)).toEqual([])
      await page.getByRole('link', { name: m.nav.apps }).click()
      await expect(page.getByTestId('apps-grid')).toBeVisible()

      const namesOf = (tenant: typeof contoso) =>
        new Set(connectedApps(tenant.demo).map((connected) => connected.displayName))
      /** Which of `tenant`'s connected apps the table lacks, and which apps only the other tenant has it shows. */
      const listedFor = (tenant: typeof contoso) => async () => {
        const shown = new Set(
          (await page.getByTestId('app-name').allTextContents()).map((name) => name.trim()),
        )
        const other = tenant === contoso ? fabrikam : contoso
        return {
          missing: [...namesOf(tenant)].filter((name) => !shown.has(name)),
          fromOtherTenant: [...namesOf(other)].filter(
            (name) => !namesOf(tenant).has(name) && shown.has(name),
          ),
        }
      }
      const onlyIn = (tenant: typeof contoso, other: typeof contoso) =>
        [...namesOf(tenant)].filter((name) => !namesOf(other).has(name))
      expect(onlyIn(contoso, fabrikam).length).toBeGreaterThan(0)
      expect(onlyIn(fabrikam, contoso).length).toBeGreaterThan(0)
      const switcher = page.getByTestId('tenant-switcher')
      await expect(switcher).toBeVisible()
      await expect(switcher.locator('option')).toHaveCount(2)
      await expect(switcher).toHaveValue(contoso.id)
      await expect.poll(listedFor(contoso)).toEqual({ missing: [], fromOtherTenant: [] })

      await switcher.selectOption(fabrikam.id)
      // Not synced yet: the page says so for this tenant, and the switcher stays to go back.
      await expect(page.getByTestId('total-apps')).toHaveText('0')
      await expect(switcher).toHaveValue(fabrikam.id)
      await syncNow(page)
      await expect(page.getByTestId('apps-grid')).toBeVisible()
      await expect.poll(listedFor(fabrikam)).toEqual({ missing: [], fromOtherTenant: [] })
      await shootBothThemes(app, 'tenant-switcher', locale)

      await switcher.selectOption(contoso.id)
      await expect.poll(listedFor(contoso)).toEqual({ missing: [], fromOtherTenant: [] })
    })
  })
}
