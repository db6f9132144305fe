// Each page of the built renderer shows the real state of a real core: the version from
// package.json, this run's data directory, the mode, and what main reports about the run.
import { test, expect, packageJson, type AppHarness } from './support/fixtures'
import { seriousAxeViolations } from './support/axe'
import { useSyncedDemo } from './support/synced-demo'
import { saveScreenshot } from './support/screenshots'

test.describe('on the demo tenant', () => {
  test('Connected apps shows the mode, the version and the three ways to start', async ({
    app,
  }) => {
    const { page } = app
    await app.open('apps')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connected apps')
    await expect(page.getByTestId('mode-badge')).toHaveText('Demo tenant')
    await expect(page.locator('.sidebar__version')).toHaveText(`Version ${packageJson.version}`)
    await expect(page.getByTestId('status-source')).toHaveText('Demo tenant')
    await expect(page.getByTestId('status-sign-in')).toHaveText('Not signed in')
    await expect(page.getByTestId('choice-sign-in')).toContainText('Not set up yet')
    await expect(page.getByTestId('choice-demo')).toContainText('In use now')
    await expect(page.getByTestId('choice-registration')).toBeVisible()
    await expect(page).toHaveTitle('Connected apps · Defender Connected Apps')
  })

  test('Settings shows this run’s version, data directory and log directory', async ({ app }) => {
    const { page } = app
    await app.open('settings')
    await expect(page.getByTestId('about-version')).toHaveText(packageJson.version)
    await expect(page.getByTestId('about-data-dir')).toHaveText(app.core.dataDir)
    await expect(page.getByTestId('about-log-dir')).toHaveText(app.core.logDir)
    await expect(page.getByTestId('about-mode')).toHaveText('Demo tenant')
    await expect(page.getByTestId('about')).toContainText(`Node.js ${process.versions.node}`)
  })

  test('Export offers usage, inventory and alerts before any history exists', async ({ app }) => {
    const { page } = app
    await app.open('export')
    await expect(page.getByTestId('export-form')).toBeVisible()
    for (const kind of ['usage', 'inventory', 'alerts']) {
      await expect(page.getByTestId(`export-what-${kind}`)).toBeVisible()
    }
    await expect(page.getByTestId('export-start')).toBeVisible()
  })

  test('Alerts explains that no sync of the demo tenant has run', async ({ app }) => {
    const { page } = app
    await app.open('alerts')
    await expect(page.getByTestId('alerts-empty')).toContainText('No alerts yet')
    await expect(page.getByTestId('alerts-empty')).toContainText(
      'the demo tenant has not been synced',
    )
  })

  test('the nav marks the current page and keyboard users can skip to the content', async ({
    app,
  }) => {
    const { page } = app
    await app.open('apps')
    const nav = page.getByRole('navigation', { name: 'Main' })
    await expect(nav.locator('[aria-current="page"]')).toHaveText('Connected apps')

    await nav.getByRole('link', { name: 'Alerts' }).click()
    await expect(page).toHaveURL(/#\/alerts$/)
    await expect(nav.locator('[aria-current="page"]')).toHaveText('Alerts')
    await expect(page.locator('#page-heading')).toBeFocused()

    await page.reload()
    await expect(page.locator('#page-heading')).toBeVisible()
    await page.keyboard.press('Tab')
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(page.locator('#page-heading')).toBeFocused()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Alerts')
  })

  test('the registration guide opens through the safe shell', async ({ app }) => {
    const { page } = app
    await app.open('apps')
    await page.getByRole('button', { name: 'Open App registrations' }).click()
    await page.getByRole('button', { name: 'Read the registration guide' }).click()
    await expect
      .poll(() => app.openedUrls)
      .toEqual([
        'https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade',
        'https://learn.microsoft.com/entra/identity-platform/quickstart-register-app',
      ])
  })
})

test.describe('with a configured tenant', () => {
  test.use({
    coreSetup: {
      forceDemo: false,
      settingsFile: {
        tenant: {
          cloud: 'public',
          tenantId: 'contoso.onmicrosoft.com',
          clientId: '0f9e8d7c-6b5a-4321-8fed-cba987654321',
        },
      },
    },
  })

  test('the header and the sign-in choice show the tenant, not the demo', async ({ app }) => {
    const { page } = app
    await app.open('apps')
    await expect(page.getByTestId('mode-badge')).toHaveText('Your tenant')
    await expect(page.locator('.topbar')).toContainText('contoso.onmicrosoft.com')
    await expect(page.getByTestId('choice-sign-in')).toContainText(
      'Set up for contoso.onmicrosoft.com',
    )
    await expect(page.getByTestId('choice-sign-in')).toContainText('No account is signed in yet.')
    await expect(page.getByTestId('choice-demo')).toContainText('Not in use')
    await expect(
      page.getByTestId('choice-sign-in').getByRole('button', { name: 'Sign in' }),
    ).toBeEnabled()

    await app.open('alerts')
    await expect(page.getByTestId('alerts-empty')).toContainText(
      'contoso.onmicrosoft.com has not been synced',
    )
  })
})

// "Try the demo tenant" at run time over a configured tenant nobody is signed in to, and back.
const pinnedNow = '2026-11-20T09:30:00.000Z'
const configuredTenant = {
  cloud: 'public',
  tenantId: 'contoso.onmicrosoft.com',
  clientId: '0f9e8d7c-6b5a-4321-8fed-cba987654321',
} as const

async function tenantAppsUntouched(app: AppHarness, settingsBefore: unknown): Promise<void> {
  expect(app.readSettingsFile()).toEqual(settingsBefore)
  const tenants = app.core.service.data.store.listTenants().map((tenant) => tenant.tenantId)
  expect(tenants).toEqual([app.core.service.data.demoSource().tenantId])
}

for (const { locale, theme, text } of [
  {
    locale: 'en',
    theme: 'light',
    text: {
      tenant: 'Your tenant',
      demo: 'Demo tenant',
      notInUse: 'Not in use',
      inUse: 'In use now',
      tryDemo: 'Try the demo tenant',
      back: 'Back to contoso.onmicrosoft.com',
      banner: 'You are trying the demo tenant',
      noAccount: 'No account is signed in yet.',
      showing: /^Showing \d+ of \d+ applications/,
    },
  },
  {
    locale: 'ko',
    theme: 'dark',
    text: {
      tenant: '내 테넌트',
      demo: '데모 테넌트',
      notInUse: '사용 안 함',
      inUse: '사용 중',
      tryDemo: '데모 테넌트 사용해 보기',
      back: 'contoso.onmicrosoft.com(으)로 돌아가기',
      banner: '데모 테넌트를 사용해 보는 중입니다',
      noAccount: '아직 로그인한 계정이 없습니다',
      showing: /애플리케이션 \d+개 중 \d+개 표시/,
    },
  },
] as const) {
  test.describe(`trying the demo tenant over a configured tenant (${locale})`, () => {
    // The worker's first synced demo is built in `prepare`, within the test's time.
    test.describe.configure({ timeout: 120_000 })
    test.use({
      coreSetup: {
        forceDemo: false,
        now: pinnedNow,
        settingsFile: { locale, theme, tenant: configuredTenant },
        // The demo tenant was synced before (an earlier try): its apps show at once.
        prepare: (core) => useSyncedDemo(core, pinnedNow),
      },
    })

    test('switches this run to the demo tenant and back, leaving the tenant as it was', async ({
      app,
    }) => {
      const { page } = app
      const settingsBefore = app.readSettingsFile()
      await app.open('apps')
      await expect(page.getByTestId('mode-badge')).toHaveText(text.tenant)
      await expect(page.getByTestId('choice-demo')).toContainText(text.notInUse)
      await expect(page.getByTestId('demo-banner')).toHaveCount(0)

      await page.getByTestId('choice-demo').getByRole('button', { name: text.tryDemo }).click()
      await expect(page.getByTestId('mode-badge')).toHaveText(text.demo)
      const banner = page.getByTestId('demo-banner')
      await expect(banner).toContainText(text.banner)
      await expect(banner).toContainText('contoso.onmicrosoft.com')
      await expect(page.getByTestId('apps-count')).toHaveText(text.showing)
      await expect(page.getByRole('row')).not.toHaveCount(0)
      await tenantAppsUntouched(app, settingsBefore)
      expect(await seriousAxeViolations(page)).toEqual([])
      await saveScreenshot(page, `demo-over-tenant-${locale}-${theme}.png`)

      // The way back stays in view on the other pages.
      await page.getByRole('navigation').getByRole('link').nth(1).click()
      await expect(page).toHaveURL(/#\/alerts/)
      await expect(banner).toBeVisible()

      await banner.getByRole('button', { name: text.back }).click()
      await expect(page.getByTestId('mode-badge')).toHaveText(text.tenant)
      await expect(banner).toHaveCount(0)
      await page.getByRole('navigation').getByRole('link').nth(0).click()
      await expect(page.getByTestId('choice-sign-in')).toContainText(text.noAccount)
      await expect(page.getByTestId('choice-demo')).toContainText(text.notInUse)
      await expect(page.getByTestId('apps-count')).toHaveCount(0)
      await tenantAppsUntouched(app, settingsBefore)
      expect(app.core.service.mode).toBe('tenant')
    })
  })
}

test.describe('trying a demo tenant that was never synced', () => {
  test.describe.configure({ timeout: 120_000 }) // one sync of the small demo tenant
  test.use({
    coreSetup: { forceDemo: false, now: pinnedNow, settingsFile: { tenant: configuredTenant } },
  })

  test('shows the demo apps after Sync now, and the card offers the way back', async ({ app }) => {
    const { page } = app
    await app.open('apps')
    await page.getByRole('button', { name: 'Try the demo tenant' }).click()
    await expect(page.getByTestId('choice-demo')).toContainText('In use now')
    await page.getByRole('button', { name: 'Sync now' }).click()
    await expect(page.getByTestId('apps-count')).toHaveText(/^Showing \d+ of \d+ applications/, {
      timeout: 60_000,
    })
    await page
      .getByTestId('demo-banner')
      .getByRole('button', { name: 'Back to contoso.onmicrosoft.com' })
      .click()
    await expect(page.getByTestId('mode-badge')).toHaveText('Your tenant')
    await expect(page.getByTestId('choice-sign-in')).toContainText('No account is signed in yet.')
  })
})

test.describe('demo mode forced over a configured tenant', () => {
  test.use({
    coreSetup: {
      forceDemo: true,
      settingsFile: {
        tenant: {
          cloud: 'public',
          tenantId: 'contoso.onmicrosoft.com',
          clientId: '0f9e8d7c-6b5a-4321-8fed-cba987654321',
        },
      },
    },
  })

  test('says why the demo tenant is shown although a tenant is set up', async ({ app }) => {
    await app.open('apps')
    await expect(app.page.getByTestId('mode-badge')).toHaveText('Demo tenant')
    await expect(app.page.getByTestId('choice-sign-in')).toContainText('started in demo mode')
    await expect(app.page.getByTestId('demo-banner')).toContainText('started in demo mode')
    await app.page.getByTestId('back-to-tenant').click()
    await expect(app.page.getByTestId('mode-badge')).toHaveText('Your tenant')
  })
})

test.describe('after an unreadable settings file', () => {
  test.use({ coreSetup: { forceDemo: true, settingsFile: '{ "locale": "tlh", "theme": ' } })

  test('tells the admin the settings were reset and where the old file is', async ({ app }) => {
    const { page } = app
    await app.open('apps')
    const notice = page.locator('.notice[data-kind="settings_reset"]')
    await expect(notice).toContainText('Your settings file could not be read')
    await expect(notice).toContainText(`${app.core.dataDir}`)
    await expect(notice).toContainText('settings.json.corrupt-')
    await notice.getByRole('button', { name: 'Dismiss' }).click()
    await expect(notice).toHaveCount(0)
  })
})
