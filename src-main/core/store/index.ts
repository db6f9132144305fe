// The local history store (SQLite through node:sqlite). See docs/ARCHITECTURE.md, "Store".
export { openStore, Store, DEFAULT_RAW_RETENTION_DAYS } from './store'
export { HISTORY_FILE } from './open'
export { APPLICATION_ID, LATEST_VERSION } from './schema'
export * from './types'
export { LOG_ANALYTICS_SOURCE, UsageHistory } from './usage-history'
export type { CoverageSpan, HourlyFigure } from './usage-history'
