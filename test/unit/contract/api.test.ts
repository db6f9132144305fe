import { describe, expect, it } from 'vitest'
import { createApi, dispatchInvoke, invokeChannels, type EventName } from '../../../src-main/contract'
import { createTestCore } from '../../support/core'

describe('createApi', () => {
  it('builds one method per channel, wired through the transport to a real service', async () => {
    const core = createTestCore({ forceDemo: true })
    const listeners = new Map<EventName, (payload: unknown) => void>()
    const api = createApi({
      invoke: (channel, payload) => dispatchInvoke(core.service, channel, payload),
      subscribe: (event, listener) => {
        listeners.set(event, listener)
        return () => listeners.delete(event)
      },
    })
    for (const channel of invokeChannels) expect(typeof api[channel]).toBe('function')
    expect(Object.isFrozen(api)).toBe(true)

    const received: unknown[] = []
    const unsubscribe = api.on('settingsChanged', (settings) => received.push(settings.theme))
    core.service.events.on('settingsChanged', (payload) => listeners.get('settingsChanged')?.(payload))
    const updated = await api.updateSettings({ theme: 'dark' })
    expect(updated).toMatchObject({ ok: true, value: { theme: 'dark' } })
    expect(received).toEqual(['dark'])
    unsubscribe()
    expect(listeners.has('settingsChanged')).toBe(false)
    core.cleanup()
  })

  it('refuses to subscribe to an unknown event', () => {
    const api = createApi({ invoke: async () => undefined, subscribe: () => () => undefined })
    expect(() => (api.on as (e: string, l: () => void) => void)('nope', () => undefined)).toThrow(/Unknown event/)
  })
})
