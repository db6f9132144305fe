// Microsoft Graph over CloudHttp: URLs for v1.0 and beta, GET with schema validation, paging that
// follows @odata.nextLink whole (and only on Graph's origin), and $batch with per-item retries.
import type { z } from 'zod'
import type { CloudEndpoints } from '../auth/clouds'
import type { RateLimiter } from '../sync/token-bucket'
import { CloudRequestError, graphHttpError } from './errors'
import type { ErrorContext } from './errors'
import { CloudHttp } from './http'
import type { CloudHttpOptions, HttpAnswer } from './http'
import { backoffDelay, defaultBackoff, parseRetryAfter, throwIfAborted } from './retry'
import { batchResponseSchema, collectionSchema, graphErrorSchema } from './schemas'

export type GraphVersion = 'v1.0' | 'beta'

export interface GraphClientOptions extends CloudHttpOptions {
  cloud: Pick<CloudEndpoints, 'graphEndpoint'>
  /** Batches sent at once by batchAll (default 4). */
  batchConcurrency?: number
}

export interface GraphCallOptions {
  version?: GraphVersion
  /** Query options, unencoded: { $select: 'id,appId', $filter: "resourceId eq '…'" }. */
  query?: Record<string, string | number>
  signal?: AbortSignal
  limiter?: RateLimiter
  context: ErrorContext
}

export interface BatchRequest {
  /** Unique within the call; the answer is keyed by it. */
  id: string
  /** Relative to the version root, e.g. `/servicePrincipals/{id}?$select=id,appId`. */
  url: string
}

export interface BatchItemResult {
  status: number
  body: unknown
}

/** Graph's limit on requests in one $batch. */
export const BATCH_LIMIT = 20
const RETRYABLE_ITEM_STATUSES = new Set([429, 502, 503, 504])

/**
 * A nextLink is followed with our bearer token, so it must point back at the Graph we talk to: same
 * origin and under the same base path. Anything else is refused (a token must never go elsewhere).
 */
export function checkNextLink(link: string, graphEndpoint: string): URL {
  let url: URL
  let base: URL
  try {
    url = new URL(link)
    base = new URL(graphEndpoint)
  } catch {
    throw new CloudRequestError(
      'invalidResponse',
      'Graph returned a paging link that is not a valid URL; the query cannot continue.',
    )
  }
  const basePath = base.pathname.replace(/\/+$/, '')
  if (
    url.protocol !== 'https:' ||
    url.origin !== base.origin ||
    !url.pathname.startsWith(`${basePath}/`) ||
    url.username !== '' ||
    url.password !== ''
  ) {
    throw new CloudRequestError(
      'invalidResponse',
      `Graph returned a paging link to ${url.protocol}//${url.host}, outside ${base.origin}; refusing to follow it (the access token would go there).`,
    )
  }
  return url
}

function encodeQuery(query: Record<string, string | number> | undefined): string {
  if (!query) return ''
  const parts = Object.entries(query).map(
    // Graph documents the system query options with a literal '$'; values are percent-encoded.
    ([key, value]) =>
      `${key.startsWith('$') ? key : encodeURIComponent(key)}=${encodeURIComponent(String(value))}`,
  )
  return parts.length > 0 ? `?${parts.join('&')}` : ''
}

function errorParts(body: unknown): { code: string | null; message: string | null } {
  const parsed = graphErrorSchema.safeParse(body)
  return parsed.success
    ? { code: parsed.data.error.code, message: parsed.data.error.message }
    : { code: null, message: null }
}

export class GraphClient {
  readonly http: CloudHttp
  readonly graphEndpoint: string
  private readonly batchConcurrency: number
  private readonly options: GraphClientOptions

  constructor(options: GraphClientOptions) {
    this.options = options
    this.http = new CloudHttp(options)
    this.graphEndpoint = options.cloud.graphEndpoint.replace(/\/+$/, '')
    this.batchConcurrency = Math.max(1, options.batchConcurrency ?? 4)
  }

  url(version: GraphVersion, path: string, query?: Record<string, string | number>): string {
    return `${this.graphEndpoint}/${version}${path.startsWith('/') ? path : `/${path}`}${encodeQuery(query)}`
  }

  /** The error a non-2xx final answer stands for. */
  errorFor(
    answer: Pick<HttpAnswer, 'status' | 'headers' | 'body'>,
    context: ErrorContext,
    wasNextLink = false,
  ): CloudRequestError {
    const { code, message } = errorParts(answer.body)
    const caller = context.caller ?? this.options.tokens.caller
    return graphHttpError(
      answer.status,
      code,
      message,
      answer.headers.get('request-id'),
      caller ? { ...context, caller } : context,
      wasNextLink,
    )
  }

  /** GET one resource and validate it. */
  async get<S extends z.ZodType>(
    path: string,
    schema: S,
    options: GraphCallOptions,
  ): Promise<z.infer<S>> {
    const answer = await this.http.send({
      method: 'GET',
      url: this.url(options.version ?? 'v1.0', path, options.query),
      resource: 'graph',
      context: options.context,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.limiter ? { limiter: options.limiter } : {}),
    })
    if (answer.status < 200 || answer.status >= 300) throw this.errorFor(answer, options.context)
    return validate(schema, answer.body, options.context)
  }

  /**
   * A collection, page by page, following @odata.nextLink exactly as given (it carries the filter and
   * an opaque $skiptoken; rebuilding it would lose state). Each page is validated item by item.
   */
  async *pages<S extends z.ZodType>(
    path: string,
    itemSchema: S,
    options: GraphCallOptions,
  ): AsyncGenerator<z.infer<S>[], void, undefined> {
    const pageSchema = collectionSchema(itemSchema)
    yield* this.pageLoop(path, options, undefined, (body) => {
      const page = validate(pageSchema, body, options.context)
      return { value: page.value as z.infer<S>[], nextLink: page['@odata.nextLink'] }
    })
  }

  /**
   * Like `pages`, but each 2xx body goes as bytes to `decode`, which validates it and returns its
   * items and nextLink (the sign-in pages: decoded on a worker thread). `decode` throws NotJsonError
   * for a body that is not JSON (retried) and CloudRequestError 'invalidResponse' for a wrong shape.
   */
  async *decodedPages<T>(
    path: string,
    decode: (body: ArrayBuffer) => Promise<DecodedPage<T>>,
    options: GraphCallOptions,
  ): AsyncGenerator<T, void, undefined> {
    yield* this.pageLoop(path, options, decode, (body) => {
      if (body === null)
        throw new CloudRequestError(
          'invalidResponse',
          `The answer while ${options.context.operation} did not have the documented shape ((root): empty body). The API may have changed; please report it.`,
        )
      return body as DecodedPage<T>
    })
  }

  private async *pageLoop<T>(
    path: string,
    options: GraphCallOptions,
    decode: ((body: ArrayBuffer) => Promise<unknown>) | undefined,
    read: (body: unknown) => DecodedPage<T>,
  ): AsyncGenerator<T, void, undefined> {
    let url: string | undefined = this.url(options.version ?? 'v1.0', path, options.query)
    let followingLink = false
    while (url !== undefined) {
      throwIfAborted(options.signal)
      const answer = await this.http.send({
        method: 'GET',
        url,
        resource: 'graph',
        context: options.context,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.limiter ? { limiter: options.limiter } : {}),
        ...(decode ? { decode } : {}),
      })
      if (answer.status < 200 || answer.status >= 300)
        throw this.errorFor(answer, options.context, followingLink)
      const page = read(answer.body)
      const next = page.nextLink
      url = next === undefined ? undefined : checkNextLink(next, this.graphEndpoint).href
      followingLink = true
      yield page.value
    }
  }

  async getAll<S extends z.ZodType>(
    path: string,
    itemSchema: S,
    options: GraphCallOptions,
  ): Promise<z.infer<S>[]> {
    const all: z.infer<S>[] = []
    for await (const page of this.pages(path, itemSchema, options)) all.push(...page)
    return all
  }

  /**
   * GETs through $batch, 20 a batch, several batches at once. Each item is throttled on its own and may
   * answer 429/503/504 while the others succeed: those items go again, after their Retry-After (or a
   * backoff), in a later round. The map holds every item's final status and body; the caller decides
   * which statuses are fine (a 404 for a third-party app's application object is).
   */
  async batch(
    requests: readonly BatchRequest[],
    options: Omit<GraphCallOptions, 'query' | 'limiter'>,
  ): Promise<Map<string, BatchItemResult>> {
    const results = new Map<string, BatchItemResult>()
    const maxRounds = Math.max(1, this.options.maxAttempts ?? 8)
    const clock = this.http.clock
    let pending = [...requests]
    for (let round = 1; pending.length > 0; round++) {
      const chunks: BatchRequest[][] = []
      for (let i = 0; i < pending.length; i += BATCH_LIMIT)
        chunks.push(pending.slice(i, i + BATCH_LIMIT))
      const retry: BatchRequest[] = []
      let waitMs = 0
      await runPool(chunks, this.batchConcurrency, async (chunk) => {
        const answers = await this.sendBatch(chunk, options)
        for (const request of chunk) {
          const item = answers.get(request.id)
          if (!item) {
            // Graph must answer every id; a missing one is retried like a transient failure.
            retry.push(request)
            continue
          }
          if (RETRYABLE_ITEM_STATUSES.has(item.status) && round < maxRounds) {
            retry.push(request)
            const after = parseRetryAfter(item.retryAfter, clock.now())
            waitMs = Math.max(
              waitMs,
              after ?? backoffDelay(round, this.options.backoff ?? defaultBackoff),
            )
            continue
          }
          results.set(request.id, { status: item.status, body: item.body })
        }
      })
      if (retry.length > 0 && round >= maxRounds) {
        for (const request of retry)
          if (!results.has(request.id)) results.set(request.id, { status: 503, body: null })
        break
      }
      pending = retry
      if (pending.length > 0) await clock.sleep(waitMs, options.signal)
    }
    return results
  }

  private async sendBatch(
    chunk: readonly BatchRequest[],
    options: Omit<GraphCallOptions, 'query' | 'limiter'>,
  ): Promise<Map<string, { status: number; body: unknown; retryAfter: string | null }>> {
    const answer = await this.http.send({
      method: 'POST',
      url: this.url(options.version ?? 'v1.0', '/$batch'),
      body: { requests: chunk.map((r) => ({ id: r.id, method: 'GET', url: r.url })) },
      resource: 'graph',
      context: options.context,
      ...(options.signal ? { signal: options.signal } : {}),
    })
    if (answer.status < 200 || answer.status >= 300) throw this.errorFor(answer, options.context)
    const parsed = validate(batchResponseSchema, answer.body, options.context)
    const map = new Map<string, { status: number; body: unknown; retryAfter: string | null }>()
    for (const r of parsed.responses) {
      const headers = r.headers ?? {}
      const retryAfter =
        Object.entries(headers).find(([k]) => k.toLowerCase() === 'retry-after')?.[1] ?? null
      map.set(r.id, { status: r.status, body: r.body, retryAfter })
    }
    return map
  }
}

/** One page as a `decodedPages` decoder returns it. */
export interface DecodedPage<T> {
  value: T
  nextLink: string | undefined
}

export function validate<S extends z.ZodType>(
  schema: S,
  body: unknown,
  context: ErrorContext,
): z.infer<S> {
  const parsed = schema.safeParse(body)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown'
  throw new CloudRequestError(
    'invalidResponse',
    `The answer while ${context.operation} did not have the documented shape (${where}). The API may have changed; please report it.`,
  )
}

/** Runs `work` over `items` with at most `concurrency` in flight; the first failure rejects. */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!
      await work(item)
    }
  })
  await Promise.all(workers)
}
