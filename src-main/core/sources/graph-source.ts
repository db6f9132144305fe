// The Graph implementation of UsageSource: discovery from the directory (v1.0), usage from the beta
// sign-in logs, every identity-report request through the shared reports limiter.
import { z } from 'zod'
import type { BatchItemResult, GraphClient } from '../graph/client'
import { CloudRequestError, isCloudError } from '../graph/errors'
import type { ErrorContext } from '../graph/errors'
import { throwIfAborted } from '../graph/retry'
import {
  appRoleAssignmentSchema,
  applicationSchema,
  collectionSchema,
  directoryObjectSchema,
  oauth2PermissionGrantSchema,
  servicePrincipalSchema,
  summarizedSignInSchema,
} from '../graph/schemas'
import type { SignInBody } from '../graph/schemas'
import { NotJsonError } from '../graph/http'
import { sharedSignInDecoder, type SignInPageDecoder } from '../graph/sign-in-decoder'
import { addSignIn, SignInPageError } from '../graph/sign-in-page'
import { REPORTS_BUDGET, TokenBucket } from '../sync/token-bucket'
import type { RateLimiter } from '../sync/token-bucket'
import { ColumnsBuilder, SignInBatch } from './sign-in-batch'
import type {
  ConnectedApp,
  CredentialInfo,
  MdePermission,
  MdeResource,
  OwnerInfo,
  SignInEvent,
  SignInEventType,
  SignInQuery,
  TimeWindow,
  UsageSource,
  VerifiedPublisher,
} from './types'
import { MDE_RESOURCE_APP_ID, signInEventTypes } from './types'

export interface GraphUsageSourceOptions {
  tenantId: string
  client: GraphClient
  /**
   * The identity-reports budget (5 requests / 10 s per app per tenant). Share one instance between
   * every source and slice that signs in with the same app to the same tenant. Default: a new bucket.
   */
  reportsLimiter?: RateLimiter
  /** Sign-ins per page, at most 1,000 (the default). */
  pageSize?: number
  /**
   * 'combined': one query per window with `signInEventTypes/any(t: t eq 'a' or t eq 'b')` (fewer, fuller
   * pages); 'perType': one query per event type. Combined falls back to perType by itself if Graph
   * refuses the `or` with a 400.
   */
  eventTypeQueries?: 'combined' | 'perType'
  /** How many times one window's query may restart after its nextLink expired (default 5). */
  maxRestarts?: number
  /** Decodes sign-in pages (default: the process's shared worker-thread decoder). */
  decoder?: SignInPageDecoder
}

/** Fields of a sign-in the product reads ($select keeps pages small: up to 1,000 rows each). */
const SIGN_IN_SELECT = [
  'id',
  'createdDateTime',
  'appId',
  'appDisplayName',
  'servicePrincipalId',
  'resourceId',
  'status',
  'ipAddress',
  'location',
  'userPrincipalName',
  'signInEventTypes',
  // Read only when signInEventTypes is absent, to tell interactive from non-interactive user sign-ins.
  'isInteractive',
].join(',')

const CLIENT_SP_SELECT =
  'id,appId,displayName,appOwnerOrganizationId,servicePrincipalType,accountEnabled,signInAudience,verifiedPublisher,keyCredentials,passwordCredentials,tags'
const APPLICATION_SELECT =
  'id,appId,createdDateTime,verifiedPublisher,keyCredentials,passwordCredentials'

/** The one organization object of the tenant, as far as discovery reads it. */
const organizationSchema = z.object({ id: z.string(), displayName: z.string().nullish() })
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g

/** Response actions and TI writes: what an attacker holding the app's secret could do to endpoints. */
const HIGH_RISK =
  /^(Machine\.(Isolate|RestrictExecution|Offboard|StopAndQuarantine|LiveResponse|CollectForensics)|Ti\.ReadWrite)(\.All)?$/

export function isHighRiskPermission(value: string): boolean {
  return HIGH_RISK.test(value)
}

const directoryContext = (operation: string): ErrorContext => ({
  operation,
  requiredScopes: ['Application.Read.All'],
})
const reportsContext: ErrorContext = {
  operation: 'reading the sign-in logs',
  requiredScopes: ['AuditLog.Read.All', 'Directory.Read.All'],
  report: true,
}

/** ISO 8601 the way Graph filters show it: whole seconds without a fraction. */
export function filterTime(ms: number): string {
  const iso = new Date(ms).toISOString()
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso
}

/** The $filter for MDE sign-ins of some event types in [fromMs, toMs) (REFERENCE.md's grammar). */
export function signInFilter(
  fromMs: number,
  toMs: number,
  types: readonly SignInEventType[],
  resourceAppId: string,
  appId?: string,
): string {
  const lambda = types.map((t) => `t eq '${t}'`).join(' or ')
  return [
    `createdDateTime ge ${filterTime(fromMs)}`,
    `createdDateTime lt ${filterTime(toMs)}`,
    `signInEventTypes/any(t: ${lambda})`,
    `resourceId eq '${resourceAppId}'`,
    ...(appId ? [`appId eq '${appId}'`] : []),
  ].join(' and ')
}

/** A summarised sign-in row (beta getSummarized*SignIns), as read. */
export interface SummarizedSignIn {
  appId: string
  appDisplayName: string | null
  servicePrincipalId: string | null
  /** Window start (see REFERENCE.md: reconcile with raw events before trusting it hourly). */
  aggregationDateTime: string
  signInCount: number
  errorCode: number
  ipAddress: string | null
}

const summaryFunctions = {
  servicePrincipal: 'getSummarizedServicePrincipalSignIns',
  nonInteractiveUser: 'getSummarizedNonInteractiveSignIns',
  managedIdentity: 'getSummarizedMSISignIns',
} as const

export interface SummaryQuery {
  eventType: keyof typeof summaryFunctions
  aggregationWindow: 'h1' | 'h6' | 'd1'
  window?: TimeWindow
  appId?: string
  signal?: AbortSignal
}

export class GraphUsageSource implements UsageSource {
  readonly kind = 'graph' as const
  readonly tenantId: string
  readonly client: GraphClient
  readonly reportsLimiter: RateLimiter
  private readonly pageSize: number
  private eventTypeQueries: 'combined' | 'perType'
  private readonly maxRestarts: number
  private readonly decoder: SignInPageDecoder
  /** Restarts after an expired nextLink, for tests and progress reporting. */
  restarts = 0

  constructor(options: GraphUsageSourceOptions) {
    this.tenantId = options.tenantId
    this.client = options.client
    this.reportsLimiter = options.reportsLimiter ?? new TokenBucket({ ...REPORTS_BUDGET })
    const pageSize = options.pageSize ?? 1000
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)
      throw new RangeError('graph source: pageSize must be an integer in 1..1000')
    this.pageSize = pageSize
    this.eventTypeQueries = options.eventTypeQueries ?? 'combined'
    this.maxRestarts = options.maxRestarts ?? 5
    this.decoder = options.decoder ?? sharedSignInDecoder()
  }

  // ---- discovery ----------------------------------------------------------------------------

  /**
   * The tenant's name from `GET /organization` (Directory.Read.All covers it; delegated callers need
   * only User.Read). Untrusted text: control characters become spaces, and it is cut at 256 characters.
   */
  async tenantName(signal?: AbortSignal): Promise<string | null> {
    const answer = await this.client.get('/organization', collectionSchema(organizationSchema), {
      query: { $select: 'id,displayName' },
      context: { operation: "reading the tenant's name", requiredScopes: ['Directory.Read.All'] },
      ...(signal ? { signal } : {}),
    })
    const organization =
      answer.value.find((org) => org.id.toLowerCase() === this.tenantId.toLowerCase()) ??
      answer.value[0]
    const name = organization?.displayName?.replace(CONTROL_CHARACTERS, ' ').trim().slice(0, 256)
    return name ? name : null
  }

  async discoverResource(signal?: AbortSignal): Promise<MdeResource> {
    let sp: z.infer<typeof servicePrincipalSchema>
    try {
      sp = await this.client.get(
        `/servicePrincipals(appId='${MDE_RESOURCE_APP_ID}')`,
        servicePrincipalSchema,
        {
          query: { $select: 'id,appId,displayName,appRoles,oauth2PermissionScopes' },
          context: directoryContext('reading the WindowsDefenderATP service principal'),
          ...(signal ? { signal } : {}),
        },
      )
    } catch (error) {
      if (isCloudError(error, 'notFound')) {
        throw new CloudRequestError(
          'mdeNotProvisioned',
          `Microsoft Defender for Endpoint is not set up in tenant ${this.tenantId}: its service principal (WindowsDefenderATP, appId ${MDE_RESOURCE_APP_ID}) does not exist, so no application can be connected to it. Check that this is the right tenant, or onboard it to Defender for Endpoint.`,
          { status: 404, code: error.code, requestId: error.requestId },
        )
      }
      throw error
    }
    const appRoles: MdePermission[] = []
    for (const role of sp.appRoles ?? []) {
      if (!role.value) continue
      appRoles.push({
        id: role.id,
        value: role.value,
        displayName: role.displayName ?? role.value,
        description: role.description ?? '',
        kind: 'application',
        highRisk: isHighRiskPermission(role.value),
      })
    }
    const oauth2PermissionScopes: MdePermission[] = []
    for (const scope of sp.oauth2PermissionScopes ?? []) {
      if (!scope.value) continue
      oauth2PermissionScopes.push({
        id: scope.id,
        value: scope.value,
        displayName: scope.adminConsentDisplayName ?? scope.value,
        description: scope.adminConsentDescription ?? '',
        kind: 'delegated',
        highRisk: isHighRiskPermission(scope.value),
      })
    }
    return {
      servicePrincipalId: sp.id,
      appId: sp.appId ?? MDE_RESOURCE_APP_ID,
      displayName: sp.displayName ?? 'WindowsDefenderATP',
      appRoles,
      oauth2PermissionScopes,
    }
  }

  async listConnectedApps(resource: MdeResource, signal?: AbortSignal): Promise<ConnectedApp[]> {
    const opt = signal ? { signal } : {}
    const [assignments, grants] = await Promise.all([
      this.client.getAll(
        `/servicePrincipals/${resource.servicePrincipalId}/appRoleAssignedTo`,
        appRoleAssignmentSchema,
        {
          query: { $top: 999 },
          context: directoryContext('listing the application permissions granted on MDE'),
          ...opt,
        },
      ),
      this.client.getAll('/oauth2PermissionGrants', oauth2PermissionGrantSchema, {
        query: { $filter: `resourceId eq '${resource.servicePrincipalId}'` },
        context: {
          operation: 'listing the delegated permissions granted on MDE',
          requiredScopes: ['Directory.Read.All'],
        },
        ...opt,
      }),
    ])
    // Users and groups can hold app roles too; only service principals are connected applications.
    const appAssignments = assignments.filter((a) => a.principalType === 'ServicePrincipal')
    const clientIds = [
      ...new Set([...appAssignments.map((a) => a.principalId), ...grants.map((g) => g.clientId)]),
    ]
    const roleValues = new Map(resource.appRoles.map((r) => [r.id, r.value]))

    // Round one: every client's service principal and owners.
    const detailContext = directoryContext('reading the connected applications')
    const first = await this.client.batch(
      clientIds.flatMap((id, i) => [
        { id: `sp-${i}`, url: `/servicePrincipals/${id}?$select=${CLIENT_SP_SELECT}` },
        { id: `owners-${i}`, url: `/servicePrincipals/${id}/owners` },
      ]),
      { context: detailContext, ...opt },
    )
    const sps: Array<{
      index: number
      sp: z.infer<typeof servicePrincipalSchema>
      owners: OwnerInfo[]
    }> = []
    clientIds.forEach((id, index) => {
      const spItem = first.get(`sp-${index}`)
      // A client deleted between the grant listing and this read is gone: nothing to show.
      if (!spItem || spItem.status === 404) return
      const sp = this.item(spItem, servicePrincipalSchema, detailContext)
      const ownersItem = first.get(`owners-${index}`)
      const owners =
        ownersItem && ownersItem.status !== 404
          ? this.item(ownersItem, collectionSchema(directoryObjectSchema), detailContext).value
          : []
      if (sp.id !== id) return
      sps.push({ index, sp, owners: owners.flatMap(toOwner) })
    })

    // Round two: the application object (credentials, creation date, registration owners) of apps
    // this tenant owns. Third-party multitenant apps have none here: their 404 is expected.
    const owned = sps.filter((s) => s.sp.appOwnerOrganizationId === this.tenantId && s.sp.appId)
    const second = await this.client.batch(
      owned.flatMap(({ index, sp }) => [
        {
          id: `app-${index}`,
          url: `/applications(appId='${sp.appId}')?$select=${APPLICATION_SELECT}`,
        },
        { id: `appOwners-${index}`, url: `/applications(appId='${sp.appId}')/owners` },
      ]),
      { context: detailContext, ...opt },
    )

    const apps: ConnectedApp[] = []
    for (const { index, sp, owners } of sps) {
      const appItem = second.get(`app-${index}`)
      const application =
        appItem && appItem.status !== 404
          ? this.item(appItem, applicationSchema, detailContext)
          : null
      const appOwnersItem = second.get(`appOwners-${index}`)
      const appOwners =
        application && appOwnersItem && appOwnersItem.status !== 404
          ? this.item(
              appOwnersItem,
              collectionSchema(directoryObjectSchema),
              detailContext,
            ).value.flatMap(toOwner)
          : []
      const allOwners = new Map<string, OwnerInfo>()
      for (const o of [...appOwners, ...owners]) if (!allOwners.has(o.id)) allOwners.set(o.id, o)
      const credentials = new Map<string, CredentialInfo>()
      for (const c of [...credentialsOf(application), ...credentialsOf(sp)])
        if (!credentials.has(c.keyId)) credentials.set(c.keyId, c)
      apps.push({
        servicePrincipalId: sp.id,
        appId: sp.appId ?? '',
        displayName: sp.displayName ?? sp.appId ?? sp.id,
        appOwnerOrganizationId: sp.appOwnerOrganizationId ?? null,
        ownedByTenant: application !== null,
        servicePrincipalType:
          sp.servicePrincipalType === 'ManagedIdentity' ? 'ManagedIdentity' : 'Application',
        accountEnabled: sp.accountEnabled ?? true,
        signInAudience: sp.signInAudience ?? null,
        verifiedPublisher:
          publisherOf(sp.verifiedPublisher) ?? publisherOf(application?.verifiedPublisher),
        credentials: [...credentials.values()],
        owners: [...allOwners.values()],
        applicationPermissions: appAssignments
          .filter((a) => a.principalId === sp.id)
          .map((a) => ({
            assignmentId: a.id,
            appRoleId: a.appRoleId,
            value: roleValues.get(a.appRoleId) ?? null,
            createdDateTime: a.createdDateTime ?? '',
          })),
        delegatedPermissions: grants
          .filter((g) => g.clientId === sp.id)
          .map((g) => ({
            grantId: g.id,
            consentType: g.consentType,
            principalId: g.consentType === 'Principal' ? g.principalId : null,
            scopes: (g.scope ?? '').split(' ').filter(Boolean),
          })),
        // Graph has no creation date for a service principal; the application object has one.
        createdDateTime: application?.createdDateTime ?? null,
      })
    }
    return apps.sort(
      (a, b) =>
        a.displayName.localeCompare(b.displayName) ||
        a.servicePrincipalId.localeCompare(b.servicePrincipalId),
    )
  }

  /** A batch item's body, validated; a non-2xx item becomes the error it stands for. */
  private item<S extends z.ZodType>(
    item: BatchItemResult,
    schema: S,
    context: ErrorContext,
  ): z.infer<S> {
    if (item.status < 200 || item.status >= 300)
      throw this.client.errorFor(
        { status: item.status, headers: new Headers(), body: item.body },
        context,
      )
    const parsed = schema.safeParse(item.body)
    if (!parsed.success)
      throw new CloudRequestError(
        'invalidResponse',
        `A $batch answer while ${context.operation} did not have the documented shape. The API may have changed; please report it.`,
      )
    return parsed.data
  }

  // ---- usage ----------------------------------------------------------------------------------

  /**
   * Sign-ins to MDE in the window, as Graph pages them (newest first). With 'combined' queries that is
   * newest first overall; with 'perType' newest first within each event type in turn.
   */
  async *signIns(query: SignInQuery): AsyncIterable<SignInEvent[]> {
    for await (const batch of this.signInBatches(query)) yield batch.toEvents()
  }

  /**
   * `signIns` as columns, the form the store ingests without an object per event (what the sync
   * engine reads). Pages are decoded on the decoder's worker thread.
   */
  async *signInBatches(query: SignInQuery): AsyncIterable<SignInBatch> {
    const { window, signal } = query
    if (!(window.from.getTime() < window.to.getTime())) return
    const types = [...new Set(query.eventTypes ?? signInEventTypes)]
    if (types.length === 0) return
    if (this.eventTypeQueries === 'combined' && types.length > 1) {
      let yielded = false
      try {
        for await (const page of this.windowSignIns(window, types, query.appId, signal)) {
          yielded = true
          yield page
        }
        return
      } catch (error) {
        // Graph refused the `or` inside the lambda before anything came back: ask per type from now on.
        if (yielded || !isCloudError(error, 'badRequest')) throw error
        this.eventTypeQueries = 'perType'
      }
    }
    for (const type of types) yield* this.windowSignIns(window, [type], query.appId, signal)
  }

  /**
   * One query over one window, restarted cleanly when its nextLink expires. Pages come newest first and
   * the upper bound is fixed, so everything newer than the oldest second seen so far has been delivered
   * in full. The restart asks for `createdDateTime lt (that second + 1 s)` and drops the ids it already
   * delivered within that second: nothing is delivered twice and nothing is skipped, without buffering
   * the window. (Events landing in the window after the first page are the incremental sync's overlap.)
   */
  private async *windowSignIns(
    window: TimeWindow,
    types: readonly SignInEventType[],
    appId: string | undefined,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<SignInBatch, void, undefined> {
    const fromMs = window.from.getTime()
    let toMs = window.to.getTime()
    let oldestSecond = Infinity
    const idsAtOldest = new Set<string>()
    // Rows of the current page at oldestSecond whose ids are not in idsAtOldest yet: an id's text is
    // made only when a later row shares its second (pages come newest first, so most rows start a
    // new oldest second and their ids are never needed as text).
    const pending: number[] = []
    for (let restarts = 0; ; restarts++) {
      try {
        const pages = this.client.decodedPages('/auditLogs/signIns', this.decodePage(types), {
          version: 'beta',
          query: {
            $filter: signInFilter(fromMs, toMs, types, MDE_RESOURCE_APP_ID, appId),
            $top: this.pageSize,
            $select: SIGN_IN_SELECT,
          },
          limiter: this.reportsLimiter,
          context: reportsContext,
          ...(signal ? { signal } : {}),
        })
        for await (const page of pages) {
          // Rows to keep; null while every row so far is kept (the usual case: no copy).
          let keep: number[] | null = null
          for (let row = 0; row < page.length; row++) {
            const second = page.created[row]!
            let drop = false
            if (second === oldestSecond) {
              for (const earlier of pending) idsAtOldest.add(page.id(earlier))
              pending.length = 0
              const id = page.id(row)
              if (idsAtOldest.has(id)) drop = true
              else idsAtOldest.add(id)
            } else if (second < oldestSecond) {
              oldestSecond = second
              idsAtOldest.clear()
              pending.length = 0
              pending.push(row)
            }
            if (drop && keep === null) keep = Array.from({ length: row }, (_, k) => k)
            else if (!drop && keep !== null) keep.push(row)
          }
          for (const earlier of pending) idsAtOldest.add(page.id(earlier))
          pending.length = 0
          const kept = keep === null ? page : page.select(keep)
          if (kept.length > 0) yield kept
        }
        return
      } catch (error) {
        if (!isCloudError(error, 'nextLinkExpired') || restarts >= this.maxRestarts) throw error
        throwIfAborted(signal)
        this.restarts++
        if (Number.isFinite(oldestSecond)) toMs = Math.min(toMs, (oldestSecond + 1) * 1000)
      }
    }
  }

  /** The page decoder for a query of `types`: Graph's bytes to a batch, or the error they stand for. */
  private decodePage(types: readonly SignInEventType[]) {
    return async (body: ArrayBuffer) => {
      try {
        const { batch, nextLink } = await this.decoder.decode(body, types)
        return { value: batch, nextLink }
      } catch (error) {
        if (error instanceof SignInPageError) {
          if (error.kind === 'invalidJson') throw new NotJsonError(error.message)
          throw new CloudRequestError(
            'invalidResponse',
            `The answer while ${reportsContext.operation} did not have the documented shape (${error.message}). The API may have changed; please report it.`,
          )
        }
        throw error
      }
    }
  }

  /** Pre-aggregated sign-in counts (beta), a cheap history where Graph offers it. Under the same limiter. */
  async *summarizedSignIns(
    query: SummaryQuery,
  ): AsyncGenerator<SummarizedSignIn[], void, undefined> {
    const terms = [`resourceId eq '${MDE_RESOURCE_APP_ID}'`]
    if (query.window) {
      terms.unshift(
        `aggregatedEventDateTime ge ${filterTime(query.window.from.getTime())}`,
        `aggregatedEventDateTime lt ${filterTime(query.window.to.getTime())}`,
      )
    }
    if (query.appId) terms.push(`appId eq '${query.appId}'`)
    const pages = this.client.pages(
      `/auditLogs/${summaryFunctions[query.eventType]}(aggregationWindow='${query.aggregationWindow}')`,
      summarizedSignInSchema,
      {
        version: 'beta',
        query: { $filter: terms.join(' and ') },
        limiter: this.reportsLimiter,
        context: { ...reportsContext, operation: 'reading the summarised sign-in logs' },
        ...(query.signal ? { signal: query.signal } : {}),
      },
    )
    for await (const page of pages) {
      yield page.map((row) => ({
        appId: row.appId,
        appDisplayName: row.appDisplayName,
        servicePrincipalId: row.servicePrincipalId || null,
        aggregationDateTime: row.aggregationDateTime,
        signInCount: row.signInCount,
        errorCode: row.status?.errorCode ?? 0,
        ipAddress: row.ipAddress ?? null,
      }))
    }
  }
}

function toOwner(o: z.infer<typeof directoryObjectSchema>): OwnerInfo[] {
  const type = o['@odata.type'].replace(/^#microsoft\.graph\./, '')
  // Only users and service principals can own applications; anything else is not an owner we show.
  if (type !== 'user' && type !== 'servicePrincipal') return []
  return [
    {
      id: o.id,
      displayName: o.displayName ?? o.id,
      type,
      userPrincipalName: o.userPrincipalName ?? null,
    },
  ]
}

function publisherOf(
  p: z.infer<typeof servicePrincipalSchema>['verifiedPublisher'],
): VerifiedPublisher | null {
  // Graph returns the object with null fields when the publisher is not verified.
  if (!p || !p.verifiedPublisherId || !p.displayName) return null
  return {
    displayName: p.displayName,
    verifiedPublisherId: p.verifiedPublisherId,
    addedDateTime: p.addedDateTime ?? '',
  }
}

function credentialsOf(
  owner: Pick<z.infer<typeof applicationSchema>, 'keyCredentials' | 'passwordCredentials'> | null,
): CredentialInfo[] {
  if (!owner) return []
  return [
    ...(owner.passwordCredentials ?? []).map((c) => ({
      keyId: c.keyId,
      kind: 'secret' as const,
      displayName: c.displayName,
      startDateTime: c.startDateTime ?? '',
      endDateTime: c.endDateTime ?? '',
    })),
    ...(owner.keyCredentials ?? []).map((c) => ({
      keyId: c.keyId,
      kind: 'certificate' as const,
      displayName: c.displayName,
      startDateTime: c.startDateTime ?? '',
      endDateTime: c.endDateTime ?? '',
    })),
  ]
}

/**
 * Graph's sign-in as the product's event. `types` are the ones the query asked for. The same mapping
 * (and validation) the page decoder applies to every row (graph/sign-in-page.ts).
 */
export function toSignInEvent(raw: SignInBody, types: readonly SignInEventType[]): SignInEvent {
  const builder = new ColumnsBuilder(1)
  addSignIn(builder, raw, 'signIn', types)
  return new SignInBatch(builder.finish()).event(0)
}
