// Globals the renderer relies on: the contract's bridge, exposed by the preload (or the E2E test
// bridge) as window.api; and the non-TypeScript modules Vite bundles.
import type { BridgeApi } from '../../src-main/contract/api'

declare global {
  interface Window {
    /** Absent only when the page is opened outside the app (e.g. a plain browser tab). */
    readonly api?: BridgeApi
  }
}
