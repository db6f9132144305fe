// The renderer asks for the Connected apps data as it starts (api/early.ts), before the shell is
// mounted, and the page's first load uses that answer instead of asking again.
import { afterEach, describe, expect, it } from 'vitest'
import { createApi, type BridgeApi } from '../../../src-main/contract/api'
import { ApiError, useApiClient } from '../../../src-renderer/src/api/client'
import { boot, opensOnApps, takeEarlyOverview } from '../../../src-renderer/src/api/early'
import { createFakeBridge, type FakeBridge } from './support/fake-bridge'
import { mountApp } from './support/mount-app'
import { earlyReaderOverview } from './support/app-rows'

const overview = earlyReaderOverview()

const windowWith = (api: BridgeApi | undefined, hash: string) =>
  ({ api, location: { hash } }) as unknown as Window
const listAppsCalls = (bridge: FakeBridge) =>
  bridge.calls.filter((call) => call.channel === 'listApps').length

let cleanup: (() => void) | null = null

/** Mounts the app on Connected apps and checks it shows the early answer, with one listApps in all. */
async function expectEarlyAnswerShown(bridge: FakeBridge): Promise<void> {
  const { wrapper } = await mountApp(bridge, '/apps')
  cleanup = () => wrapper.unmount()
  expect(wrapper.find('[data-testid="apps-grid"]').text()).toContain('Early Reader')
  expect(listAppsCalls(bridge)).toBe(1)
}
afterEach(() => {
  cleanup?.()
  cleanup = null
  takeEarlyOverview()
})

describe('the early Connected apps request', () => {
  it('is made for the pages that show Connected apps, not for the others', () => {
    for (const hash of [
      '',
      '#',
      '#/',
      '#/apps',
      '#/apps/',
      '#/apps?x=1',
      '#/nowhere',
      '#/alerts/x',
    ])
      expect(opensOnApps(hash), hash).toBe(true)
    for (const hash of ['#/alerts', '#/export', '#/settings', '#/Settings/', '#/apps/1234-abcd'])
      expect(opensOnApps(hash), hash).toBe(false)
  })

  it('is sent before the app is mounted, and the page shows its answer without asking again', async () => {
    const bridge = createFakeBridge({ overview })
    boot(windowWith(bridge.api, '#/apps'))
    expect(listAppsCalls(bridge)).toBe(1)
    await expectEarlyAnswerShown(bridge)
    // Used once: a later load asks main again.
    expect(takeEarlyOverview()).toBeNull()
  })

  it('is not sent when the window opens on another page', () => {
    const bridge = createFakeBridge({ overview })
    boot(windowWith(bridge.api, '#/settings'))
    expect(listAppsCalls(bridge)).toBe(0)
    expect(takeEarlyOverview()).toBeNull()
  })

  it('leaves a failure to the page that takes it (no unhandled rejection before)', async () => {
    const bridge = createFakeBridge()
    boot(windowWith(bridge.api, '#/apps'))
    const { wrapper } = await mountApp(bridge, '/apps')
    cleanup = () => wrapper.unmount()
    expect(wrapper.find('[data-testid="choice-sign-in"]').exists()).toBe(true)
    expect(listAppsCalls(bridge)).toBe(1)
  })

  it('takes the answer the bridge asked for as it was created (the preload), without asking again', async () => {
    const bridge = createFakeBridge({ overview, startHash: '#/apps' })
    // Sent when the bridge was made, before anything of the renderer ran.
    expect(listAppsCalls(bridge)).toBe(1)
    boot(windowWith(bridge.api, '#/apps'))
    expect(listAppsCalls(bridge)).toBe(1)
    await expectEarlyAnswerShown(bridge)
    // The bridge hands its answer out once.
    expect(bridge.api.takeStartupOverview()).toBeNull()
  })

  it('has the bridge ask for nothing at start when the window opens on another page', () => {
    const bridge = createFakeBridge({ overview, startHash: '#/settings' })
    expect(listAppsCalls(bridge)).toBe(0)
    expect(bridge.api.takeStartupOverview()).toBeNull()
  })

  it('asks again when the bridge failed under the early call (not an answer from main)', async () => {
    const bridge = createFakeBridge({ overview })
    let first = true
    const flaky = createApi(
      {
        invoke: (channel, payload) => {
          if (first) {
            first = false
            return Promise.reject(new Error('the main process went away'))
          }
          return (bridge.api[channel] as (p: unknown) => Promise<unknown>)(payload)
        },
        subscribe: (event, listener) => bridge.api.on(event, listener),
      },
      { startHash: '#/apps' },
    )
    boot(windowWith(flaky, '#/apps'))
    await expect(takeEarlyOverview()).resolves.toMatchObject({
      apps: [{ displayName: 'Early Reader' }],
    })
    expect(listAppsCalls(bridge)).toBe(1)
  })

  it('passes main’s refusal on to the page instead of asking again', async () => {
    const bridge = createFakeBridge()
    const flaky = createApi(
      {
        invoke: () =>
          Promise.resolve({ ok: false, error: { code: 'not_signed_in', message: 'Sign in.' } }),
        subscribe: (event, listener) => bridge.api.on(event, listener),
      },
      { startHash: '#/apps' },
    )
    boot(windowWith(flaky, '#/apps'))
    await expect(takeEarlyOverview()).rejects.toMatchObject({ code: 'not_signed_in' })
  })

  it('starts nothing when the transport is not ready yet, and the renderer asks itself', () => {
    const api = createApi(
      {
        invoke: () => {
          throw new TypeError('binding missing')
        },
        subscribe: () => () => {},
      },
      { startHash: '#/apps' },
    )
    expect(api.takeStartupOverview()).toBeNull()
  })

  it('without a bridge, sets no client, so the shell can say the page runs outside the app', () => {
    boot(windowWith(undefined, '#/apps'))
    expect(() => useApiClient()).toThrow(ApiError)
    expect(takeEarlyOverview()).toBeNull()
  })
})
