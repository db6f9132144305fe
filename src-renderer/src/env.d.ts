// Globals the renderer relies on: the contract's bridge, exposed by the preload (or the E2E test
// bridge) as window.api; and the non-TypeScript modules Vite bundles.

interface Window {
  /** Absent only when the page is opened outside the app (e.g. a plain browser tab). */
  readonly api?: import('../../src-main/contract/api').BridgeApi
}

declare module '*.css' {}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
