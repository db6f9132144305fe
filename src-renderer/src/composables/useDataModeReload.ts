// When the data this run shows changes (demo tenant ⇄ configured tenant, from "Try the demo
// tenant", "Back to <tenant>" or a settings change), what the pages hold belongs to the other
// tenant: the apps list drops it, forgets the tenant picked in the switcher and the last sync's failure and
// reloads, and the alerts reload if they were loaded. Used once, by the shell.
import { watch } from 'vue'
import { useAlertsStore } from '../stores/alerts'
import { useAppsStore } from '../stores/apps'
import { useSessionStore } from '../stores/session'

export function useDataModeReload(): void {
  const session = useSessionStore()
  const apps = useAppsStore()
  const alerts = useAlertsStore()
  watch(
    () => session.mode,
    (mode, previous) => {
      // The first answer (null → a mode) is the start, which each page loads for itself.
      if (!previous || !mode || mode === previous) return
      // The other tenant's list must not stay on screen under the new mode, even when the new
      // tenant's list cannot be read (nobody signed in to it yet).
      apps.overview = null
      apps.selectedTenantId = null
      apps.dismissSyncError()
      // A listApps or listAlerts sent before the switch and still under way answers for the other
      // mode (or fails for it: not signed in to the tenant): ask again, and the stores drop the
      // older answer whenever it comes.
      void apps.load({ fresh: true })
      if (alerts.loadState !== 'idle') void alerts.load()
    },
  )
}
