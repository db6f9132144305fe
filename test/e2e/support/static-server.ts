// Serves the built renderer over http://127.0.0.1:<random port> with the app's CSP, as the app://
// protocol handler does in Electron, so the E2E run catches anything the CSP would block.
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { contentSecurityPolicy } from '../../../src-main/core/csp'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

export interface StaticServer {
  origin: string
  close(): Promise<void>
}

/**
 * `post`, when given, answers same-origin POST requests (the renderer benchmark's bridge): it gets the
 * path and the body as text and returns the reply (sent as JSON), or null for a 404.
 */
export interface ServeOptions {
  post?: (path: string, body: string) => Promise<string | null>
  /**
   * Lets the browser keep the build's content-hashed files (/assets/…) in its HTTP cache, so V8 can
   * reuse their compiled code on a later load (the benchmark's warm loads); otherwise nothing is
   * cached (the E2E runs rebuild between runs).
   */
  cacheAssets?: boolean
}

export async function serveDirectory(
  directory: string,
  options: ServeOptions = {},
): Promise<StaticServer> {
  const root = normalize(directory)
  const server: Server = createServer(async (request, response) => {
    if (request.method === 'POST') {
      const chunks: Buffer[] = []
      for await (const chunk of request) chunks.push(chunk as Buffer)
      const path = new URL(request.url ?? '/', 'http://localhost').pathname
      const reply = options.post
        ? await options.post(path, Buffer.concat(chunks).toString('utf8'))
        : null
      if (reply === null) response.writeHead(404).end('Not found')
      else
        response
          .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
          .end(reply)
      return
    }
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname))
    if (!file.startsWith(root + sep)) {
      response.writeHead(403).end('Forbidden')
      return
    }
    try {
      const body = await readFile(file)
      response.writeHead(200, {
        'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': contentSecurityPolicy(),
        'x-content-type-options': 'nosniff',
        'cache-control':
          options.cacheAssets && pathname.startsWith('/assets/')
            ? 'public, max-age=31536000, immutable'
            : 'no-store',
      })
      response.end(body)
    } catch {
      response.writeHead(404).end('Not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
