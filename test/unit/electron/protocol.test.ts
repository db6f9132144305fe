// The app:// scheme, checked against a mocked `electron` module: its privileges (a standard, secure
// origin whose scripts V8 may keep compiled between starts) and how it serves the built renderer.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'

const registered: unknown[] = []
let handler: ((request: { url: string }) => Promise<Response>) | null = null

vi.mock('electron', () => ({
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => registered.push(...schemes),
    handle: (_scheme: string, serve: (request: { url: string }) => Promise<Response>) => {
      handler = serve
    },
  },
}))

const { registerAppScheme, serveRenderer } = await import('../../../src-main/electron/protocol')

const dir = mkdtempSync(join(tmpdir(), 'dca-protocol-'))
mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true })
writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>app</title>')
writeFileSync(join(dir, 'renderer', 'assets', 'index-abc.js'), 'export {}')
writeFileSync(join(dir, 'secret.txt'), 'outside the renderer')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the app:// scheme', () => {
  it('is standard and secure, and lets V8 cache the renderer’s compiled code', () => {
    registerAppScheme()
    expect(registered).toEqual([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
      },
    ])
  })

  it('serves the built renderer with the CSP, and nothing outside it or on another host', async () => {
    serveRenderer(join(dir, 'renderer'))
    const serve = handler!
    const page = await serve({ url: 'app://renderer/' })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(await page.text()).toContain('<title>app</title>')
    const script = await serve({ url: 'app://renderer/assets/index-abc.js' })
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    // An encoded slash survives URL parsing, so the decoded path climbs out: refused.
    expect((await serve({ url: 'app://renderer/assets/..%2f..%2fsecret.txt' })).status).toBe(403)
    expect((await serve({ url: 'app://elsewhere/index.html' })).status).toBe(404)
    expect((await serve({ url: 'app://renderer/missing.js' })).status).toBe(404)
  })
})
