// A screenshot of each page (Connected apps, Alerts, Export, Settings) before any sync, in English
// and Korean, light and dark (test-results/screenshots). Two of them are copied into docs/screenshots
// for the README. The pages after a sync and the states are in dashboard-screenshots.spec.ts and
// state-screenshots.spec.ts. The inputs are pinned (clock, data directory, settings) so the committed
// images only change when the UI does.
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import en from '../../src-renderer/src/i18n/locales/en'
import ko from '../../src-renderer/src/i18n/locales/ko'
import { test, expect, type ViewName } from './support/fixtures'
import { saveScreenshot } from './support/screenshots'

const views: ViewName[] = ['apps', 'alerts', 'export', 'settings']
const docScreenshots = ['apps-en-light.png', 'settings-ko-dark.png']
const pinnedNow = new Date('2025-11-26T09:41:00Z')

for (const locale of ['en', 'ko'] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test.describe(`${locale} ${theme}`, () => {
      const dataDir = join(tmpdir(), 'dca-screenshots', `${locale}-${theme}`)
      test.use({ coreSetup: { forceDemo: true, dataDir, settingsFile: { locale, theme } } })
      test.beforeAll(() => rmSync(dataDir, { recursive: true, force: true }))
      test.afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

      test(`every page (${locale}, ${theme})`, async ({ app }) => {
        await app.page.clock.setFixedTime(pinnedNow)
        for (const view of views) {
          await app.open(view)
          await expect(app.page.locator('html')).toHaveAttribute('data-theme', theme)
          await expect(app.page.locator('html')).toHaveAttribute('lang', locale)
          // The page on screen is the one named in the file (a wrong route would fail here).
          await expect(app.page.locator('#page-heading')).toHaveText({ en, ko }[locale].nav[view])
          await saveScreenshot(app.page, `${view}-${locale}-${theme}.png`, docScreenshots)
        }
      })
    })
  }
}
