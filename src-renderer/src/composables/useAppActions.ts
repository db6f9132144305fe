// The two row actions of the connected-apps views: copy the application ID, and "Open application
// settings" (the app registration when the tenant owns the app, else the enterprise application)
// in the system browser through main's safe shell. Results are announced in a live region.
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { AppDetailView } from '../../../src-main/contract/model'
import { ApiError, useApiClient } from '../api/client'

/** The page "Open application settings" goes to: the registration when the tenant owns the app. */
export function settingsLink(detail: Pick<AppDetailView, 'app' | 'portalLinks'>): string | null {
  const { enterpriseApp, appRegistration } = detail.portalLinks
  return detail.app.ownedByTenant && appRegistration ? appRegistration : enterpriseApp
}

export function useAppActions() {
  const { t } = useI18n()
  const announcement = ref('')
  const actionError = ref<string | null>(null)

  async function copyId(appId: string): Promise<void> {
    actionError.value = null
    try {
      await navigator.clipboard.writeText(appId)
      announcement.value = t('apps.actions.copied', { id: appId })
    } catch {
      actionError.value = t('apps.actions.copyFailed')
    }
  }

  async function openSettings(appId: string, tenantId?: string, known?: AppDetailView): Promise<void> {
    actionError.value = null
    try {
      const api = useApiClient()
      const detail = known ?? (await api.getAppDetail(tenantId ? { tenantId, appId } : { appId }))
      const url = settingsLink(detail)
      if (!url) {
        actionError.value = t('apps.actions.noPortalPage')
        return
      }
      await api.openExternal({ url })
      announcement.value = t('apps.actions.opened')
    } catch (error) {
      actionError.value = error instanceof ApiError ? error.message : String(error)
    }
  }

  return { announcement, actionError, copyId, openSettings }
}
