// What the renderer does before anything else (start.ts, main.ts's first import, runs it before Vue
// and the app are evaluated): installs the client over window.api and, when the window opens on
// Connected apps, asks main for the apps at once. Main answers that (its store's query) while this
// process is still evaluating the rest of the bundle and mounting the shell, instead of after; the
// apps store's first load takes the answer.
import type { AppsOverview } from '../../../src-main/contract/model'
import { bridgeFromWindow, createApiClient, setApiClient, useApiClient } from './client'

/** True when the hash route is the Connected apps page (also what '/' and unknown paths redirect to). */
export function opensOnApps(hash: string): boolean {
  const path = hash.replace(/^#/, '').split(/[?#]/)[0] ?? ''
  if (path === '' || path === '/' || path === '/apps') return true
  // The other pages; anything else is redirected to /apps by the router.
  return !/^\/(alerts|export|settings|apps\/[^/]+)\/?$/i.test(path)
}

let early: Promise<AppsOverview> | null = null

/** Sets up the client (null outside the app: the shell says so) and starts the early request. */
export function boot(target: Window = window): void {
  try {
    setApiClient(createApiClient(bridgeFromWindow(target)))
  } catch {
    // Left unset on purpose: the shell shows that the page runs outside the app.
    setApiClient(null)
    return
  }
  if (!opensOnApps(target.location.hash)) return
  early = useApiClient().listApps()
  // Whoever takes it handles a failure; until then a rejection is not an unhandled one.
  early.catch(() => {})
}

/**
 * The overview asked for at start (the default tenant), once: the first load uses it, every later
 * load asks again. Null when the window did not open on Connected apps or it was taken already.
 */
export function takeEarlyOverview(): Promise<AppsOverview> | null {
  const taken = early
  early = null
  return taken
}
