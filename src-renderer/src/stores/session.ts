// What the app is and who is signed in: AppInfo (version, directories, mode, notices) and
// AuthStatus, as AppService reports them. Views read these; nothing here is computed locally
// except which notices to show.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type {
  AccountSummary,
  AppInfo,
  AppNotice,
  AuthStatus,
  SignInRequest,
} from '../../../src-main/contract/model'
import { ApiError, useApiClient } from '../api/client'

export type LoadState = 'idle' | 'loading' | 'ready' | 'failed'

export const useSessionStore = defineStore('session', () => {
  const appInfo = shallowRef<AppInfo | null>(null)
  const authStatus = shallowRef<AuthStatus | null>(null)
  const loadState = ref<LoadState>('idle')
  const loadError = shallowRef<ApiError | null>(null)
  /** When AuthStatus was last read from main, shown so the admin knows how fresh it is. */
  const authCheckedAt = shallowRef<Date | null>(null)

  /** authChanged keeps authStatus current, so mode is read from it rather than from AppInfo. */
  const mode = computed(() => authStatus.value?.mode ?? appInfo.value?.mode ?? null)
  /** Why the demo tenant is shown (null when the configured tenant is, or not known yet). */
  const demoReason = computed(() => authStatus.value?.demoReason ?? null)
  /** The demo is shown although a tenant is set up: the shell offers the way back to it. */
  const demoOverTenant = computed(
    () => mode.value === 'demo' && authStatus.value?.configured === true,
  )

  /** Notices from main, plus the keychain warning when AuthStatus reports it and main did not. */
  const notices = computed<AppNotice[]>(() => {
    const fromMain = appInfo.value?.notices ?? []
    if (
      authStatus.value?.keychain === 'unavailable' &&
      !fromMain.some((n) => n.kind === 'keychain_unavailable')
    ) {
      return [
        ...fromMain,
        {
          kind: 'keychain_unavailable',
          detail: authStatus.value.keychainReason ?? '',
          keychainProblem: authStatus.value.keychainProblem,
        },
      ]
    }
    return fromMain
  })

  async function load(): Promise<void> {
    const api = useApiClient()
    loadState.value = 'loading'
    loadError.value = null
    try {
      const [info, auth] = await Promise.all([api.getAppInfo(), api.getAuthStatus()])
      appInfo.value = info
      applyAuthStatus(auth)
      loadState.value = 'ready'
    } catch (error) {
      loadError.value = error instanceof ApiError ? error : new ApiError('internal', String(error))
      loadState.value = 'failed'
    }
  }

  /** Re-reads AppInfo after something that can change it (settings change the mode). */
  async function refreshAppInfo(): Promise<void> {
    try {
      appInfo.value = await useApiClient().getAppInfo()
    } catch {
      // Keep what we have: a failed refresh must not blank the page; the next event retries.
    }
  }

  /** A "Try the demo tenant" or "Back to <tenant>" under way, and the last one's failure. */
  const switchingMode = ref(false)
  const switchError = shallowRef<ApiError | null>(null)

  /**
   * Shows the demo tenant for this run, or goes back to the configured tenant. Main answers the new
   * AuthStatus (and pushes it as authChanged); pages reload their data when the mode changes
   * (composables/useDataModeReload.ts). Answers whether the switch happened.
   */
  async function switchDataMode(target: 'demo' | 'tenant'): Promise<boolean> {
    if (switchingMode.value) return false
    switchingMode.value = true
    switchError.value = null
    try {
      applyAuthStatus(await useApiClient().switchDataMode({ mode: target }))
      await refreshAppInfo()
      return true
    } catch (error) {
      switchError.value =
        error instanceof ApiError ? error : new ApiError('internal', String(error))
      return false
    } finally {
      switchingMode.value = false
    }
  }

  /** The last sign-in or sign-out failure, for the sign-in card; cancelling is not a failure. */
  const signInError = shallowRef<ApiError | null>(null)
  /** The last sign-in from this window that succeeded: pages that asked for it reload on it. */
  const lastSignIn = shallowRef<{ account: AccountSummary; at: Date } | null>(null)

  /**
   * Interactive sign-in in the system browser. Resolves when the browser flow ends; meanwhile
   * authChanged reports signInPending, which the UI uses to offer Cancel. `request.tenantId` signs
   * in to another tenant with the same app registration (MSSP admins). Answers the account signed
   * in, or null when the sign-in failed (signInError says why) or was cancelled.
   */
  async function signIn(request?: SignInRequest): Promise<AccountSummary | null> {
    const api = useApiClient()
    signInError.value = null
    let account: AccountSummary | null = null
    try {
      account = await api.signIn(request)
      lastSignIn.value = { account, at: new Date() }
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('internal', String(error))
      if (apiError.code !== 'auth_cancelled') signInError.value = apiError
    }
    applyAuthStatus(await api.getAuthStatus())
    return account
  }

  async function cancelSignIn(): Promise<void> {
    await useApiClient().cancelSignIn()
  }

  async function signOut(homeAccountId: string): Promise<void> {
    signInError.value = null
    try {
      applyAuthStatus(await useApiClient().signOut({ homeAccountId }))
    } catch (error) {
      signInError.value =
        error instanceof ApiError ? error : new ApiError('internal', String(error))
    }
  }

  function applyAuthStatus(status: AuthStatus): void {
    authStatus.value = status
    authCheckedAt.value = new Date()
  }

  return {
    appInfo,
    authStatus,
    loadState,
    loadError,
    authCheckedAt,
    signInError,
    lastSignIn,
    mode,
    demoReason,
    demoOverTenant,
    switchingMode,
    switchError,
    switchDataMode,
    notices,
    load,
    refreshAppInfo,
    applyAuthStatus,
    signIn,
    cancelSignIn,
    signOut,
  }
})
