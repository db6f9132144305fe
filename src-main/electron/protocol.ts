// Serves the built renderer from app://renderer/ with the CSP header. A real origin (rather than
// file://) lets the IPC sender check and navigation guards compare origins exactly.
import { protocol } from 'electron'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { contentSecurityPolicy } from '../core/csp'

export const appScheme = 'app'
export const appOrigin = `${appScheme}://renderer`

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/** The scheme's privileges. codeCache: V8 keeps the renderer bundle's compiled code between starts
 * (it is only allowed on a standard scheme), so a later start does not compile it again. */
export const appSchemePrivileges = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  codeCache: true,
} as const

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: appSchemePrivileges }])
}

export function serveRenderer(rendererDir: string): void {
  const root = normalize(rendererDir)
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url)
    if (url.host !== 'renderer') return new Response('Not found', { status: 404 })
    const relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)
    const file = normalize(join(root, relative))
    if (file !== root && !file.startsWith(root + sep))
      return new Response('Forbidden', { status: 403 })
    try {
      const body = await readFile(file)
      return new Response(body, {
        headers: {
          'content-type': mimeTypes[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': contentSecurityPolicy(),
          'x-content-type-options': 'nosniff',
        },
      })
    } catch {
      return new Response('Not found', { status: 404 })
    }
  })
}
