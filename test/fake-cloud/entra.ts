// Fake Microsoft Entra ID (v2.0 endpoints): discovery, sign-in page with form_post, PKCE, tokens for
// authorization_code / refresh_token / client_credentials / device_code, AADSTS-shaped errors.
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import type { FakeClock } from './clock'
import type { FakeClient, FakeTenant, FakeUser, ResourceKey } from './directory'
import { directoryRoles } from './directory'
import type { FakeRequest, FakeResponse } from './http'
import { escapeHtml, formBody, html, json } from './http'
import { base64url, decodeJwt, jwkFor, signJwt, verifyJwtSignature } from './jwt'

export interface EntraOptions {
  accessTokenLifetimeSeconds: number
  refreshTokenLifetimeSeconds: number
  deviceCodeIntervalSeconds: number
  deviceCodeLifetimeSeconds: number
  authorizationCodeLifetimeSeconds: number
}

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email'])
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000'
const LOG_ANALYTICS_APP_ID = 'ca7f3f0b-7d91-482c-8e09-c5d840d0eac5'

interface ResourceScopes {
  key: ResourceKey
  /** The audience the access token carries: the resource identifier as the client asked for it. */
  audience: string
  permissions: string[]
  /** Exactly the resource scopes requested, echoed back as `scope`. */
  requested: string[]
}

interface ParsedScopes {
  oidc: Set<string>
  resource: ResourceScopes | null
}

class EntraError extends Error {
  readonly error: string
  readonly aadsts: number
  readonly status: number

  constructor(error: string, aadsts: number, message: string, status = 400) {
    super(message)
    this.error = error
    this.aadsts = aadsts
    this.status = status
  }
}

interface AuthorizeTransaction {
  tenantSegment: string
  clientId: string
  redirectUri: string
  scope: string
  state: string | null
  nonce: string | null
  codeChallenge: string
  loginHint: string | null
  wantsClientInfo: boolean
}

interface AuthorizationCode {
  tenantId: string
  clientId: string
  redirectUri: string
  scope: string
  userId: string
  codeChallenge: string
  nonce: string | null
  expiresAt: number
  used: boolean
}

interface RefreshTokenRecord {
  tenantId: string
  clientId: string
  userId: string
  expiresAt: number
  state: 'active' | 'rotated' | 'revoked'
}

interface DeviceCodeRecord {
  tenantId: string | null
  tenantSegment: string
  clientId: string
  scope: string
  userCode: string
  expiresAt: number
  status: 'pending' | 'approved' | 'declined' | 'redeemed'
  userId: string | null
  approvedTenantId: string | null
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

export class FakeEntra {
  private readonly transactions = new Map<string, AuthorizeTransaction>()
  private readonly codes = new Map<string, AuthorizationCode>()
  /** Keyed by a hash: the fake never keeps a usable token in a place tests might print. */
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>()
  private readonly deviceCodes = new Map<string, DeviceCodeRecord>()
  private readonly usedAssertionIds = new Set<string>()
  readonly kid = randomBytes(12).toString('base64url')
  /** Counts of token grants served, by grant type, for tests. */
  readonly grantsServed: Record<string, number> = {}
  /**
   * Called with every token issued (access, refresh, id), so leak tests can search files for them.
   * Tests subscribe; the fake itself keeps no usable token.
   */
  onTokenIssued: ((token: string, kind: 'access' | 'refresh' | 'id') => void) | null = null

  private readonly baseUrl: () => string
  private readonly clock: FakeClock
  private readonly tenants: FakeTenant[]
  private readonly signingKey: KeyObject
  readonly options: EntraOptions

  constructor(
    baseUrl: () => string,
    clock: FakeClock,
    tenants: FakeTenant[],
    signingKey: KeyObject,
    options: EntraOptions,
  ) {
    this.baseUrl = baseUrl
    this.clock = clock
    this.tenants = tenants
    this.signingKey = signingKey
    this.options = options
  }

  graphAudiences(): string[] {
    return [`${this.baseUrl()}/graph`, 'https://graph.microsoft.com', GRAPH_APP_ID]
  }

  logAnalyticsAudiences(): string[] {
    return [
      `${this.baseUrl()}/loganalytics`,
      'https://api.loganalytics.io',
      'https://api.loganalytics.azure.com',
      LOG_ANALYTICS_APP_ID,
    ]
  }

  findTenant(segment: string): FakeTenant | null {
    const s = segment.toLowerCase()
    return this.tenants.find((t) => t.id === s || t.domain.toLowerCase() === s) ?? null
  }

  private static isMultiTenantSegment(segment: string): boolean {
    return segment === 'common' || segment === 'organizations'
  }

  private findClient(
    segment: string,
    clientId: string,
  ): { tenant: FakeTenant; client: FakeClient } | null {
    const candidates = FakeEntra.isMultiTenantSegment(segment)
      ? this.tenants
      : [this.findTenant(segment)].filter((t): t is FakeTenant => t !== null)
    for (const tenant of candidates) {
      const client = tenant.clients.find((c) => c.clientId === clientId)
      if (client) return { tenant, client }
    }
    return null
  }

  // ---- routing -------------------------------------------------------------------------------

  async handle(req: FakeRequest): Promise<FakeResponse | null> {
    const segments = req.path.split('/').filter(Boolean)
    if (req.path === '/devicelogin')
      return req.method === 'POST' ? this.deviceLoginSubmit(req) : this.deviceLoginPage(null)
    const [tenantSegment, ...rest] = segments
    if (!tenantSegment) return null
    const route = rest.join('/')
    try {
      if (req.method === 'GET' && route === 'v2.0/.well-known/openid-configuration')
        return this.discovery(tenantSegment)
      if (req.method === 'GET' && route === 'discovery/v2.0/keys')
        return json(200, { keys: [jwkFor(this.signingKey, this.kid)] })
      if (req.method === 'GET' && route === 'oauth2/v2.0/authorize')
        return this.authorize(tenantSegment, req.query)
      if (req.method === 'POST' && route === 'login')
        return this.loginSubmit(tenantSegment, formBody(req))
      if (req.method === 'POST' && route === 'oauth2/v2.0/token')
        return this.token(tenantSegment, req)
      if (req.method === 'POST' && route === 'oauth2/v2.0/devicecode')
        return this.deviceCode(tenantSegment, formBody(req))
      if (req.method === 'GET' && route === 'oauth2/v2.0/logout')
        return html(200, page('Signed out', '<p>You have signed out of your account.</p>'))
    } catch (error) {
      if (error instanceof EntraError) return this.errorResponse(error)
      throw error
    }
    return null
  }

  private errorResponse(error: EntraError): FakeResponse {
    const now = this.clock.date()
    const traceId = randomUUID()
    const correlationId = randomUUID()
    const timestamp = now
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z')
    return json(error.status, {
      error: error.error,
      error_description: `AADSTS${error.aadsts}: ${error.message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [error.aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${this.baseUrl()}/error?code=${error.aadsts}`,
    })
  }

  private requireTenant(segment: string): FakeTenant | null {
    if (FakeEntra.isMultiTenantSegment(segment)) return null
    const tenant = this.findTenant(segment)
    if (!tenant) {
      throw new EntraError(
        'invalid_tenant',
        90002,
        `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      )
    }
    return tenant
  }

  private discovery(segment: string): FakeResponse {
    const tenant = this.requireTenant(segment)
    const base = this.baseUrl()
    const issuerTenant = tenant ? tenant.id : '{tenantid}'
    return json(200, {
      token_endpoint: `${base}/${segment}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: [
        'client_secret_post',
        'private_key_jwt',
        'client_secret_basic',
      ],
      jwks_uri: `${base}/${segment}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/${issuerTenant}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${base}/graph/oidc/userinfo`,
      authorization_endpoint: `${base}/${segment}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/${segment}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/${segment}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'ver',
        'oid',
      ],
      kerberos_endpoint: `${base}/${segment}/kerberos`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'fake.cloud',
      cloud_graph_host_name: 'graph.fake.cloud',
      msgraph_host: `${new URL(base).host}/graph`,
      rbac_url: 'https://pas.fake.cloud',
    })
  }

  // ---- scopes --------------------------------------------------------------------------------

  private parseScopes(scope: string): ParsedScopes {
    const oidc = new Set<string>()
    let resource: ResourceScopes | null = null
    for (const raw of scope.split(/\s+/).filter(Boolean)) {
      if (OIDC_SCOPES.has(raw)) {
        oidc.add(raw)
        continue
      }
      let audience: string
      let permission: string
      const slash = raw.lastIndexOf('/')
      if (slash > 0) {
        audience = raw.slice(0, slash).replace(/\/$/, '')
        permission = raw.slice(slash + 1)
      } else {
        audience = 'https://graph.microsoft.com'
        permission = raw
      }
      const key: ResourceKey | null = this.graphAudiences().includes(audience)
        ? 'graph'
        : this.logAnalyticsAudiences().includes(audience)
          ? 'logAnalytics'
          : null
      if (!key) {
        throw new EntraError(
          'invalid_resource',
          500011,
          `The resource principal named ${audience} was not found in the tenant. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
        )
      }
      if (resource && resource.key !== key) {
        throw new EntraError(
          'invalid_request',
          28000,
          'Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ' +
            scope +
            ' is not valid.',
        )
      }
      resource ??= { key, audience, permissions: [], requested: [] }
      resource.permissions.push(permission)
      resource.requested.push(raw)
    }
    return { oidc, resource }
  }

  /** Delegated permissions granted for this request, or a consent error. */
  private delegatedGrant(client: FakeClient, resource: ResourceScopes): string[] {
    const consented = client.delegated[resource.key]
    if (resource.permissions.includes('.default')) return [...consented]
    const missing = resource.permissions.filter((p) => !consented.includes(p))
    if (missing.length > 0) {
      throw new EntraError(
        'invalid_grant',
        65001,
        `The user or administrator has not consented to use the application with ID '${client.clientId}' named '${client.displayName}'. Send an interactive authorization request for this user and resource.`,
      )
    }
    return [...resource.permissions]
  }

  // ---- interactive sign-in -------------------------------------------------------------------

  private authorize(segment: string, q: URLSearchParams): FakeResponse {
    const clientId = q.get('client_id') ?? ''
    const redirectUri = q.get('redirect_uri') ?? ''
    const tenant = FakeEntra.isMultiTenantSegment(segment) ? null : this.findTenant(segment)
    if (!tenant && !FakeEntra.isMultiTenantSegment(segment)) {
      return html(400, page('Sign in', errorBlock(90002, `Tenant '${segment}' not found.`)))
    }
    const found = this.findClient(segment, clientId)
    if (!found) {
      return html(
        400,
        page(
          'Sign in',
          errorBlock(
            700016,
            `Application with identifier '${clientId}' was not found in the directory '${segment}'.`,
          ),
        ),
      )
    }
    if (!isLoopbackRedirect(redirectUri)) {
      return html(
        400,
        page(
          'Sign in',
          errorBlock(
            50011,
            `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`,
          ),
        ),
      )
    }
    const state = q.get('state')
    const fail = (code: number, error: string, message: string) =>
      formPost(redirectUri, {
        error,
        error_description: `AADSTS${code}: ${message}`,
        ...(state ? { state } : {}),
      })
    if (q.get('response_type') !== 'code')
      return fail(70000, 'unsupported_response_type', 'Only response_type=code is supported.')
    if (q.get('response_mode') !== 'form_post')
      return fail(900144, 'invalid_request', 'This fake only answers with response_mode=form_post.')
    const codeChallenge = q.get('code_challenge')
    if (!codeChallenge || q.get('code_challenge_method') !== 'S256') {
      return fail(
        9002325,
        'invalid_request',
        'Proof Key for Code Exchange is required: send code_challenge with code_challenge_method=S256.',
      )
    }
    let parsed: ParsedScopes
    try {
      parsed = this.parseScopes(q.get('scope') ?? '')
    } catch (error) {
      if (error instanceof EntraError) return fail(error.aadsts, error.error, error.message)
      throw error
    }
    if (q.get('prompt') === 'none')
      return fail(
        50058,
        'login_required',
        'A silent sign-in request was sent but no user is signed in.',
      )
    const tx = randomBytes(16).toString('base64url')
    this.transactions.set(tx, {
      tenantSegment: segment,
      clientId,
      redirectUri,
      scope: q.get('scope') ?? '',
      state,
      nonce: q.get('nonce'),
      codeChallenge,
      loginHint: q.get('login_hint'),
      wantsClientInfo: q.get('client_info') === '1',
    })
    return this.signInPage(tx, found.client, found.tenant, parsed, q.get('login_hint'), null)
  }

  private signInPage(
    tx: string,
    client: FakeClient,
    tenant: FakeTenant,
    scopes: ParsedScopes,
    username: string | null,
    error: string | null,
  ): FakeResponse {
    const accounts = tenant.users
      .map(
        (u) =>
          `<label class="account"><input type="radio" name="pick" value="${escapeHtml(u.userPrincipalName)}"> ${escapeHtml(u.displayName)} <small>${escapeHtml(u.userPrincipalName)}</small></label>`,
      )
      .join('\n')
    const needsConsent = scopes.resource
      ? scopes.resource.permissions.some(
          (p) => p !== '.default' && !client.delegated[scopes.resource!.key].includes(p),
        )
      : false
    const permissionList = scopes.resource
      ? scopes.resource.permissions.map((p) => `<li>${escapeHtml(p)}</li>`).join('')
      : ''
    const body = `
      <h1>Sign in to ${escapeHtml(tenant.displayName)}</h1>
      <p><strong>${escapeHtml(client.displayName)}</strong> wants to sign you in.</p>
      ${error ? `<p id="error" role="alert">${escapeHtml(error)}</p>` : ''}
      <form method="post" action="${escapeHtml(`${this.baseUrl()}/${this.transactions.get(tx)?.tenantSegment ?? tenant.id}/login`)}">
        <input type="hidden" name="tx" value="${tx}">
        <fieldset><legend>Pick an account</legend>${accounts}</fieldset>
        <p><label>Or type one <input id="username" name="username" type="email" autocomplete="username" value="${escapeHtml(username ?? '')}"></label></p>
        <p><label>Password <input id="password" name="password" type="password" autocomplete="current-password"></label></p>
        <section id="permissions"><p>Permissions requested:</p><ul>${permissionList}</ul>
          ${needsConsent ? '<p><label><input id="consent" type="checkbox" name="consent" value="organization"> Consent on behalf of your organisation</label></p>' : '<p>Already consented by your organisation.</p>'}
        </section>
        <p><button id="signin" type="submit" name="action" value="signin">Sign in</button>
           <button id="cancel" type="submit" name="action" value="cancel">Cancel</button></p>
      </form>`
    return html(error ? 400 : 200, page('Sign in to your account', body))
  }

  private loginSubmit(segment: string, form: URLSearchParams): FakeResponse {
    const tx = form.get('tx') ?? ''
    const transaction = this.transactions.get(tx)
    if (!transaction || transaction.tenantSegment !== segment) {
      return html(
        400,
        page(
          'Sign in',
          errorBlock(90014, 'The sign-in request expired or is unknown. Start the sign-in again.'),
        ),
      )
    }
    const found = this.findClient(segment, transaction.clientId)!
    const parsed = this.parseScopes(transaction.scope)
    const state = transaction.state ? { state: transaction.state } : {}
    if (form.get('action') === 'cancel') {
      this.transactions.delete(tx)
      return formPost(transaction.redirectUri, {
        error: 'access_denied',
        error_description: 'AADSTS65004: User declined to consent to access the app.',
        ...state,
      })
    }
    const upn = (form.get('username') || form.get('pick') || '').trim().toLowerCase()
    const candidates = FakeEntra.isMultiTenantSegment(segment) ? this.tenants : [found.tenant]
    let user: FakeUser | undefined
    let tenant: FakeTenant | undefined
    for (const t of candidates) {
      const u = t.users.find((x) => x.userPrincipalName.toLowerCase() === upn)
      if (u) {
        user = u
        tenant = t
        break
      }
    }
    if (!user || !tenant) {
      return this.signInPage(
        tx,
        found.client,
        found.tenant,
        parsed,
        upn,
        `AADSTS50034: The user account ${upn || '(empty)'} does not exist in the directory.`,
      )
    }
    if (form.get('password') !== user.password) {
      return this.signInPage(
        tx,
        found.client,
        tenant,
        parsed,
        upn,
        'AADSTS50126: Error validating credentials due to invalid username or password.',
      )
    }
    const client = tenant.clients.find((c) => c.clientId === transaction.clientId)
    if (!client) {
      return formPost(transaction.redirectUri, {
        error: 'unauthorized_client',
        error_description: `AADSTS700016: Application with identifier '${transaction.clientId}' was not found in the directory '${tenant.domain}'.`,
        ...state,
      })
    }
    if (parsed.resource) {
      const resource = parsed.resource
      const missing = resource.permissions.filter(
        (p) => p !== '.default' && !client.delegated[resource.key].includes(p),
      )
      if (missing.length > 0) {
        if (form.get('consent') !== 'organization') {
          return this.signInPage(
            tx,
            client,
            tenant,
            parsed,
            upn,
            'AADSTS65001: Consent is needed for the permissions listed. Tick the consent box or ask an administrator.',
          )
        }
        if (!user.directoryRoles.includes('Global Administrator')) {
          return this.signInPage(
            tx,
            client,
            tenant,
            parsed,
            upn,
            `AADSTS90094: ${client.displayName} needs permission to access resources in your organization that only an admin can grant.`,
          )
        }
        client.delegated[resource.key].push(...missing)
      }
    }
    this.transactions.delete(tx)
    const code = randomBytes(32).toString('base64url')
    this.codes.set(sha256(code), {
      tenantId: tenant.id,
      clientId: client.clientId,
      redirectUri: transaction.redirectUri,
      scope: transaction.scope,
      userId: user.id,
      codeChallenge: transaction.codeChallenge,
      nonce: transaction.nonce,
      expiresAt: this.clock.now() + this.options.authorizationCodeLifetimeSeconds * 1000,
      used: false,
    })
    return formPost(transaction.redirectUri, {
      code,
      ...(transaction.wantsClientInfo ? { client_info: clientInfo(user, tenant) } : {}),
      ...state,
      session_state: randomUUID(),
    })
  }

  // ---- token endpoint ------------------------------------------------------------------------

  private token(segment: string, req: FakeRequest): FakeResponse {
    const form = formBody(req)
    let clientId = form.get('client_id') ?? ''
    let clientSecret = form.get('client_secret')
    const basic = req.headers.authorization
    if (basic?.startsWith('Basic ')) {
      const [id, secret] = Buffer.from(basic.slice(6), 'base64').toString('utf8').split(':')
      clientId ||= decodeURIComponent(id ?? '')
      clientSecret = decodeURIComponent(secret ?? '')
    }
    this.requireTenant(segment)
    const found = this.findClient(segment, clientId)
    if (!found) {
      throw new EntraError(
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${segment}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
      )
    }
    const { tenant, client } = found
    if (!client.enabled)
      throw new EntraError(
        'unauthorized_client',
        7000112,
        `Application '${client.clientId}'(${client.displayName}) is disabled.`,
      )
    const grantType = form.get('grant_type') ?? ''
    const authenticated = this.authenticateClient(segment, client, clientSecret, form)
    this.grantsServed[grantType] = (this.grantsServed[grantType] ?? 0) + 1
    switch (grantType) {
      case 'authorization_code':
        return this.redeemCode(client, form)
      case 'refresh_token':
        return this.redeemRefreshToken(client, form)
      case 'client_credentials':
        if (authenticated === 'none') {
          throw new EntraError(
            'invalid_client',
            7000218,
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
            401,
          )
        }
        if (FakeEntra.isMultiTenantSegment(segment)) {
          throw new EntraError(
            'invalid_request',
            900023,
            `Specified tenant identifier '${segment}' is neither a valid DNS name, nor a valid external domain.`,
          )
        }
        return this.clientCredentials(tenant, client, form, authenticated)
      case 'device_code':
      case 'urn:ietf:params:oauth:grant-type:device_code':
        return this.redeemDeviceCode(client, form)
      default:
        throw new EntraError(
          'unsupported_grant_type',
          70003,
          `The app requested an unsupported grant type '${grantType}'.`,
        )
    }
  }

  /** 'none' for public clients that sent nothing; throws on bad credentials. */
  private authenticateClient(
    segment: string,
    client: FakeClient,
    secret: string | null,
    form: URLSearchParams,
  ): 'none' | 'secret' | 'certificate' {
    const assertion = form.get('client_assertion')
    if (secret) {
      const match = client.secrets.find((s) => s.value === secret)
      if (!match) {
        throw new EntraError(
          'invalid_client',
          7000215,
          `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`,
          401,
        )
      }
      if (new Date(match.endDateTime).getTime() <= this.clock.now()) {
        throw new EntraError(
          'invalid_client',
          7000222,
          `The provided client secret keys for app '${client.clientId}' are expired. Visit the Azure portal to create new keys for your app or consider using certificate credentials for added security.`,
          401,
        )
      }
      return 'secret'
    }
    if (assertion) {
      if (
        form.get('client_assertion_type') !==
        'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
      ) {
        throw new EntraError(
          'invalid_client',
          700025,
          'Client assertion type is not supported.',
          401,
        )
      }
      const parts = decodeJwt(assertion)
      if (!parts)
        throw new EntraError('invalid_client', 50027, 'JWT token is invalid or malformed.', 401)
      const x5t256 = parts.header['x5t#S256']
      const x5t = parts.header['x5t']
      const thumbprint = (v: unknown) =>
        typeof v === 'string' ? Buffer.from(v, 'base64url').toString('hex').toUpperCase() : null
      const cert = client.certificates.find(
        (c) => c.thumbprintSha256 === thumbprint(x5t256) || c.thumbprintSha1 === thumbprint(x5t),
      )
      if (!cert) {
        throw new EntraError(
          'invalid_client',
          700027,
          `Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint(x5t256) ?? thumbprint(x5t) ?? ''}'.]`,
          401,
        )
      }
      if (!verifyJwtSignature(parts, cert.publicKey)) {
        throw new EntraError(
          'invalid_client',
          700027,
          'Client assertion failed signature validation.',
          401,
        )
      }
      const p = parts.payload
      const tokenEndpoint = `${this.baseUrl()}/${segment}/oauth2/v2.0/token`
      if (p['aud'] !== tokenEndpoint) {
        throw new EntraError(
          'invalid_client',
          700212,
          `The audience '${String(p['aud'])}' of the client assertion is not the token endpoint '${tokenEndpoint}'.`,
          401,
        )
      }
      if (p['iss'] !== client.clientId || p['sub'] !== client.clientId) {
        throw new EntraError(
          'invalid_client',
          700023,
          "Client assertion audience claim does not match Realm issuer or the 'iss'/'sub' claims are not the client id.",
          401,
        )
      }
      // Assertions are minted with the client's wall clock, so they are checked against it too.
      const wallSeconds = Date.now() / 1000
      if (
        typeof p['exp'] !== 'number' ||
        p['exp'] < wallSeconds - 300 ||
        (typeof p['nbf'] === 'number' && p['nbf'] > wallSeconds + 300)
      ) {
        throw new EntraError(
          'invalid_client',
          700024,
          'Client assertion is not within its valid time range.',
          401,
        )
      }
      if (new Date(cert.endDateTime).getTime() <= this.clock.now()) {
        throw new EntraError(
          'invalid_client',
          700027,
          'Client assertion failed signature validation. [Reason - The key used is expired.]',
          401,
        )
      }
      const jti = typeof p['jti'] === 'string' ? p['jti'] : null
      if (jti) {
        if (this.usedAssertionIds.has(jti))
          throw new EntraError(
            'invalid_client',
            700021,
            'Client assertion application identifier was replayed (jti already used).',
            401,
          )
        this.usedAssertionIds.add(jti)
      }
      return 'certificate'
    }
    if (client.kind === 'confidential') {
      throw new EntraError(
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        401,
      )
    }
    return 'none'
  }

  private redeemCode(client: FakeClient, form: URLSearchParams): FakeResponse {
    const code = form.get('code') ?? ''
    const record = this.codes.get(sha256(code))
    if (!record || record.clientId !== client.clientId) {
      throw new EntraError(
        'invalid_grant',
        9002313,
        'Invalid request. Request is malformed or invalid: the authorization code is unknown.',
      )
    }
    if (record.used)
      throw new EntraError(
        'invalid_grant',
        54005,
        'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
      )
    record.used = true
    if (record.expiresAt <= this.clock.now())
      throw new EntraError(
        'invalid_grant',
        70008,
        'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
      )
    if (form.get('redirect_uri') !== record.redirectUri) {
      throw new EntraError(
        'invalid_grant',
        500112,
        'The reply address does not match the reply address provided when requesting the authorization code.',
      )
    }
    const verifier = form.get('code_verifier') ?? ''
    if (!verifier)
      throw new EntraError(
        'invalid_request',
        50148,
        'The code_verifier is missing; it is required because the authorization request carried a code_challenge.',
      )
    if (createHash('sha256').update(verifier).digest('base64url') !== record.codeChallenge) {
      throw new EntraError(
        'invalid_grant',
        501481,
        'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
      )
    }
    const tenant = this.tenants.find((t) => t.id === record.tenantId)!
    const user = tenant.users.find((u) => u.id === record.userId)!
    const scope = form.get('scope') || record.scope
    return this.userTokens(
      tenant,
      client,
      user,
      this.parseScopes(scope),
      record.nonce,
      form.get('client_info') === '1',
    )
  }

  private redeemRefreshToken(client: FakeClient, form: URLSearchParams): FakeResponse {
    const token = form.get('refresh_token') ?? ''
    const record = this.refreshTokens.get(sha256(token))
    if (!record || record.clientId !== client.clientId) {
      throw new EntraError(
        'invalid_grant',
        9002313,
        'Invalid request. Request is malformed or invalid: the refresh token is unknown or was issued to another client.',
      )
    }
    if (record.state === 'revoked') {
      throw new EntraError(
        'invalid_grant',
        50173,
        'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.',
      )
    }
    if (record.state === 'rotated') {
      throw new EntraError(
        'invalid_grant',
        70000,
        'Provided grant is invalid or malformed: this refresh token was already exchanged for a newer one.',
      )
    }
    if (record.expiresAt <= this.clock.now()) {
      throw new EntraError(
        'invalid_grant',
        700082,
        'The refresh token has expired due to inactivity.',
      )
    }
    record.state = 'rotated'
    const tenant = this.tenants.find((t) => t.id === record.tenantId)!
    const user = tenant.users.find((u) => u.id === record.userId)
    if (!user)
      throw new EntraError(
        'invalid_grant',
        50173,
        'The provided grant has expired due to it being revoked (the user no longer exists).',
      )
    return this.userTokens(
      tenant,
      client,
      user,
      this.parseScopes(form.get('scope') ?? ''),
      null,
      form.get('client_info') === '1',
    )
  }

  private clientCredentials(
    tenant: FakeTenant,
    client: FakeClient,
    form: URLSearchParams,
    how: 'secret' | 'certificate',
  ): FakeResponse {
    const scope = form.get('scope') ?? ''
    const parsed = this.parseScopes(scope)
    const resource = parsed.resource
    if (
      !resource ||
      resource.permissions.length !== 1 ||
      resource.permissions[0] !== '.default' ||
      parsed.oidc.size > 0
    ) {
      throw new EntraError(
        'invalid_scope',
        1002012,
        `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      )
    }
    const now = Math.floor(this.clock.now() / 1000)
    const lifetime = this.options.accessTokenLifetimeSeconds
    const accessToken = signJwt(
      {
        aud: resource.audience,
        iss: `${this.baseUrl()}/${tenant.id}/v2.0`,
        iat: now,
        nbf: now,
        exp: now + lifetime,
        tid: tenant.id,
        oid: servicePrincipalIdFor(client),
        sub: servicePrincipalIdFor(client),
        azp: client.clientId,
        azpacr: how === 'secret' ? '1' : '2',
        idtyp: 'app',
        roles: [...client.application[resource.key]],
        uti: randomBytes(16).toString('base64url'),
        ver: '2.0',
      },
      this.signingKey,
      this.kid,
    )
    this.onTokenIssued?.(accessToken, 'access')
    return json(
      200,
      {
        token_type: 'Bearer',
        expires_in: lifetime,
        ext_expires_in: lifetime,
        access_token: accessToken,
      },
      { 'cache-control': 'no-store' },
    )
  }

  private userTokens(
    tenant: FakeTenant,
    client: FakeClient,
    user: FakeUser,
    scopes: ParsedScopes,
    nonce: string | null,
    wantsClientInfo: boolean,
  ): FakeResponse {
    const now = Math.floor(this.clock.now() / 1000)
    const lifetime = this.options.accessTokenLifetimeSeconds
    const resource: ResourceScopes = scopes.resource ?? {
      key: 'graph',
      audience: 'https://graph.microsoft.com',
      permissions: ['User.Read'],
      requested: [],
    }
    const granted = this.delegatedGrant(client, resource)
    const accessToken = signJwt(
      {
        aud: resource.audience,
        iss: `${this.baseUrl()}/${tenant.id}/v2.0`,
        iat: now,
        nbf: now,
        exp: now + lifetime,
        tid: tenant.id,
        oid: user.id,
        sub: sha256(`${user.id}:${client.clientId}`).slice(0, 43),
        azp: client.clientId,
        azpacr: client.kind === 'public' ? '0' : '1',
        idtyp: 'user',
        name: user.displayName,
        preferred_username: user.userPrincipalName,
        upn: user.userPrincipalName,
        scp: granted.join(' '),
        wids: user.directoryRoles.map((r) => directoryRoles[r]),
        uti: randomBytes(16).toString('base64url'),
        ver: '2.0',
      },
      this.signingKey,
      this.kid,
    )
    const echoedScopes = [...resource.requested, ...scopes.oidc]
    const body: Record<string, unknown> = {
      token_type: 'Bearer',
      scope: echoedScopes.join(' '),
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
    }
    if (scopes.oidc.has('offline_access')) {
      const refreshToken = `1.${randomBytes(48).toString('base64url')}`
      this.refreshTokens.set(sha256(refreshToken), {
        tenantId: tenant.id,
        clientId: client.clientId,
        userId: user.id,
        expiresAt: this.clock.now() + this.options.refreshTokenLifetimeSeconds * 1000,
        state: 'active',
      })
      body['refresh_token'] = refreshToken
    }
    if (scopes.oidc.has('openid')) {
      body['id_token'] = signJwt(
        {
          aud: client.clientId,
          iss: `${this.baseUrl()}/${tenant.id}/v2.0`,
          iat: now,
          nbf: now,
          exp: now + 3600,
          name: user.displayName,
          oid: user.id,
          preferred_username: user.userPrincipalName,
          sub: sha256(`${user.id}:${client.clientId}`).slice(0, 43),
          tid: tenant.id,
          ...(nonce ? { nonce } : {}),
          uti: randomBytes(16).toString('base64url'),
          ver: '2.0',
        },
        this.signingKey,
        this.kid,
      )
    }
    if (wantsClientInfo) body['client_info'] = clientInfo(user, tenant)
    this.onTokenIssued?.(accessToken, 'access')
    if (typeof body['refresh_token'] === 'string') this.onTokenIssued?.(body['refresh_token'], 'refresh')
    if (typeof body['id_token'] === 'string') this.onTokenIssued?.(body['id_token'], 'id')
    return json(200, body, { 'cache-control': 'no-store' })
  }

  /** Revokes every refresh token of a user ("revoke sessions"): the next refresh fails with AADSTS50173. */
  revokeRefreshTokens(userId: string): number {
    let n = 0
    for (const record of this.refreshTokens.values()) {
      if (record.userId === userId && record.state === 'active') {
        record.state = 'revoked'
        n++
      }
    }
    return n
  }

  // ---- device code ---------------------------------------------------------------------------

  private deviceCode(segment: string, form: URLSearchParams): FakeResponse {
    this.requireTenant(segment)
    const clientId = form.get('client_id') ?? ''
    const found = this.findClient(segment, clientId)
    if (!found)
      throw new EntraError(
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${segment}'.`,
      )
    const scope = form.get('scope') ?? ''
    this.parseScopes(scope)
    const deviceCode = randomBytes(32).toString('base64url')
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
    const userCode = Array.from(randomBytes(9), (b) => alphabet[b % alphabet.length]).join('')
    const lifetime = this.options.deviceCodeLifetimeSeconds
    this.deviceCodes.set(sha256(deviceCode), {
      tenantId: FakeEntra.isMultiTenantSegment(segment) ? null : found.tenant.id,
      tenantSegment: segment,
      clientId,
      scope,
      userCode,
      expiresAt: this.clock.now() + lifetime * 1000,
      status: 'pending',
      userId: null,
      approvedTenantId: null,
    })
    const verificationUri = `${this.baseUrl()}/devicelogin`
    return json(200, {
      user_code: userCode,
      device_code: deviceCode,
      verification_uri: verificationUri,
      expires_in: lifetime,
      interval: this.options.deviceCodeIntervalSeconds,
      message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
    })
  }

  private redeemDeviceCode(client: FakeClient, form: URLSearchParams): FakeResponse {
    const record = this.deviceCodes.get(sha256(form.get('device_code') ?? ''))
    if (!record || record.clientId !== client.clientId || record.status === 'redeemed') {
      throw new EntraError(
        'bad_verification_code',
        70000,
        'The device code is unknown or was already used.',
      )
    }
    if (record.expiresAt <= this.clock.now())
      throw new EntraError('expired_token', 70019, 'Verification code expired.')
    if (record.status === 'pending')
      throw new EntraError(
        'authorization_pending',
        70016,
        'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
      )
    if (record.status === 'declined')
      throw new EntraError(
        'authorization_declined',
        70000,
        'The user declined the sign-in request.',
      )
    record.status = 'redeemed'
    const tenant = this.tenants.find((t) => t.id === record.approvedTenantId)!
    const user = tenant.users.find((u) => u.id === record.userId)!
    const tenantClient = tenant.clients.find((c) => c.clientId === client.clientId) ?? client
    return this.userTokens(
      tenant,
      tenantClient,
      user,
      this.parseScopes(form.get('scope') || record.scope),
      null,
      form.get('client_info') === '1',
    )
  }

  private deviceLoginPage(error: string | null, done?: string): FakeResponse {
    if (done) return html(200, page('Signed in', `<p id="done">${escapeHtml(done)}</p>`))
    const body = `
      <h1>Enter code</h1>
      ${error ? `<p id="error" role="alert">${escapeHtml(error)}</p>` : ''}
      <form method="post" action="${this.baseUrl()}/devicelogin">
        <p><label>Code <input id="code" name="code" autocomplete="off"></label></p>
        <p><label>Account <input id="username" name="username" type="email"></label></p>
        <p><label>Password <input id="password" name="password" type="password"></label></p>
        <p><button id="continue" type="submit" name="action" value="approve">Continue</button>
           <button id="decline" type="submit" name="action" value="decline">Cancel</button></p>
      </form>`
    return html(error ? 400 : 200, page('Enter code', body))
  }

  private deviceLoginSubmit(req: FakeRequest): FakeResponse {
    const form = formBody(req)
    const userCode = (form.get('code') ?? '').trim().toUpperCase()
    const record = [...this.deviceCodes.values()].find(
      (r) => r.userCode === userCode && r.status === 'pending',
    )
    if (!record || record.expiresAt <= this.clock.now())
      return this.deviceLoginPage(
        "AADSTS70000: That code didn't work. Check the code and try again.",
      )
    if (form.get('action') === 'decline') {
      record.status = 'declined'
      return this.deviceLoginPage(null, 'You have declined to sign in.')
    }
    const upn = (form.get('username') ?? '').trim().toLowerCase()
    const tenants = record.tenantId
      ? this.tenants.filter((t) => t.id === record.tenantId)
      : this.tenants
    for (const tenant of tenants) {
      const user = tenant.users.find((u) => u.userPrincipalName.toLowerCase() === upn)
      if (!user) continue
      if (user.password !== form.get('password'))
        return this.deviceLoginPage(
          'AADSTS50126: Error validating credentials due to invalid username or password.',
        )
      const client = tenant.clients.find((c) => c.clientId === record.clientId)
      if (!client)
        return this.deviceLoginPage(
          `AADSTS700016: Application with identifier '${record.clientId}' was not found in the directory.`,
        )
      record.status = 'approved'
      record.userId = user.id
      record.approvedTenantId = tenant.id
      return this.deviceLoginPage(
        null,
        `You have signed in to the ${client.displayName} application on your device. You may now close this window.`,
      )
    }
    return this.deviceLoginPage(
      `AADSTS50034: The user account ${upn || '(empty)'} does not exist in the directory.`,
    )
  }
}

export function servicePrincipalIdFor(client: FakeClient): string {
  const h = createHash('sha256').update(`sp:${client.clientId}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}

function clientInfo(user: FakeUser, tenant: FakeTenant): string {
  return base64url(JSON.stringify({ uid: user.id, utid: tenant.id }))
}

function isLoopbackRedirect(uri: string): boolean {
  try {
    const url = new URL(uri)
    return (
      url.protocol === 'http:' &&
      (url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]')
    )
  } catch {
    return false
  }
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto}label.account{display:block;margin:.3rem 0}#error{color:#a4262c}</style>
</head><body>${body}</body></html>`
}

function errorBlock(code: number, message: string): string {
  return `<h1>Sorry, but we're having trouble signing you in.</h1><p id="error" role="alert">AADSTS${code}: ${escapeHtml(message)}</p>`
}

/** The page Entra answers with for response_mode=form_post: a form that submits itself to the app. */
function formPost(redirectUri: string, fields: Record<string, string | undefined>): FakeResponse {
  const inputs = Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('')
  return html(
    200,
    `<!doctype html><html><head><title>Working...</title></head><body><form method="POST" name="hiddenform" action="${escapeHtml(redirectUri)}">${inputs}<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit"></noscript></form><script>document.forms[0].submit()</script></body></html>`,
  )
}
