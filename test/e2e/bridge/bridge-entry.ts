// The E2E test bridge: what the preload does in Electron, done over Playwright bindings. It runs in
// the page before the renderer (addInitScript) and defines window.api with the contract's own
// createApi, so the renderer under test talks to a real AppService in the test process.
// Built as an IIFE by the E2E global setup; typed without DOM types, like the rest of test/.
import { createApi } from '../../../src-main/contract/api'
import type { EventName } from '../../../src-main/contract/channels'

/** The page globals this bridge uses: two bindings from the fixture, one hook for events. */
interface TestBridgeGlobals {
  __dcaInvoke(channel: string, payload: unknown): Promise<unknown>
  __dcaSubscribe(event: string): Promise<void>
  __dcaDeliver: (event: string, payload: unknown) => void
}

const page = globalThis as unknown as TestBridgeGlobals
const listeners = new Map<EventName, Set<(payload: unknown) => void>>()

// The fixture calls this (page.evaluate) for each event core emits; no polling.
page.__dcaDeliver = (event, payload) => {
  for (const listener of listeners.get(event as EventName) ?? []) listener(payload)
}

const api = createApi(
  {
    invoke: (channel, payload) => page.__dcaInvoke(channel, payload),
    subscribe(event, listener) {
      let set = listeners.get(event)
      if (!set) {
        listeners.set(event, (set = new Set()))
        // Tell the test process once per event; it forwards core's emits for it to this page.
        void page.__dcaSubscribe(event)
      }
      set.add(listener)
      return () => {
        set.delete(listener)
      }
    },
  },
  { startHash: (globalThis as unknown as { location: { hash: string } }).location.hash },
)

// Read-only, as contextBridge.exposeInMainWorld makes it in the app.
Object.defineProperty(globalThis, 'api', {
  value: api,
  writable: false,
  configurable: false,
  enumerable: true,
})
