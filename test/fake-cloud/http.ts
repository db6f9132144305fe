// Request/response plumbing shared by the fake services, plus per-test faults and the reports throttle.
import type { IncomingMessage } from 'node:http'

export type Service = 'entra' | 'graph' | 'logAnalytics'

export interface FakeRequest {
  method: string
  /** Path without the query string, percent-decoded. */
  path: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  body: Buffer
  /** The raw request target, for nextLink/$batch rewriting. */
  rawUrl: string
  /**
   * Fake time the request reached the server, before its body was read or any other request's work
   * ran: what the reports throttle counts, as Graph's gateway counts a request when it arrives.
   */
  arrivedAt?: number
}

export interface FakeResponse {
  status: number
  headers?: Record<string, string>
  body?: string | Buffer | object
}

export function json(
  status: number,
  body: object,
  headers: Record<string, string> = {},
): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body,
  }
}

export function html(status: number, body: string): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body,
  }
}

export function formBody(req: FakeRequest): URLSearchParams {
  return new URLSearchParams(req.body.toString('utf8'))
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

export type FaultKind =
  /** Answer with this status (a Graph/OData error body; 429/503 carry Retry-After when given). */
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  /** A Graph error answer with this status, `error.code` and `error.message` (Graph only). */
  | { kind: 'graphError'; status: number; code: string; message: string }
  /** Destroy the connection before answering. */
  | { kind: 'reset' }
  /** Send the real answer in chunks with a pause between them (wall-clock). */
  | { kind: 'slowBody'; chunkBytes?: number; delayMs?: number }
  /** Announce the full Content-Length, send only part of the body, then cut the connection. */
  | { kind: 'truncatedBody'; keepBytes?: number }
  /** The next request that follows a nextLink ($skiptoken) is told the token expired. */
  | { kind: 'expiredNextLink' }
  /** A 200 whose body is not JSON (a proxy's HTML error page, say). */
  | { kind: 'invalidJson' }
  /**
   * The real answer with its items' shape changed: `extra` adds unknown fields (must be tolerated),
   * `null` nulls optional ones, `missing` drops a required field from one item.
   */
  | { kind: 'schemaDrift'; mode: 'extra' | 'null' | 'missing' }

export interface FaultRule {
  service?: Service
  method?: string
  /** Matched against the path (string: substring). */
  path?: string | RegExp
  /** How many matching requests it hits (default 1; Infinity for all). */
  times?: number
  fault: FaultKind
}

interface ActiveRule extends FaultRule {
  remaining: number
}

export class Faults {
  private rules: ActiveRule[] = []

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, remaining: rule.times ?? 1 })
  }

  clear(): void {
    this.rules = []
  }

  /** The first matching rule with hits left, consumed. */
  take(service: Service, req: FakeRequest): FaultKind | null {
    for (const rule of this.rules) {
      if (rule.remaining <= 0) continue
      if (rule.service && rule.service !== service) continue
      if (rule.method && rule.method.toUpperCase() !== req.method) continue
      if (rule.path !== undefined) {
        const matches =
          typeof rule.path === 'string' ? req.path.includes(rule.path) : rule.path.test(req.path)
        if (!matches) continue
      }
      if (
        rule.fault.kind === 'expiredNextLink' &&
        !req.query.has('$skiptoken') &&
        !req.query.has('$skipToken')
      )
        continue
      rule.remaining--
      return rule.fault
    }
    return null
  }

  get pending(): number {
    return this.rules.reduce((n, r) => n + (r.remaining > 0 ? 1 : 0), 0)
  }
}

export interface ThrottleLimits {
  /** Requests allowed per window per app per tenant (Graph identity and access reports: 5). */
  requests: number
  /** Window length in fake-clock milliseconds (10,000). */
  windowMs: number
}

/** Sliding-window budget per (tenant, app), on the fake clock. */
export class Throttle {
  private readonly seen = new Map<string, number[]>()

  limits: ThrottleLimits | null

  constructor(limits: ThrottleLimits | null) {
    this.limits = limits
  }

  /**
   * Records a request that arrived at `nowMs` and returns 0, or the seconds to wait when over budget
   * (not recorded). Requests may be taken slightly out of arrival order (one waited for its body while
   * another was handled): a request is refused if any window holding it — the one ending at its
   * arrival, or one ending at a later arrival already counted — would then hold more than the limit.
   */
  take(tenantId: string, appId: string, nowMs: number): number {
    if (!this.limits) return 0
    const { requests, windowMs } = this.limits
    const key = `${tenantId}/${appId}`
    // Keep a window more than this arrival's: a request handled late (by less than a window) still
    // finds the arrivals its own window held.
    const times = (this.seen.get(key) ?? []).filter((t) => t > nowMs - 2 * windowMs)
    this.seen.set(key, times)
    const at = times.findIndex((t) => t > nowMs)
    const withThis = [...times]
    withThis.splice(at < 0 ? times.length : at, 0, nowMs)
    const ends = withThis.filter((t) => t >= nowMs && t < nowMs + windowMs)
    const overfull = ends.some(
      (end) => withThis.filter((t) => t > end - windowMs && t <= end).length > requests,
    )
    if (overfull) {
      const oldest = withThis.find((t) => t > nowMs - windowMs)!
      return Math.max(1, Math.ceil((oldest + windowMs - nowMs) / 1000))
    }
    this.seen.set(key, withThis)
    return 0
  }

  /** The arrival times (fake ms) the window counts for (tenant, app) at `nowMs`, oldest first. */
  counted(tenantId: string, appId: string, nowMs: number): number[] {
    if (!this.limits) return []
    const windowStart = nowMs - this.limits.windowMs
    return (this.seen.get(`${tenantId}/${appId}`) ?? []).filter(
      (t) => t > windowStart && t <= nowMs,
    )
  }

  reset(): void {
    this.seen.clear()
  }
}
