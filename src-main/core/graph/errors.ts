// Typed failures of the Graph and Log Analytics calls. Each says what happened and what the admin can
// do about it, because these messages end up in the UI and the CLI as they are. They never carry tokens:
// the request URL holds none, and service messages pass through redact() before they are kept.
import { redact } from '../redact'

export type CloudFailureKind =
  /** 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant: sign-in logs need Entra ID P1/P2. */
  | 'licenceMissing'
  /**
   * 403 that names the app's missing Graph permission: Authentication_MSGraphPermissionMissing,
   * Authentication_ApplicationHasNoDirectoryReadAccess, or Authorization_RequestDenied to an app-only
   * caller (it has no user whose role could be missing). The fix is admin consent.
   */
  | 'consentMissing'
  /**
   * 403 Authentication_RequestFromUnsupportedUserRole ("User is not in the allowed roles"): the app
   * holds the permission, the signed-in user lacks a directory role that may read the reports.
   */
  | 'roleMissing'
  /**
   * Any other 403 (e.g. Authorization_RequestDenied to a signed-in user, which Graph answers both for a
   * scope missing from the token and for a user the directory refuses), or Log Analytics
   * InsufficientAccessError: a permission or a role is missing, and Graph did not say which.
   */
  | 'permissionMissing'
  /** 404 on the WindowsDefenderATP service principal. */
  | 'mdeNotProvisioned'
  /** Still 429 after every retry, or Retry-After longer than we are willing to wait. */
  | 'throttled'
  /** Connection refused/reset, DNS, TLS: every attempt failed before a complete answer. */
  | 'networkDown'
  /** No complete answer within the per-request timeout, on every attempt. */
  | 'timeout'
  /** A 2xx body that was not JSON, was cut short, or did not have the documented shape. */
  | 'invalidResponse'
  /** 401 even with a freshly acquired token. */
  | 'unauthorized'
  /** A paging link ($skiptoken) the service no longer accepts: restart the query. */
  | 'nextLinkExpired'
  /** 404 on something other than the MDE service principal. */
  | 'notFound'
  /** 5xx after every retry. */
  | 'serviceUnavailable'
  /** Any other 4xx: our request was wrong (a bug on our side, or an unsupported cloud). */
  | 'badRequest'

export interface CloudFailureDetails {
  status?: number | null
  /** Graph `error.code` / Log Analytics `error.code`. */
  code?: string | null
  /** Graph `request-id` (for a support case). */
  requestId?: string | null
  /** Permissions the call needs, for consentMissing, roleMissing and permissionMissing. */
  missingScopes?: readonly string[]
  attempts?: number
  /** Milliseconds the service asked us to wait, for throttled. */
  retryAfterMs?: number | null
  cause?: unknown
}

export class CloudRequestError extends Error {
  readonly kind: CloudFailureKind
  readonly status: number | null
  readonly code: string | null
  readonly requestId: string | null
  readonly missingScopes: readonly string[]
  readonly attempts: number
  readonly retryAfterMs: number | null

  constructor(kind: CloudFailureKind, message: string, details: CloudFailureDetails = {}) {
    super(redact(message), details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'CloudRequestError'
    this.kind = kind
    this.status = details.status ?? null
    this.code = details.code ?? null
    this.requestId = details.requestId ?? null
    this.missingScopes = details.missingScopes ?? []
    this.attempts = details.attempts ?? 1
    this.retryAfterMs = details.retryAfterMs ?? null
  }
}

export function isCloudError(error: unknown, kind?: CloudFailureKind): error is CloudRequestError {
  return error instanceof CloudRequestError && (kind === undefined || error.kind === kind)
}

/** Report roles Graph accepts for a delegated caller of the sign-in logs (least privilege first). */
const REPORT_ROLES = 'Reports Reader, Security Reader or Global Reader'

export interface ErrorContext {
  /** What we were doing, as a phrase: "reading the MDE service principal". */
  operation: string
  requiredScopes?: readonly string[]
  /** The call is an identity report (sign-ins, summaries): also needs a role and a licence. */
  report?: boolean
  /**
   * Who the access token speaks for: 'user' (delegated, interactive sign-in) or 'app' (client
   * credentials). Unknown when absent; it only sharpens how a 403 is explained.
   */
  caller?: 'user' | 'app'
}

/** Which of the two causes of a 403 Graph's answer names: the app's consent, the user's role, or neither. */
export type ForbiddenCause = 'consent' | 'role' | 'unknown'

/** Error codes Graph uses when the calling app lacks a Graph permission (its consent is incomplete). */
const CONSENT_CODES = new Set([
  // Reports: "Calling principal does not have required MSGraph permissions AuditLog.Read.All".
  'Authentication_MSGraphPermissionMissing',
  // Sign-ins without Directory.Read.All: "Failed to do premium license check from ADGraph".
  'Authentication_ApplicationHasNoDirectoryReadAccess',
])
/** Error codes Graph uses when the signed-in user lacks a directory role the API admits. */
const ROLE_CODES = new Set(['Authentication_RequestFromUnsupportedUserRole'])
const CONSENT_WORDING =
  /does not have required MSGraph permissions|Either scp or roles claim need to be present|Missing (application )?(scope|role)s? in (the )?token/i
const ROLE_WORDING =
  /not in the allowed roles|does not have (the |a )?required (directory |admin )?role|user is not assigned to a role/i

/**
 * Tells the two causes of a Graph 403 apart from what Graph said, and says 'unknown' when it cannot:
 * wording that names both (e.g. "... permissions or user does not have valid roles") or neither, and
 * Authorization_RequestDenied ("Insufficient privileges to complete the operation.") to a signed-in
 * user, which Graph answers both when the token lacks a scope and when the user may not read.
 */
export function forbiddenCause(
  code: string | null,
  serviceMessage: string | null,
  caller: ErrorContext['caller'],
): ForbiddenCause {
  const message = serviceMessage ?? ''
  const consent = (code !== null && CONSENT_CODES.has(code)) || CONSENT_WORDING.test(message)
  const role = (code !== null && ROLE_CODES.has(code)) || ROLE_WORDING.test(message)
  if (consent && !role) return 'consent'
  if (role && !consent) return caller === 'app' ? 'unknown' : 'role'
  if (consent || role) return 'unknown'
  // An app-only token has no user: whatever Graph refused, the app's own permissions are short.
  if (caller === 'app' && code === 'Authorization_RequestDenied') return 'consent'
  return 'unknown'
}

/** The user-facing error for a final (non-retried) HTTP answer from Graph. */
export function graphHttpError(
  status: number,
  code: string | null,
  serviceMessage: string | null,
  requestId: string | null,
  context: ErrorContext,
  wasNextLink: boolean,
): CloudRequestError {
  const base = { status, code, requestId }
  const said = serviceMessage ? ` Graph said: "${serviceMessage}"` : ''
  if (status === 403 && code === 'Authentication_RequestFromNonPremiumTenantOrB2CTenant') {
    return new CloudRequestError(
      'licenceMissing',
      `Graph refused ${context.operation}: sign-in logs are only available through the API in tenants with Microsoft Entra ID P1 or P2. Assign a P1/P2 licence in the tenant, or configure a Log Analytics workspace that receives the sign-in logs.`,
      base,
    )
  }
  if (status === 403) {
    const scopes = context.requiredScopes ?? []
    const scopeText = scopes.length > 0 ? scopes.join(' and ') : 'the permission this call needs'
    const details = { ...base, missingScopes: scopes }
    const refused = `Graph refused ${context.operation} (${code ?? 'Forbidden'})`
    const consentFix = `Grant admin consent in Entra (Enterprise applications → the app → Permissions → Grant admin consent), then sign in again.`
    const roleFix = `Assign the signed-in account a directory role such as ${REPORT_ROLES} in Entra (Roles and administrators), then sign in again.`
    switch (forbiddenCause(code, serviceMessage, context.caller)) {
      case 'consent':
        return new CloudRequestError(
          'consentMissing',
          `${refused}: the app registration lacks admin consent for ${scopeText}. ${consentFix}${said}`,
          details,
        )
      case 'role':
        return new CloudRequestError(
          'roleMissing',
          `${refused}: the signed-in account has no directory role that may read the sign-in logs. ${roleFix}${said}`,
          details,
        )
      default: {
        if (context.caller === 'app') {
          // No user, so no role: Graph refused the app without naming the permission.
          return new CloudRequestError(
            'permissionMissing',
            `${refused} without saying which permission is missing. The app needs ${scopeText} as application permissions with admin consent: ${consentFix}${said}`,
            details,
          )
        }
        const roleText = context.report
          ? `the signed-in account needs a directory role such as ${REPORT_ROLES}`
          : 'the signed-in account must be allowed to read the directory, for example with a directory role such as Global Reader'
        return new CloudRequestError(
          'permissionMissing',
          `${refused}, and did not say whether the app's consent or the account's role is missing, so check both: the app needs ${scopeText} with admin consent (Enterprise applications → the app → Permissions → Grant admin consent), and ${roleText} (Roles and administrators). Then sign in again.${said}`,
          details,
        )
      }
    }
  }
  if (status === 401) {
    return new CloudRequestError(
      'unauthorized',
      `Graph rejected the access token while ${context.operation}, even after getting a new one. Sign in again; if it persists, check that the app registration targets this cloud's Graph.`,
      base,
    )
  }
  if (wasNextLink && status === 400 && /skip ?token/i.test(serviceMessage ?? '')) {
    return new CloudRequestError(
      'nextLinkExpired',
      `The paging link expired while ${context.operation}; the query has to start again.${said}`,
      base,
    )
  }
  if (status === 404) {
    return new CloudRequestError(
      'notFound',
      `Graph found nothing while ${context.operation}.${said}`,
      base,
    )
  }
  if (status === 429) {
    return new CloudRequestError(
      'throttled',
      `Graph kept throttling ${context.operation}. Wait a few minutes and sync again; fewer concurrent syncs for this tenant help.`,
      base,
    )
  }
  if (status >= 500) {
    return new CloudRequestError(
      'serviceUnavailable',
      `Graph was unavailable (${status}) while ${context.operation}. Try again later; Microsoft's service health page may show an incident.${said}`,
      base,
    )
  }
  return new CloudRequestError(
    'badRequest',
    `Graph did not accept the request for ${context.operation} (${status}${code ? ` ${code}` : ''}). This is a bug in Defender Connected Apps or an unsupported cloud; please report it.${said}`,
    base,
  )
}
