// One HTTPS server for the whole fake Microsoft cloud: Entra at /{tenant}/..., Graph at /graph/...,
// Log Analytics at /loganalytics/...; a test CA minted at start; a controllable clock; faults.
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo, Socket } from 'node:net'
import { FakeClock } from './clock'
import { createFakeTenant } from './directory'
import type { FakeTenant, FakeTenantOptions } from './directory'
import { FakeEntra } from './entra'
import type { EntraOptions } from './entra'
import { FakeGraph, GraphError, graphErrorResponse } from './graph'
import { Faults, json, Throttle } from './http'
import type { FakeRequest, FakeResponse, FaultKind, Service, ThrottleLimits } from './http'
import { FakeLogAnalytics } from './log-analytics'
import { createServerCertificate, createTestCa } from './x509'

export interface FakeCloudOptions {
  /** 0 (default) picks a free port. */
  port?: number
  /** The clock's start ("now"); also the demo tenants' now. Default: the current hour. */
  now?: Date | string
  /** 0 freezes the clock (tests move it), 1 (default) runs at wall-clock speed, 1000 runs 1000× faster. */
  timeScale?: number
  /** Default: one tenant, seed 'contoso', size 'small'. */
  tenants?: FakeTenantOptions[]
  /** Identity-report throttle budget; false turns it off. Default 5 requests / 10 s per app per tenant. */
  throttle?: ThrottleLimits | false
  retentionDays?: number
  nextLinkLifetimeMs?: number
  entra?: Partial<EntraOptions>
  /** Print one line per request (method, path, status; never tokens or bodies). */
  logRequests?: boolean
}

export interface RequestLogEntry {
  service: Service
  method: string
  path: string
  status: number | 'reset'
  fault: FaultKind['kind'] | null
}

export interface FakeCloud {
  /** https://127.0.0.1:PORT — the authority host. */
  url: string
  port: number
  /** Authority for MSAL: `${url}/${tenantId}`; knownAuthorities: [host]. */
  authority(tenantIdOrDomain?: string): string
  host: string
  graphUrl: string
  logAnalyticsUrl: string
  /** The test CA: PEM text and a file path for NODE_EXTRA_CA_CERTS. */
  caPem: string
  caPath: string
  /** base64 SHA-256 of the server key, for Chromium's --ignore-certificate-errors-spki-list. */
  serverSpkiSha256: string
  tenants: FakeTenant[]
  clock: FakeClock
  setNow(date: Date | string | number): void
  advance(ms: number): void
  faults: Faults
  throttle: Throttle
  entra: FakeEntra
  requests: RequestLogEntry[]
  close(): Promise<void>
}

const MAX_BODY_BYTES = 5 * 1024 * 1024

function serviceOf(path: string): Service {
  if (path.startsWith('/graph/')) return 'graph'
  if (path.startsWith('/loganalytics/')) return 'logAnalytics'
  return 'entra'
}

function faultStatusResponse(
  service: Service,
  status: number,
  retryAfter: number | undefined,
  now: Date,
): FakeResponse {
  const headers: Record<string, string> =
    retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {}
  if (service === 'graph') {
    // A 403 as directory reads answer it: Authorization_RequestDenied, which does not say whether
    // the token lacks a permission (consent) or the signed-in user may not read. Use a 'graphError'
    // fault for the reports API's answers that name the cause.
    if (status === 403)
      return graphErrorResponse(
        new GraphError(
          403,
          'Authorization_RequestDenied',
          'Insufficient privileges to complete the operation.',
          headers,
        ),
        undefined,
        now,
      )
    const code =
      status === 429
        ? 'TooManyRequests'
        : status === 503
          ? 'ServiceUnavailable'
          : status === 504
            ? 'GatewayTimeout'
            : 'UnknownError'
    return graphErrorResponse(
      new GraphError(
        status,
        code,
        `The service answered ${status} (injected by the test).`,
        headers,
      ),
      undefined,
      now,
    )
  }
  if (service === 'logAnalytics') {
    return json(
      status,
      {
        error: {
          message: `The service answered ${status} (injected by the test).`,
          code: status === 429 ? 'ThrottledError' : 'ServiceUnavailableError',
        },
      },
      headers,
    )
  }
  return json(
    status,
    {
      error: 'temporarily_unavailable',
      error_description: `AADSTS50196: The server answered ${status} (injected by the test).`,
      error_codes: [50196],
    },
    headers,
  )
}

/** Changes the shape of the items in a JSON answer's `value` array (or of the object itself). */
function driftShape(response: FakeResponse, mode: 'extra' | 'null' | 'missing'): FakeResponse {
  let body: unknown
  try {
    body =
      typeof response.body === 'string' || Buffer.isBuffer(response.body)
        ? JSON.parse(response.body.toString())
        : response.body
  } catch {
    return response
  }
  if (!body || typeof body !== 'object') return response
  const container = body as Record<string, unknown>
  const items = Array.isArray(container['value'])
    ? (container['value'] as Array<Record<string, unknown>>)
    : [container]
  items.forEach((item, index) => {
    if (!item || typeof item !== 'object') return
    if (mode === 'extra') {
      item['futureField'] = { nested: [1, 2, 3] }
      item['@odata.etag'] = 'W/"drift"'
    } else if (mode === 'null') {
      for (const key of [
        'location',
        'ipAddress',
        'appDisplayName',
        'verifiedPublisher',
        'description',
      ])
        if (key in item) item[key] = null
    } else if (index === 0) {
      for (const key of ['createdDateTime', 'id', 'appId']) delete item[key]
    }
  })
  return { ...response, body: JSON.stringify(container) }
}

export async function startFakeCloud(options: FakeCloudOptions = {}): Promise<FakeCloud> {
  const start =
    options.now === undefined
      ? new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000)
      : new Date(options.now)
  const clock = new FakeClock(start, options.timeScale ?? 1)
  const tenants = (options.tenants ?? [{}]).map((t) => createFakeTenant(t, start))
  const ids = new Set(tenants.map((t) => t.id))
  if (ids.size !== tenants.length)
    throw new Error('fake cloud: two tenants share a seed; give each its own seed')

  const ca = createTestCa()
  const serverCert = createServerCertificate(ca)
  const dir = mkdtempSync(join(tmpdir(), 'fake-cloud-'))
  const caPath = join(dir, 'ca.pem')
  writeFileSync(caPath, ca.certPem)

  const { privateKey: signingKey, publicKey: verifyKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
  })
  let baseUrl = ''
  const base = () => baseUrl
  const entra = new FakeEntra(base, clock, tenants, signingKey, {
    accessTokenLifetimeSeconds: 3600,
    refreshTokenLifetimeSeconds: 90 * 86_400,
    deviceCodeIntervalSeconds: 5,
    deviceCodeLifetimeSeconds: 900,
    authorizationCodeLifetimeSeconds: 600,
    ...options.entra,
  })
  const throttle = new Throttle(
    options.throttle === false ? null : (options.throttle ?? { requests: 5, windowMs: 10_000 }),
  )
  const graph = new FakeGraph(
    base,
    clock,
    tenants,
    verifyKey,
    () => entra.graphAudiences(),
    throttle,
    {
      retentionDays: options.retentionDays ?? 30,
      nextLinkLifetimeMs: options.nextLinkLifetimeMs ?? 3_600_000,
    },
  )
  const logAnalytics = new FakeLogAnalytics(clock, tenants, verifyKey, () =>
    entra.logAnalyticsAudiences(),
  )
  const faults = new Faults()
  const requests: RequestLogEntry[] = []
  const sockets = new Set<Socket>()

  const log = (entry: RequestLogEntry) => {
    requests.push(entry)
    if (requests.length > 10_000) requests.splice(0, requests.length - 10_000)
    if (options.logRequests)
      console.log(
        `${entry.method} ${entry.path} → ${entry.status}${entry.fault ? ` (fault: ${entry.fault})` : ''}`,
      )
  }

  async function dispatch(req: FakeRequest): Promise<FakeResponse> {
    return (
      (await graph.handle(req)) ??
      (await logAnalytics.handle(req)) ??
      (await entra.handle(req)) ??
      json(404, {
        error: {
          code: 'NotFound',
          message: `The fake cloud has nothing at ${req.method} ${req.path}.`,
        },
      })
    )
  }

  function send(res: ServerResponse, response: FakeResponse, fault: FaultKind | null): void {
    const body =
      response.body === undefined
        ? Buffer.alloc(0)
        : Buffer.isBuffer(response.body)
          ? response.body
          : Buffer.from(
              typeof response.body === 'string' ? response.body : JSON.stringify(response.body),
            )
    res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) })
    if (fault?.kind === 'truncatedBody') {
      res.write(body.subarray(0, fault.keepBytes ?? Math.floor(body.length / 2)))
      // Let the partial body leave, then cut the connection mid-body.
      setImmediate(() => res.socket?.destroy())
      return
    }
    if (fault?.kind === 'slowBody') {
      const chunk = Math.max(1, fault.chunkBytes ?? 256)
      const delay = fault.delayMs ?? 50
      let offset = 0
      const next = () => {
        if (res.destroyed) return
        res.write(body.subarray(offset, offset + chunk))
        offset += chunk
        if (offset < body.length) setTimeout(next, delay)
        else res.end()
      }
      next()
      return
    }
    res.end(body)
  }

  async function onRequest(incoming: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedAt = clock.now()
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of incoming) {
      size += (chunk as Buffer).length
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413).end()
        return
      }
      chunks.push(chunk as Buffer)
    }
    const url = new URL(incoming.url ?? '/', baseUrl)
    let path: string
    try {
      path = decodeURIComponent(url.pathname)
    } catch {
      path = url.pathname
    }
    const req: FakeRequest = {
      method: (incoming.method ?? 'GET').toUpperCase(),
      path,
      query: url.searchParams,
      headers: incoming.headers,
      body: Buffer.concat(chunks),
      rawUrl: incoming.url ?? '/',
      arrivedAt,
    }
    const service = serviceOf(path)
    const fault = faults.take(service, req)
    if (fault?.kind === 'reset') {
      log({ service, method: req.method, path, status: 'reset', fault: fault.kind })
      incoming.socket.destroy()
      return
    }
    let response: FakeResponse
    if (fault?.kind === 'status')
      response = faultStatusResponse(service, fault.status, fault.retryAfterSeconds, clock.date())
    else if (fault?.kind === 'graphError')
      response = graphErrorResponse(
        new GraphError(fault.status, fault.code, fault.message),
        undefined,
        clock.date(),
      )
    else if (fault?.kind === 'expiredNextLink') {
      response = graphErrorResponse(
        new GraphError(
          400,
          'BadRequest',
          'The $skiptoken has expired. Restart the query without $skiptoken.',
        ),
        undefined,
        clock.date(),
      )
    } else {
      try {
        response = await dispatch(req)
      } catch (error) {
        response = json(500, {
          error: {
            code: 'InternalServerError',
            message: `The fake cloud failed: ${error instanceof Error ? error.message : String(error)}`,
          },
        })
      }
    }
    if (fault?.kind === 'invalidJson' && response.status < 300) {
      response = {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: '<html><body>502 Bad Gateway</body></html>',
      }
    } else if (fault?.kind === 'schemaDrift' && response.status < 300) {
      response = driftShape(response, fault.mode)
    }
    log({ service, method: req.method, path, status: response.status, fault: fault?.kind ?? null })
    send(res, response, fault)
  }

  const server = createServer(
    { key: serverCert.keyPem, cert: serverCert.certPem },
    (incoming, res) => {
      onRequest(incoming, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
        res.end(`fake cloud error: ${error instanceof Error ? error.message : String(error)}`)
      })
    },
  )
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  baseUrl = `https://127.0.0.1:${port}`
  const host = `127.0.0.1:${port}`

  return {
    url: baseUrl,
    port,
    host,
    authority: (tenant = tenants[0]!.id) => `${baseUrl}/${tenant}`,
    graphUrl: `${baseUrl}/graph`,
    logAnalyticsUrl: `${baseUrl}/loganalytics`,
    caPem: ca.certPem,
    caPath,
    serverSpkiSha256: serverCert.spkiSha256,
    tenants,
    clock,
    setNow: (date) => clock.set(date),
    advance: (ms) => clock.advance(ms),
    faults,
    throttle,
    entra,
    requests,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
        for (const s of sockets) s.destroy()
      })
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
