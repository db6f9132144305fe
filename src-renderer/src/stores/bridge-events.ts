// Wires main's pushes into the stores. Returns the unsubscribe function so the shell can detach
// when it unmounts (tests mount and unmount it many times).
import { useApiClient } from '../api/client'
import { useSessionStore } from './session'
import { useSettingsStore } from './settings'

export function subscribeToBridgeEvents(): () => void {
  const api = useApiClient()
  const session = useSessionStore()
  const settings = useSettingsStore()
  const unsubscribers = [
    api.on('settingsChanged', (pushed) => {
      settings.apply(pushed)
      // The mode and the notices live in AppInfo and can change with the settings.
      void session.refreshAppInfo()
    }),
    api.on('authChanged', (status) => session.applyAuthStatus(status)),
  ]
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe())
}
