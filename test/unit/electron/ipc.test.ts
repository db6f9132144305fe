// The Electron IPC glue against a mocked `electron` module: every channel registered, untrusted
// senders refused, bad payloads answered with validation errors, main never throws.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { invokeChannels, ipcEventName, ipcInvokeName } from '../../../src-main/contract'
import { trustedOriginPredicate } from '../../../src-main/core/origin'
import { createTestCore, type TestCore } from '../../support/core'

type Handler = (event: unknown, payload: unknown) => Promise<unknown>
const handlers = new Map<string, Handler>()

vi.mock('electron', () => ({
  ipcMain: {
    handle: (name: string, handler: Handler) => {
      if (handlers.has(name)) throw new Error(`second handler for ${name}`)
      handlers.set(name, handler)
    },
    removeHandler: (name: string) => handlers.delete(name),
  },
}))

const { registerIpc, forwardEvents } = await import('../../../src-main/electron/ipc')

const trustedOrigin = 'app://renderer'
const isTrustedUrl = trustedOriginPredicate(trustedOrigin)
const frameEvent = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } })

let core: TestCore
let unregister: () => void
beforeEach(() => {
  core = createTestCore({ forceDemo: true })
  unregister = registerIpc(core.service, { isTrustedUrl, log: core.log })
})
afterEach(() => {
  unregister()
  core.cleanup()
})

describe('registerIpc', () => {
  it('registers exactly one namespaced handler per contract channel', () => {
    expect([...handlers.keys()].sort()).toEqual(invokeChannels.map(ipcInvokeName).sort())
  })

  it('serves the trusted main frame', async () => {
    const result = await handlers.get(ipcInvokeName('getAppInfo'))!(frameEvent('app://renderer/index.html#/settings'), undefined)
    expect(result).toMatchObject({ ok: true, value: { mode: 'demo' } })
  })

  it.each([
    ['a foreign origin', frameEvent('https://evil.test/')],
    ['a look-alike scheme host', frameEvent('app://renderer.evil/')],
    ['a sub-frame of our origin', frameEvent('app://renderer/x.html', {})],
    ['no frame at all', { senderFrame: null }],
  ])('refuses %s', async (_label, event) => {
    const result = await handlers.get(ipcInvokeName('updateSettings'))!(event, { theme: 'dark' })
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
    await expect(core.service.getSettings()).resolves.toMatchObject({ theme: 'system' })
  })

  it('answers a bad payload with a validation error instead of throwing', async () => {
    const handler = handlers.get(ipcInvokeName('updateSettings'))!
    await expect(handler(frameEvent('app://renderer/'), { locale: 42 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'validation', issues: [{ path: 'locale' }] },
    })
    await expect(handler(frameEvent('app://renderer/'), 'not an object')).resolves.toMatchObject({
      ok: false,
      error: { code: 'validation' },
    })
  })

  it('routes openExternal through the safe shell', async () => {
    const handler = handlers.get(ipcInvokeName('openExternal'))!
    await expect(handler(frameEvent('app://renderer/'), { url: 'https://portal.azure.com/#view/x' })).resolves.toEqual({
      ok: true,
      value: { opened: true },
    })
    await expect(handler(frameEvent('app://renderer/'), { url: 'file:///etc/passwd' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'url_not_allowed' },
    })
    expect(core.opened).toEqual(['https://portal.azure.com/#view/x'])
  })
})

describe('forwardEvents', () => {
  it('pushes core events to a live window and stops when told or when it is destroyed', async () => {
    const sent: Array<[string, unknown]> = []
    let destroyed = false
    const target = { isDestroyed: () => destroyed, send: (name: string, payload: unknown) => sent.push([name, payload]) }
    const stop = forwardEvents(core.service.events, target as never)
    await core.service.updateSettings({ theme: 'dark' })
    expect(sent.map(([name]) => name)).toContain(ipcEventName('settingsChanged'))
    destroyed = true
    const count = sent.length
    await core.service.updateSettings({ theme: 'light' })
    expect(sent).toHaveLength(count)
    stop()
  })
})
