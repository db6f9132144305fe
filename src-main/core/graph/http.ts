// The request pipeline Graph and Log Analytics share: bearer token, limiter, per-request timeout,
// retries with jittered exponential backoff for 429/502/503/504, network errors, timeouts and cut-off
// bodies, Retry-After honoured (and handed to the limiter), one token re-acquisition on 401.
// It returns the final answer with its JSON body; deciding what a 4xx means is the caller's job.
import { randomUUID } from 'node:crypto'
import type { TokenProvider, TokenResource } from '../auth/auth-service'
import type { Logger } from '../log'
import type { RateLimiter } from '../sync/token-bucket'
import { CloudRequestError } from './errors'
import type { ErrorContext } from './errors'
import type { BackoffPolicy, Clock } from './retry'
import {
  abortReason,
  backoffDelay,
  defaultBackoff,
  parseRetryAfter,
  systemClock,
  throwIfAborted,
} from './retry'
import { createTransport } from './transport'
import type { FetchLike } from './transport'

export interface CloudHttpOptions {
  tokens: TokenProvider
  /** Transport; default: global fetch, or node:https with `ca` when given. */
  fetch?: FetchLike
  /** Extra trusted root (PEM) for TLS-inspecting proxies; ignored when `fetch` is given. */
  ca?: string
  /** Wall-clock limit for one attempt, headers and body (default 60 s: sign-in pages can be slow). */
  timeoutMs?: number
  /** Attempts per request, the first included (default 8). */
  maxAttempts?: number
  backoff?: BackoffPolicy
  /** A Retry-After longer than this ends the request as `throttled` instead of waiting (default 5 min). */
  maxRetryAfterMs?: number
  /** Waits (backoff, Retry-After) use this clock; tests and the bench inject a fake or scaled one. */
  clock?: Clock
  random?: () => number
  log?: Logger
  userAgent?: string
}

export interface HttpCall {
  method: 'GET' | 'POST'
  url: string
  /** Sent as JSON. */
  body?: unknown
  resource: TokenResource
  signal?: AbortSignal
  /** Taken before every attempt (retries count against the service's budget too). */
  limiter?: RateLimiter
  context: ErrorContext
  /**
   * Reads a non-empty 2xx body instead of JSON.parse (e.g. on a worker thread: the bytes are handed
   * over undecoded). Throw `NotJsonError` for a body that is not JSON: it is retried like any damaged
   * answer. Its result is the answer's `body`.
   */
  decode?: (body: ArrayBuffer) => Promise<unknown>
}

/** Thrown by an `HttpCall.decode` for a body that is not JSON (cut short, a proxy's page). */
export class NotJsonError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'NotJsonError'
  }
}

export interface HttpAnswer {
  status: number
  headers: Headers
  /** Parsed JSON; null for an empty or non-JSON error body. */
  body: unknown
  attempts: number
}

/** Statuses worth another attempt: throttling and the gateway/availability family. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504])

class AttemptTimeout extends Error {
  constructor(ms: number) {
    super(`no complete answer within ${ms} ms`)
    this.name = 'TimeoutError'
  }
}

type Failure =
  | { kind: 'network'; cause: unknown }
  | { kind: 'timeout'; cause: unknown }
  | { kind: 'status'; status: number; retryAfterMs: number | null; requestId: string | null }
  | { kind: 'invalidJson'; status: number; requestId: string | null }

export class CloudHttp {
  private readonly tokens: TokenProvider
  private readonly transport: FetchLike
  readonly clock: Clock
  private readonly timeoutMs: number
  private readonly maxAttempts: number
  private readonly backoff: BackoffPolicy
  private readonly maxRetryAfterMs: number
  private readonly random: () => number
  private readonly log: Logger | undefined
  private readonly userAgent: string

  constructor(options: CloudHttpOptions) {
    this.tokens = options.tokens
    this.transport = options.fetch ?? createTransport(options.ca ? { ca: options.ca } : {})
    this.clock = options.clock ?? systemClock
    this.timeoutMs = options.timeoutMs ?? 60_000
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 8)
    this.backoff = options.backoff ?? defaultBackoff
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 300_000
    this.random = options.random ?? Math.random
    this.log = options.log
    this.userAgent = options.userAgent ?? 'DefenderConnectedApps/0.1'
  }

  async send(call: HttpCall): Promise<HttpAnswer> {
    // One id for every attempt of this call, so a support case can find all of them.
    const clientRequestId = randomUUID()
    const body = call.body === undefined ? undefined : JSON.stringify(call.body)
    let reauthenticated = false
    let failure: Failure | null = null
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(call.signal)
      if (failure) {
        // Not the first attempt: wait as the failure asks, unless attempts are used up.
        if (attempt > this.maxAttempts) throw this.exhausted(failure, call.context, attempt - 1)
        const waitMs =
          failure.kind === 'status' && failure.retryAfterMs !== null
            ? failure.retryAfterMs
            : backoffDelay(attempt - 1, this.backoff, this.random)
        this.log?.debug(
          `retrying ${call.method} ${pathOf(call.url)} (${describeFailure(failure)}) in ${waitMs} ms`,
        )
        await this.clock.sleep(waitMs, call.signal)
      }
      // After a 401 the cached token is not trusted again: the service judged it expired or revoked
      // (a clock that runs behind Entra's does this), so the provider fetches a fresh one.
      const token = await this.tokens.getAccessToken(call.resource, call.signal, reauthenticated ? { forceRefresh: true } : undefined)
      const lease = call.limiter ? await call.limiter.acquire(call.signal) : null
      const timeout = new AbortController()
      const timer = setTimeout(
        () => timeout.abort(new AttemptTimeout(this.timeoutMs)),
        this.timeoutMs,
      )
      const signal = call.signal ? AbortSignal.any([call.signal, timeout.signal]) : timeout.signal
      let response: Response
      let text: string
      let bytes: ArrayBuffer | null = null
      try {
        const headers: Record<string, string> = {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          'client-request-id': clientRequestId,
          'user-agent': this.userAgent,
        }
        if (body !== undefined) headers['content-type'] = 'application/json'
        response = await this.transport(call.url, {
          method: call.method,
          headers,
          ...(body !== undefined ? { body } : {}),
          signal,
        })
        // Reading the whole body inside the try: a connection cut mid-body fails here, not later.
        if (call.decode) {
          bytes = await response.arrayBuffer()
          text = ''
        } else text = await response.text()
      } catch (error) {
        if (call.signal?.aborted) throw abortReason(call.signal)
        failure = timeout.signal.aborted
          ? { kind: 'timeout', cause: error }
          : { kind: 'network', cause: error }
        continue
      } finally {
        clearTimeout(timer)
        lease?.release()
      }

      const status = response.status
      const requestId = response.headers.get('request-id')
      if (status === 401 && !reauthenticated) {
        reauthenticated = true
        failure = null
        attempt--
        continue
      }
      if (RETRYABLE_STATUSES.has(status)) {
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.clock.now())
        if (status === 429) {
          call.limiter?.pause(retryAfterMs ?? backoffDelay(attempt, this.backoff, this.random))
          if (retryAfterMs !== null && retryAfterMs > this.maxRetryAfterMs)
            throw new CloudRequestError(
              'throttled',
              `Graph asked us to wait ${Math.ceil(retryAfterMs / 1000)} s before ${call.context.operation}. Try again later.`,
              { status, requestId, attempts: attempt, retryAfterMs },
            )
        }
        failure = { kind: 'status', status, retryAfterMs, requestId }
        continue
      }
      let parsed: unknown = null
      if (bytes !== null && call.decode) {
        if (status >= 200 && status < 300) {
          if (bytes.byteLength > 0) {
            try {
              parsed = await call.decode(bytes)
            } catch (error) {
              if (!(error instanceof NotJsonError)) throw error
              failure = { kind: 'invalidJson', status, requestId }
              continue
            }
          }
          return { status, headers: response.headers, body: parsed, attempts: attempt }
        }
        text = new TextDecoder().decode(bytes)
      }
      if (text.length > 0) {
        try {
          parsed = JSON.parse(text)
        } catch {
          if (status >= 200 && status < 300) {
            // A 2xx that is not JSON is a damaged answer (proxy page, cut body): worth another go.
            failure = { kind: 'invalidJson', status, requestId }
            continue
          }
        }
      }
      return { status, headers: response.headers, body: parsed, attempts: attempt }
    }
  }

  private exhausted(failure: Failure, context: ErrorContext, attempts: number): CloudRequestError {
    switch (failure.kind) {
      case 'network':
        return new CloudRequestError(
          'networkDown',
          `Could not reach the service while ${context.operation} (${attempts} attempts: ${errorText(failure.cause)}). Check the network connection or proxy, then sync again.`,
          { attempts, cause: failure.cause },
        )
      case 'timeout':
        return new CloudRequestError(
          'timeout',
          `The service did not answer in time while ${context.operation} (${attempts} attempts). The network may be slow or the service busy; sync again later.`,
          { attempts, cause: failure.cause },
        )
      case 'invalidJson':
        return new CloudRequestError(
          'invalidResponse',
          `The service's answer while ${context.operation} was not valid JSON (${attempts} attempts). A proxy may be rewriting responses.`,
          { status: failure.status, requestId: failure.requestId, attempts },
        )
      case 'status':
        return failure.status === 429
          ? new CloudRequestError(
              'throttled',
              `Graph kept throttling ${context.operation} after ${attempts} attempts. Wait a few minutes and sync again.`,
              {
                status: 429,
                requestId: failure.requestId,
                attempts,
                retryAfterMs: failure.retryAfterMs,
              },
            )
          : new CloudRequestError(
              'serviceUnavailable',
              `The service answered ${failure.status} to every attempt while ${context.operation} (${attempts} attempts). Try again later; Microsoft's service health page may show an incident.`,
              { status: failure.status, requestId: failure.requestId, attempts },
            )
    }
  }
}

function describeFailure(failure: Failure): string {
  switch (failure.kind) {
    case 'status':
      return `status ${failure.status}`
    case 'invalidJson':
      return 'invalid JSON'
    default:
      return `${failure.kind}: ${errorText(failure.cause)}`
  }
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = (error as { cause?: unknown }).cause
  const code = (cause as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown }).code
  return typeof code === 'string' ? `${error.message} (${code})` : error.message
}

/** The URL without its query (which may hold filters, never tokens, but is long and noisy). */
function pathOf(url: string): string {
  const i = url.indexOf('?')
  return i < 0 ? url : url.slice(0, i)
}
