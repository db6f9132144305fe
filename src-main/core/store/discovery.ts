// Applying a discovery snapshot: compare what discovery sees now with what the store saw last time,
// record first-seen / removed-at, and say what changed (for the alert rules and the UI).
import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { ConnectedApp } from '../sources/types'
import { DAY, fromSeconds, inTransaction, parseGraphTime, toSeconds } from './sqlite'
import type {
  AppFieldChange,
  AppRef,
  ApplyDiscoveryOptions,
  CredentialChange,
  DiscoveryChanges,
  ExpiringCredential,
  OwnerChange,
  PermissionChange,
} from './types'

interface AppRow {
  app_id: string
  service_principal_id: string
  display_name: string
  publisher: string | null
  enabled: number
  removed_at: number | null
}

interface PermissionRow {
  app_id: string
  kind: 'application' | 'delegated'
  perm_key: string
  value: string
  consent: string | null
  revoked_at: number | null
}

interface CredentialRow {
  app_id: string
  key_id: string
  kind: 'secret' | 'certificate'
  display_name: string | null
  end_date_time: number
  removed_at: number | null
}

interface OwnerRow {
  app_id: string
  owner_id: string
  display_name: string
  owner_type: 'user' | 'servicePrincipal'
  removed_at: number | null
}

interface DesiredPermission {
  kind: 'application' | 'delegated'
  key: string
  value: string
  consent: string | null
  grantId: string
}

/** The permissions an app holds now, keyed the way the permissions table keys them. */
function desiredPermissions(app: ConnectedApp): Map<string, DesiredPermission> {
  const result = new Map<string, DesiredPermission>()
  for (const grant of app.applicationPermissions) {
    // Keyed by role id, not assignment id: re-assigning the same role is not a change.
    result.set(`application:${grant.appRoleId}`, {
      kind: 'application',
      key: grant.appRoleId,
      value: grant.value ?? grant.appRoleId,
      consent: null,
      grantId: grant.assignmentId,
    })
  }
  for (const grant of app.delegatedPermissions) {
    const consent =
      grant.consentType === 'AllPrincipals' ? 'AllPrincipals' : (grant.principalId ?? 'unknown')
    for (const scope of grant.scopes) {
      if (scope.trim() === '') continue
      const key = `${consent}:${scope}`
      result.set(`delegated:${key}`, {
        kind: 'delegated',
        key,
        value: scope,
        consent,
        grantId: grant.grantId,
      })
    }
  }
  return result
}

const refOf = (app: ConnectedApp): AppRef => ({
  appId: app.appId,
  servicePrincipalId: app.servicePrincipalId,
  displayName: app.displayName,
})

export class DiscoveryWriter {
  private readonly selectApps: StatementSync
  private readonly insertApp: StatementSync
  private readonly updateApp: StatementSync
  private readonly markAppRemoved: StatementSync
  private readonly selectPermissions: StatementSync
  private readonly upsertPermission: StatementSync
  private readonly revokePermission: StatementSync
  private readonly selectCredentials: StatementSync
  private readonly upsertCredential: StatementSync
  private readonly removeCredential: StatementSync
  private readonly selectOwners: StatementSync
  private readonly upsertOwner: StatementSync
  private readonly removeOwner: StatementSync

  constructor(private readonly db: DatabaseSync) {
    this.selectApps = db.prepare(
      'SELECT app_id, service_principal_id, display_name, publisher, enabled, removed_at FROM apps WHERE tenant_id = ?',
    )
    this.insertApp = db.prepare(`
      INSERT INTO apps (tenant_id, app_id, service_principal_id, display_name, publisher, app_owner_org_id,
        owned_by_tenant, sp_type, enabled, sign_in_audience, created_date_time, first_seen, last_seen_in_discovery, removed_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`)
    this.updateApp = db.prepare(`
      UPDATE apps SET service_principal_id = ?, display_name = ?, publisher = ?, app_owner_org_id = ?, owned_by_tenant = ?,
        sp_type = ?, enabled = ?, sign_in_audience = ?, created_date_time = ?, last_seen_in_discovery = ?, removed_at = NULL
      WHERE tenant_id = ? AND app_id = ?`)
    this.markAppRemoved = db.prepare(
      'UPDATE apps SET removed_at = ? WHERE tenant_id = ? AND app_id = ?',
    )
    this.selectPermissions = db.prepare(
      'SELECT app_id, kind, perm_key, value, consent, revoked_at FROM permissions WHERE tenant_id = ?',
    )
    this.upsertPermission = db.prepare(`
      INSERT INTO permissions (tenant_id, app_id, kind, perm_key, value, consent, grant_id, first_seen, revoked_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)
      ON CONFLICT (tenant_id, app_id, kind, perm_key) DO UPDATE SET
        value = excluded.value, consent = excluded.consent, grant_id = excluded.grant_id, revoked_at = NULL`)
    this.revokePermission = db.prepare(
      'UPDATE permissions SET revoked_at = ? WHERE tenant_id = ? AND app_id = ? AND kind = ? AND perm_key = ?',
    )
    this.selectCredentials = db.prepare(
      'SELECT app_id, key_id, kind, display_name, end_date_time, removed_at FROM credentials WHERE tenant_id = ?',
    )
    this.upsertCredential = db.prepare(`
      INSERT INTO credentials (tenant_id, app_id, key_id, kind, display_name, start_date_time, end_date_time, first_seen, removed_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)
      ON CONFLICT (tenant_id, app_id, key_id) DO UPDATE SET
        kind = excluded.kind, display_name = excluded.display_name, start_date_time = excluded.start_date_time,
        end_date_time = excluded.end_date_time, removed_at = NULL`)
    this.removeCredential = db.prepare(
      'UPDATE credentials SET removed_at = ? WHERE tenant_id = ? AND app_id = ? AND key_id = ?',
    )
    this.selectOwners = db.prepare(
      'SELECT app_id, owner_id, display_name, owner_type, removed_at FROM owners WHERE tenant_id = ?',
    )
    this.upsertOwner = db.prepare(`
      INSERT INTO owners (tenant_id, app_id, owner_id, display_name, owner_type, user_principal_name, first_seen, removed_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
      ON CONFLICT (tenant_id, app_id, owner_id) DO UPDATE SET
        display_name = excluded.display_name, owner_type = excluded.owner_type,
        user_principal_name = excluded.user_principal_name, removed_at = NULL`)
    this.removeOwner = db.prepare(
      'UPDATE owners SET removed_at = ? WHERE tenant_id = ? AND app_id = ? AND owner_id = ?',
    )
  }

  apply(
    tenantId: string,
    apps: readonly ConnectedApp[],
    at: Date,
    options: ApplyDiscoveryOptions = {},
  ): DiscoveryChanges {
    const now = toSeconds(at)
    const expiringWithin = (options.expiringWithinDays ?? 30) * DAY
    return inTransaction(this.db, () => {
      const previousApps = new Map(
        (this.selectApps.all(tenantId) as unknown as AppRow[]).map((row) => [row.app_id, row]),
      )
      const changes: DiscoveryChanges = {
        at,
        firstSnapshot: previousApps.size === 0,
        appsAdded: [],
        appsRemoved: [],
        appsChanged: [],
        permissionsGranted: [],
        permissionsRevoked: [],
        credentialsAdded: [],
        credentialsRemoved: [],
        credentialsExpiring: [],
        ownersAdded: [],
        ownersRemoved: [],
      }
      const previousPermissions = groupByApp(
        this.selectPermissions.all(tenantId) as unknown as PermissionRow[],
      )
      const previousCredentials = groupByApp(
        this.selectCredentials.all(tenantId) as unknown as CredentialRow[],
      )
      const previousOwners = groupByApp(this.selectOwners.all(tenantId) as unknown as OwnerRow[])

      // One entry per appId: discovery should never list an app twice, but if it did the last wins.
      const current = new Map(apps.map((app) => [app.appId, app]))
      for (const app of current.values()) {
        const ref = refOf(app)
        const before = previousApps.get(app.appId)
        const publisher = app.verifiedPublisher?.displayName ?? null
        const created = app.createdDateTime
          ? parseGraphTime(app.createdDateTime, 'createdDateTime')
          : null
        if (!before) {
          this.insertApp.run(
            tenantId,
            app.appId,
            app.servicePrincipalId,
            app.displayName,
            publisher,
            app.appOwnerOrganizationId,
            app.ownedByTenant ? 1 : 0,
            app.servicePrincipalType,
            app.accountEnabled ? 1 : 0,
            app.signInAudience,
            created,
            now,
            now,
          )
          changes.appsAdded.push(ref)
        } else {
          if (before.removed_at !== null) changes.appsAdded.push(ref)
          else changes.appsChanged.push(...fieldChanges(ref, before, app, publisher))
          this.updateApp.run(
            app.servicePrincipalId,
            app.displayName,
            publisher,
            app.appOwnerOrganizationId,
            app.ownedByTenant ? 1 : 0,
            app.servicePrincipalType,
            app.accountEnabled ? 1 : 0,
            app.signInAudience,
            created,
            now,
            tenantId,
            app.appId,
          )
        }
        this.applyPermissions(
          tenantId,
          app,
          ref,
          previousPermissions.get(app.appId) ?? [],
          now,
          changes,
        )
        this.applyCredentials(
          tenantId,
          app,
          ref,
          previousCredentials.get(app.appId) ?? [],
          now,
          changes,
        )
        this.applyOwners(tenantId, app, ref, previousOwners.get(app.appId) ?? [], now, changes)
        for (const credential of app.credentials) {
          const end = parseGraphTime(credential.endDateTime, 'endDateTime')
          if (end > now + expiringWithin) continue
          const daysLeft = Math.floor((end - now) / DAY)
          const expiring: ExpiringCredential = {
            ...ref,
            keyId: credential.keyId,
            kind: credential.kind,
            credentialName: credential.displayName,
            endDateTime: fromSeconds(end),
            daysLeft,
            expired: end <= now,
          }
          changes.credentialsExpiring.push(expiring)
        }
      }

      for (const before of previousApps.values()) {
        if (current.has(before.app_id) || before.removed_at !== null) continue
        // Gone from discovery: it no longer holds any MDE permission (or was deleted), so its
        // permissions are revoked too. Credentials and owners are unknown from here on: left as they were.
        const ref: AppRef = {
          appId: before.app_id,
          servicePrincipalId: before.service_principal_id,
          displayName: before.display_name,
        }
        this.markAppRemoved.run(now, tenantId, before.app_id)
        changes.appsRemoved.push(ref)
        for (const permission of previousPermissions.get(before.app_id) ?? []) {
          if (permission.revoked_at !== null) continue
          this.revokePermission.run(
            now,
            tenantId,
            before.app_id,
            permission.kind,
            permission.perm_key,
          )
          changes.permissionsRevoked.push({
            ...ref,
            kind: permission.kind,
            value: permission.value,
            consent: permission.consent,
          })
        }
      }
      return changes
    })
  }

  private applyPermissions(
    tenantId: string,
    app: ConnectedApp,
    ref: AppRef,
    before: PermissionRow[],
    now: number,
    changes: DiscoveryChanges,
  ): void {
    const desired = desiredPermissions(app)
    const active = new Set<string>()
    for (const row of before) {
      const key = `${row.kind}:${row.perm_key}`
      if (row.revoked_at === null) active.add(key)
      if (row.revoked_at === null && !desired.has(key)) {
        this.revokePermission.run(now, tenantId, app.appId, row.kind, row.perm_key)
        changes.permissionsRevoked.push({
          ...ref,
          kind: row.kind,
          value: row.value,
          consent: row.consent,
        })
      }
    }
    for (const [key, permission] of desired) {
      // first_seen is only written on insert: a re-grant keeps the original first-seen time.
      this.upsertPermission.run(
        tenantId,
        app.appId,
        permission.kind,
        permission.key,
        permission.value,
        permission.consent,
        permission.grantId,
        now,
      )
      if (!active.has(key)) {
        const change: PermissionChange = {
          ...ref,
          kind: permission.kind,
          value: permission.value,
          consent: permission.consent,
        }
        changes.permissionsGranted.push(change)
      }
    }
  }

  private applyCredentials(
    tenantId: string,
    app: ConnectedApp,
    ref: AppRef,
    before: CredentialRow[],
    now: number,
    changes: DiscoveryChanges,
  ): void {
    const desired = new Map(app.credentials.map((credential) => [credential.keyId, credential]))
    const active = new Set<string>()
    for (const row of before) {
      if (row.removed_at !== null) continue
      active.add(row.key_id)
      if (desired.has(row.key_id)) continue
      this.removeCredential.run(now, tenantId, app.appId, row.key_id)
      const change: CredentialChange = {
        ...ref,
        keyId: row.key_id,
        kind: row.kind,
        credentialName: row.display_name,
        endDateTime: fromSeconds(row.end_date_time),
      }
      changes.credentialsRemoved.push(change)
    }
    for (const credential of desired.values()) {
      const end = parseGraphTime(credential.endDateTime, 'endDateTime')
      const start = credential.startDateTime
        ? parseGraphTime(credential.startDateTime, 'startDateTime')
        : null
      this.upsertCredential.run(
        tenantId,
        app.appId,
        credential.keyId,
        credential.kind,
        credential.displayName,
        start,
        end,
        now,
      )
      if (!active.has(credential.keyId)) {
        changes.credentialsAdded.push({
          ...ref,
          keyId: credential.keyId,
          kind: credential.kind,
          credentialName: credential.displayName,
          endDateTime: fromSeconds(end),
        })
      }
    }
  }

  private applyOwners(
    tenantId: string,
    app: ConnectedApp,
    ref: AppRef,
    before: OwnerRow[],
    now: number,
    changes: DiscoveryChanges,
  ): void {
    const desired = new Map(app.owners.map((owner) => [owner.id, owner]))
    const active = new Set<string>()
    for (const row of before) {
      if (row.removed_at !== null) continue
      active.add(row.owner_id)
      if (desired.has(row.owner_id)) continue
      this.removeOwner.run(now, tenantId, app.appId, row.owner_id)
      const change: OwnerChange = {
        ...ref,
        ownerId: row.owner_id,
        ownerName: row.display_name,
        ownerType: row.owner_type,
      }
      changes.ownersRemoved.push(change)
    }
    for (const owner of desired.values()) {
      this.upsertOwner.run(
        tenantId,
        app.appId,
        owner.id,
        owner.displayName,
        owner.type,
        owner.userPrincipalName,
        now,
      )
      if (!active.has(owner.id)) {
        changes.ownersAdded.push({
          ...ref,
          ownerId: owner.id,
          ownerName: owner.displayName,
          ownerType: owner.type,
        })
      }
    }
  }
}

function fieldChanges(
  ref: AppRef,
  before: AppRow,
  app: ConnectedApp,
  publisher: string | null,
): AppFieldChange[] {
  const result: AppFieldChange[] = []
  if (before.display_name !== app.displayName) {
    result.push({
      ...ref,
      field: 'displayName',
      before: before.display_name,
      after: app.displayName,
    })
  }
  if ((before.enabled === 1) !== app.accountEnabled) {
    result.push({
      ...ref,
      field: 'enabled',
      before: before.enabled === 1,
      after: app.accountEnabled,
    })
  }
  if (before.publisher !== publisher)
    result.push({ ...ref, field: 'publisher', before: before.publisher, after: publisher })
  if (before.service_principal_id !== app.servicePrincipalId) {
    result.push({
      ...ref,
      field: 'servicePrincipalId',
      before: before.service_principal_id,
      after: app.servicePrincipalId,
    })
  }
  return result
}

function groupByApp<T extends { app_id: string }>(rows: T[]): Map<string, T[]> {
  const result = new Map<string, T[]>()
  for (const row of rows) {
    const list = result.get(row.app_id)
    if (list) list.push(row)
    else result.set(row.app_id, [row])
  }
  return result
}
