// Sandboxed preload: exposes the contract's api object, built over ipcRenderer, and nothing else.
// One of the two files allowed to touch ipcRenderer.
import { contextBridge, ipcRenderer } from 'electron'
import { createApi } from '../contract/api'
import { ipcEventName, ipcInvokeName } from '../contract/names'

// The window's start URL is known here, before the page's scripts load: when it opens on Connected
// apps, createApi sends listApps at once (the renderer takes the answer with takeStartupOverview).
const api = createApi(
  {
    invoke: (channel, payload) => ipcRenderer.invoke(ipcInvokeName(channel), payload),
    subscribe(event, listener) {
      const handler = (_event: unknown, payload: unknown) => listener(payload)
      ipcRenderer.on(ipcEventName(event), handler)
      return () => {
        ipcRenderer.removeListener(ipcEventName(event), handler)
      }
    },
  },
  { startHash: (globalThis as unknown as { location: { hash: string } }).location.hash },
)

contextBridge.exposeInMainWorld('api', api)
