// The renderer's Content Security Policy, one definition for the packaged app, the dev server and
// the E2E server. No 'unsafe-eval' and no inline script anywhere.

export function contentSecurityPolicy(options: { devServerOrigin?: string } = {}): string {
  const connect = ["'self'"]
  if (options.devServerOrigin) {
    const ws = options.devServerOrigin.replace(/^http/, 'ws')
    connect.push(options.devServerOrigin, ws)
  }
  return [
    "default-src 'none'",
    "script-src 'self'",
    // The dev server injects CSS as <style> elements; the packaged app loads only CSS files.
    options.devServerOrigin ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}
