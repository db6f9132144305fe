// Security invariants in the real renderer under the app's CSP: inline script never runs, markup
// from settings or data stays text, and the page can reach main only through window.api.
import { expect, test } from './support/fixtures'

test('the CSP blocks inline script and inline event handlers', async ({ app }) => {
  await app.open('apps')
  const outcome = await app.page.evaluate(() => {
    const script = document.createElement('script')
    script.textContent = 'window.__inlineRan = true'
    document.head.appendChild(script)
    const handler = document.createElement('img')
    handler.setAttribute('src', 'data:,')
    handler.setAttribute('onerror', 'window.__handlerRan = true')
    document.body.appendChild(handler)
    return new Promise<{ inline: boolean; handler: boolean }>((resolve) =>
      setTimeout(
        () =>
          resolve({
            inline: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true,
            handler: (window as unknown as { __handlerRan?: boolean }).__handlerRan === true,
          }),
        200,
      ),
    )
  })
  // (eval is not probed here: code injected by the test driver is exempt from the page's CSP; the
  // build test asserts the bundle contains no eval.)
  expect(outcome).toEqual({ inline: false, handler: false })
  // The violations were reported, which is how the harness notices any the app itself causes.
  expect(app.pageErrors.join('\n')).toMatch(/Content Security Policy/)
  app.pageErrors.length = 0
})

test('the page has no Node and no raw IPC, only the contract api', async ({ app }) => {
  await app.open('apps')
  const globals = await app.page.evaluate(() => ({
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    ipcRenderer: typeof (globalThis as { ipcRenderer?: unknown }).ipcRenderer,
    api: Object.keys((window as unknown as { api: object }).api).sort(),
  }))
  expect(globals.require).toBe('undefined')
  expect(globals.process).toBe('undefined')
  expect(globals.ipcRenderer).toBe('undefined')
  expect(globals.api).toContain('getAppInfo')
  expect(globals.api).toContain('on')
})
