// The one interface every usage source (Graph, Log Analytics, demo) implements, and the model it speaks.
import type { SignInBatch } from './sign-in-batch'

/** WindowsDefenderATP: the resource application whose token requests we count. */
export const MDE_RESOURCE_APP_ID = 'fc780465-2017-40d4-a0c5-307022471b92'

export const signInEventTypes = [
  'servicePrincipal',
  'managedIdentity',
  'nonInteractiveUser',
  'interactiveUser',
] as const
export type SignInEventType = (typeof signInEventTypes)[number]

/** One permission the MDE resource offers: an app role (application) or an OAuth2 scope (delegated). */
export interface MdePermission {
  id: string
  /** The claim value, e.g. `Machine.Isolate`. */
  value: string
  displayName: string
  description: string
  kind: 'application' | 'delegated'
  /** Response actions and writes: isolate, restrict, offboard, live response, quarantine, TI write. */
  highRisk: boolean
}

/** The WindowsDefenderATP service principal in the tenant and its permission catalogue. */
export interface MdeResource {
  /** Object id of the service principal in this tenant (what `resourceId` means in grants). */
  servicePrincipalId: string
  appId: string
  displayName: string
  appRoles: MdePermission[]
  oauth2PermissionScopes: MdePermission[]
}

export interface CredentialInfo {
  keyId: string
  kind: 'secret' | 'certificate'
  displayName: string | null
  startDateTime: string
  endDateTime: string
}

export interface OwnerInfo {
  id: string
  displayName: string
  /** `user` or `servicePrincipal` (Graph `@odata.type` without the prefix). */
  type: 'user' | 'servicePrincipal'
  userPrincipalName: string | null
}

export interface VerifiedPublisher {
  displayName: string
  verifiedPublisherId: string
  addedDateTime: string
}

/** An application permission: an appRoleAssignment of an MDE app role to the client. */
export interface ApplicationPermissionGrant {
  assignmentId: string
  appRoleId: string
  /** Permission value, e.g. `Alert.Read.All`; null when the id is not in the catalogue. */
  value: string | null
  createdDateTime: string
}

/** A delegated permission: an oauth2PermissionGrant on the MDE service principal. */
export interface DelegatedPermissionGrant {
  grantId: string
  consentType: 'AllPrincipals' | 'Principal'
  /** The user the grant is for when consentType is `Principal`. */
  principalId: string | null
  scopes: string[]
}

/** A client application connected to MDE, as discovery sees it. */
export interface ConnectedApp {
  servicePrincipalId: string
  appId: string
  displayName: string
  /** The tenant that owns the application object (ours, or a vendor's for multitenant apps). */
  appOwnerOrganizationId: string | null
  /** True when the application object lives in this tenant (so `applications(appId=…)` resolves). */
  ownedByTenant: boolean
  servicePrincipalType: 'Application' | 'ManagedIdentity'
  accountEnabled: boolean
  signInAudience: string | null
  verifiedPublisher: VerifiedPublisher | null
  credentials: CredentialInfo[]
  owners: OwnerInfo[]
  applicationPermissions: ApplicationPermissionGrant[]
  delegatedPermissions: DelegatedPermissionGrant[]
  createdDateTime: string | null
}

/** One sign-in (token request) to the MDE resource. */
export interface SignInEvent {
  /** Graph sign-in id: a GUID, stable across re-fetches. */
  id: string
  /** ISO 8601 UTC, whole seconds (`2025-03-01T10:15:42Z`). */
  createdDateTime: string
  appId: string
  appDisplayName: string
  /** Null when the client is unknown to the tenant (e.g. AADSTS700016). */
  servicePrincipalId: string | null
  /** The resource's appId. */
  resourceId: string
  eventType: SignInEventType
  /** 0 for success, else the AADSTS number. */
  errorCode: number
  failureReason: string | null
  ipAddress: string
  location: { city: string; countryOrRegion: string } | null
  /** For user sign-ins (delegated apps); null for app-only sign-ins. */
  userPrincipalName: string | null
}

/** A half-open time window [from, to). */
export interface TimeWindow {
  from: Date
  to: Date
}

export interface SignInQuery {
  window: TimeWindow
  /** Default: all four types. */
  eventTypes?: readonly SignInEventType[]
  /** Restrict to one client app. */
  appId?: string
  signal?: AbortSignal
}

export interface UsageSource {
  /** Which implementation this is, for logs and the UI's honesty labels. */
  readonly kind: 'graph' | 'logAnalytics' | 'demo'
  readonly tenantId: string
  /**
   * The tenant's display name as its directory gives it (untrusted text), or null when it has none.
   * Optional: sources without a directory leave the stored name alone. A failure is not fatal.
   */
  tenantName?(signal?: AbortSignal): Promise<string | null>
  /** The MDE service principal and its permission catalogue. Throws when MDE is not in the tenant. */
  discoverResource(signal?: AbortSignal): Promise<MdeResource>
  /** Every client holding an MDE permission, with credentials, owners and publisher. */
  listConnectedApps(resource: MdeResource, signal?: AbortSignal): Promise<ConnectedApp[]>
  /** Sign-ins to MDE in the window, newest first, as pages (each at most a source-defined size). */
  signIns(query: SignInQuery): AsyncIterable<SignInEvent[]>
  /**
   * The same pages as columns (sources/sign-in-batch.ts), where the source has them without building
   * an object per event (Graph: decoded on a worker thread). The sync engine prefers it.
   */
  signInBatches?(query: SignInQuery): AsyncIterable<SignInBatch>
}
