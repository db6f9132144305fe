// Fake Azure Monitor Log Analytics query API. Not a KQL engine: it recognises the product's one
// aggregation shape (see README) over the sign-in tables and answers it from the demo tenant.
import { randomUUID } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { hourCounts, hourEvents, hourSignInSpan, HOUR_MS } from '../../src-main/core/demo'
import type { SignInEventType } from '../../src-main/core/sources/types'
import { MDE_RESOURCE_APP_ID } from '../../src-main/core/sources/types'
import type { FakeClock } from './clock'
import type { FakeTenant } from './directory'
import type { FakeRequest, FakeResponse } from './http'
import { json } from './http'
import { decodeJwt, verifyJwtSignature } from './jwt'

export const MAX_ROWS = 500_000

const tables: Record<string, SignInEventType> = {
  AADServicePrincipalSignInLogs: 'servicePrincipal',
  AADManagedIdentitySignInLogs: 'managedIdentity',
  AADNonInteractiveUserSignInLogs: 'nonInteractiveUser',
  SigninLogs: 'interactiveUser',
}

class QueryError extends Error {
  readonly status: number
  readonly code: string
  readonly inner: { code: string; message: string } | undefined

  constructor(
    status: number,
    code: string,
    message: string,
    inner?: { code: string; message: string },
  ) {
    super(message)
    this.status = status
    this.code = code
    this.inner = inner
  }
}

/** One aggregation of the summarize stage: the output column and what it computes. */
export interface Aggregation {
  column: string
  kind: 'count' | 'failures' | 'first' | 'last' | 'name'
}

export interface RecognisedQuery {
  eventTypes: SignInEventType[]
  fromMs: number
  toMs: number
  resourceId: string | null
  appId: string | null
  binMs: number
  aggregations: Aggregation[]
}

/** The name columns an `extend` may coalesce (user tables, then service principal tables). */
const NAME_COLUMNS = ['AppDisplayName', 'ServicePrincipalName']

/** Splits on commas outside parentheses and quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = []
  let depth = 0
  let quote: string | null = null
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quote) {
      if (c === quote) quote = null
    } else if (c === "'" || c === '"') quote = c
    else if (c === '(') depth++
    else if (c === ')') depth--
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim())
      start = i + 1
    }
  }
  parts.push(text.slice(start).trim())
  return parts
}

/** `Col = coalesce(column_ifexists('AppDisplayName', ''), column_ifexists('ServicePrincipalName', ''))`. */
function recogniseNameExtend(expression: string): string | null {
  const m = expression.match(/^(\w+) ?= ?coalesce\((.+)\)$/)
  if (!m) return null
  const sources = splitTopLevel(m[2]!).map((arg) =>
    arg.match(/^column_ifexists\((['"])(\w+)\1, ?(['"])\3\)$/),
  )
  const names = sources.map((arg) => arg?.[2])
  if (
    names.length !== NAME_COLUMNS.length ||
    !NAME_COLUMNS.every((column) => names.includes(column))
  )
    return null
  return m[1]!
}

function syntax(message: string): QueryError {
  return new QueryError(400, 'BadArgumentError', 'The request had some invalid properties', {
    code: 'SyntaxError',
    message: `${message} The fake Log Analytics answers only the aggregation shape in test/fake-cloud/README.md; it is not a KQL engine.`,
  })
}

function datetime(text: string): number {
  const ms = Date.parse(text)
  if (!Number.isFinite(ms)) throw syntax(`Invalid datetime literal '${text}'.`)
  return ms
}

/** ISO 8601 duration (PnDTnHnMnS subset) in ms. */
function duration(text: string): number {
  const m = text.match(/^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/)
  if (!m || text === 'P' || text === 'PT') throw syntax(`Invalid timespan duration '${text}'.`)
  return (
    ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60_000 +
    Number(m[4] ?? 0) * 1000
  )
}

export function parseTimespan(
  timespan: string | undefined,
  nowMs: number,
): { fromMs: number; toMs: number } {
  if (!timespan) return { fromMs: -Infinity, toMs: Infinity }
  const [a, b] = timespan.split('/')
  if (b === undefined) return { fromMs: nowMs - duration(a!), toMs: nowMs }
  const from = a!.startsWith('P') ? null : datetime(a!)
  const to = b.startsWith('P') ? null : datetime(b)
  if (from !== null && to !== null) return { fromMs: from, toMs: to }
  if (from !== null) return { fromMs: from, toMs: from + duration(b) }
  if (to !== null) return { fromMs: to - duration(a!), toMs: to }
  throw syntax(`Invalid timespan '${timespan}'.`)
}

export function recogniseQuery(query: string): RecognisedQuery {
  const stages = query
    .replace(/\s+/g, ' ')
    .trim()
    .split('|')
    .map((s) => s.trim())
  const source = stages.shift() ?? ''
  let names: string[]
  const union = source.match(/^union (.+)$/)
  if (union) names = union[1]!.split(',').map((n) => n.trim())
  else names = [source]
  const eventTypes: SignInEventType[] = []
  for (const name of names) {
    const type = tables[name]
    if (!type) throw syntax(`Unknown table '${name}': expected ${Object.keys(tables).join(', ')}.`)
    eventTypes.push(type)
  }
  const result: RecognisedQuery = {
    eventTypes,
    fromMs: -Infinity,
    toMs: Infinity,
    resourceId: null,
    appId: null,
    binMs: 0,
    aggregations: [],
  }
  const last = stages.pop()
  if (!last) throw syntax('The query must end with a summarize stage.')
  let nameColumn: string | null = null
  for (const stage of stages) {
    const extend = stage.match(/^extend (.+)$/)
    if (extend) {
      nameColumn = recogniseNameExtend(extend[1]!.trim())
      if (!nameColumn)
        throw syntax(
          `Unsupported extend '${extend[1]}': expected Col = coalesce(column_ifexists('AppDisplayName', ''), column_ifexists('ServicePrincipalName', '')).`,
        )
      continue
    }
    const where = stage.match(/^where (.+)$/)
    if (!where) throw syntax(`Unsupported stage '${stage}'.`)
    for (const condition of where[1]!.split(/ and /i)) {
      const c = condition.trim().replace(/^\((.*)\)$/, '$1')
      let m: RegExpMatchArray | null
      if ((m = c.match(/^TimeGenerated (>=|>|<|<=) datetime\(([^)]+)\)$/))) {
        const ms = datetime(m[2]!.trim())
        if (m[1] === '>=') result.fromMs = Math.max(result.fromMs, ms)
        else if (m[1] === '>') result.fromMs = Math.max(result.fromMs, ms + 1)
        else if (m[1] === '<') result.toMs = Math.min(result.toMs, ms)
        else result.toMs = Math.min(result.toMs, ms + 1)
      } else if ((m = c.match(/^(ResourceIdentity|AppId) == (['"])([0-9a-fA-F-]{36})\2$/))) {
        if (m[1] === 'ResourceIdentity') result.resourceId = m[3]!.toLowerCase()
        else result.appId = m[3]!.toLowerCase()
      } else {
        throw syntax(`Unsupported condition '${c}'.`)
      }
    }
  }
  const summarize = last.match(/^summarize (.+) by AppId, ?bin\(TimeGenerated, ?(\d+)([hd])\)$/)
  if (!summarize) throw syntax(`Unsupported final stage '${last}'.`)
  for (const aggregation of splitTopLevel(summarize[1]!)) {
    const m = aggregation.match(/^(\w+) ?= ?(.+)$/)
    const expression = m?.[2]!.replace(/\s+/g, ' ') ?? ''
    let kind: Aggregation['kind'] | null = null
    if (expression === 'count()') kind = 'count'
    else if (/^countif\(ResultType ?!= ?(?:"0"|'0'|0)\)$/.test(expression)) kind = 'failures'
    else if (expression === 'min(TimeGenerated)') kind = 'first'
    else if (expression === 'max(TimeGenerated)') kind = 'last'
    else {
      const take = expression.match(/^take_anyif\((\w+), ?isnotempty\((\w+)\)\)$/)
      if (take && nameColumn && take[1] === nameColumn && take[2] === nameColumn) kind = 'name'
    }
    if (!m || !kind)
      throw syntax(
        `Unsupported aggregation '${aggregation}': expected count(), countif(ResultType != "0"), min(TimeGenerated), max(TimeGenerated) or take_anyif(Name, isnotempty(Name)) of the extended name.`,
      )
    result.aggregations.push({ column: m[1]!, kind })
  }
  const size = Number(summarize[2])
  result.binMs = size * (summarize[3] === 'h' ? HOUR_MS : 24 * HOUR_MS)
  if (!(result.binMs === HOUR_MS || result.binMs === 24 * HOUR_MS || result.binMs === 6 * HOUR_MS))
    throw syntax('bin() must be 1h, 6h or 1d.')
  return result
}

export class FakeLogAnalytics {
  private readonly clock: FakeClock
  private readonly tenants: FakeTenant[]
  private readonly verifyKey: KeyObject
  private readonly audiences: () => string[]

  constructor(
    clock: FakeClock,
    tenants: FakeTenant[],
    verifyKey: KeyObject,
    audiences: () => string[],
  ) {
    this.clock = clock
    this.tenants = tenants
    this.verifyKey = verifyKey
    this.audiences = audiences
  }

  async handle(req: FakeRequest): Promise<FakeResponse | null> {
    const m = req.path.match(/^\/loganalytics\/v1\/workspaces\/([^/]+)\/query$/)
    if (!m) return null
    try {
      const tenant = this.authenticate(req.headers.authorization, m[1]!)
      let query: string | undefined
      let timespan: string | undefined
      if (req.method === 'POST') {
        let body: unknown
        try {
          body = JSON.parse(req.body.toString('utf8'))
        } catch {
          throw new QueryError(400, 'BadArgumentError', 'The request body is not valid JSON.')
        }
        const b = body as { query?: unknown; timespan?: unknown }
        query = typeof b.query === 'string' ? b.query : undefined
        timespan = typeof b.timespan === 'string' ? b.timespan : undefined
      } else if (req.method === 'GET') {
        query = req.query.get('query') ?? undefined
        timespan = req.query.get('timespan') ?? undefined
      } else throw new QueryError(405, 'MethodNotAllowed', 'Use GET or POST.')
      if (!query)
        throw new QueryError(
          400,
          'BadArgumentError',
          "The request had some invalid properties: 'query' is required.",
        )
      return this.answer(tenant, recogniseQuery(query), parseTimespan(timespan, this.clock.now()))
    } catch (error) {
      if (!(error instanceof QueryError)) throw error
      return json(error.status, {
        error: {
          message: error.message,
          code: error.code,
          correlationId: randomUUID(),
          ...(error.inner ? { innererror: error.inner } : {}),
        },
      })
    }
  }

  private authenticate(header: string | undefined, workspaceId: string): FakeTenant {
    if (!header?.startsWith('Bearer '))
      throw new QueryError(
        401,
        'AuthorizationRequiredError',
        'Valid authentication was not provided',
      )
    const parts = decodeJwt(header.slice(7).trim())
    const p = parts?.payload
    if (!parts || !p || !verifyJwtSignature(parts, this.verifyKey))
      throw new QueryError(
        401,
        'InvalidTokenError',
        'The provided authentication is not valid for this resource',
      )
    if (typeof p['exp'] !== 'number' || p['exp'] <= this.clock.now() / 1000)
      throw new QueryError(
        401,
        'InvalidTokenError',
        'The provided authentication is not valid for this resource: the token is expired',
      )
    if (typeof p['aud'] !== 'string' || !this.audiences().includes(p['aud']))
      throw new QueryError(
        401,
        'InvalidTokenError',
        'The provided authentication is not valid for this resource: wrong audience',
      )
    const tenant = this.tenants.find((t) => t.id === p['tid'])
    const scopes =
      typeof p['scp'] === 'string'
        ? p['scp'].split(' ')
        : Array.isArray(p['roles'])
          ? (p['roles'] as string[])
          : []
    if (
      !tenant ||
      tenant.logAnalyticsWorkspaceId !== workspaceId ||
      !scopes.includes('Data.Read')
    ) {
      throw new QueryError(
        403,
        'InsufficientAccessError',
        'The provided credentials have insufficient access to perform the requested operation',
      )
    }
    return tenant
  }

  private answer(
    tenant: FakeTenant,
    q: RecognisedQuery,
    span: { fromMs: number; toMs: number },
  ): FakeResponse {
    const nowMs = this.clock.now()
    const fromMs = Math.max(q.fromMs, span.fromMs, nowMs - 730 * 24 * HOUR_MS)
    const toMs = Math.min(q.toMs, span.toMs, nowMs)
    const demo = tenant.demo
    const columnType: Record<Aggregation['kind'], string> = {
      count: 'long',
      failures: 'long',
      first: 'datetime',
      last: 'datetime',
      name: 'string',
    }
    const columns = [
      { name: 'AppId', type: 'string' },
      { name: 'TimeGenerated', type: 'datetime' },
      ...q.aggregations.map((a) => ({ name: a.column, type: columnType[a.kind] })),
    ]
    const wantsTimes = q.aggregations.some((a) => a.kind === 'first' || a.kind === 'last')
    const rows: Array<Array<string | number>> = []
    const resourceMatches = q.resourceId === null || q.resourceId === MDE_RESOURCE_APP_ID
    if (resourceMatches && toMs > fromMs) {
      const types = new Set(q.eventTypes)
      const apps = q.appId === null ? demo.apps : demo.apps.filter((a) => a.appId === q.appId)
      const names = new Map(demo.apps.map((a) => [a.appId, a.displayName]))
      interface Bin {
        total: number
        failures: number
        firstMs: number
        lastMs: number
        appId: string
        bin: number
      }
      const bins = new Map<string, Bin>()
      const add = (
        appId: string,
        ms: number,
        total: number,
        failures: number,
        firstMs: number,
        lastMs: number,
      ) => {
        const bin = Math.floor(ms / q.binMs) * q.binMs
        const key = `${appId}|${bin}`
        const entry = bins.get(key)
        if (entry) {
          entry.total += total
          entry.failures += failures
          entry.firstMs = Math.min(entry.firstMs, firstMs)
          entry.lastMs = Math.max(entry.lastMs, lastMs)
        } else bins.set(key, { total, failures, firstMs, lastMs, appId, bin })
      }
      const firstHour = Math.floor(fromMs / HOUR_MS)
      const lastHour = Math.ceil(toMs / HOUR_MS) - 1
      for (let hour = firstHour; hour <= lastHour; hour++) {
        const whole = hour * HOUR_MS >= fromMs && (hour + 1) * HOUR_MS <= toMs
        if (whole) {
          for (const app of apps) {
            let total = 0
            let failures = 0
            for (const block of hourCounts(demo, app, hour)) {
              if (!types.has(block.type)) continue
              total += block.success + block.failure
              failures += block.failure
            }
            if (total === 0) continue
            const span = wantsTimes ? hourSignInSpan(demo, app, hour, types) : null
            const start = hour * HOUR_MS
            add(app.appId, start, total, failures, span?.firstMs ?? start, span?.lastMs ?? start)
          }
        } else {
          for (const e of hourEvents(demo, hour, { apps, eventTypes: types, fromMs, toMs })) {
            const ms = Date.parse(e.createdDateTime)
            add(e.appId, ms, 1, e.errorCode === 0 ? 0 : 1, ms, ms)
          }
        }
      }
      const sorted = [...bins.values()].sort(
        (a, b) => a.bin - b.bin || a.appId.localeCompare(b.appId),
      )
      const value = (b: Bin, kind: Aggregation['kind']): string | number => {
        if (kind === 'count') return b.total
        if (kind === 'failures') return b.failures
        if (kind === 'first') return new Date(b.firstMs).toISOString()
        if (kind === 'last') return new Date(b.lastMs).toISOString()
        return names.get(b.appId) ?? ''
      }
      for (const b of sorted)
        rows.push([
          b.appId,
          new Date(b.bin).toISOString(),
          ...q.aggregations.map((a) => value(b, a.kind)),
        ])
    }
    const body: Record<string, unknown> = {
      tables: [{ name: 'PrimaryResult', columns, rows: rows.slice(0, MAX_ROWS) }],
    }
    if (rows.length > MAX_ROWS) {
      body['error'] = {
        code: 'PartialError',
        message: 'There were some errors when processing your query.',
        details: [
          {
            code: 'EngineError',
            message: `Query result set has exceeded the internal record count limit ${MAX_ROWS} records.`,
          },
        ],
      }
    }
    return json(200, body)
  }
}
