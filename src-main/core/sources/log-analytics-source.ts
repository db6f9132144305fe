// Usage from an Azure Monitor Log Analytics workspace that receives the Entra sign-in logs: history as
// long as the workspace keeps it, aggregated server-side to hourly counts per app (one row per app-hour
// instead of one per sign-in). Discovery, and raw events when asked, still come from Graph: the
// workspace has sign-ins but not the directory. The UsageSource interface has no place for aggregates,
// so they come from `hourlyUsage` (see HourlyUsage below).
import { z } from 'zod'
import type { CloudEndpoints } from '../auth/clouds'
import { validate } from '../graph/client'
import { CloudRequestError } from '../graph/errors'
import type { ErrorContext } from '../graph/errors'
import { CloudHttp } from '../graph/http'
import type { CloudHttpOptions } from '../graph/http'
import { logAnalyticsErrorSchema, logAnalyticsResponseSchema } from '../graph/schemas'
import type { GraphUsageSource } from './graph-source'
import type { RateLimiter } from '../sync/token-bucket'
import type {
  ConnectedApp,
  MdeResource,
  SignInEvent,
  SignInEventType,
  SignInQuery,
  TimeWindow,
  UsageSource,
} from './types'
import { MDE_RESOURCE_APP_ID, signInEventTypes } from './types'

/** Sign-ins of one app in one hour, as the workspace counted them. */
export interface HourlyUsage {
  appId: string
  /** ISO start of the hour (UTC). */
  hourStart: string
  success: number
  failure: number
  /**
   * The app's display name in that hour's sign-ins (untrusted text: control characters become
   * spaces), or null when none of them carried one.
   */
  name: string | null
  /** ISO time of the hour's first and last sign-in (exact, inside the hour and the window). */
  firstSeen: string
  lastSeen: string
}

export interface HourlyUsageQuery {
  window: TimeWindow
  /** Default: all four. */
  eventTypes?: readonly SignInEventType[]
  appId?: string
  signal?: AbortSignal
}

/** A source that can count sign-ins per app per hour without fetching every event. */
export interface AggregateUsageSource {
  hourlyUsage(query: HourlyUsageQuery): Promise<HourlyUsage[]>
}

export interface LogAnalyticsUsageSourceOptions extends CloudHttpOptions {
  workspaceId: string
  cloud: Pick<CloudEndpoints, 'logAnalyticsEndpoint'>
  /** Discovery and raw events. */
  graph: GraphUsageSource
  /**
   * The query API's budget (200 requests / 30 s per user; LOG_ANALYTICS_BUDGET). Share one per signed-in
   * account. Default: none (the caller sends one query at a time).
   */
  limiter?: RateLimiter
}

/** Log Analytics query API: 200 requests per 30 s per user (REFERENCE.md). */
export const LOG_ANALYTICS_BUDGET = { capacity: 200, windowMs: 30_000 } as const

/** The workspace table for each sign-in event type. */
export const signInTables: Record<SignInEventType, string> = {
  servicePrincipal: 'AADServicePrincipalSignInLogs',
  managedIdentity: 'AADManagedIdentitySignInLogs',
  nonInteractiveUser: 'AADNonInteractiveUserSignInLogs',
  interactiveUser: 'SigninLogs',
}

const HOUR_MS = 3_600_000
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** Longest app name accepted from the workspace; Entra's names are far shorter. */
export const MAX_APP_NAME_LENGTH = 1024
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g
/** A KQL datetime as the query API writes it (UTC, up to 7 fractional digits). */
const KQL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?Z$/

function kqlTime(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z')
}

/**
 * The server-side aggregation: counts, failures, first and last sign-in and a name per app per hour.
 * `ResultType` is a string column ("0" is success); the name column differs by table, so it is taken
 * from whichever exists. Ids are checked to be GUIDs before they go into the query text.
 */
export function hourlyUsageKql(
  window: TimeWindow,
  types: readonly SignInEventType[],
  appId?: string,
): string {
  if (appId !== undefined && !GUID.test(appId))
    throw new RangeError(`not an application id: ${appId}`)
  const tables = types.map((t) => signInTables[t])
  const source = tables.length === 1 ? tables[0]! : `union ${tables.join(', ')}`
  return [
    source,
    `| where TimeGenerated >= datetime(${kqlTime(window.from.getTime())}) and TimeGenerated < datetime(${kqlTime(window.to.getTime())})`,
    `| where ResourceIdentity == '${MDE_RESOURCE_APP_ID}'`,
    ...(appId ? [`| where AppId == '${appId}'`] : []),
    "| extend AppName = coalesce(column_ifexists('AppDisplayName', ''), column_ifexists('ServicePrincipalName', ''))",
    '| summarize SignIns = count(), Failures = countif(ResultType != "0"), FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated), Name = take_anyif(AppName, isnotempty(AppName)) by AppId, bin(TimeGenerated, 1h)',
  ].join('\n')
}

const partialErrorSchema = z.object({ code: z.string() })

export class LogAnalyticsUsageSource implements UsageSource, AggregateUsageSource {
  readonly kind = 'logAnalytics' as const
  readonly graph: GraphUsageSource
  readonly workspaceId: string
  private readonly http: CloudHttp
  private readonly endpoint: string
  private readonly limiter: RateLimiter | undefined
  /** Queries sent (each split of a partial answer counts), for the sync report. */
  requests = 0

  constructor(options: LogAnalyticsUsageSourceOptions) {
    if (!GUID.test(options.workspaceId))
      throw new RangeError('Log Analytics workspace id must be a GUID')
    this.graph = options.graph
    this.workspaceId = options.workspaceId
    this.http = new CloudHttp(options)
    this.endpoint = options.cloud.logAnalyticsEndpoint.replace(/\/+$/, '')
    this.limiter = options.limiter
  }

  get tenantId(): string {
    return this.graph.tenantId
  }

  discoverResource(signal?: AbortSignal): Promise<MdeResource> {
    return this.graph.discoverResource(signal)
  }

  listConnectedApps(resource: MdeResource, signal?: AbortSignal): Promise<ConnectedApp[]> {
    return this.graph.listConnectedApps(resource, signal)
  }

  /** Individual events exist only in Graph's sign-in logs at the granularity the product stores. */
  signIns(query: SignInQuery): AsyncIterable<SignInEvent[]> {
    return this.graph.signIns(query)
  }

  /**
   * Hourly counts per app over the window, oldest hour first. A window whose answer would exceed the
   * workspace's 500,000-row cap (a PartialError) is halved and asked again, down to one hour.
   */
  async hourlyUsage(query: HourlyUsageQuery): Promise<HourlyUsage[]> {
    const types = [...new Set(query.eventTypes ?? signInEventTypes)]
    const fromMs = query.window.from.getTime()
    const toMs = query.window.to.getTime()
    if (types.length === 0 || !(fromMs < toMs)) return []
    const rows: HourlyUsage[] = []
    const pending: TimeWindow[] = [query.window]
    while (pending.length > 0) {
      const window = pending.shift()!
      const answer = await this.query(window, types, query.appId, query.signal)
      if (answer === 'partial') {
        const span = window.to.getTime() - window.from.getTime()
        if (span <= HOUR_MS)
          throw new CloudRequestError(
            'invalidResponse',
            'Log Analytics returned a partial answer even for one hour; the workspace holds more sign-ins than it can aggregate in one query.',
          )
        // Split on an hour boundary so no bin is counted in two halves.
        const mid = Math.floor((window.from.getTime() + span / 2) / HOUR_MS) * HOUR_MS
        const cut = mid <= window.from.getTime() ? window.from.getTime() + HOUR_MS : mid
        pending.unshift(
          { from: window.from, to: new Date(cut) },
          { from: new Date(cut), to: window.to },
        )
        continue
      }
      rows.push(...answer)
    }
    return rows.sort(
      (a, b) => a.hourStart.localeCompare(b.hourStart) || a.appId.localeCompare(b.appId),
    )
  }

  private async query(
    window: TimeWindow,
    types: readonly SignInEventType[],
    appId: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<HourlyUsage[] | 'partial'> {
    const context: ErrorContext = { operation: 'querying the Log Analytics workspace' }
    this.requests++
    const answer = await this.http.send({
      method: 'POST',
      url: `${this.endpoint}/v1/workspaces/${this.workspaceId}/query`,
      body: {
        query: hourlyUsageKql(window, types, appId),
        timespan: `${kqlTime(window.from.getTime())}/${kqlTime(window.to.getTime())}`,
      },
      resource: 'logAnalytics',
      context,
      ...(this.limiter ? { limiter: this.limiter } : {}),
      ...(signal ? { signal } : {}),
    })
    if (answer.status < 200 || answer.status >= 300) throw this.errorFor(answer.status, answer.body)
    const body = validate(logAnalyticsResponseSchema, answer.body, context)
    if (body.error && partialErrorSchema.safeParse(body.error).success) return 'partial'
    const table = body.tables[0]
    if (!table) return []
    const column = (name: string) => {
      const i = table.columns.findIndex((c) => c.name === name)
      if (i < 0)
        throw new CloudRequestError(
          'invalidResponse',
          `Log Analytics answered without the ${name} column.`,
        )
      return i
    }
    const [appIdAt, timeAt, countAt, failAt, firstAt, lastAt, nameAt] = [
      column('AppId'),
      column('TimeGenerated'),
      column('SignIns'),
      column('Failures'),
      column('FirstSeen'),
      column('LastSeen'),
      column('Name'),
    ]
    const fromMs = window.from.getTime()
    const toMs = window.to.getTime()
    return table.rows.map((row) => {
      const total = Number(row[countAt])
      const failure = Number(row[failAt])
      const hour = Date.parse(String(row[timeAt]))
      const rawAppId = row[appIdAt]
      if (
        typeof rawAppId !== 'string' ||
        !GUID.test(rawAppId) ||
        !Number.isInteger(total) ||
        !Number.isInteger(failure) ||
        failure < 0 ||
        failure > total ||
        !Number.isFinite(hour) ||
        hour % HOUR_MS !== 0
      )
        throw new CloudRequestError(
          'invalidResponse',
          'Log Analytics answered a row that is not a count per app and hour.',
        )
      const appId = rawAppId.toLowerCase()
      const hourStart = new Date(hour).toISOString()
      // The first and last sign-in must lie in their hour and in the window asked for.
      const seen = (value: unknown, what: string): number => {
        const ms = typeof value === 'string' && KQL_DATETIME.test(value) ? Date.parse(value) : NaN
        if (!(ms >= Math.max(hour, fromMs) && ms < Math.min(hour + HOUR_MS, toMs)))
          throw new CloudRequestError(
            'invalidResponse',
            `Log Analytics answered a ${what} time for app ${appId} that is not inside its hour ${hourStart} of the window asked for.`,
          )
        return ms
      }
      const first = seen(row[firstAt], 'first sign-in')
      const last = seen(row[lastAt], 'last sign-in')
      if (first > last)
        throw new CloudRequestError(
          'invalidResponse',
          `Log Analytics answered a first sign-in after the last for app ${appId} in the hour ${hourStart}.`,
        )
      const rawName = row[nameAt]
      if (
        (rawName !== null && typeof rawName !== 'string') ||
        (rawName?.length ?? 0) > MAX_APP_NAME_LENGTH
      )
        throw new CloudRequestError(
          'invalidResponse',
          `Log Analytics answered a name for app ${appId} that is not text of at most ${MAX_APP_NAME_LENGTH} characters.`,
        )
      const name = rawName?.replace(CONTROL_CHARACTERS, ' ').trim() || null
      return {
        appId,
        hourStart,
        success: total - failure,
        failure,
        name,
        firstSeen: new Date(first).toISOString(),
        lastSeen: new Date(last).toISOString(),
      }
    })
  }

  private errorFor(status: number, body: unknown): CloudRequestError {
    const parsed = logAnalyticsErrorSchema.safeParse(body)
    const code = parsed.success ? parsed.data.error.code : null
    const said = parsed.success ? ` Log Analytics said: "${parsed.data.error.message}"` : ''
    if (status === 401 || status === 403)
      return new CloudRequestError(
        'permissionMissing',
        `Log Analytics refused the query on workspace ${this.workspaceId} (${code ?? status}): the signed-in account needs read access to the workspace (for example Log Analytics Reader) and the app the Log Analytics API permission Data.Read with consent. Check the workspace id too.${said}`,
        { status, code, missingScopes: ['Data.Read'] },
      )
    if (status === 404)
      return new CloudRequestError(
        'notFound',
        `Log Analytics workspace ${this.workspaceId} was not found. Check the workspace id in Settings.${said}`,
        { status, code },
      )
    return new CloudRequestError(
      'badRequest',
      `Log Analytics did not accept the query (${status}${code ? ` ${code}` : ''}). This is a bug in Defender Connected Apps; please report it.${said}`,
      { status, code },
    )
  }
}
