// Settings round-trip through the real AppService: language, theme and tenant are validated by
// main, written to settings.json in this run's data directory, and pushed back as events.
import { test, expect } from './support/fixtures'

const validTenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47'
const validClientId = '3c1a7b0e-5d2f-4e8a-9b6c-0d1e2f3a4b5c'

test('picking 한국어 switches the UI to Korean and keeps it after a reload', async ({ app }) => {
  const { page } = app
  await app.open('settings')
  await page.getByRole('radio', { name: '한국어' }).check()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('설정')
  await expect(page.getByRole('navigation', { name: '주 메뉴' })).toContainText('연결된 앱')
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko')
  await expect(page.getByTestId('mode-badge')).toHaveText('데모 테넌트')
  expect(app.readSettingsFile()?.locale).toBe('ko')

  await page.reload()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('설정')
  await expect(page.getByRole('radio', { name: '한국어' })).toBeChecked()
})

test.describe('on a Korean OS', () => {
  test.use({ locale: 'ko-KR' })

  test('the "system" language is Korean', async ({ app }) => {
    await app.open('apps')
    await expect(app.page.getByRole('heading', { level: 1 })).toHaveText('연결된 앱')
    await expect(app.page.locator('html')).toHaveAttribute('lang', 'ko')
  })
})

test('the theme follows the OS and the Settings override', async ({ app }) => {
  const { page } = app
  const html = page.locator('html')
  // --color-bg of each palette in tokens.css.
  const lightBackground = 'rgb(244, 246, 249)'
  const darkBackground = 'rgb(20, 23, 28)'
  await app.open('settings')
  await expect(html).toHaveAttribute('data-theme', 'light')
  await expect(html).toHaveCSS('background-color', lightBackground)

  await page.emulateMedia({ colorScheme: 'dark' })
  await expect(html).toHaveAttribute('data-theme', 'dark')
  await expect(html).toHaveCSS('background-color', darkBackground)

  await page.getByRole('radio', { name: 'Light' }).check()
  await expect(html).toHaveAttribute('data-theme', 'light')
  expect(app.readSettingsFile()?.theme).toBe('light')

  await page.getByRole('radio', { name: 'Dark' }).check()
  await page.emulateMedia({ colorScheme: 'light' })
  await expect(html).toHaveAttribute('data-theme', 'dark')
  expect(app.readSettingsFile()?.theme).toBe('dark')
})

test.describe('tenant form', () => {
  test.use({ coreSetup: { forceDemo: false } })

  test('an invalid client ID is shown next to the field and nothing is saved', async ({ app }) => {
    const { page } = app
    await app.open('settings')
    await page.getByLabel('Tenant ID').fill(validTenantId)
    await page.getByLabel('Client ID').fill('my-app')
    await page.getByRole('button', { name: 'Save tenant' }).click()

    const clientId = page.getByLabel('Client ID')
    await expect(page.getByTestId('client-id-error')).toHaveText(
      'Enter the client ID as a GUID, like 00000000-0000-0000-0000-000000000000.',
    )
    await expect(clientId).toHaveAttribute('aria-invalid', 'true')
    await expect(clientId).toBeFocused()
    await expect(page.getByTestId('tenant-form-errors')).toContainText('Nothing was saved')
    expect(app.readSettingsFile()).toBeNull()
    await expect(page.getByTestId('mode-badge')).toHaveText('Demo tenant')
  })

  test('valid values are saved to settings.json and switch the app to the tenant', async ({
    app,
  }) => {
    const { page } = app
    await app.open('settings')
    await page.getByLabel('Cloud').selectOption('usgov')
    await page.getByLabel('Tenant ID').fill(validTenantId)
    await page.getByLabel('Client ID').fill(validClientId)
    await page.getByRole('button', { name: 'Save tenant' }).click()

    await expect(page.getByTestId('tenant-status')).toHaveText('Saved')
    expect(app.readSettingsFile()?.tenant).toEqual({
      cloud: 'usgov',
      tenantId: validTenantId,
      clientId: validClientId,
    })
    // authChanged travelled from core through the bridge into the header.
    await expect(page.getByTestId('mode-badge')).toHaveText('Your tenant')
    await expect(page.getByTestId('about-mode')).toHaveText('Your tenant')
    await expect(page.locator('.topbar')).toContainText(validTenantId)
  })
})

test('bad payloads sent from the page are answered with validation errors, and nothing changes', async ({
  app,
}) => {
  const { page } = app
  await app.open('apps')
  interface PageWithApi {
    api: Record<string, (payload?: unknown) => Promise<unknown>>
    __dcaInvoke(channel: string, payload: unknown): Promise<unknown>
  }
  const answers = await page.evaluate(async () => {
    const { api, __dcaInvoke } = globalThis as unknown as PageWithApi
    return {
      unknownLocale: await api.updateSettings!({ locale: 'xx' }),
      notAnObject: await api.updateSettings!('locale=ko'),
      extraKey: await api.updateSettings!({ theme: 'dark', admin: true }),
      payloadWhereNoneIsTaken: await api.getAppInfo!({ verbose: true }),
      unknownChannel: await __dcaInvoke('deleteEverything', {}),
    }
  })
  expect(answers.unknownLocale).toMatchObject({
    ok: false,
    error: { code: 'validation', issues: [expect.objectContaining({ path: 'locale' })] },
  })
  expect(answers.notAnObject).toMatchObject({
    ok: false,
    error: { code: 'validation', message: expect.stringContaining('updateSettings') },
  })
  expect(answers.extraKey).toMatchObject({ ok: false, error: { code: 'validation' } })
  expect(answers.payloadWhereNoneIsTaken).toMatchObject({
    ok: false,
    error: { code: 'validation' },
  })
  expect(answers.unknownChannel).toMatchObject({ ok: false, error: { code: 'unknown_channel' } })
  expect(app.readSettingsFile()).toBeNull()
  expect(await app.core.service.getSettings()).toMatchObject({ locale: 'system', theme: 'system' })
})
