// How requests leave the process. Default: Node's global fetch (system trust store via Node's bundled
// roots). With an extra CA (an enterprise TLS-inspection proxy re-signs Microsoft's certificates with
// its own root) fetch cannot help: its Agent lives in the bundled undici, which is not importable, and
// NODE_EXTRA_CA_CERTS is only read at process start. So we speak HTTPS through node:https with the
// bundled roots plus that CA, and hand back a standard Response so callers cannot tell the difference.
import { Agent, request } from 'node:https'
import { Readable } from 'node:stream'
import { rootCertificates } from 'node:tls'

export interface TransportInit {
  method: string
  headers: Record<string, string>
  body?: string
  signal?: AbortSignal
}

/** The subset of `fetch` the clients use; global `fetch` fits it. */
export type FetchLike = (url: string, init: TransportInit) => Promise<Response>

export interface TransportOptions {
  /** Extra trusted root(s), PEM. Added to Node's bundled roots, never replacing them. */
  ca?: string
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304])

export function createTransport(options: TransportOptions = {}): FetchLike {
  if (!options.ca) return (url, init) => fetch(url, init)
  const agent = new Agent({ keepAlive: true, ca: [...rootCertificates, options.ca] })
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const req = request(
        url,
        {
          method: init.method,
          headers: init.headers,
          agent,
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (res) => {
          const headers = new Headers()
          for (const [name, value] of Object.entries(res.headers)) {
            if (value === undefined) continue
            if (Array.isArray(value)) for (const v of value) headers.append(name, v)
            else headers.set(name, value)
          }
          const status = res.statusCode ?? 502
          // The body stays a stream: a connection cut mid-body surfaces when the caller reads it,
          // exactly as with fetch ("terminated"), so both transports fail the same way.
          const body = NULL_BODY_STATUSES.has(status)
            ? null
            : (Readable.toWeb(res) as ReadableStream<Uint8Array>)
          if (body === null) res.resume()
          resolve(new Response(body, { status, statusText: res.statusMessage ?? '', headers }))
        },
      )
      req.on('error', reject)
      if (init.body !== undefined) req.write(init.body)
      req.end()
    })
}
