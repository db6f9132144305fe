// Delegated sign-in for the admin, over @azure/msal-node. Kept behind this interface so MSAL can be
// swapped (an upstream proposal would remove public-client flows from a future major). Tokens stay
// inside this module and the clients it hands them to; callers get account summaries.
import {
  InteractionRequiredAuthError,
  PublicClientApplication,
  ServerError,
  type AccountInfo,
  type AuthenticationResult,
  type Configuration,
} from '@azure/msal-node'
import { AppError, type AccountSummary } from '../../contract'
import type { Logger } from '../log'
import { redact } from '../redact'
import { authorityFor, graphScopes, logAnalyticsScopes, type CloudEndpoints } from './clouds'
import { signInErrorPage, signInSuccessPage } from './templates'
import type { TokenCacheBinding } from './token-cache'

export type TokenResource = 'graph' | 'logAnalytics'

/** Something that can hand out access tokens for a resource (delegated or app-only). */
export interface TokenProvider {
  /** Whom the tokens speak for: a signed-in user (delegated) or the app itself (client credentials). */
  readonly caller?: 'user' | 'app'
  /** `forceRefresh`: skip the cache, because the service refused the cached token. */
  getAccessToken(resource: TokenResource, signal?: AbortSignal, options?: { forceRefresh?: boolean }): Promise<string>
}

export interface InteractiveSignInOptions {
  /** Tenant to sign in to; defaults to the configured one (an MSSP admin adds customers' tenants). */
  tenant?: string
  loginHint?: string
}

export interface DeviceCodePrompt {
  /** The sentence Entra composes: where to go and which code to enter. */
  message: string
  userCode: string
  verificationUri: string
  expiresInSeconds: number
}

export interface AuthService {
  readonly keychain: TokenCacheBinding['keychain']
  accounts(): Promise<AccountSummary[]>
  signInInteractive(options?: InteractiveSignInOptions): Promise<AccountSummary>
  /** Ends a pending interactive sign-in; it rejects with auth_cancelled. */
  cancelInteractive(): Promise<boolean>
  signInWithDeviceCode(onPrompt: (prompt: DeviceCodePrompt) => void, options?: { tenant?: string; signal?: AbortSignal }): Promise<AccountSummary>
  signOut(homeAccountId: string): Promise<void>
  /** A provider bound to one signed-in account; silent only, throws auth_interaction_required. */
  tokenProvider(homeAccountId: string): TokenProvider
}

export interface MsalAuthOptions {
  cloud: CloudEndpoints
  clientId: string
  /** The configured home tenant (GUID or verified domain). */
  tenant: string
  cache: TokenCacheBinding
  /** Opens the authorize URL in the system browser (the safe shell). */
  openBrowser: (url: string) => Promise<void>
  log: Logger
  /** Whether Log Analytics tokens are needed (a workspace is configured). */
  wantsLogAnalytics: boolean
  /** Gives up on an unanswered browser sign-in after this long. */
  interactiveTimeoutMs?: number
}

export function toAccountSummary(account: AccountInfo): AccountSummary {
  return {
    homeAccountId: account.homeAccountId,
    username: account.username,
    tenantId: account.tenantId,
    displayName: account.name ?? null,
  }
}

/** Why Entra wants the user back in the browser, from the AADSTS code in the error. */
export function describeInteractionRequired(error: { errorCode?: string; errorMessage?: string; subError?: string }): string {
  const text = `${error.errorCode ?? ''} ${error.subError ?? ''} ${error.errorMessage ?? ''}`
  if (/AADSTS65001|consent_required/i.test(text)) return 'Admin consent for the requested permissions is missing. Ask a Global Administrator to grant consent, then sign in again.'
  if (/AADSTS5007[46]|AADSTS50079/i.test(text)) return 'Your organisation requires multi-factor authentication. Sign in again to complete it.'
  if (/AADSTS53\d{3}/i.test(text)) return 'A Conditional Access policy requires you to sign in again (for example from a compliant device).'
  if (/AADSTS50173|AADSTS70008|AADSTS700082|AADSTS50133|revoked|expired/i.test(text)) return 'Your session has expired or was revoked. Sign in again.'
  if (/no_tokens_found|no_account/i.test(text)) return 'No saved session was found for this account. Sign in again.'
  return 'Entra ID needs you to sign in again.'
}

export class MsalAuthService implements AuthService {
  private readonly pca: PublicClientApplication
  private pending: { redirectUri: string; state: string; cancelled: boolean } | null = null
  private pendingActive = false

  constructor(private readonly options: MsalAuthOptions) {
    const { cloud, clientId, tenant, cache, log } = options
    const configuration: Configuration = {
      auth: {
        clientId,
        authority: authorityFor(cloud, tenant),
        // Custom clouds are not in MSAL's instance metadata; naming the host skips discovery.
        ...(cloud.wellKnown ? {} : { knownAuthorities: [new URL(cloud.authorityHost).host] }),
      },
      ...(cache.plugin ? { cache: { cachePlugin: cache.plugin } } : {}),
      system: {
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: 2,
          loggerCallback: (level, message) => {
            const line = `msal: ${redact(message)}`
            if (level === 0) log.error(line)
            else if (level === 1) log.warn(line)
            else log.debug(line)
          },
        },
      },
    }
    this.pca = new PublicClientApplication(configuration)
  }

  get keychain(): TokenCacheBinding['keychain'] {
    return this.options.cache.keychain
  }

  private scopesFor(resource: TokenResource): string[] {
    return resource === 'graph' ? graphScopes(this.options.cloud) : logAnalyticsScopes(this.options.cloud)
  }

  async accounts(): Promise<AccountSummary[]> {
    const accounts = await this.pca.getTokenCache().getAllAccounts()
    return accounts.map(toAccountSummary).sort((a, b) => a.username.localeCompare(b.username) || a.tenantId.localeCompare(b.tenantId))
  }

  async signInInteractive(options: InteractiveSignInOptions = {}): Promise<AccountSummary> {
    if (this.pendingActive) {
      throw new AppError('auth_in_progress', 'A sign-in is already waiting in your browser. Finish it there or cancel it first.')
    }
    this.pendingActive = true
    const session = { redirectUri: '', state: '', cancelled: false }
    this.pending = session
    const timeout = setTimeout(() => void this.cancelInteractive(), this.options.interactiveTimeoutMs ?? 5 * 60_000)
    timeout.unref?.()
    try {
      const result = await this.pca.acquireTokenInteractive({
        scopes: this.scopesFor('graph'),
        ...(this.options.wantsLogAnalytics ? { extraScopesToConsent: logAnalyticsScopes(this.options.cloud) } : {}),
        authority: authorityFor(this.options.cloud, options.tenant ?? this.options.tenant),
        prompt: 'select_account',
        ...(options.loginHint ? { loginHint: options.loginHint } : {}),
        successTemplate: signInSuccessPage,
        errorTemplate: signInErrorPage,
        openBrowser: async (url) => {
          const authorize = new URL(url)
          session.redirectUri = authorize.searchParams.get('redirect_uri') ?? ''
          session.state = authorize.searchParams.get('state') ?? ''
          await this.options.openBrowser(url)
        },
      })
      return this.accountFrom(result)
    } catch (error) {
      if (session.cancelled) {
        throw new AppError('auth_cancelled', 'Sign-in was cancelled. Nothing was changed; sign in again when you are ready.')
      }
      throw this.mapSignInError(error)
    } finally {
      clearTimeout(timeout)
      this.pending = null
      this.pendingActive = false
    }
  }

  async cancelInteractive(): Promise<boolean> {
    const pending = this.pending
    if (!this.pendingActive || !pending || !pending.redirectUri) return false
    pending.cancelled = true
    // Answer MSAL's loopback listener the way Entra would report a refusal, so it stops waiting
    // and closes its port; the state proves the answer belongs to this sign-in.
    try {
      await fetch(pending.redirectUri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          state: pending.state,
          error: 'access_denied',
          error_description: 'The user cancelled sign-in in Defender Connected Apps.',
        }),
      })
    } catch (error) {
      this.options.log.warn('Could not reach the sign-in listener to cancel it', error)
    }
    return true
  }

  async signInWithDeviceCode(
    onPrompt: (prompt: DeviceCodePrompt) => void,
    options: { tenant?: string; signal?: AbortSignal } = {},
  ): Promise<AccountSummary> {
    const request = {
      scopes: this.scopesFor('graph'),
      authority: authorityFor(this.options.cloud, options.tenant ?? this.options.tenant),
      cancel: false,
      deviceCodeCallback: (response: { message: string; userCode: string; verificationUri: string; expiresIn: number }) =>
        onPrompt({
          message: response.message,
          userCode: response.userCode,
          verificationUri: response.verificationUri,
          expiresInSeconds: response.expiresIn,
        }),
    }
    options.signal?.addEventListener('abort', () => {
      request.cancel = true
    })
    try {
      const result = await this.pca.acquireTokenByDeviceCode(request)
      if (!result) throw new AppError('auth_failed', 'Entra ID returned no result for the device code sign-in.')
      return this.accountFrom(result)
    } catch (error) {
      if (request.cancel) throw new AppError('auth_cancelled', 'Device code sign-in was cancelled.')
      throw this.mapSignInError(error)
    }
  }

  async signOut(homeAccountId: string): Promise<void> {
    const cache = this.pca.getTokenCache()
    const account = await cache.getAccountByHomeId(homeAccountId)
    if (!account) throw new AppError('not_found', 'That account is not signed in.')
    // Removes the account with its id, access and refresh tokens from the (keychain-backed) cache.
    await cache.removeAccount(account)
    this.options.log.info('Signed out an account', { tenantId: account.tenantId })
  }

  tokenProvider(homeAccountId: string): TokenProvider {
    return {
      caller: 'user',
      getAccessToken: async (resource, _signal, options) => {
        const account = await this.pca.getTokenCache().getAccountByHomeId(homeAccountId)
        if (!account) {
          throw new AppError('auth_interaction_required', 'This account is no longer signed in. Sign in again.')
        }
        try {
          const result = await this.pca.acquireTokenSilent({
            account,
            scopes: this.scopesFor(resource),
            authority: authorityFor(this.options.cloud, account.tenantId),
            ...(options?.forceRefresh ? { forceRefresh: true } : {}),
          })
          return result.accessToken
        } catch (error) {
          // A refused refresh token (expired, revoked, password changed) comes back as
          // invalid_grant; only a new interactive sign-in can fix it.
          if (error instanceof InteractionRequiredAuthError || (error instanceof ServerError && error.errorCode === 'invalid_grant')) {
            throw new AppError('auth_interaction_required', describeInteractionRequired(error))
          }
          throw this.mapSignInError(error)
        }
      },
    }
  }

  private accountFrom(result: AuthenticationResult): AccountSummary {
    if (!result.account) throw new AppError('auth_failed', 'Entra ID did not return an account for this sign-in.')
    this.options.log.info('Signed in', { tenantId: result.account.tenantId })
    return toAccountSummary(result.account)
  }

  private mapSignInError(error: unknown): AppError {
    if (error instanceof AppError) return error
    if (error instanceof InteractionRequiredAuthError) {
      return new AppError('auth_interaction_required', describeInteractionRequired(error))
    }
    if (error instanceof ServerError) {
      const code = /AADSTS\d+/.exec(error.errorMessage)?.[0]
      this.options.log.warn(`Sign-in refused by Entra ID: ${error.errorCode} ${code ?? ''}`)
      if (error.errorCode === 'access_denied' || code === 'AADSTS65004') {
        return new AppError('auth_failed', 'Consent was declined, so the app cannot read your tenant. Sign in again and accept, or ask an administrator to grant consent.')
      }
      if (code === 'AADSTS700016') return new AppError('auth_failed', 'The client ID is not registered in this tenant. Check the app registration in Settings.')
      if (code === 'AADSTS90002' || code === 'AADSTS900023') return new AppError('auth_failed', 'That tenant was not found. Check the tenant ID or domain in Settings.')
      return new AppError('auth_failed', `Entra ID refused the sign-in (${code ?? error.errorCode}). See docs/PERMISSIONS.md.`)
    }
    this.options.log.error('Sign-in failed', error)
    return new AppError('auth_failed', 'Sign-in failed: Entra ID could not be reached or answered unexpectedly. Check the network and the cloud settings.')
  }
}
