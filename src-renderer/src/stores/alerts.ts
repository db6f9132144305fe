// The tenant's alerts and alert settings, as main keeps them. New alerts arrive with alertRaised;
// acknowledging and settings go through main, whose validation is the only one.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type {
  AlertSettingsView,
  AlertView,
  AlertsAppSettings,
  TenantAlertSettings,
} from '../../../src-main/contract/alerts'
import { ApiError, useApiClient } from '../api/client'

export const useAlertsStore = defineStore('alerts', () => {
  const alerts = shallowRef<AlertView[]>([])
  const unacknowledged = ref(0)
  const settings = shallowRef<AlertSettingsView | null>(null)
  const loadState = ref<'idle' | 'loading' | 'ready' | 'failed'>('idle')
  const loadError = ref<string | null>(null)

  const open = computed(() => alerts.value.filter((alert) => !alert.acknowledgedAt))

  /** Counts load()s; only the latest one's answer is shown (an older one may be the other mode's). */
  let sequence = 0

  async function load(): Promise<void> {
    const ticket = ++sequence
    loadState.value = 'loading'
    loadError.value = null
    try {
      const api = useApiClient()
      const [list, loadedSettings] = await Promise.all([
        api.listAlerts({ includeAcknowledged: true }),
        api.getAlertSettings(),
      ])
      if (ticket !== sequence) return
      alerts.value = list.alerts
      unacknowledged.value = list.unacknowledged
      settings.value = loadedSettings
      loadState.value = 'ready'
    } catch (error) {
      if (ticket !== sequence) return
      // No account signed in to the configured tenant yet: nothing has been synced, so there is
      // nothing to alert on — the empty state says so; it is not a failure.
      if (error instanceof ApiError && error.code === 'not_signed_in') {
        alerts.value = []
        unacknowledged.value = 0
        settings.value = null
        loadState.value = 'ready'
        return
      }
      loadError.value = error instanceof Error ? error.message : String(error)
      loadState.value = 'failed'
    }
  }

  async function acknowledge(id: number): Promise<void> {
    const { acknowledged } = await useApiClient().acknowledgeAlert({ id })
    if (!acknowledged) return
    const at = new Date().toISOString()
    alerts.value = alerts.value.map((alert) => (alert.id === id ? { ...alert, acknowledgedAt: at } : alert))
    unacknowledged.value = Math.max(0, unacknowledged.value - 1)
  }

  async function saveTenant(tenant: TenantAlertSettings): Promise<void> {
    settings.value = await useApiClient().updateAlertSettings({ tenant })
  }

  async function saveApp(app: Partial<AlertsAppSettings>): Promise<void> {
    settings.value = await useApiClient().updateAlertSettings({ app })
  }

  async function setMuted(appId: string, muted: boolean): Promise<void> {
    const current = settings.value?.tenant
    if (!current) return
    const apps = { ...current.apps, [appId]: { ...current.apps[appId], muted } }
    await saveTenant({ ...current, apps })
  }

  /** alertRaised from main: newest first, as the list is ordered. */
  function applyRaised(raised: readonly AlertView[]): void {
    const known = new Set(alerts.value.map((alert) => alert.id))
    const fresh = raised.filter((alert) => !known.has(alert.id))
    alerts.value = [...[...fresh].reverse(), ...alerts.value]
    unacknowledged.value += fresh.length
  }

  return { alerts, open, unacknowledged, settings, loadState, loadError, load, acknowledge, saveTenant, saveApp, setMuted, applyRaised }
})
