// Owns the AuthService for the current settings: builds it when a client ID and tenant are
// configured, rebuilds it when they change, and answers "not configured" otherwise.
import { createHash } from 'node:crypto'
import { AppError, type AccountSummary, type KeychainProblem, type Settings } from '../../contract'
import type { Logger } from '../log'
import { cloudEndpoints, type CloudEndpoints } from './clouds'
import { MsalAuthService, type AuthService, type TokenProvider } from './auth-service'
import { createKeychainCache, type TokenCacheBinding } from './token-cache'

export interface AuthManagerOptions {
  dataDir: string
  log: Logger
  /** Opens a URL in the system browser; the manager allows the authority's origin for it. */
  openBrowser: (url: string) => Promise<void>
  /** For tests and the CLI: build the keychain binding differently (default: the OS keychain). */
  cacheFactory?: (dataDir: string, cacheKey: string, log: Logger) => Promise<TokenCacheBinding>
  interactiveTimeoutMs?: number
}

export class AuthManager {
  private current: { key: string; service: AuthService; cloud: CloudEndpoints } | null = null
  private building: Promise<AuthService> | null = null
  private keychainState: 'available' | 'unavailable' | 'unknown' = 'unknown'
  private keychainReason: string | null = null
  private keychainProblemCode: KeychainProblem | null = null

  constructor(private readonly options: AuthManagerOptions) {}

  get keychain(): 'available' | 'unavailable' | 'unknown' {
    return this.keychainState
  }

  get keychainUnavailableReason(): string | null {
    return this.keychainReason
  }

  /** Why the keychain is unavailable as a code the UI translates (null: works, or not known). */
  get keychainProblem(): KeychainProblem | null {
    return this.keychainProblemCode
  }

  /** The origin interactive sign-in may open in the browser, for the safe shell's allow-list. */
  authorityOrigin(settings: Settings): string | null {
    try {
      return new URL(cloudEndpoints(settings.tenant).authorityHost).origin
    } catch {
      return null
    }
  }

  /** The service for these settings, building (and caching) it on first use. */
  async service(settings: Settings): Promise<AuthService> {
    const { clientId, tenantId } = settings.tenant
    if (!clientId || !tenantId) {
      throw new AppError(
        'auth_not_configured',
        'Set up the app registration first: enter its client ID and your tenant in Settings (see docs/APP-REGISTRATION.md).',
      )
    }
    const cloud = cloudEndpoints(settings.tenant)
    const wantsLogAnalytics = Boolean(settings.tenant.logAnalyticsWorkspaceId)
    const key = JSON.stringify([cloud, clientId, tenantId, wantsLogAnalytics])
    if (this.current?.key === key) return this.current.service
    if (this.building) await this.building.catch(() => undefined)
    if (this.current?.key === key) return this.current.service

    const build = async () => {
      // One keychain entry per cloud and client ID, so switching registrations never mixes caches.
      const cacheKey = createHash('sha256').update(`${cloud.authorityHost}|${clientId}`).digest('hex').slice(0, 16)
      const cache = await (this.options.cacheFactory ?? createKeychainCache)(this.options.dataDir, cacheKey, this.options.log)
      this.keychainState = cache.keychain
      this.keychainReason = cache.reason
      this.keychainProblemCode = cache.keychain === 'unavailable' ? (cache.problem ?? null) : null
      const service = new MsalAuthService({
        cloud,
        clientId,
        tenant: tenantId,
        cache,
        openBrowser: this.options.openBrowser,
        log: this.options.log,
        wantsLogAnalytics,
        ...(this.options.interactiveTimeoutMs ? { interactiveTimeoutMs: this.options.interactiveTimeoutMs } : {}),
      })
      this.current = { key, service, cloud }
      return service
    }
    this.building = build()
    try {
      return await this.building
    } finally {
      this.building = null
    }
  }

  async accounts(settings: Settings): Promise<AccountSummary[]> {
    if (!settings.tenant.clientId || !settings.tenant.tenantId) return []
    return (await this.service(settings)).accounts()
  }

  async tokenProvider(settings: Settings, homeAccountId: string): Promise<TokenProvider> {
    return (await this.service(settings)).tokenProvider(homeAccountId)
  }
}
