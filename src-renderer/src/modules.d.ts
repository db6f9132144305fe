// Non-TypeScript modules Vite bundles. A script (not a module) file, so these are ambient.
declare module '*.css' {}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
