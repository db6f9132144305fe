// Typed failures of the Graph and Log Analytics calls. Each says what happened and what the admin can
// do about it, because these messages end up in the UI and the CLI as they are. They never carry tokens:
// the request URL holds none, and service messages pass through redact() before they are kept.
import { redact } from '../redact'

export type CloudFailureKind =
  /** 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant: sign-in logs need Entra ID P1/P2. */
  | 'licenceMissing'
  /** 403 Authorization_RequestDenied (or Log Analytics InsufficientAccessError). */
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
  /** Permissions the call needs, for permissionMissing. */
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
    const roleText = context.report
      ? ` For a signed-in admin, the account also needs a directory role such as ${REPORT_ROLES}.`
      : ''
    return new CloudRequestError(
      'permissionMissing',
      `Graph refused ${context.operation} (${code ?? 'Forbidden'}): the app needs ${scopeText} with admin consent.${roleText} Grant consent in Entra (Enterprise applications → Permissions) and sign in again.`,
      { ...base, missingScopes: scopes },
    )
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
