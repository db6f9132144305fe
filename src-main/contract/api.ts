// Builds the renderer's `api` object from the channel list. The preload feeds it ipcRenderer; the
// E2E test bridge feeds it a Playwright binding. It must stay free of node and electron imports.
import type { Events, InvokeRequest, InvokeResponses } from './channels'
import { eventNames, invokeChannels, isEventName, type EventName, type InvokeChannel } from './names'
import type { Result } from './errors'

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
}

export function createApi(transport: Transport): BridgeApi {
  const api: Record<string, unknown> = {}
  for (const channel of invokeChannels) {
    api[channel] = (payload?: unknown) => transport.invoke(channel, payload)
  }
  api.on = (event: unknown, listener: unknown) => {
    if (!isEventName(event)) throw new TypeError(`Unknown event "${String(event)}"; known: ${eventNames.join(', ')}`)
    if (typeof listener !== 'function') throw new TypeError('Event listener must be a function')
    return transport.subscribe(event, (payload) => (listener as (p: unknown) => void)(payload))
  }
  return Object.freeze(api) as BridgeApi
}
