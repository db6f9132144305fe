// Screenshots of the states the admin meets, in English and Korean, light and dark
// (test-results/screenshots, named <state>-<locale>-<theme>.png; a few are copied into
// docs/screenshots for the README): Alerts, Export and Settings after a demo sync; the offline
// banner over cached data; throttled; a sync in progress; not signed in; hostile names from Graph;
// the first-run guide. Each test first asserts the state is the one on screen (its test id and its
// text in that language), so a screenshot of the wrong state fails. The clock is pinned for the
// core and the page, so the images change only when the UI does. The explained states of a real
// sign-in against the fake cloud (empty tenant, no MDE, licence, permissions) are shot by
// cloud-states.spec.ts.
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppError, type ErrorCode } from '../../src-main/contract/errors'
import type { Core } from '../../src-main/core/bootstrap'
import en from '../../src-renderer/src/i18n/locales/en'
import ko from '../../src-renderer/src/i18n/locales/ko'
import { test, expect, type AppHarness, type CoreSetup } from './support/fixtures'
import { seedDemoTenant } from './support/seed'
import { useSyncedDemo } from './support/synced-demo'
import { saveScreenshot } from './support/screenshots'
import { hostileNames } from './support/hostile-names'

const pinnedNow = '2025-11-26T09:41:00Z'
const messages = { en, ko } as const
type Locale = keyof typeof messages
type Messages = (typeof messages)[Locale]
const docScreenshots = ['state-offline-en-light.png', 'state-first-run-en-dark.png']
// The first test in a worker waits for the demo tenant's sync (seconds alone, a minute on a busy machine).
test.describe.configure({ timeout: 150_000 })

/** Saves the page in light and dark (changed the way Settings changes it), from the top. */
async function shootBothThemes(app: AppHarness, name: string, locale: Locale): Promise<void> {
  const { page } = app
  await expect(page.locator('html')).toHaveAttribute('lang', locale)
  for (const theme of ['light', 'dark'] as const) {
    await app.core.service.updateSettings({ theme })
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
    await page.evaluate(() => window.scrollTo(0, 0))
    await saveScreenshot(page, `${name}-${locale}-${theme}.png`, docScreenshots)
  }
}

function failSyncWith(core: Core, code: ErrorCode, message: string): void {
  core.service.data.sync = async () => {
    throw new AppError(code, message)
  }
}

/** How many apps the core has stored for the tenant on screen (what the page must show). */
async function storedApps(app: AppHarness): Promise<number> {
  const count = (await app.core.service.listApps(undefined)).apps.length
  expect(count).toBeGreaterThan(0)
  return count
}

/** vue-i18n's named interpolation, for the messages that carry numbers. */
function fill(message: string, values: Record<string, string | number>): string {
  return message.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key]))
}

const configuredTenant = {
  cloud: 'public',
  tenantId: 'contoso.onmicrosoft.com',
  clientId: '2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091',
} as const

/** A sync that reports it is a third of the way through the sign-ins and then waits to be let go. */
function holdSyncMidway(core: Core, release: Promise<void>): void {
  const original = core.service.data.sync.bind(core.service.data)
  core.service.data.sync = async (target, request = {}) => {
    request.onProgress?.({
      tenantId: core.service.data.demoSource().tenantId,
      phase: 'usage',
      slicesDone: 10,
      slicesTotal: 30,
      pages: 12,
      events: 1234,
      inserted: 1234,
      expectedEvents: null,
      etaSeconds: 20,
    })
    await release
    return original(target, request)
  }
}

interface StateCase {
  name: string
  setup: (locale: Locale) => Partial<CoreSetup>
  /** Brings the page to the state and asserts it is the one on screen. */
  reach: (app: AppHarness, m: Messages) => Promise<void>
  /** Work after the screenshots (e.g. let a held sync finish). */
  after?: () => void
}

let releaseSync: () => void = () => {}

const cases: StateCase[] = [
  {
    name: 'alerts-synced',
    setup: () => ({ prepare: (core) => useSyncedDemo(core, pinnedNow) }),
    reach: async (app, m) => {
      await app.open('alerts')
      await expect(app.page.locator('#page-heading')).toHaveText(m.nav.alerts)
      await expect(app.page.getByTestId('alert').first()).toBeVisible()
      await expect(app.page.getByTestId('alerts-empty')).toHaveCount(0)
    },
  },
  {
    name: 'export-synced',
    setup: () => ({ prepare: (core) => useSyncedDemo(core, pinnedNow) }),
    reach: async (app, m) => {
      const { page } = app
      await app.open('export')
      await expect(page.locator('#page-heading')).toHaveText(m.nav.export)
      // With synced apps the form offers them by name (before a sync it says there are none).
      await page.getByTestId('export-apps-some').check()
      await expect(page.getByTestId('export-apps-select').locator('option')).toHaveCount(
        await storedApps(app),
      )
    },
  },
  {
    name: 'settings-synced',
    setup: (locale) => ({
      dataDir: join(tmpdir(), 'dca-state-screenshots', `settings-${locale}`),
      prepare: (core) => useSyncedDemo(core, pinnedNow),
    }),
    reach: async (app, m) => {
      await app.open('settings')
      await expect(app.page.locator('#page-heading')).toHaveText(m.nav.settings)
      await expect(app.page.getByTestId('about-mode')).toContainText(m.mode.demo)
    },
  },
  {
    name: 'state-offline',
    setup: () => ({
      prepare: async (core) => {
        await useSyncedDemo(core, pinnedNow)
        failSyncWith(
          core,
          'network',
          'Microsoft could not be reached (getaddrinfo ENOTFOUND graph.microsoft.com).',
        )
      },
    }),
    reach: async (app, m) => {
      const { page } = app
      await app.open('apps')
      await expect(page.getByTestId('apps-grid')).toBeVisible()
      await page.getByTestId('sync-now').click()
      const banner = page.getByTestId('offline-banner')
      await expect(banner).toContainText(m.apps.offline.title)
      await expect(banner).toContainText(m.apps.offline.cached)
      await expect(page.getByTestId('total-apps')).toHaveText(String(await storedApps(app)))
    },
  },
  {
    name: 'state-throttled',
    setup: () => ({
      prepare: async (core) => {
        await useSyncedDemo(core, pinnedNow)
        failSyncWith(core, 'throttled', 'Graph answered 429 Too Many Requests (Retry-After: 120).')
      },
    }),
    reach: async (app, m) => {
      const { page } = app
      await app.open('apps')
      await expect(page.getByTestId('apps-grid')).toBeVisible()
      await page.getByTestId('sync-now').click()
      const state = page.getByTestId('state-throttled')
      await expect(state.getByRole('heading', { level: 2 })).toHaveText(
        m.apps.states.throttled.title,
      )
      await expect(state).toContainText(m.apps.states.throttled.body)
      // The cached table stays below the explanation.
      await expect(page.getByTestId('total-apps')).toHaveText(String(await storedApps(app)))
    },
  },
  {
    name: 'state-syncing',
    setup: () => ({
      prepare: async (core) => {
        await useSyncedDemo(core, pinnedNow)
        holdSyncMidway(core, new Promise<void>((resolve) => (releaseSync = resolve)))
      },
    }),
    reach: async (app, m) => {
      const { page } = app
      await app.open('apps')
      await expect(page.getByTestId('apps-grid')).toBeVisible()
      await page.getByTestId('sync-now').click()
      const progress = page.getByTestId('sync-progress')
      await expect(progress).toContainText(
        fill(m.apps.sync.usage, { done: 10, total: 30, events: '1,234' }),
      )
      await expect(progress.locator('progress')).toHaveAttribute('value', '33')
      await expect(page.getByTestId('cancel-sync')).toBeEnabled()
    },
    after: () => releaseSync(),
  },
  {
    name: 'state-not-signed-in',
    setup: () => ({ forceDemo: false, settingsFile: { tenant: configuredTenant } }),
    reach: async (app, m) => {
      const { page } = app
      await app.open('apps')
      const state = page.getByTestId('state-not_signed_in')
      await expect(state.getByRole('heading', { level: 2 })).toHaveText(
        m.apps.states.notSignedIn.title,
      )
      await expect(
        state.getByRole('button', { name: m.apps.start.signIn.signIn, exact: true }),
      ).toBeVisible()
    },
  },
  {
    name: 'state-hostile-names',
    setup: () => ({
      prepare: (core) =>
        void seedDemoTenant(
          core,
          hostileNames.map((displayName, index) => ({ displayName, signIns: 20 - index })),
          new Date(pinnedNow),
        ),
    }),
    reach: async (app) => {
      const { page } = app
      await app.open('apps')
      await expect(page.getByTestId('total-apps')).toHaveText(String(hostileNames.length))
      await expect(page.getByTestId('app-name')).toHaveText(hostileNames)
      await expect(page.getByTestId('apps-grid').locator('img, script, svg[onload]')).toHaveCount(0)
    },
  },
  {
    name: 'state-first-run',
    // Nothing set up and nothing synced: the guide to the three ways of getting data.
    setup: () => ({ forceDemo: false }),
    reach: async (app, m) => {
      const { page } = app
      await app.open('apps')
      await expect(page.locator('#get-started-heading')).toHaveText(m.apps.start.heading)
      await expect(page.getByTestId('choice-sign-in')).toContainText(
        m.apps.start.signIn.notConfigured,
      )
      await expect(page.getByTestId('choice-demo')).toContainText(m.apps.start.demo.title)
      await expect(page.getByTestId('apps-grid')).toHaveCount(0)
    },
  },
]

for (const state of cases) {
  for (const locale of ['en', 'ko'] as const) {
    test.describe(`${state.name} (${locale})`, () => {
      const setup = state.setup(locale)
      test.use({
        coreSetup: {
          forceDemo: true,
          now: pinnedNow,
          ...setup,
          settingsFile: {
            locale,
            theme: 'light',
            ...(typeof setup.settingsFile === 'object' ? setup.settingsFile : {}),
          },
        },
      })
      if (setup.dataDir) {
        const dataDir = setup.dataDir
        test.beforeAll(() => rmSync(dataDir, { recursive: true, force: true }))
        test.afterAll(() => rmSync(dataDir, { recursive: true, force: true }))
      }

      test(`${state.name} is on screen and saved in both themes (${locale})`, async ({ app }) => {
        await app.page.clock.setFixedTime(new Date(pinnedNow))
        try {
          await state.reach(app, messages[locale])
          await shootBothThemes(app, state.name, locale)
        } finally {
          state.after?.()
        }
      })
    })
  }
}
