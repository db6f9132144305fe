// The connected-apps data for the dashboard: the overview listApps answers, the sync's state and
// progress, and the last failure explained by its code. Data already loaded stays on screen when
// a refresh or a sync fails (offline, throttled): the page says so instead of blanking.
import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef } from 'vue'
import type { AppsOverview, SyncProgressView, SyncStatus } from '../../../src-main/contract/model'
import { ApiError, useApiClient } from '../api/client'
import { takeEarlyOverview } from '../api/early'
import { useSettingsStore } from './settings'
import {
  defaultDirection,
  defaultFilters,
  type AppFilters,
  type SortKey,
  type SortOrder,
} from '../apps/app-list'

/** Error codes the page explains as a state of the tenant, with what to do. */
export const explainedCodes = [
  'not_signed_in',
  'auth_interaction_required',
  'auth_not_configured',
  'licence_missing',
  'consent_missing',
  'role_missing',
  'permission_missing',
  'mde_not_provisioned',
  'throttled',
  'network',
] as const
export type ExplainedCode = (typeof explainedCodes)[number]

export function isExplainedCode(code: string): code is ExplainedCode {
  return (explainedCodes as readonly string[]).includes(code)
}

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError('internal', String(error))
}

export const useAppsStore = defineStore('apps', () => {
  const overview = shallowRef<AppsOverview | null>(null)
  const loading = ref(false)
  /** listApps failed (e.g. not signed in); any overview loaded before stays. */
  const loadError = shallowRef<ApiError | null>(null)
  /** The tenant the admin picked in the switcher; null means the default one. */
  const selectedTenantId = ref<string | null>(null)

  const syncing = ref(false)
  const progress = shallowRef<SyncProgressView | null>(null)
  const syncError = shallowRef<ApiError | null>(null)
  const cancelRequested = ref(false)

  // The table's search, filters and sort live here so they survive a visit to an app's detail.
  const filters = reactive<AppFilters>({ ...defaultFilters })
  const sort = ref<SortOrder>({ key: 'signIns24h', direction: 'descending' })

  function sortBy(key: SortKey): void {
    sort.value =
      sort.value.key === key
        ? { key, direction: sort.value.direction === 'ascending' ? 'descending' : 'ascending' }
        : { key, direction: defaultDirection[key] }
  }

  function resetFilters(): void {
    Object.assign(filters, defaultFilters)
  }

  const offline = computed(() => syncError.value?.code === 'network')
  const hasData = computed(() =>
    Boolean(overview.value && (overview.value.lastSync || overview.value.apps.length)),
  )

  /** The listApps call under way, so that a second load() for the same tenant joins it. */
  let inFlight: { tenantId: string | null; done: Promise<void> } | null = null
  /** Counts load()s that asked main; only the latest one's answer (or failure) is shown. */
  let sequence = 0

  /** The configured tenant's directory name, by its configured ID, once its list was read this run. */
  const tenantNames = reactive(new Map<string, string>())

  /** How "Back to …" names the configured tenant: its directory name when known, else its ID. */
  function tenantLabel(configuredId: string | undefined | null): string {
    if (!configuredId) return ''
    return tenantNames.get(configuredId) ?? configuredId
  }

  function rememberTenantName(answer: AppsOverview): void {
    if (answer.tenant.source !== 'graph' || !answer.tenant.displayName) return
    const configured = useSettingsStore().settings?.tenant.tenantId
    if (configured) tenantNames.set(configured, answer.tenant.displayName)
  }

  /**
   * Reads the overview. A call while one for the same tenant is under way waits for that one
   * instead of asking again: the shell starts the first load while it reads the app's state, and
   * the page's own load on mounting joins it (the first data paint does not wait for both).
   */
  function load(options: { fresh?: boolean } = {}): Promise<void> {
    const tenantId = selectedTenantId.value
    if (!options.fresh && inFlight && inFlight.tenantId === tenantId) return inFlight.done
    // `fresh`: what is under way was asked before something changed (the data mode), so ask again;
    // its answer, whether data or a failure, is no longer current and is dropped.
    const ticket = ++sequence
    const done = (async () => {
      loading.value = true
      try {
        const request = tenantId ? { tenantId } : undefined
        // The request start.ts sent for the default tenant before the app was mounted, if any.
        const early = tenantId || options.fresh ? null : takeEarlyOverview()
        const answer = await (early ?? useApiClient().listApps(request))
        if (ticket !== sequence) return
        // The default tenant's list is the configured tenant's: its name labels the way back.
        if (!tenantId) rememberTenantName(answer)
        overview.value = answer
        loadError.value = null
      } catch (error) {
        if (ticket !== sequence) return
        loadError.value = asApiError(error)
      } finally {
        if (ticket === sequence) loading.value = false
      }
    })()
    const current = { tenantId, done }
    inFlight = current
    void done.finally(() => {
      if (inFlight === current) inFlight = null
    })
    return done
  }

  /** Picks up a sync started elsewhere (another window, the tray) and its last failure. */
  async function loadSyncStatus(): Promise<void> {
    try {
      applySyncStatus(await useApiClient().getSyncStatus())
    } catch {
      // The status is a nicety; the page works without it.
    }
  }

  function applySyncStatus(status: SyncStatus): void {
    syncing.value = status.running
    progress.value = status.progress
    if (!status.running && status.lastError && !syncError.value) {
      syncError.value = new ApiError(
        status.lastError.code as ApiError['code'],
        status.lastError.message,
      )
    }
  }

  async function selectTenant(tenantId: string): Promise<void> {
    selectedTenantId.value = tenantId
    syncError.value = null
    await load()
  }

  /**
   * After a sign-in (or sign-out) the tenants and what can be read change: reload, and drop a sync
   * failure that only said to sign in, so the page stops asking for what was just done.
   */
  async function afterSignInChange(): Promise<void> {
    const code = syncError.value?.code
    if (code === 'not_signed_in' || code === 'auth_interaction_required') syncError.value = null
    await load()
  }

  async function syncNow(): Promise<void> {
    if (syncing.value) return
    syncing.value = true
    cancelRequested.value = false
    progress.value = null
    syncError.value = null
    try {
      const tenantId = selectedTenantId.value ?? overview.value?.tenant.tenantId
      await useApiClient().syncNow(tenantId ? { tenantId } : undefined)
    } catch (error) {
      syncError.value = asApiError(error)
    } finally {
      syncing.value = false
      progress.value = null
    }
    await load()
  }

  async function cancelSync(): Promise<void> {
    cancelRequested.value = true
    try {
      await useApiClient().cancelSync()
    } catch {
      cancelRequested.value = false
    }
  }

  /** Main's pushes: progress while a sync runs, and a reload when local data changed. */
  function subscribe(): () => void {
    const api = useApiClient()
    const off = [
      api.on('syncProgress', (view) => {
        if (overview.value && view.tenantId !== overview.value.tenant.tenantId) return
        progress.value = view
        if (view.phase !== 'done') syncing.value = true
      }),
      api.on('dataChanged', ({ tenantId }) => {
        if (!overview.value || overview.value.tenant.tenantId === tenantId) void load()
      }),
    ]
    return () => off.forEach((unsubscribe) => unsubscribe())
  }

  function dismissSyncError(): void {
    syncError.value = null
  }

  return {
    overview,
    tenantLabel,
    loading,
    loadError,
    selectedTenantId,
    syncing,
    progress,
    syncError,
    cancelRequested,
    offline,
    hasData,
    filters,
    sort,
    sortBy,
    resetFilters,
    load,
    loadSyncStatus,
    selectTenant,
    afterSignInChange,
    syncNow,
    cancelSync,
    subscribe,
    dismissSyncError,
  }
})
