// An in-memory bridge for component tests: the contract's own createApi and dispatchInvoke (so
// payload validation is the real zod schemas), over handlers that keep state in memory instead of
// AppService's files. Events are delivered synchronously to subscribers.
import { createApi, type BridgeApi } from '../../../../src-main/contract/api'
import type { EventName, Events, InvokeHandlers } from '../../../../src-main/contract/channels'
import { dispatchInvoke } from '../../../../src-main/contract/dispatch'
import { AppError, type ErrorCode } from '../../../../src-main/contract/errors'
import {
  settingsSchema,
  type AccountSummary,
  type AppInfo,
  type AppsOverview,
  type AuthStatus,
  type Settings,
  type SyncStatus,
} from '../../../../src-main/contract/model'
import { zodIssues } from '../../../../src-main/contract/dispatch'
import {
  alertsAppSettingsSchema,
  tenantAlertSettingsSchema,
  type AlertSettingsView,
  type AlertView,
} from '../../../../src-main/contract/alerts'

export interface FakeBridge {
  api: BridgeApi
  settings: Settings
  calls: { channel: string; payload: unknown }[]
  openedUrls: string[]
  emit<E extends EventName>(event: E, payload: Events[E]): void
  listenerCount(): number
}

export const testAppInfo: AppInfo = {
  productName: 'Defender Connected Apps',
  version: '9.8.7',
  platform: 'linux',
  arch: 'x64',
  runtime: { node: '24.0.0', electron: null, chrome: null },
  dataDir: '/home/admin/.config/Defender Connected Apps',
  logDir: '/home/admin/.config/Defender Connected Apps/logs',
  mode: 'demo',
  notices: [],
}

export function createFakeBridge(
  options: {
    settings?: Partial<Settings>
    appInfo?: Partial<AppInfo>
    auth?: Partial<AuthStatus>
    overview?: AppsOverview
    syncError?: ErrorCode
    alerts?: AlertView[]
    /** What getSyncStatus answers (default: idle, no sync yet). */
    syncStatus?: SyncStatus
    /** Makes signIn fail with this code (after the browser "opened"). */
    signInError?: ErrorCode
    /** The hash the window "opens" with, as the preload passes it (createApi's startHash). */
    startHash?: string
    /** Channels a test answers itself (e.g. a slow or failing listApps), over the ones here. */
    handlers?: Partial<InvokeHandlers>
  } = {},
): FakeBridge {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const state = {
    settings: settingsSchema.parse(options.settings ?? {}),
    calls: [] as { channel: string; payload: unknown }[],
    openedUrls: [] as string[],
    accounts: [] as AccountSummary[],
  }
  const alertState = {
    alerts: structuredClone(options.alerts ?? []),
    settings: {
      tenantId: '00000000-0000-4000-8000-000000000000',
      tenant: tenantAlertSettingsSchema.parse({}),
      app: alertsAppSettingsSchema.parse({}),
      effectiveTimeZone: 'UTC',
    } as AlertSettingsView,
  }
  const configured = () => Boolean(state.settings.tenant.tenantId && state.settings.tenant.clientId)
  const authStatus = (): AuthStatus => ({
    configured: configured(),
    mode: configured() ? 'tenant' : 'demo',
    accounts: [...state.accounts],
    keychain: 'available',
    keychainReason: null,
    keychainProblem: null,
    demoReason: configured() ? null : 'not_configured',
    signInPending: false,
    ...options.auth,
  })
  const emit = <E extends EventName>(event: E, payload: Events[E]) => {
    for (const listener of listeners.get(event) ?? []) listener(payload)
  }

  const implemented: Partial<InvokeHandlers> = {
    getAppInfo: async () => ({ ...testAppInfo, mode: authStatus().mode, ...options.appInfo }),
    getSettings: async () => structuredClone(state.settings),
    getAuthStatus: async () => authStatus(),
    updateSettings: async (patch) => {
      const parsed = settingsSchema.safeParse({ ...state.settings, ...patch })
      if (!parsed.success)
        throw new AppError(
          'settings_invalid',
          'These settings are not valid.',
          zodIssues(parsed.error),
        )
      state.settings = parsed.data
      emit('settingsChanged', structuredClone(state.settings))
      return structuredClone(state.settings)
    },
    // Sign-in "completes in the browser" at once, as the account the test names.
    // A request's tenantId signs in to that tenant (as given: the fake resolves no domains).
    signIn: async (request) => {
      if (!configured())
        throw new AppError('auth_not_configured', 'Set the tenant ID and client ID first.')
      if (options.signInError)
        throw new AppError(options.signInError, 'The sign-in did not complete in the browser.')
      const account: AccountSummary = {
        homeAccountId: `account-${state.accounts.length + 1}`,
        username: `admin${state.accounts.length + 1}@contoso.onmicrosoft.com`,
        tenantId: request?.tenantId ?? state.settings.tenant.tenantId ?? '',
        displayName: `Admin ${state.accounts.length + 1}`,
      }
      state.accounts.push(account)
      emit('authChanged', authStatus())
      return account
    },
    cancelSignIn: async () => ({ cancelled: false }),
    signOut: async ({ homeAccountId }) => {
      state.accounts = state.accounts.filter((account) => account.homeAccountId !== homeAccountId)
      emit('authChanged', authStatus())
      return authStatus()
    },
    openExternal: async ({ url }) => {
      state.openedUrls.push(url)
      return { opened: true }
    },
    // The dashboard's channels: the overview the test gives, else "not signed in".
    listApps: async () => {
      if (!options.overview)
        throw new AppError('not_signed_in', 'Sign in to see the connected applications.')
      return structuredClone(options.overview)
    },
    getAppDetail: async () => {
      throw new AppError('not_found', 'No application with that ID is known in this tenant.')
    },
    getUsageSeries: async ({ appId, granularity }) => ({ appId, granularity, points: [] }),
    syncNow: async () => {
      throw new AppError(options.syncError ?? 'network', 'Microsoft could not be reached.')
    },
    cancelSync: async () => ({ cancelled: false }),
    getSyncStatus: async () =>
      structuredClone(
        options.syncStatus ?? { running: false, progress: null, last: null, lastError: null },
      ),
    // Alerts: the list and settings the test gives, kept in memory.
    listAlerts: async () => ({
      tenantId: alertState.settings.tenantId,
      alerts: structuredClone(alertState.alerts),
      unacknowledged: alertState.alerts.filter((alert) => !alert.acknowledgedAt).length,
    }),
    acknowledgeAlert: async ({ id }) => {
      const alert = alertState.alerts.find((candidate) => candidate.id === id)
      if (!alert || alert.acknowledgedAt) return { acknowledged: false }
      alert.acknowledgedAt = new Date().toISOString()
      return { acknowledged: true }
    },
    getAlertSettings: async () => structuredClone(alertState.settings),
    updateAlertSettings: async (request) => {
      if (request.tenant) alertState.settings.tenant = request.tenant
      if (request.app) alertState.settings.app = { ...alertState.settings.app, ...request.app }
      return structuredClone(alertState.settings)
    },
  }

  // Channels other features add answer "not implemented here" until a test needs them.
  Object.assign(implemented, options.handlers)
  const handlers = new Proxy(implemented, {
    get: (target, channel: string) =>
      target[channel as keyof InvokeHandlers] ??
      (async () => {
        throw new AppError('internal', `The fake bridge does not implement ${channel}.`)
      }),
  }) as InvokeHandlers

  const api = createApi(
    {
      invoke: (channel, payload) => {
        state.calls.push({ channel, payload })
        return dispatchInvoke(handlers, channel, payload)
      },
      subscribe: (event, listener) => {
        let set = listeners.get(event)
        if (!set) listeners.set(event, (set = new Set()))
        set.add(listener)
        return () => set.delete(listener)
      },
    },
    options.startHash === undefined ? {} : { startHash: options.startHash },
  )

  return {
    api,
    get settings() {
      return state.settings
    },
    calls: state.calls,
    openedUrls: state.openedUrls,
    emit,
    listenerCount: () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0),
  }
}
