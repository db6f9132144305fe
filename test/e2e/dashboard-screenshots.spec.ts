// The Connected apps list and an app's detail on the synced demo tenant, in English and Korean,
// light and dark (test-results/screenshots); two are copied into docs/screenshots for the README.
// The clock is pinned for the core and the page, so the images change only when the UI does.
import { test, expect } from './support/fixtures'
import { useSyncedDemo } from './support/synced-demo'
import { saveScreenshot } from './support/screenshots'

const pinnedNow = '2025-11-26T09:41:00Z'
const docScreenshots = ['apps-list-en-light.png', 'app-detail-ko-dark.png']
test.describe.configure({ timeout: 120_000 })

for (const locale of ['en', 'ko'] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test.describe(`${locale} ${theme}`, () => {
      test.use({
        coreSetup: {
          forceDemo: true,
          now: pinnedNow,
          settingsFile: { locale, theme },
          prepare: (core) => useSyncedDemo(core, pinnedNow),
        },
      })

      test(`list and detail (${locale}, ${theme})`, async ({ app }) => {
        const { page } = app
        await page.clock.setFixedTime(new Date(pinnedNow))
        const shoot = (name: string) =>
          saveScreenshot(page, `${name}-${locale}-${theme}.png`, docScreenshots)

        await app.open('apps')
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
        await expect(page.locator('html')).toHaveAttribute('lang', locale)
        await expect(page.getByTestId('apps-grid')).toBeVisible()
        await shoot('apps-list')

        const overview = await app.core.service.listApps(undefined)
        const target = overview.apps
          .filter((row) => row.risk === 'high' && row.ownedByTenant && row.failures24h > 0)
          .sort((a, b) => a.appId.localeCompare(b.appId))[0] ?? overview.apps[1]!
        await page.evaluate((id) => (location.hash = `#/apps/${id}`), target.appId)
        await expect(page.getByTestId('usage-chart')).toBeVisible()
        await expect(page.getByTestId('chart-draw-ms')).toBeAttached()
        await shoot('app-detail')
      })
    })
  }
}
