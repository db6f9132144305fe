// axe-core on every page, in both themes, and on the states beyond them (the offline banner over
// cached data, the explained states for a licence missing, no MDE and an empty tenant, and the
// list and an app's detail in Korean): serious and critical violations fail the test (contrast,
// names, landmarks, ARIA); minor ones are reported in the test output only.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page, TestInfo } from '@playwright/test'
import { AppError, type ErrorCode } from '../../src-main/contract/errors'
import type { Core } from '../../src-main/core/bootstrap'
import ko from '../../src-renderer/src/i18n/locales/ko'
import { test, expect, type ViewName } from './support/fixtures'
import { seedDemoTenant } from './support/seed'
import { useSyncedDemo } from './support/synced-demo'

// Evaluated as a string through the DevTools protocol, which the page's CSP does not restrict.
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)

interface AxeViolation {
  id: string
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null
  help: string
  nodes: { target: string[] }[]
}

async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource)
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(options: object): Promise<{ violations: AxeViolation[] }> }
      }
    ).axe
    const results = await axe.run({
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
    })
    return results.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map((n) => ({ target: n.target })),
    }))
  })
}

/** Runs axe on the page as it is: serious and critical violations fail, the rest are annotated. */
async function expectNoSeriousViolations(page: Page, testInfo: TestInfo): Promise<void> {
  const violations = await runAxe(page)
  const describe = (v: AxeViolation) =>
    `${v.impact ?? 'unknown'} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`
  const minor = violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical')
  if (minor.length)
    testInfo.annotations.push({
      type: 'axe (minor)',
      description: minor.map(describe).join('\n'),
    })
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(blocking.map(describe)).toEqual([])
}

const views: ViewName[] = ['apps', 'alerts', 'export', 'settings']

for (const theme of ['light', 'dark'] as const) {
  test.describe(`${theme} theme`, () => {
    test.use({ colorScheme: theme })

    for (const view of views) {
      test(`${view} has no serious or critical accessibility violations`, async ({
        app,
      }, testInfo) => {
        await app.open(view)
        await expect(app.page.locator('html')).toHaveAttribute('data-theme', theme)
        await expectNoSeriousViolations(app.page, testInfo)
      })
    }
  })
}

const pinnedNow = '2025-11-26T09:41:00Z'
// The states after a sync copy a demo tenant synced once per worker; the first one waits for that sync.
test.describe.configure({ timeout: 150_000 })

function failSyncWith(core: Core, code: ErrorCode, message: string): void {
  core.service.data.sync = async () => {
    throw new AppError(code, message)
  }
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`offline with cached data (${theme})`, () => {
    test.use({
      coreSetup: {
        forceDemo: true,
        now: pinnedNow,
        settingsFile: { theme },
        prepare: async (core) => {
          await useSyncedDemo(core, pinnedNow)
          failSyncWith(core, 'network', 'Microsoft could not be reached (ENOTFOUND).')
        },
      },
    })

    test(`the offline banner over the cached table has no serious or critical violations (${theme})`, async ({
      app,
    }, testInfo) => {
      const { page } = app
      await app.open('apps')
      await expect(page.getByTestId('apps-grid')).toBeVisible()
      await page.getByTestId('sync-now').click()
      await expect(page.getByTestId('offline-banner')).toContainText('Offline.')
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
      await expectNoSeriousViolations(page, testInfo)
    })
  })
}

// Explained states helper A's permission work does not touch; both themes each.
const explained: { state: string; prepare: (core: Core) => void; title: string }[] = [
  {
    state: 'licence_missing',
    prepare: (core) => failSyncWith(core, 'licence_missing', 'Graph said no (licence_missing).'),
    title: 'Sign-in logs need Microsoft Entra ID P1 or P2',
  },
  {
    state: 'mde_not_provisioned',
    prepare: (core) =>
      failSyncWith(core, 'mde_not_provisioned', 'Graph said no (mde_not_provisioned).'),
    title: 'Microsoft Defender for Endpoint is not set up in this tenant',
  },
  {
    state: 'empty_tenant',
    prepare: (core) => void seedDemoTenant(core, [], new Date(pinnedNow)),
    title: 'No connected applications',
  },
]

for (const { state, prepare, title } of explained) {
  for (const theme of ['light', 'dark'] as const) {
    test.describe(`${state} (${theme})`, () => {
      test.use({ coreSetup: { forceDemo: true, now: pinnedNow, settingsFile: { theme }, prepare } })

      test(`the ${state} state has no serious or critical violations (${theme})`, async ({
        app,
      }, testInfo) => {
        const { page } = app
        await app.open('apps')
        // The empty tenant is explained once its (seeded) sync is in; the failures after Sync now.
        if (state !== 'empty_tenant') await page.getByTestId('sync-now').click()
        const panel = page.getByTestId(`state-${state}`)
        await expect(panel.getByRole('heading', { level: 2 })).toHaveText(title)
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
        await expectNoSeriousViolations(page, testInfo)
      })
    })
  }
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`Korean (${theme})`, () => {
    test.use({
      coreSetup: {
        forceDemo: true,
        now: pinnedNow,
        settingsFile: { locale: 'ko', theme },
        prepare: (core) => useSyncedDemo(core, pinnedNow),
      },
    })

    test(`the list and an app's detail in Korean have no serious or critical violations (${theme})`, async ({
      app,
    }, testInfo) => {
      const { page } = app
      await app.open('apps')
      await expect(page.locator('html')).toHaveAttribute('lang', 'ko')
      await expect(page.locator('#page-heading')).toHaveText(ko.nav.apps)
      await expect(page.getByTestId('apps-grid')).toBeVisible()
      await expectNoSeriousViolations(page, testInfo)

      await page.getByTestId('app-name').first().click()
      await expect(page.getByTestId('detail-name')).toBeVisible()
      await expect(page.getByTestId('usage-chart')).toBeVisible()
      await expect(page.locator('html')).toHaveAttribute('lang', 'ko')
      await expectNoSeriousViolations(page, testInfo)
    })
  })
}
