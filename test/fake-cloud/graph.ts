// Fake Microsoft Graph (v1.0 and beta): the directory reads and identity reports the product calls,
// with OData paging, $select, $filter (the grammar the product uses), $batch, throttling and errors.
import { createHash, randomUUID } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import {
  connectedApps,
  hourCounts,
  hourEvents,
  ipAddressFor,
  HOUR_MS,
  MICROSOFT_SERVICES_TENANT_ID,
} from '../../src-main/core/demo'
import type { DemoApp, EventFilter } from '../../src-main/core/demo'
import type { ConnectedApp, SignInEvent, SignInEventType } from '../../src-main/core/sources/types'
import { signInEventTypes } from '../../src-main/core/sources/types'
import type { FakeClock } from './clock'
import type { FakeTenant } from './directory'
import { directoryRoles } from './directory'
import type { FakeRequest, FakeResponse, Throttle } from './http'
import { json } from './http'
import { decodeJwt, verifyJwtSignature } from './jwt'

export interface GraphOptions {
  /** Sign-ins kept (30 days with P1/P2). */
  retentionDays: number
  /** How long a nextLink stays valid, in fake-clock ms. */
  nextLinkLifetimeMs: number
}

export class GraphError extends Error {
  readonly status: number
  readonly code: string
  readonly headers: Record<string, string>

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message)
    this.status = status
    this.code = code
    this.headers = headers
  }
}

interface Caller {
  tenant: FakeTenant
  appId: string
  userId: string | null
  permissions: Set<string>
  roles: Set<string>
  /** When the request (a $batch for its items) reached the server: what the reports throttle counts. */
  arrivedAt: number
}

const REPORT_READER_ROLES = new Set<string>(
  (
    [
      'Global Administrator',
      'Global Reader',
      'Security Reader',
      'Security Administrator',
      'Reports Reader',
    ] as const
  ).map((r) => directoryRoles[r]),
)

const ODATA_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8'

function odata(status: number, body: object, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers: { 'content-type': ODATA_JSON, ...headers }, body }
}

export function graphErrorResponse(
  error: GraphError,
  clientRequestId: string | undefined,
  now: Date,
): FakeResponse {
  const requestId = randomUUID()
  return odata(
    error.status,
    {
      error: {
        code: error.code,
        message: error.message,
        innerError: {
          date: now.toISOString().replace(/\.\d+Z$/, ''),
          'request-id': requestId,
          'client-request-id': clientRequestId ?? requestId,
        },
      },
    },
    {
      'request-id': requestId,
      ...(clientRequestId ? { 'client-request-id': clientRequestId } : {}),
      ...error.headers,
    },
  )
}

function guidFromHash(text: string): string {
  const h = createHash('md5').update(text).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}

function select(entity: Record<string, unknown>, query: URLSearchParams): Record<string, unknown> {
  const raw = query.get('$select')
  if (!raw) return entity
  const fields = raw
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
  const out: Record<string, unknown> = {}
  for (const field of fields) {
    if (!(field in entity))
      throw new GraphError(
        400,
        'BadRequest',
        `Could not find a property named '${field}' on type 'microsoft.graph.entity'.`,
      )
    out[field] = entity[field]
  }
  return out
}

// ---- $filter grammar ------------------------------------------------------------------------

/** Splits on a keyword at top level (outside parentheses and quotes). */
function splitTopLevel(text: string, keyword: 'and' | 'or'): string[] {
  const parts: string[] = []
  let depth = 0
  let quoted = false
  let start = 0
  const pattern = ` ${keyword} `
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === "'") quoted = !quoted
    else if (!quoted && c === '(') depth++
    else if (!quoted && c === ')') depth--
    else if (
      !quoted &&
      depth === 0 &&
      text.slice(i, i + pattern.length).toLowerCase() === pattern
    ) {
      parts.push(text.slice(start, i))
      start = i + pattern.length
      i += pattern.length - 1
    }
  }
  parts.push(text.slice(start))
  return parts.map((p) => p.trim())
}

function stripParens(term: string): string {
  let t = term.trim()
  while (t.startsWith('(') && t.endsWith(')')) {
    let depth = 0
    let wraps = true
    for (let i = 0; i < t.length; i++) {
      if (t[i] === '(') depth++
      else if (t[i] === ')') depth--
      if (depth === 0 && i < t.length - 1) {
        wraps = false
        break
      }
    }
    if (!wraps) break
    t = t.slice(1, -1).trim()
  }
  return t
}

export interface SignInFilter {
  fromMs: number
  toMs: number
  eventTypes: SignInEventType[] | null
  appId: string | null
  resourceId: string | null
}

function parseDate(value: string, clause: string): number {
  const v = value.replace(/^'|'$/g, '')
  const ms = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(v)
    ? Date.parse(v)
    : NaN
  if (!Number.isFinite(ms))
    throw new GraphError(
      400,
      'BadRequest',
      `Invalid filter clause: '${clause}' does not hold a valid DateTimeOffset.`,
    )
  return ms
}

export function parseSignInFilter(filter: string | null, timeField: string): SignInFilter {
  const result: SignInFilter = {
    fromMs: -Infinity,
    toMs: Infinity,
    eventTypes: null,
    appId: null,
    resourceId: null,
  }
  if (!filter || !filter.trim()) return result
  for (const rawTerm of splitTopLevel(filter.trim(), 'and')) {
    const term = stripParens(rawTerm)
    let m: RegExpMatchArray | null
    if ((m = term.match(new RegExp(`^${timeField} (ge|gt|le|lt) (\\S+)$`, 'i')))) {
      const ms = parseDate(m[2]!, term)
      switch (m[1]!.toLowerCase()) {
        case 'ge':
          result.fromMs = Math.max(result.fromMs, ms)
          break
        case 'gt':
          result.fromMs = Math.max(result.fromMs, Math.floor(ms / 1000) * 1000 + 1000)
          break
        case 'lt':
          result.toMs = Math.min(result.toMs, ms)
          break
        case 'le':
          result.toMs = Math.min(result.toMs, Math.floor(ms / 1000) * 1000 + 1000)
          break
      }
    } else if ((m = term.match(/^signInEventTypes\/any\(\s*(\w+)\s*:\s*(.+)\)$/i))) {
      const variable = m[1]!
      const types: SignInEventType[] = []
      for (const alternative of splitTopLevel(m[2]!, 'or')) {
        const t = stripParens(alternative).match(new RegExp(`^${variable} eq '([^']*)'$`))
        const value = t?.[1]
        if (!value || !(signInEventTypes as readonly string[]).includes(value)) {
          throw new GraphError(
            400,
            'BadRequest',
            `Invalid filter clause: unsupported signInEventTypes expression '${alternative}'.`,
          )
        }
        types.push(value as SignInEventType)
      }
      result.eventTypes = [...new Set([...(result.eventTypes ?? []), ...types])]
    } else if ((m = term.match(/^(appId|resourceId) eq '([^']*)'$/))) {
      if (m[1] === 'appId') result.appId = m[2]!
      else result.resourceId = m[2]!
    } else {
      throw new GraphError(
        400,
        'BadRequest',
        `Invalid filter clause: the fake Graph does not support '${term}'.`,
      )
    }
  }
  return result
}

// ---- opaque skip tokens -----------------------------------------------------------------------

interface SkipState {
  /** Hash of the query it continues. */
  q: string
  /** Issued at (fake clock). */
  at: number
  [key: string]: unknown
}

function encodeSkip(state: SkipState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url')
}

function decodeSkip(
  token: string,
  queryHash: string,
  nowMs: number,
  lifetimeMs: number,
): SkipState {
  let state: SkipState
  try {
    state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as SkipState
  } catch {
    throw new GraphError(400, 'BadRequest', 'Invalid $skiptoken: the token is malformed.')
  }
  if (typeof state !== 'object' || state === null || state.q !== queryHash) {
    throw new GraphError(400, 'BadRequest', 'Invalid $skiptoken: it does not belong to this query.')
  }
  if (nowMs - state.at > lifetimeMs) {
    throw new GraphError(
      400,
      'BadRequest',
      'The $skiptoken has expired. Restart the query without $skiptoken.',
    )
  }
  return state
}

function queryHash(path: string, query: URLSearchParams): string {
  const parts = [...query.entries()]
    .filter(([k]) => k.toLowerCase() !== '$skiptoken')
    .sort(([a], [b]) => a.localeCompare(b))
  return createHash('sha256')
    .update(`${path}?${new URLSearchParams(parts).toString()}`)
    .digest('base64url')
    .slice(0, 16)
}

function nextLink(base: string, path: string, query: URLSearchParams, token: string): string {
  const q = new URLSearchParams(
    [...query.entries()].filter(([k]) => k.toLowerCase() !== '$skiptoken'),
  )
  q.set('$skiptoken', token)
  // Graph writes the system query options with a literal '$'.
  return `${base}${path}?${q.toString().replace(/(^|&)%24/g, '$1$')}`
}

// ---- the service -----------------------------------------------------------------------------

export class FakeGraph {
  private readonly baseUrl: () => string
  private readonly clock: FakeClock
  private readonly tenants: FakeTenant[]
  private readonly verifyKey: KeyObject
  private readonly audiences: () => string[]
  private readonly throttle: Throttle
  readonly options: GraphOptions

  constructor(
    baseUrl: () => string,
    clock: FakeClock,
    tenants: FakeTenant[],
    verifyKey: KeyObject,
    audiences: () => string[],
    throttle: Throttle,
    options: GraphOptions,
  ) {
    this.baseUrl = baseUrl
    this.clock = clock
    this.tenants = tenants
    this.verifyKey = verifyKey
    this.audiences = audiences
    this.throttle = throttle
    this.options = options
  }

  /** Handles /graph/{version}/... ; null when the path is not Graph's. */
  async handle(req: FakeRequest): Promise<FakeResponse | null> {
    const m = req.path.match(/^\/graph\/(v1\.0|beta)(\/.*)$/)
    if (!m) return null
    const clientRequestId =
      typeof req.headers['client-request-id'] === 'string'
        ? req.headers['client-request-id']
        : undefined
    try {
      const caller = this.authenticate(req.headers.authorization, req.arrivedAt ?? this.clock.now())
      if (m[2] === '/$batch' && req.method === 'POST') return this.batch(m[1]!, req, caller)
      const response = this.route(m[1] as 'v1.0' | 'beta', m[2]!, req.method, req.query, caller)
      const requestId = randomUUID()
      response.headers = {
        'request-id': requestId,
        ...(clientRequestId ? { 'client-request-id': clientRequestId } : {}),
        ...response.headers,
      }
      return response
    } catch (error) {
      if (error instanceof GraphError)
        return graphErrorResponse(error, clientRequestId, this.clock.date())
      throw error
    }
  }

  private authenticate(header: string | undefined, arrivedAt: number): Caller {
    if (!header || !header.startsWith('Bearer ')) {
      throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.', {
        'www-authenticate':
          'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
      })
    }
    const parts = decodeJwt(header.slice(7).trim())
    if (!parts)
      throw new GraphError(
        401,
        'InvalidAuthenticationToken',
        'IDX14100: JWT is not well formed, there are no dots (.).',
      )
    if (!verifyJwtSignature(parts, this.verifyKey))
      throw new GraphError(
        401,
        'InvalidAuthenticationToken',
        'Access token validation failure. Invalid signature.',
      )
    const p = parts.payload
    const nowSeconds = this.clock.now() / 1000
    if (typeof p['exp'] !== 'number' || p['exp'] <= nowSeconds)
      throw new GraphError(
        401,
        'InvalidAuthenticationToken',
        'Lifetime validation failed, the token is expired.',
      )
    if (typeof p['nbf'] === 'number' && p['nbf'] > nowSeconds + 300)
      throw new GraphError(
        401,
        'InvalidAuthenticationToken',
        'Lifetime validation failed, the token is not yet valid.',
      )
    if (typeof p['aud'] !== 'string' || !this.audiences().includes(p['aud']))
      throw new GraphError(
        401,
        'InvalidAuthenticationToken',
        'Access token validation failure. Invalid audience.',
      )
    const tenant = this.tenants.find((t) => t.id === p['tid'])
    if (!tenant)
      throw new GraphError(
        401,
        'InvalidAuthenticationToken',
        'Access token validation failure. Invalid issuer.',
      )
    const scp = typeof p['scp'] === 'string' ? p['scp'].split(' ').filter(Boolean) : []
    const roles = Array.isArray(p['roles'])
      ? p['roles'].filter((r): r is string => typeof r === 'string')
      : []
    const isUser = p['idtyp'] === 'user'
    const wids = Array.isArray(p['wids'])
      ? p['wids'].filter((r): r is string => typeof r === 'string')
      : []
    const userId = isUser && typeof p['oid'] === 'string' ? p['oid'] : null
    // Directory roles come from the directory (they may have changed since the token was issued).
    const user = userId ? tenant.users.find((u) => u.id === userId) : undefined
    const currentRoles = user ? user.directoryRoles.map((r) => directoryRoles[r]) : wids
    return {
      tenant,
      appId: typeof p['azp'] === 'string' ? p['azp'] : '',
      userId,
      permissions: new Set(isUser ? scp : roles),
      roles: new Set(currentRoles),
      arrivedAt,
    }
  }

  private require(caller: Caller, anyOf: string[]): void {
    if (!anyOf.some((p) => caller.permissions.has(p))) {
      throw new GraphError(
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      )
    }
  }

  private requireReports(caller: Caller): void {
    // The reports API names the cause, unlike directory reads: the app's missing permission, or the
    // signed-in user's missing role (codes and wording as Graph answers them).
    if (!caller.permissions.has('AuditLog.Read.All')) {
      throw new GraphError(
        403,
        'Authentication_MSGraphPermissionMissing',
        'Calling principal does not have required MSGraph permissions AuditLog.Read.All',
      )
    }
    if (caller.userId && ![...caller.roles].some((r) => REPORT_READER_ROLES.has(r))) {
      throw new GraphError(
        403,
        'Authentication_RequestFromUnsupportedUserRole',
        'User is not in the allowed roles',
      )
    }
    if (caller.tenant.licence === 'free') {
      throw new GraphError(
        403,
        'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
        "Neither tenant is B2C or tenant doesn't have premium license",
      )
    }
    const retryAfter = this.throttle.take(caller.tenant.id, caller.appId, caller.arrivedAt)
    if (retryAfter > 0) {
      throw new GraphError(
        429,
        'TooManyRequests',
        'Too many requests. The application exceeded its limit for identity and access reports; retry after the time in Retry-After.',
        { 'retry-after': String(retryAfter) },
      )
    }
  }

  route(
    version: 'v1.0' | 'beta',
    path: string,
    method: string,
    query: URLSearchParams,
    caller: Caller,
  ): FakeResponse {
    if (method !== 'GET')
      throw new GraphError(
        405,
        'Request_BadRequest',
        `The HTTP method '${method}' is not supported by the fake Graph for ${path}.`,
      )
    const base = `${this.baseUrl()}/graph/${version}`
    const tenant = caller.tenant
    const demo = tenant.demo
    let m: RegExpMatchArray | null
    const directoryRead = [
      'Application.Read.All',
      'Application.ReadWrite.All',
      'Directory.Read.All',
      'Directory.ReadWrite.All',
    ]

    // Service principals by appId or by object id, and their navigation properties.
    if (
      (m = path.match(
        /^\/servicePrincipals(?:\(appId='([^']+)'\)|\/([0-9a-fA-F-]{36}))(\/appRoleAssignedTo|\/owners)?$/,
      ))
    ) {
      this.require(caller, directoryRead)
      const sp = m[1]
        ? this.servicePrincipalByAppId(tenant, m[1])
        : this.servicePrincipalById(tenant, m[2]!)
      const key = m[1] ? `(appId='${m[1]}')` : `/${m[2]}`
      if (!sp)
        throw new GraphError(
          404,
          'Request_ResourceNotFound',
          `Resource '${m[1] ?? m[2]}' does not exist or one of its queried reference-property objects are not present.`,
        )
      if (m[3] === '/appRoleAssignedTo') {
        const rows = sp.kind === 'mde' ? this.appRoleAssignments(tenant) : []
        return this.collection(
          base,
          `/servicePrincipals${key}/appRoleAssignedTo`,
          query,
          rows,
          `${base}/$metadata#servicePrincipals${key}/appRoleAssignedTo`,
          999,
        )
      }
      if (m[3] === '/owners') {
        const owners =
          sp.kind === 'client'
            ? sp.app.owners.map((o) => ({
                '@odata.type': '#microsoft.graph.user',
                id: o.id,
                displayName: o.displayName,
                userPrincipalName: o.userPrincipalName,
                mail: o.userPrincipalName,
              }))
            : []
        return this.collection(
          base,
          `/servicePrincipals${key}/owners`,
          query,
          owners,
          `${base}/$metadata#directoryObjects`,
          999,
        )
      }
      return odata(200, {
        '@odata.context': `${base}/$metadata#servicePrincipals/$entity`,
        ...select(sp.json, query),
      })
    }

    // The tenant's one organization object (Graph: User.Read for delegated callers,
    // Organization.Read.All or Directory.Read.All for apps).
    if (path === '/organization') {
      this.require(caller, [
        'User.Read',
        'Organization.Read.All',
        'Organization.ReadWrite.All',
        'Directory.Read.All',
        'Directory.ReadWrite.All',
      ])
      const organization = {
        id: tenant.id,
        displayName: tenant.displayName,
        verifiedDomains: [
          { name: tenant.domain, isDefault: true, isInitial: false, type: 'Managed' },
        ],
        tenantType: 'AAD',
      }
      return this.collection(
        base,
        '/organization',
        query,
        [organization],
        `${base}/$metadata#organization`,
        999,
      )
    }

    if (path === '/oauth2PermissionGrants') {
      this.require(caller, [
        'Directory.Read.All',
        'Directory.ReadWrite.All',
        'DelegatedPermissionGrant.Read.All',
        'DelegatedPermissionGrant.ReadWrite.All',
      ])
      const filter = query.get('$filter')
      let rows = this.permissionGrants(tenant)
      if (filter) {
        const fm = filter.trim().match(/^(resourceId|clientId) eq '([^']*)'$/)
        if (!fm)
          throw new GraphError(
            400,
            'Request_UnsupportedQuery',
            `Unsupported query: the fake Graph filters oauth2PermissionGrants only by "resourceId eq '…'" or "clientId eq '…'", not '${filter}'.`,
          )
        rows = rows.filter((r) => r[fm[1]!] === fm[2])
      }
      return this.collection(
        base,
        '/oauth2PermissionGrants',
        query,
        rows,
        `${base}/$metadata#oauth2PermissionGrants`,
        999,
      )
    }

    if ((m = path.match(/^\/applications\(appId='([^']+)'\)(\/owners)?$/))) {
      this.require(caller, directoryRead)
      const index = demo.appIndexById.get(m[1]!)
      const app = index === undefined ? undefined : demo.apps[index]?.connected
      if (!app || !app.ownedByTenant || !tenant.mdeProvisioned) {
        throw new GraphError(
          404,
          'Request_ResourceNotFound',
          `Resource '${m[1]}' does not exist or one of its queried reference-property objects are not present.`,
        )
      }
      if (m[2]) {
        const owners = app.owners.map((o) => ({
          '@odata.type': '#microsoft.graph.user',
          id: o.id,
          displayName: o.displayName,
          userPrincipalName: o.userPrincipalName,
          mail: o.userPrincipalName,
        }))
        return this.collection(base, path, query, owners, `${base}/$metadata#directoryObjects`, 999)
      }
      return odata(200, {
        '@odata.context': `${base}/$metadata#applications/$entity`,
        ...select(applicationJson(app), query),
      })
    }

    if (path === '/auditLogs/signIns') {
      this.requireReports(caller)
      return this.signIns(version, base, query, caller)
    }

    if (
      (m = path.match(
        /^\/auditLogs\/(getSummarizedServicePrincipalSignIns|getSummarizedNonInteractiveSignIns|getSummarizedMSISignIns)\(aggregationWindow='([^']*)'\)$/,
      ))
    ) {
      if (version !== 'beta')
        throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${m[1]}'.`)
      this.requireReports(caller)
      const type: SignInEventType =
        m[1] === 'getSummarizedServicePrincipalSignIns'
          ? 'servicePrincipal'
          : m[1] === 'getSummarizedNonInteractiveSignIns'
            ? 'nonInteractiveUser'
            : 'managedIdentity'
      return this.summaries(base, path, m[2]!, type, query, caller)
    }

    throw new GraphError(
      400,
      'BadRequest',
      `Resource not found for the segment '${path.split('/')[1] ?? path}'.`,
    )
  }

  // ---- directory objects ----------------------------------------------------------------------

  private servicePrincipalByAppId(
    tenant: FakeTenant,
    appId: string,
  ):
    | { kind: 'mde'; json: Record<string, unknown> }
    | { kind: 'client'; app: ConnectedApp; json: Record<string, unknown> }
    | null {
    if (!tenant.mdeProvisioned) return null
    if (appId === tenant.demo.resource.appId)
      return { kind: 'mde', json: mdeServicePrincipalJson(tenant) }
    const index = tenant.demo.appIndexById.get(appId)
    const app = index === undefined ? undefined : tenant.demo.apps[index]?.connected
    return app ? { kind: 'client', app, json: clientServicePrincipalJson(app) } : null
  }

  private servicePrincipalById(
    tenant: FakeTenant,
    id: string,
  ): ReturnType<FakeGraph['servicePrincipalByAppId']> {
    if (!tenant.mdeProvisioned) return null
    if (id === tenant.demo.resource.servicePrincipalId)
      return { kind: 'mde', json: mdeServicePrincipalJson(tenant) }
    const app = connectedApps(tenant.demo).find((a) => a.servicePrincipalId === id)
    return app ? { kind: 'client', app, json: clientServicePrincipalJson(app) } : null
  }

  private appRoleAssignments(tenant: FakeTenant): Record<string, unknown>[] {
    const rows: Record<string, unknown>[] = []
    for (const app of connectedApps(tenant.demo)) {
      for (const p of app.applicationPermissions) {
        rows.push({
          id:
            p.assignmentId.replace(/-/g, '').slice(0, 22) +
            'AAA' +
            p.assignmentId.slice(-18).replace(/-/g, ''),
          deletedDateTime: null,
          appRoleId: p.appRoleId,
          createdDateTime: p.createdDateTime,
          principalDisplayName: app.displayName,
          principalId: app.servicePrincipalId,
          principalType: 'ServicePrincipal',
          resourceDisplayName: tenant.demo.resource.displayName,
          resourceId: tenant.demo.resource.servicePrincipalId,
        })
      }
    }
    return rows
  }

  private permissionGrants(tenant: FakeTenant): Record<string, unknown>[] {
    if (!tenant.mdeProvisioned) return []
    const rows: Record<string, unknown>[] = []
    for (const app of connectedApps(tenant.demo)) {
      for (const g of app.delegatedPermissions) {
        rows.push({
          id: g.grantId.replace(/-/g, '').slice(0, 27),
          clientId: app.servicePrincipalId,
          consentType: g.consentType,
          principalId: g.principalId,
          resourceId: tenant.demo.resource.servicePrincipalId,
          scope: g.scopes.join(' '),
        })
      }
    }
    return rows
  }

  private collection(
    base: string,
    path: string,
    query: URLSearchParams,
    rows: Record<string, unknown>[],
    context: string,
    maxTop: number,
  ): FakeResponse {
    const top = parseTop(query, 100, maxTop)
    const hash = queryHash(path, query)
    const token = query.get('$skiptoken') ?? query.get('$skipToken')
    const offset = token
      ? Number(decodeSkip(token, hash, this.clock.now(), this.options.nextLinkLifetimeMs)['o'])
      : 0
    const page = rows.slice(offset, offset + top).map((r) => select(r, query))
    const body: Record<string, unknown> = { '@odata.context': context, value: page }
    if (offset + top < rows.length)
      body['@odata.nextLink'] = nextLink(
        base,
        path,
        query,
        encodeSkip({ q: hash, at: this.clock.now(), o: offset + top }),
      )
    return odata(200, body)
  }

  // ---- sign-ins ---------------------------------------------------------------------------------

  private signIns(
    version: 'v1.0' | 'beta',
    base: string,
    query: URLSearchParams,
    caller: Caller,
  ): FakeResponse {
    const tenant = caller.tenant
    const filter = parseSignInFilter(query.get('$filter'), 'createdDateTime')
    if (version === 'v1.0' && filter.eventTypes)
      throw new GraphError(
        400,
        'BadRequest',
        'Invalid filter clause: signInEventTypes is only available on the beta endpoint.',
      )
    const top = parseTop(query, 1000, 1000)
    const path = '/auditLogs/signIns'
    const hash = queryHash(path, query)
    const token = query.get('$skiptoken') ?? query.get('$skipToken')
    const nowMs = this.clock.now()
    const state = token ? decodeSkip(token, hash, nowMs, this.options.nextLinkLifetimeMs) : null
    // The upper bound is frozen at the first page so events arriving meanwhile do not shift the cursor.
    const untilMs = state ? Number(state['u']) : Math.floor(nowMs / 1000) * 1000
    const retentionStart = untilMs - this.options.retentionDays * 86_400_000
    const fromMs = Math.max(filter.fromMs, retentionStart)
    const toMs = Math.min(filter.toMs, untilMs)
    const rows: Record<string, unknown>[] = []
    const demoFilter = this.demoFilter(tenant, filter, fromMs, toMs)
    let hour = state ? Number(state['h']) : Math.ceil(toMs / HOUR_MS) - 1
    let index = state ? Number(state['i']) : 0
    const firstHour = Math.floor(fromMs / HOUR_MS)
    let more = false
    if (demoFilter && toMs > fromMs) {
      while (hour >= firstHour) {
        const events = hourEvents(tenant.demo, hour, demoFilter, 'newestFirst')
        const take = events.slice(index, index + (top - rows.length))
        for (const e of take) rows.push(select(signInJson(tenant, e), query))
        index += take.length
        if (index < events.length) {
          more = true
          break
        }
        hour--
        index = 0
        if (rows.length === top) {
          more = this.anyBefore(tenant, demoFilter, hour, firstHour)
          break
        }
      }
    }
    const body: Record<string, unknown> = {
      '@odata.context': `${base}/$metadata#auditLogs/signIns`,
      value: rows,
    }
    if (more)
      body['@odata.nextLink'] = nextLink(
        base,
        path,
        query,
        encodeSkip({ q: hash, at: nowMs, u: untilMs, h: hour, i: index }),
      )
    return odata(200, body)
  }

  private demoFilter(
    tenant: FakeTenant,
    filter: SignInFilter,
    fromMs: number,
    toMs: number,
  ): EventFilter | null {
    if (filter.resourceId !== null && filter.resourceId !== tenant.demo.resource.appId) return null
    // Without a signInEventTypes filter Graph returns interactive user sign-ins only.
    const types = filter.eventTypes ?? ['interactiveUser']
    const result: EventFilter = { fromMs, toMs, eventTypes: new Set(types) }
    if (filter.appId !== null) {
      const index = tenant.demo.appIndexById.get(filter.appId)
      const app = index === undefined ? undefined : tenant.demo.apps[index]
      result.apps = app ? [app] : []
    }
    return result
  }

  /** Whether any event passes the filter in hours [firstHour, hour], from the counts (no events built). */
  private anyBefore(
    tenant: FakeTenant,
    filter: EventFilter,
    hour: number,
    firstHour: number,
  ): boolean {
    const apps = filter.apps ?? tenant.demo.apps
    for (let h = hour; h >= firstHour; h--) {
      for (const app of apps) {
        for (const block of hourCounts(tenant.demo, app, h)) {
          if (filter.eventTypes && !filter.eventTypes.has(block.type)) continue
          if (block.success + block.failure > 0) return true
        }
      }
    }
    return false
  }

  // ---- summaries --------------------------------------------------------------------------------

  private summaries(
    base: string,
    path: string,
    window: string,
    type: SignInEventType,
    query: URLSearchParams,
    caller: Caller,
  ): FakeResponse {
    const windowHours = window === 'h1' ? 1 : window === 'h6' ? 6 : window === 'd1' ? 24 : 0
    if (!windowHours)
      throw new GraphError(
        400,
        'BadRequest',
        `Invalid aggregationWindow '${window}': expected 'h1', 'h6' or 'd1'.`,
      )
    const tenant = caller.tenant
    const filter = parseSignInFilter(
      query.get('$filter'),
      '(?:aggregatedEventDateTime|createdDateTime)',
    )
    if (filter.eventTypes)
      throw new GraphError(
        400,
        'BadRequest',
        'Invalid filter clause: signInEventTypes is not a property of summarizedSignIn.',
      )
    const nowMs = this.clock.now()
    const top = parseTop(query, 1000, 1000)
    const hash = queryHash(path, query)
    const token = query.get('$skiptoken') ?? query.get('$skipToken')
    const state = token ? decodeSkip(token, hash, nowMs, this.options.nextLinkLifetimeMs) : null
    const untilMs = state ? Number(state['u']) : nowMs
    const windowMs = windowHours * HOUR_MS
    // Whole windows only: the current, unfinished window is not summarised yet.
    const lastWindowEnd = Math.floor(untilMs / windowMs) * windowMs
    const firstWindowStart =
      Math.ceil(
        Math.max(filter.fromMs, untilMs - this.options.retentionDays * 86_400_000) / windowMs,
      ) * windowMs
    const endMs = Math.min(lastWindowEnd, Math.floor(filter.toMs / windowMs) * windowMs)
    const rows: Record<string, unknown>[] = []
    const demoFilter = this.demoFilter(
      tenant,
      { ...filter, eventTypes: [type] },
      firstWindowStart,
      endMs,
    )
    let windowStart = state ? Number(state['w']) : endMs - windowMs
    let offset = state ? Number(state['o']) : 0
    let more = false
    if (demoFilter && tenant.summaries === 'accurate') {
      const apps = demoFilter.apps ?? tenant.demo.apps
      while (windowStart >= firstWindowStart) {
        const groups = this.summaryRows(tenant, apps, type, windowStart, windowHours)
        const take = groups.slice(offset, offset + (top - rows.length))
        for (const g of take) rows.push(select(g, query))
        offset += take.length
        if (offset < groups.length) {
          more = true
          break
        }
        windowStart -= windowMs
        offset = 0
        if (rows.length === top) {
          more = windowStart >= firstWindowStart
          break
        }
      }
    }
    const body: Record<string, unknown> = {
      '@odata.context': `${base}/$metadata#Collection(microsoft.graph.summarizedSignIn)`,
      value: rows,
    }
    if (more)
      body['@odata.nextLink'] = nextLink(
        base,
        path,
        query,
        encodeSkip({ q: hash, at: nowMs, u: untilMs, w: windowStart, o: offset }),
      )
    return odata(200, body)
  }

  /** Rows for one window grouped by app, IP address and outcome (success / the failure code). */
  private summaryRows(
    tenant: FakeTenant,
    apps: readonly DemoApp[],
    type: SignInEventType,
    windowStart: number,
    windowHours: number,
  ): Record<string, unknown>[] {
    const groups = new Map<
      string,
      { app: DemoApp; ip: string; errorCode: number; count: number; first: number }
    >()
    const startHour = windowStart / HOUR_MS
    for (const app of apps) {
      for (let h = startHour; h < startHour + windowHours; h++) {
        for (const block of hourCounts(tenant.demo, app, h)) {
          if (block.type !== type) continue
          const ip = ipAddressFor(tenant.demo, app, h)
          for (const [errorCode, count] of [
            [0, block.success],
            [block.failureCode, block.failure],
          ] as const) {
            if (count === 0) continue
            const key = `${app.index}|${ip}|${errorCode}`
            const g = groups.get(key)
            if (g) g.count += count
            else groups.set(key, { app, ip, errorCode, count, first: h * HOUR_MS })
          }
        }
      }
    }
    const aggregation = new Date(windowStart).toISOString()
    return [...groups.values()].map((g) => ({
      id: guidFromHash(
        `${tenant.id}|${g.app.appId}|${g.ip}|${g.errorCode}|${windowStart}|${windowHours}`,
      ),
      aggregationDateTime: aggregation,
      firstSignInDateTime: new Date(g.first).toISOString(),
      appId: g.app.appId,
      appDisplayName: g.app.displayName,
      servicePrincipalId: g.app.servicePrincipalId ?? '',
      resourceId: tenant.demo.resource.appId,
      resourceDisplayName: tenant.demo.resource.displayName,
      ipAddress: g.ip,
      userId: null,
      userPrincipalName: null,
      signInCount: g.count,
      status: {
        errorCode: g.errorCode,
        failureReason: g.errorCode === 0 ? null : 'Other.',
        additionalDetails: null,
      },
    }))
  }

  // ---- $batch -----------------------------------------------------------------------------------

  private batch(version: string, req: FakeRequest, caller: Caller): FakeResponse {
    let body: unknown
    try {
      body = JSON.parse(req.body.toString('utf8'))
    } catch {
      throw new GraphError(
        400,
        'BadRequest',
        'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      )
    }
    const requests = (body as { requests?: unknown }).requests
    if (!Array.isArray(requests))
      throw new GraphError(
        400,
        'BadRequest',
        "Invalid batch payload format: 'requests' is missing.",
      )
    if (requests.length > 20)
      throw new GraphError(
        400,
        'BadRequest',
        'Invalid batch payload: the number of requests in a batch exceeds the limit of 20.',
      )
    const responses = requests.map((raw: unknown) => {
      const r = raw as { id?: unknown; method?: unknown; url?: unknown }
      const id = typeof r.id === 'string' ? r.id : String(r.id ?? '')
      try {
        if (typeof r.url !== 'string' || typeof r.method !== 'string')
          throw new GraphError(400, 'BadRequest', 'Each batch request needs id, method and url.')
        const url = new URL(r.url.startsWith('/') ? r.url : `/${r.url}`, 'https://batch.invalid')
        const response = this.route(
          version as 'v1.0' | 'beta',
          decodeURIComponent(url.pathname),
          r.method.toUpperCase(),
          url.searchParams,
          caller,
        )
        return {
          id,
          status: response.status,
          headers: {
            'content-type': response.headers?.['content-type'] ?? ODATA_JSON,
            ...response.headers,
          },
          body: response.body,
        }
      } catch (error) {
        if (!(error instanceof GraphError)) throw error
        const response = graphErrorResponse(error, undefined, this.clock.date())
        return { id, status: response.status, headers: response.headers, body: response.body }
      }
    })
    return odata(200, { responses })
  }
}

function parseTop(query: URLSearchParams, fallback: number, max: number): number {
  const raw = query.get('$top')
  if (raw === null) return fallback
  const top = Number(raw)
  if (!Number.isInteger(top) || top < 1 || top > max)
    throw new GraphError(
      400,
      'BadRequest',
      `Invalid page size specified: '${raw}'. Must be between 1 and ${max} inclusive.`,
    )
  return top
}

function mdeServicePrincipalJson(tenant: FakeTenant): Record<string, unknown> {
  const r = tenant.demo.resource
  return {
    id: r.servicePrincipalId,
    appId: r.appId,
    displayName: r.displayName,
    appDisplayName: r.displayName,
    appOwnerOrganizationId: MICROSOFT_SERVICES_TENANT_ID,
    servicePrincipalType: 'Application',
    accountEnabled: true,
    signInAudience: 'AzureADMultipleOrgs',
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    keyCredentials: [],
    passwordCredentials: [],
    tags: [],
    appRoles: r.appRoles.map((p) => ({
      allowedMemberTypes: ['Application'],
      description: p.description,
      displayName: p.displayName,
      id: p.id,
      isEnabled: true,
      origin: 'Application',
      value: p.value,
    })),
    oauth2PermissionScopes: r.oauth2PermissionScopes.map((p) => ({
      adminConsentDescription: p.description,
      adminConsentDisplayName: p.displayName,
      id: p.id,
      isEnabled: true,
      type: 'Admin',
      userConsentDescription: p.description,
      userConsentDisplayName: p.displayName,
      value: p.value,
    })),
  }
}

function verifiedPublisherJson(app: ConnectedApp): Record<string, unknown> {
  return app.verifiedPublisher
    ? { ...app.verifiedPublisher }
    : { displayName: null, verifiedPublisherId: null, addedDateTime: null }
}

function clientServicePrincipalJson(app: ConnectedApp): Record<string, unknown> {
  return {
    id: app.servicePrincipalId,
    appId: app.appId,
    displayName: app.displayName,
    appDisplayName: app.displayName,
    appOwnerOrganizationId: app.appOwnerOrganizationId,
    servicePrincipalType: app.servicePrincipalType,
    accountEnabled: app.accountEnabled,
    signInAudience: app.signInAudience,
    verifiedPublisher: verifiedPublisherJson(app),
    // An app's credentials live on its application object; the service principal's lists are empty.
    keyCredentials: [],
    passwordCredentials: [],
    tags:
      app.servicePrincipalType === 'ManagedIdentity'
        ? []
        : ['WindowsAzureActiveDirectoryIntegratedApp'],
    appRoles: [],
    oauth2PermissionScopes: [],
  }
}

function applicationJson(app: ConnectedApp): Record<string, unknown> {
  const h = createHash('md5').update(`application:${app.appId}`).digest('hex')
  return {
    id: `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-b${h.slice(17, 20)}-${h.slice(20, 32)}`,
    appId: app.appId,
    displayName: app.displayName,
    createdDateTime: app.createdDateTime,
    signInAudience: app.signInAudience,
    publisherDomain: 'contoso-demo.onmicrosoft.com',
    verifiedPublisher: verifiedPublisherJson(app),
    passwordCredentials: app.credentials
      .filter((c) => c.kind === 'secret')
      .map((c) => ({
        customKeyIdentifier: null,
        displayName: c.displayName,
        endDateTime: c.endDateTime,
        hint: c.keyId.slice(0, 3),
        keyId: c.keyId,
        secretText: null,
        startDateTime: c.startDateTime,
      })),
    keyCredentials: app.credentials
      .filter((c) => c.kind === 'certificate')
      .map((c) => ({
        customKeyIdentifier: createHash('sha1').update(c.keyId).digest('hex').toUpperCase(),
        displayName: c.displayName,
        endDateTime: c.endDateTime,
        key: null,
        keyId: c.keyId,
        startDateTime: c.startDateTime,
        type: 'AsymmetricX509Cert',
        usage: 'Verify',
      })),
  }
}

const userIdCache = new WeakMap<FakeTenant, Map<string, { id: string; displayName: string }>>()

function signInJson(tenant: FakeTenant, e: SignInEvent): Record<string, unknown> {
  let users = userIdCache.get(tenant)
  if (!users) {
    users = new Map(
      tenant.demo.users.map((u) => [u.userPrincipalName, { id: u.id, displayName: u.displayName }]),
    )
    userIdCache.set(tenant, users)
  }
  const user = e.userPrincipalName ? users.get(e.userPrincipalName) : undefined
  const appOnly = e.eventType === 'servicePrincipal' || e.eventType === 'managedIdentity'
  return {
    id: e.id,
    createdDateTime: e.createdDateTime,
    userDisplayName: user?.displayName ?? null,
    userPrincipalName: e.userPrincipalName,
    userId: user?.id ?? '',
    appId: e.appId,
    appDisplayName: e.appDisplayName,
    ipAddress: e.ipAddress,
    clientAppUsed: appOnly ? null : 'Mobile Apps and Desktop clients',
    correlationId: guidFromHash(`correlation:${e.id}`),
    conditionalAccessStatus: 'notApplied',
    isInteractive: e.eventType === 'interactiveUser',
    resourceDisplayName: 'WindowsDefenderATP',
    resourceId: e.resourceId,
    resourceTenantId: tenant.id,
    homeTenantId: tenant.id,
    servicePrincipalId: e.servicePrincipalId ?? '',
    servicePrincipalName: appOnly ? e.appDisplayName : null,
    signInEventTypes: [e.eventType],
    tokenIssuerType: 'AzureAD',
    authenticationProtocol: 'none',
    status: { errorCode: e.errorCode, failureReason: e.failureReason, additionalDetails: null },
    location: e.location
      ? {
          city: e.location.city,
          state: null,
          countryOrRegion: e.location.countryOrRegion,
          geoCoordinates: { altitude: null, latitude: null, longitude: null },
        }
      : null,
    managedServiceIdentity: {
      msiType: e.eventType === 'managedIdentity' ? 'systemAssigned' : 'none',
      associatedResourceId: null,
      federatedTokenId: null,
      federatedTokenIssuer: null,
    },
  }
}

export { json }
