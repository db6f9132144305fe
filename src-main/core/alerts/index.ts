// Usage and inventory alerts: pure rules, the per-sync evaluation, notification policy.
export * from './evaluate'
export * from './excess'
export * from './notify-policy'
export * from './profile'
export * from './rules'
export * from './settings'
export * from './types'
export * from './view'
