// Builds the renderer's `api` object from the channel list. The preload feeds it ipcRenderer; the
// E2E test bridge feeds it a Playwright binding. It must stay free of node and electron imports.
import type { Events, InvokeRequest, InvokeResponses } from './channels'
import { eventNames, invokeChannels, isEventName, type EventName, type InvokeChannel } from './names'
import type { Result } from './errors'
import type { AppsOverview } from './model'

export interface Transport {
  invoke(channel: InvokeChannel, payload: unknown): Promise<unknown>
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void
}

type InvokeFn<C extends InvokeChannel> =
  undefined extends InvokeRequest<C>
    ? (payload?: InvokeRequest<C>) => Promise<Result<InvokeResponses[C]>>
    : (payload: InvokeRequest<C>) => Promise<Result<InvokeResponses[C]>>

export type BridgeApi = { [C in InvokeChannel]: InvokeFn<C> } & {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
  /**
   * The listApps answer (default tenant) asked for when the bridge was created, before the page's
   * own scripts ran; once, then null. Null too when the window did not open on Connected apps.
   */
  takeStartupOverview(): Promise<Result<AppsOverview>> | null
}

export interface ApiOptions {
  /**
   * The URL hash the window opens with. When it is the Connected apps page, listApps is sent at once:
   * the preload runs as the document starts, well before the renderer's bundle has loaded and been
   * evaluated, so main's query overlaps all of that (the first data paint waits on it otherwise).
   */
  startHash?: string
}

/** True when the hash route is the Connected apps page (also what '/' and unknown paths redirect to). */
export function opensOnApps(hash: string): boolean {
  const path = hash.replace(/^#/, '').split(/[?#]/)[0] ?? ''
  if (path === '' || path === '/' || path === '/apps') return true
  // The other pages; anything else is redirected to /apps by the router.
  return !/^\/(alerts|export|settings|apps\/[^/]+)\/?$/i.test(path)
}

export function createApi(transport: Transport, options: ApiOptions = {}): BridgeApi {
  const api: Record<string, unknown> = {}
  for (const channel of invokeChannels) {
    api[channel] = (payload?: unknown) => transport.invoke(channel, payload)
  }
  let startup: Promise<unknown> | null = null
  if (options.startHash !== undefined && opensOnApps(options.startHash)) {
    try {
      startup = transport.invoke('listApps', undefined)
      // The page handles a failure when it takes the answer; until then it is not an unhandled one.
      startup.catch(() => {})
    } catch {
      startup = null // the transport is not ready: the page asks for itself
    }
  }
  api.takeStartupOverview = () => {
    const taken = startup
    startup = null
    return taken
  }
  api.on = (event: unknown, listener: unknown) => {
    if (!isEventName(event)) throw new TypeError(`Unknown event "${String(event)}"; known: ${eventNames.join(', ')}`)
    if (typeof listener !== 'function') throw new TypeError('Event listener must be a function')
    return transport.subscribe(event, (payload) => (listener as (p: unknown) => void)(payload))
  }
  return Object.freeze(api) as BridgeApi
}
