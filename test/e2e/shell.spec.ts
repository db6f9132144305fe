// Each page of the built renderer shows the real state of a real core: the version from
// package.json, this run's data directory, the mode, and what main reports about the run.
import { test, expect, packageJson } from './support/fixtures'

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
