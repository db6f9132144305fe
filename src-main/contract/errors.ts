// Error shapes that cross the main↔renderer bridge. Plain data only: structured clone and
// contextBridge both keep plain objects, but neither keeps Error subclasses.

export const errorCodes = [
  'validation', // the payload did not match the channel's schema
  'unknown_channel',
  'forbidden_sender', // the request came from a frame that is not our renderer
  'url_not_allowed', // the safe shell refused an external URL
  'not_found',
  'not_signed_in',
  'settings_invalid',
  'auth_not_configured', // no client ID / tenant yet
  'auth_cancelled', // the user cancelled sign-in (or it timed out)
  'auth_interaction_required', // silent sign-in impossible: consent, MFA, Conditional Access, revoked session
  'auth_failed', // sign-in failed for another reason (denied consent, wrong tenant, network)
  'auth_in_progress', // another interactive sign-in is already waiting in the browser
  'licence_missing', // sign-in logs need Entra ID P1/P2
  'consent_missing', // the app registration lacks admin consent for a Graph permission it needs
  'role_missing', // the signed-in account lacks a directory role that may read the sign-in logs
  'permission_missing', // Graph refused for a missing permission or role and did not say which
  'mde_not_provisioned', // the tenant has no WindowsDefenderATP service principal
  'network', // Microsoft could not be reached (offline, DNS, TLS, timeout)
  'throttled', // still throttled after every retry
  'cloud_error', // any other failure answered by Microsoft's services
  'workspace_access_denied', // Log Analytics refused the query: no read access, no Data.Read consent, or a wrong workspace id
  'workspace_not_found', // no Log Analytics workspace has the configured id
  'sync_running', // another sync is already running
  'file_exists', // an export target exists and replacing it was not confirmed
  'export_failed', // an export could not write its file (folder missing, permission, disk full)
  'export_running', // another export is already running
  'internal', // anything unexpected; details go to the log, never to the renderer
] as const
export type ErrorCode = (typeof errorCodes)[number]

export interface ValidationIssue {
  /** Dotted path of the offending field, empty for the payload itself. */
  path: string
  message: string
}

export interface ApiErrorInfo {
  code: ErrorCode
  /** One sentence: what was wrong and what to do. Safe to show to the user. */
  message: string
  issues?: ValidationIssue[]
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiErrorInfo }

/** An error that core code throws on purpose; its message is meant for the user. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly issues: ValidationIssue[] | undefined

  constructor(code: ErrorCode, message: string, issues?: ValidationIssue[]) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.issues = issues
  }

  toInfo(): ApiErrorInfo {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message }
  }
}
