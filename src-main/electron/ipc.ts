// Registers every contract channel on ipcMain in one loop. Each request is checked for a trusted
// sender (our renderer's main frame), validated and dispatched; failures come back as typed errors,
// so a bad payload can never crash main. One of the two files allowed to touch ipcMain.
import { ipcMain, type WebContents } from 'electron'
import {
  dispatchInvoke,
  eventNames,
  invokeChannels,
  ipcEventName,
  ipcInvokeName,
  type InvokeHandlers,
  type Result,
} from '../contract'
import type { EventHub } from '../core/events'
import type { Logger } from '../core/log'

export interface IpcOptions {
  isTrustedUrl: (url: string) => boolean
  log: Logger
}

export function registerIpc(handlers: InvokeHandlers, { isTrustedUrl, log }: IpcOptions): () => void {
  for (const channel of invokeChannels) {
    ipcMain.handle(ipcInvokeName(channel), async (event, payload: unknown): Promise<Result<unknown>> => {
      const frame = event.senderFrame
      if (!frame || frame.parent !== null || !isTrustedUrl(frame.url)) {
        log.warn(`Refused IPC ${channel} from an untrusted frame`, { url: frame?.url?.slice(0, 200) ?? null })
        return { ok: false, error: { code: 'forbidden_sender', message: 'This request did not come from the app window.' } }
      }
      return dispatchInvoke(handlers, channel, payload, {
        onUnexpectedError: (error, name, reference) => log.error(`IPC ${name} failed (${reference})`, error),
      })
    })
  }
  return () => {
    for (const channel of invokeChannels) ipcMain.removeHandler(ipcInvokeName(channel))
  }
}

/** Forwards every core event to a window for as long as it lives. */
export function forwardEvents(hub: EventHub, target: WebContents): () => void {
  const unsubscribers = eventNames.map((name) =>
    hub.on(name, (payload) => {
      if (!target.isDestroyed()) target.send(ipcEventName(name), payload)
    }),
  )
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe())
}
