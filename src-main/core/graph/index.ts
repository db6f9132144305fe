// Microsoft Graph (and the shared cloud HTTP pipeline Log Analytics uses too).
export * from './client'
export * from './errors'
export * from './http'
export * from './retry'
export * from './transport'
