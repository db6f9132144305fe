// Shared set-up for the sign-in tests: the fake cloud as a *custom cloud* in the app's settings
// (no test-only branch in product code), Chromium as the system browser, and the test CA trusted
// process-wide the way an enterprise adds its own CA.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { getCACertificates, setDefaultCACertificates } from 'node:tls'
import { chromium, type Browser, type Page } from '@playwright/test'
import { createCore, type Core, type CoreOptions } from '../../../src-main/core/bootstrap'
import type { TokenCacheBinding } from '../../../src-main/core/auth/token-cache'
import { DEFAULT_PASSWORD, startFakeCloud, type FakeCloud, type FakeTenant } from '../../fake-cloud'
import { makeTempDir, testRuntime } from '../../support/core'

export const NOW = '2025-06-02T12:00:00Z'
export { DEFAULT_PASSWORD }

export async function startCloudForAuth(tenantSeeds: string[] = ['contoso']): Promise<FakeCloud> {
  const cloud = await startFakeCloud({
    now: NOW,
    timeScale: 0,
    // The fake clock stands still here, so its throttle window would never reopen; throttling is
    // tested with a moving clock in the Graph tests.
    throttle: false,
    tenants: tenantSeeds.map((seed) => ({ seed, size: 'tiny' as const })),
  })
  setDefaultCACertificates([...getCACertificates('default'), cloud.caPem])
  return cloud
}

export async function launchBrowser(cloud: FakeCloud): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      `--ignore-certificate-errors-spki-list=${cloud.serverSpkiSha256}`,
    ],
  })
}

export const inMemoryTokenCache = async (): Promise<TokenCacheBinding> => ({
  plugin: null,
  keychain: 'unavailable',
  reason: 'tests keep tokens in memory unless they test the keychain',
})

export interface AuthTestCore extends Core {
  /** The URLs the app asked the "system browser" to open. */
  opened: string[]
  /** The tab the next sign-in opens in. */
  nextPage: () => Promise<Page>
}

/** A real core whose settings point at the fake cloud as a custom cloud. */
export async function coreForCloud(
  cloud: FakeCloud,
  tenant: FakeTenant,
  browser: Browser,
  options: Partial<Pick<CoreOptions, 'interactiveTimeoutMs' | 'logLevel'>> & { dataDir?: string; realKeychain?: boolean } = {},
): Promise<AuthTestCore> {
  const opened: string[] = []
  let pagePromise: Promise<Page> | null = null
  const core = createCore({
    runtime: testRuntime,
    dataDir: options.dataDir ?? makeTempDir('dca-auth-'),
    // The app's data clock follows the fake cloud's, whose sign-ins live around its "now".
    now: () => new Date(cloud.clock.now()),
    logLevel: options.logLevel ?? 'debug',
    // The OS keychain when asked for (the keychain tests), else memory.
    ...(options.realKeychain ? {} : { tokenCacheFactory: inMemoryTokenCache }),
    ...(options.interactiveTimeoutMs ? { interactiveTimeoutMs: options.interactiveTimeoutMs } : {}),
    launchExternal: async (url) => {
      opened.push(url)
      pagePromise = (async () => {
        const context = await browser.newContext()
        const page = await context.newPage()
        void page.goto(url).catch(() => undefined)
        return page
      })()
    },
  })
  await core.service.updateSettings({
    tenant: {
      cloud: 'custom',
      tenantId: tenant.id,
      clientId: tenant.clients.find((client) => client.kind === 'public')!.clientId,
      custom: { authorityHost: cloud.url, graphEndpoint: cloud.graphUrl, logAnalyticsEndpoint: cloud.logAnalyticsUrl },
    },
  })
  return {
    ...core,
    opened,
    nextPage: async () => {
      for (let i = 0; i < 200 && !pagePromise; i++) await new Promise((resolve) => setTimeout(resolve, 25))
      if (!pagePromise) throw new Error('the app never opened the browser')
      const page = await pagePromise
      pagePromise = null
      return page
    },
  }
}

/** Signs in on the fake Entra page as `upn`, ticking consent when the page asks for it. */
export async function completeSignIn(page: Page, upn: string, password = DEFAULT_PASSWORD): Promise<void> {
  await page.waitForSelector('#password')
  await page.fill('#username', upn)
  await page.fill('#password', password)
  await page.click('#signin')
}

/** Every file below a folder, recursively. */
export function filesBelow(root: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(root)) {
    const path = join(root, name)
    if (statSync(path).isDirectory()) out.push(...filesBelow(path))
    else out.push(path)
  }
  return out
}

export function readAll(path: string): string {
  return readFileSync(path).toString('latin1')
}
