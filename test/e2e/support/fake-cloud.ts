// The renderer E2E harness against the fake Microsoft cloud (test/fake-cloud): each test starts its
// own cloud with the tenants it names, and the core is configured for it the way an admin would
// configure a custom cloud (tenant ID, client ID, authority host, Graph and Log Analytics
// endpoints; no test-only branch in product code). Sign-in is real: the app opens the authorize
// URL in the "system browser", which here is the scripted browser (plain HTTP requests that submit
// the fake Entra's sign-in page and deliver the form_post to MSAL's loopback listener), so the
// app's Chromium stays the app's window. Tokens stay in memory, never in the OS keychain.
import { getCACertificates, setDefaultCACertificates } from 'node:tls'
import type { Settings } from '../../../src-main/contract/model'
import type { TokenCacheBinding } from '../../../src-main/core/auth/token-cache'
import { createTransport } from '../../../src-main/core/graph/transport'
import { DEFAULT_PASSWORD, startFakeCloud } from '../../fake-cloud'
import type { FakeCloud, FakeTenant, FakeTenantOptions, FakeUser } from '../../fake-cloud'
import { signInWithScriptedBrowser } from '../../fake-cloud/scripted-browser'
import { fakeCloudClock } from '../../integration/graph/support'
import { test as base, expect, type CoreSetup } from './fixtures'

/** The fake cloud's "now": frozen, so its tenants and the screenshots are the same on every run. */
export const cloudNow = '2025-11-26T09:41:00Z'

export interface CloudSetup {
  /** The tenants, in order; the first is the one the app is configured for. */
  tenants: FakeTenantOptions[]
  /** Settings besides the tenant (locale, theme). */
  settings?: Partial<Omit<Settings, 'tenant'>>
  /**
   * Days of sign-in logs the cloud keeps (default 1, where Entra keeps 30): the first sync still
   * plans the whole 30 days, but reads a day of events, so it takes seconds on a busy machine.
   */
  retentionDays?: number
}

export interface SystemBrowser {
  /** Who signs in the next time the app opens the sign-in page (with the fake cloud's password). */
  signInNextAs(user: FakeUser): void
  /** Waits until every sign-in the browser started has been delivered to the app. */
  settled(): Promise<void>
}

interface CloudFixtures {
  cloudSetup: CloudSetup
  cloud: FakeCloud
  systemBrowser: SystemBrowser
}

const memoryTokenCache = async (): Promise<TokenCacheBinding> => ({
  plugin: null,
  keychain: 'unavailable',
  reason: 'the E2E run keeps tokens in memory',
})

/** The CA set this process started with; each cloud's test CA is added to it, one at a time. */
let startupCas: string[] | null = null

export function publicClientId(tenant: FakeTenant): string {
  return tenant.clients.find((client) => client.kind === 'public')!.clientId
}

/** A tenant's user: a reader-role admin, or the guest who has no directory role. */
export function userOf(tenant: FakeTenant, kind: 'admin' | 'guest'): FakeUser {
  const user = tenant.users.find((candidate) =>
    kind === 'admin'
      ? candidate.directoryRoles.includes('Global Reader')
      : candidate.directoryRoles.length === 0,
  )
  if (!user) throw new Error(`tenant ${tenant.domain} has no ${kind}`)
  return user
}

export const test = base.extend<CloudFixtures>({
  cloudSetup: [{ tenants: [{ seed: 'contoso', size: 'tiny' }] }, { option: true }],

  cloud: async ({ cloudSetup }, use) => {
    const cloud = await startFakeCloud({
      now: cloudNow,
      timeScale: 0,
      // The clock stands still, so a throttle window would never reopen; throttling has its own tests.
      throttle: false,
      retentionDays: cloudSetup.retentionDays ?? 1,
      tenants: cloudSetup.tenants,
    })
    // One multi-tenant app registration, consented in every tenant (as for an MSSP).
    for (const tenant of cloud.tenants.slice(1)) {
      tenant.clients.find((client) => client.kind === 'public')!.clientId = publicClientId(
        cloud.tenants[0]!,
      )
    }
    // Trusted the way an enterprise adds its own CA: process-wide, for MSAL and the Graph client.
    startupCas ??= getCACertificates('default')
    setDefaultCACertificates([...startupCas, cloud.caPem])
    await use(cloud)
    await cloud.close()
  },

  systemBrowser: async ({ cloud }, use) => {
    const queue: FakeUser[] = []
    const runs: Promise<void>[] = []
    const problems: string[] = []
    const browser: SystemBrowser & { open(url: string): void } = {
      signInNextAs: (user) => void queue.push(user),
      async settled() {
        await Promise.all(runs)
        expect(problems, 'the scripted browser could not complete a sign-in').toEqual([])
      },
      open(url) {
        if (!url.startsWith(`${cloud.url}/`)) return // a portal link: nothing to play
        const user = queue.shift()
        if (!user) {
          problems.push(
            `the app opened the sign-in page but the test named nobody to sign in (${new URL(url).pathname})`,
          )
          return
        }
        runs.push(
          signInWithScriptedBrowser(url, cloud.caPem, {
            userPrincipalName: user.userPrincipalName,
            password: DEFAULT_PASSWORD,
          }).then(
            () => undefined,
            (error: unknown) =>
              void problems.push(error instanceof Error ? error.message : String(error)),
          ),
        )
      },
    }
    await use(browser)
    await Promise.all(runs)
    expect(problems, 'the scripted browser could not complete a sign-in').toEqual([])
    expect(queue, 'sign-ins the test expected but the app never started').toEqual([])
  },

  coreSetup: async ({ cloud, cloudSetup, systemBrowser }, use) => {
    const home = cloud.tenants[0]!
    const clock = fakeCloudClock(cloud)
    const setup: CoreSetup = {
      forceDemo: false,
      settingsFile: {
        ...cloudSetup.settings,
        tenant: {
          cloud: 'custom',
          tenantId: home.id,
          clientId: publicClientId(home),
          custom: {
            authorityHost: cloud.url,
            graphEndpoint: cloud.graphUrl,
            logAnalyticsEndpoint: cloud.logAnalyticsUrl,
          },
        },
      },
      // The app's data clock follows the cloud's, whose sign-ins live around its "now".
      clock: () => new Date(cloud.clock.now()),
      // Graph's budget for the sign-in reports (5 requests in 10 s) is kept on the cloud's clock,
      // which moves when every request is answered and the app waits: a 30-day backfill keeps the
      // budget and takes seconds instead of minutes.
      cloudHttp: { fetch: clock.track(createTransport({ ca: cloud.caPem })), clock },
      systemBrowser: (url) =>
        (systemBrowser as SystemBrowser & { open(url: string): void }).open(url),
      tokenCacheFactory: memoryTokenCache,
    }
    await use(setup)
  },
})

export { expect }
