// The Export page's state: the form, the save dialog (main keeps the chosen path; we hold its id),
// the overwrite question, progress pushed by main, and cancel.
import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef } from 'vue'
import type {
  ExportGranularityValue,
  ExportKindValue,
  ExportResultView,
  ExportTarget,
} from '../../../src-main/contract/export'
import type { ConnectedAppRow } from '../../../src-main/contract/model'
import { ApiError, useApiClient } from '../api/client'

export type ExportPhase = 'idle' | 'choosing' | 'confirm' | 'running' | 'done' | 'cancelled' | 'failed'

/** The viewer's zone, offered for the local-time column. */
export const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'

const nextDay = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString()

export const useExportStore = defineStore('export', () => {
  const form = reactive({
    what: 'usage' as ExportKindValue,
    /** yyyy-mm-dd (UTC days), empty for open-ended. */
    from: '',
    to: '',
    granularity: 'day' as ExportGranularityValue,
    allApps: true,
    appIds: [] as string[],
    bom: true,
    localTime: false,
  })
  const apps = shallowRef<Pick<ConnectedAppRow, 'appId' | 'displayName'>[]>([])
  const appsAvailable = ref(true)
  const phase = ref<ExportPhase>('idle')
  const target = shallowRef<ExportTarget | null>(null)
  const rowsWritten = ref(0)
  const result = shallowRef<ExportResultView | null>(null)
  const errorMessage = ref<string | null>(null)

  const rangeInvalid = computed(() => Boolean(form.from && form.to && form.from > form.to))
  const noAppsChosen = computed(() => !form.allApps && form.appIds.length === 0)
  const canStart = computed(() => !rangeInvalid.value && !noAppsChosen.value && phase.value !== 'running' && phase.value !== 'choosing')

  async function loadApps(): Promise<void> {
    try {
      const overview = await useApiClient().listApps()
      apps.value = overview.apps.map(({ appId, displayName }) => ({ appId, displayName }))
      appsAvailable.value = true
    } catch {
      apps.value = []
      appsAvailable.value = false
    }
  }

  /** Opens the save dialog; asks before replacing, else exports straight away. */
  async function start(): Promise<void> {
    if (!canStart.value) return
    errorMessage.value = null
    result.value = null
    phase.value = 'choosing'
    try {
      const chosen = await useApiClient().chooseExportTarget({ what: form.what })
      if (!chosen) {
        phase.value = 'idle'
        return
      }
      target.value = chosen
      if (chosen.exists) {
        phase.value = 'confirm'
        return
      }
      await run(false)
    } catch (error) {
      fail(error)
    }
  }

  async function confirmOverwrite(replace: boolean): Promise<void> {
    if (phase.value !== 'confirm') return
    if (!replace) {
      phase.value = 'idle'
      target.value = null
      return
    }
    await run(true)
  }

  async function run(overwrite: boolean): Promise<void> {
    const chosen = target.value
    if (!chosen) return
    const api = useApiClient()
    phase.value = 'running'
    rowsWritten.value = 0
    const stop = api.on('exportProgress', (progress) => {
      if (progress.targetId === chosen.targetId) rowsWritten.value = progress.rows
    })
    try {
      const usage = form.what === 'usage'
      const dated = form.what !== 'inventory'
      const outcome = await api.startExport({
        targetId: chosen.targetId,
        what: form.what,
        ...(dated && form.from ? { from: `${form.from}T00:00:00Z` } : {}),
        ...(dated && form.to ? { to: nextDay(form.to) } : {}),
        ...(usage ? { granularity: form.granularity } : {}),
        ...(!form.allApps ? { appIds: [...form.appIds] } : {}),
        bom: form.bom,
        ...(form.localTime ? { localTimeZone: browserTimeZone() } : {}),
        overwrite,
      })
      result.value = outcome
      rowsWritten.value = outcome.rows
      phase.value = outcome.status === 'done' ? 'done' : 'cancelled'
    } catch (error) {
      // The file appeared after the dialog: ask, as for a file that was there already.
      if (error instanceof ApiError && error.code === 'file_exists') phase.value = 'confirm'
      else fail(error)
    } finally {
      stop()
    }
  }

  async function cancel(): Promise<void> {
    if (phase.value !== 'running') return
    await useApiClient().cancelExport()
  }

  function fail(error: unknown): void {
    errorMessage.value = error instanceof Error ? error.message : String(error)
    phase.value = 'failed'
  }

  return { form, apps, appsAvailable, phase, target, rowsWritten, result, errorMessage, rangeInvalid, noAppsChosen, canStart, loadApps, start, confirmOverwrite, cancel }
})
