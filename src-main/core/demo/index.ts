// The demo tenant: a deterministic synthetic MDE-connected tenant, its sign-ins, and its ground truth.
export * from './tenant'
export * from './usage'
export * from './ground-truth'
export { DemoSource } from './demo-source'
export type { DemoSourceOptions } from './demo-source'
export { mdeAppRoles, mdeOAuth2Scopes } from './catalogue'
export { guidFor, hashString } from './random'
