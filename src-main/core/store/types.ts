// The store's public shapes. Model types (ConnectedApp, SignInEvent, …) come from core/sources.
import type { AlertSeverityValue } from '../../contract/alerts'
import type { Logger } from '../log'
import type { CredentialInfo, OwnerInfo, SignInEventType } from '../sources/types'
import type { CheckpointerOptions } from './checkpointer'

/** What opening the store found and did. `status` other than 'ok'/'created' means the user must be told. */
export interface StoreOpenReport {
  /**
   * - `created`: no history file existed; a new one was made.
   * - `opened`: an existing file passed the checks (migrated when `migratedFrom` is set).
   * - `recovered`: the file was corrupt, truncated or not ours; it was moved aside and a new store made.
   */
  status: 'created' | 'opened' | 'recovered'
  path: string
  /** Schema version now in the file. */
  schemaVersion: number
  /** Schema version before migrations ran (equal to schemaVersion when none ran). */
  migratedFrom: number
  /** For `recovered`: why the old file was refused, in one technical phrase (for logs). */
  problem: 'corrupt' | 'truncated' | 'not_sqlite' | 'foreign' | null
  /** For `recovered`: where the old file (and its -wal/-shm) now are. */
  movedTo: string | null
  /** User-readable summary; for `recovered` it says what happened and that the next sync rebuilds history. */
  message: string
  /** How long the integrity check took, for the log. */
  checkMillis: number
}

export interface OpenStoreOptions {
  dataDir: string
  log: Logger
  /** Clock, injectable for tests. */
  now?: () => Date
  /** Raw sign-in events older than this many days are pruned by `pruneRawEvents()` (default 45). */
  rawRetentionDays?: number
  /** How long a write waits for another process's write to finish (default 15 s). */
  busyTimeoutMs?: number
  /** Where WAL checkpoints run (default: a worker thread, started by the first ingest). */
  walCheckpointer?: CheckpointerOptions
}

export interface IngestResult {
  /** Events new to the store (counted into rollups). */
  inserted: number
  /** Events already stored (same Graph id): ignored, counted nowhere. */
  duplicates: number
  /**
   * Events older than the tenant's prune watermark: their hour's rollup is frozen history, and the raw
   * row that would tell whether this event was already counted is gone, so they are not counted again.
   */
  tooOld: number
  /** Start of every UTC hour whose rollup changed, ascending. */
  touchedHours: Date[]
}

export interface AppRef {
  appId: string
  servicePrincipalId: string
  displayName: string
}

export interface PermissionChange extends AppRef {
  kind: 'application' | 'delegated'
  /** Permission value (`Machine.Isolate`), or the app role id when the catalogue did not know it. */
  value: string
  /** For delegated grants: `AllPrincipals` or the user id the grant is for. */
  consent: string | null
}

export interface CredentialChange extends AppRef {
  keyId: string
  kind: 'secret' | 'certificate'
  credentialName: string | null
  endDateTime: Date
}

export interface ExpiringCredential extends CredentialChange {
  /** Whole days until expiry (negative when already expired). */
  daysLeft: number
  expired: boolean
}

export interface OwnerChange extends AppRef {
  ownerId: string
  ownerName: string
  ownerType: OwnerInfo['type']
}

export interface AppFieldChange extends AppRef {
  field: 'displayName' | 'enabled' | 'publisher' | 'servicePrincipalId'
  before: string | boolean | null
  after: string | boolean | null
}

/** What changed since the previous discovery snapshot of the tenant. */
export interface DiscoveryChanges {
  at: Date
  /** True when the tenant had no snapshot before: everything is "added", which alert rules may want to mute. */
  firstSnapshot: boolean
  appsAdded: AppRef[]
  appsRemoved: AppRef[]
  appsChanged: AppFieldChange[]
  permissionsGranted: PermissionChange[]
  permissionsRevoked: PermissionChange[]
  credentialsAdded: CredentialChange[]
  credentialsRemoved: CredentialChange[]
  /** Every current credential of a current app that expires within the window (or already has). */
  credentialsExpiring: ExpiringCredential[]
  ownersAdded: OwnerChange[]
  ownersRemoved: OwnerChange[]
}

export interface ApplyDiscoveryOptions {
  /** Credentials ending within this many days count as expiring (default 30). */
  expiringWithinDays?: number
}

/** One row of the connected-apps list. */
export interface AppSummary {
  appId: string
  servicePrincipalId: string | null
  displayName: string
  publisher: string | null
  ownedByTenant: boolean | null
  enabled: boolean | null
  /** False for apps known only from sign-ins, or removed from discovery since. */
  inDiscovery: boolean
  firstSeen: Date | null
  removedAt: Date | null
  /** Exact time of the newest sign-in ever stored (kept through pruning), or null. */
  lastSeen: Date | null
  /** Exact counts over the 24 hours up to now, from raw events. */
  signIns24h: number
  failures24h: number
  /** Sign-ins per UTC day for the last 30 days, oldest first; the last element is today so far. */
  trend30d: number[]
  /** Current permission values, application then delegated. */
  permissions: { application: string[]; delegated: string[] }
  /** Earliest end date among current credentials, or null. */
  nextCredentialExpiry: Date | null
}

export interface PermissionRecord {
  kind: 'application' | 'delegated'
  value: string
  consent: string | null
  firstSeen: Date
  revokedAt: Date | null
}

export interface CredentialRecord extends Omit<CredentialInfo, 'startDateTime' | 'endDateTime'> {
  startDateTime: Date | null
  endDateTime: Date
  firstSeen: Date
  removedAt: Date | null
}

export interface OwnerRecord extends OwnerInfo {
  firstSeen: Date
  removedAt: Date | null
}

export interface AppDetail {
  summary: AppSummary
  /** Current and past (revoked/removed) records, current first. */
  permissions: PermissionRecord[]
  credentials: CredentialRecord[]
  owners: OwnerRecord[]
}

export interface StoredSignIn {
  id: string
  createdDateTime: Date
  appId: string
  eventType: SignInEventType
  errorCode: number
  failureReason: string | null
  ipAddress: string | null
  countryOrRegion: string | null
  userPrincipalName: string | null
}

export type Granularity = 'hour' | 'day' | 'month'

export interface UsagePoint {
  /** Start of the UTC hour or day. */
  start: Date
  signIns: number
  failures: number
}

export interface RollupQuery {
  tenantId: string
  /** Inclusive; rounded down to the bucket start. Default: the beginning of history. */
  from?: Date
  /** Exclusive. Default: the end of history. */
  to?: Date
  granularity: Granularity
  /** Only these apps; default all. */
  appIds?: readonly string[]
}

export interface RollupRow {
  /** Start of the UTC hour, day or month. */
  start: Date
  appId: string
  /** Name from discovery or, failing that, from the newest sign-in. */
  displayName: string | null
  signIns: number
  failures: number
}

/** One time slice of a resumable backfill. */
export interface SliceCheckpoint {
  /** Inclusive. */
  from: Date
  /** Exclusive. */
  to: Date
  /** Opaque resume cursor (e.g. a nextLink or the oldest time fetched so far); null when not started. */
  cursor: string | null
  done: boolean
  updatedAt: Date
}

export interface SyncCheckpoint {
  tenantId: string
  source: string
  /** Everything before this time has been fetched (incremental syncs start here minus an overlap). */
  highWaterMark: Date | null
  updatedAt: Date
  slices: SliceCheckpoint[]
}

// One list of severities for the whole app: the contract's, which the renderer also shows.
export { alertSeverityValues as alertSeverities } from '../../contract/alerts'
export type AlertSeverity = AlertSeverityValue

export interface NewAlert {
  tenantId: string
  appId: string | null
  rule: string
  severity: AlertSeverity
  /** The same key twice is the same alert: the second insert is ignored. */
  dedupeKey: string
  payload: unknown
  /** Default: now. */
  createdAt?: Date
}

export interface StoredAlert {
  id: number
  tenantId: string
  appId: string | null
  rule: string
  severity: AlertSeverity
  dedupeKey: string
  payload: unknown
  createdAt: Date
  acknowledgedAt: Date | null
}

export interface TenantRecord {
  tenantId: string
  displayName: string | null
  createdAt: Date
  /** Raw events before this time have been pruned; rollups before it are frozen history. */
  rawPrunedBefore: Date | null
}
