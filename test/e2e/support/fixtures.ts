// The renderer E2E harness: a real core (AppService, settings file, safe shell) in the test process
// over a fresh data directory, wired to the page through the test bridge exactly as the preload and
// electron/ipc.ts wire it in the app, and the built renderer served with the app's CSP.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'
import { isEventName, type EventName } from '../../../src-main/contract/channels'
import { dispatchInvoke } from '../../../src-main/contract/dispatch'
import type { Settings } from '../../../src-main/contract/model'
import { createCore, type Core, type CoreOptions } from '../../../src-main/core/bootstrap'
import { settingsFileName } from '../../../src-main/core/settings-store'
import { rendererDir, repoRoot, testBridgeBundle } from './paths'
import { serveDirectory } from './static-server'

export const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  productName: string
  version: string
}

export interface CoreSetup {
  /** Start on the demo tenant whatever the settings say (`--demo`). */
  forceDemo: boolean
  /** Written as settings.json before the core starts: an object as JSON, a string as is. */
  settingsFile?: Partial<Settings> | string
  /** A fixed data directory (screenshots want a stable path on screen); else a fresh temp dir. */
  dataDir?: string
  /** The core's clock, pinned (ISO); the demo tenant is then the same on every run. */
  now?: string
  /** The core's clock as a function (a fake cloud's clock); wins over `now`. */
  clock?: () => Date
  /** Plays the system browser for each URL the core opens (sign-in); openedUrls records it either way. */
  systemBrowser?: (url: string) => void
  /** Replaces the OS keychain binding (tests that sign in keep their tokens in memory). */
  tokenCacheFactory?: CoreOptions['tokenCacheFactory']
  /** Transport and clock of the cloud clients (the fake cloud's). */
  cloudHttp?: CoreOptions['cloudHttp']
  /**
   * Runs against the core before the page opens: sync the demo tenant, seed the store, replace a
   * data call to fail the way Microsoft would.
   */
  prepare?: (core: Core) => Promise<void> | void
  /** Stands in for the native save dialog: the path it "picks" (null: the user cancelled). */
  exportPath?: (dataDir: string) => string | null
}

export type ViewName = 'apps' | 'alerts' | 'export' | 'settings'

export interface AppHarness {
  core: Core
  page: Page
  /** URLs the safe shell handed to the "system browser". */
  openedUrls: string[]
  /** Opens a page of the app and waits until it shows the loaded state. */
  open(view: ViewName): Promise<void>
  /** settings.json as main wrote it, or null when none was written. */
  readSettingsFile(): Settings | null
  /** Console errors and uncaught exceptions in the page, e.g. CSP violations. */
  pageErrors: string[]
}

interface Fixtures {
  coreSetup: CoreSetup
  app: AppHarness
}

interface WorkerFixtures {
  rendererOrigin: string
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  coreSetup: [{ forceDemo: true }, { option: true }],

  rendererOrigin: [
    // Playwright reads fixture dependencies from this destructuring, so it must be a pattern.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await serveDirectory(rendererDir)
      await use(server.origin)
      await server.close()
    },
    { scope: 'worker' },
  ],

  app: async ({ page, coreSetup, rendererOrigin, browser }, use) => {
    const dataDir = coreSetup.dataDir ?? mkdtempSync(join(tmpdir(), 'dca-e2e-'))
    mkdirSync(dataDir, { recursive: true })
    if (coreSetup.settingsFile !== undefined) {
      const text =
        typeof coreSetup.settingsFile === 'string'
          ? coreSetup.settingsFile
          : JSON.stringify(coreSetup.settingsFile)
      writeFileSync(join(dataDir, settingsFileName), text)
    }
    const openedUrls: string[] = []
    const pinnedNow = coreSetup.now
    const core = createCore({
      runtime: {
        productName: packageJson.productName,
        version: packageJson.version,
        platform: process.platform,
        arch: process.arch,
        node: process.versions.node,
        electron: null,
        chrome: browser.version(),
      },
      dataDir,
      forceDemo: coreSetup.forceDemo,
      ...(coreSetup.clock
        ? { now: coreSetup.clock }
        : pinnedNow
          ? { now: () => new Date(pinnedNow) }
          : {}),
      ...(coreSetup.tokenCacheFactory ? { tokenCacheFactory: coreSetup.tokenCacheFactory } : {}),
      ...(coreSetup.cloudHttp ? { cloudHttp: coreSetup.cloudHttp } : {}),
      launchExternal: async (url) => {
        openedUrls.push(url)
        coreSetup.systemBrowser?.(url)
      },
      ...(coreSetup.exportPath
        ? { chooseExportPath: async () => coreSetup.exportPath!(dataDir) }
        : {}),
    })

    await coreSetup.prepare?.(core)

    const pageErrors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text())
    })
    page.on('pageerror', (error) => pageErrors.push(error.message))

    // Events reach the page in the order core emitted them, and before the answer of a call that
    // emitted them, as over Electron's one IPC channel (a late "sync started" after the sync's
    // failure would otherwise leave the page showing a sync that is over).
    let delivered: Promise<void> = Promise.resolve()
    // The main-side half of the bridge: what electron/ipc.ts does, minus the sender check.
    await page.exposeBinding('__dcaInvoke', async (_source, channel: unknown, payload: unknown) => {
      const result = await dispatchInvoke(core.service, channel, payload)
      await delivered
      return result
    })
    const forwarded = new Map<EventName, () => void>()
    await page.exposeBinding('__dcaSubscribe', (_source, event: unknown) => {
      if (!isEventName(event) || forwarded.has(event)) return
      const unsubscribe = core.service.events.on(event, (payload) => {
        delivered = delivered.then(() =>
          page
            .evaluate(
              ([name, data]) => (globalThis as unknown as DeliverHook).__dcaDeliver(name, data),
              [event, payload] as const,
            )
            .catch(() => {
              // The page navigated or closed while the event was in flight; the next load re-reads state.
            }),
        )
      })
      forwarded.set(event, unsubscribe)
    })
    await page.addInitScript({ path: testBridgeBundle })

    const harness: AppHarness = {
      core,
      page,
      openedUrls,
      pageErrors,
      async open(view) {
        await page.goto(`${rendererOrigin}/index.html#/${view}`)
        await expect(page.locator('#page-heading')).toBeVisible()
        await expect(page.locator('[data-testid="mode-badge"]')).toBeVisible()
      },
      readSettingsFile() {
        try {
          return JSON.parse(readFileSync(join(dataDir, settingsFileName), 'utf8')) as Settings
        } catch {
          return null
        }
      },
    }

    await use(harness)

    for (const unsubscribe of forwarded.values()) unsubscribe()
    core.service.data.close()
    if (!coreSetup.dataDir) rmSync(dataDir, { recursive: true, force: true })
    expect(pageErrors, 'the page logged errors (a CSP violation shows up here)').toEqual([])
  },
})

interface DeliverHook {
  __dcaDeliver(event: string, payload: unknown): void
}

export { expect }
