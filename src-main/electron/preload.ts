// Sandboxed preload: exposes the contract's api object, built over ipcRenderer, and nothing else.
// One of the two files allowed to touch ipcRenderer.
import { contextBridge, ipcRenderer } from 'electron'
import { createApi } from '../contract/api'
import { ipcEventName, ipcInvokeName } from '../contract/names'

const api = createApi({
  invoke: (channel, payload) => ipcRenderer.invoke(ipcInvokeName(channel), payload),
  subscribe(event, listener) {
    const handler = (_event: unknown, payload: unknown) => listener(payload)
    ipcRenderer.on(ipcEventName(event), handler)
    return () => {
      ipcRenderer.removeListener(ipcEventName(event), handler)
    }
  },
})

contextBridge.exposeInMainWorld('api', api)
