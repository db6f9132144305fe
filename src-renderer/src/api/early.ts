// What the renderer does before anything else (start.ts, main.ts's first import, runs it before Vue
// and the app are evaluated): installs the client over window.api and picks up the Connected apps
// data. The preload asked main for it as the document started (contract/api.ts, `startHash`), so
// main's query overlaps loading and evaluating this bundle; a bridge that did not (or could not)
// start it is asked here instead, still before the app is evaluated. The apps store's first load
// takes the answer.
import { opensOnApps } from '../../../src-main/contract/api'
import type { AppsOverview } from '../../../src-main/contract/model'
import {
  bridgeFromWindow,
  createApiClient,
  setApiClient,
  unwrapResult,
  useApiClient,
} from './client'

export { opensOnApps }

let early: Promise<AppsOverview> | null = null

/** Sets up the client (null outside the app: the shell says so) and takes or starts the early request. */
export function boot(target: Window = window): void {
  let bridge
  try {
    bridge = bridgeFromWindow(target)
    setApiClient(createApiClient(bridge))
  } catch {
    // Left unset on purpose: the shell shows that the page runs outside the app.
    setApiClient(null)
    return
  }
  const started =
    typeof bridge.takeStartupOverview === 'function' ? bridge.takeStartupOverview() : null
  if (started) {
    early = started.then(
      (result) => unwrapResult<AppsOverview>('listApps', result),
      // The bridge itself failed under the early call (not an answer from main): ask again.
      () => useApiClient().listApps(),
    )
  } else if (opensOnApps(target.location.hash)) {
    early = useApiClient().listApps()
  } else return
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
