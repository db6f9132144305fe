// Maps the Graph client's typed failures onto the contract's error codes; the messages (written
// for admins by the Graph client) pass through unchanged.
import { AppError, type ErrorCode } from '../contract'
import { CloudRequestError, type CloudFailureKind } from './graph/errors'

const codes: Record<CloudFailureKind, ErrorCode> = {
  licenceMissing: 'licence_missing',
  consentMissing: 'consent_missing',
  roleMissing: 'role_missing',
  permissionMissing: 'permission_missing',
  mdeNotProvisioned: 'mde_not_provisioned',
  throttled: 'throttled',
  networkDown: 'network',
  timeout: 'network',
  invalidResponse: 'cloud_error',
  unauthorized: 'auth_interaction_required',
  nextLinkExpired: 'cloud_error',
  notFound: 'cloud_error',
  serviceUnavailable: 'cloud_error',
  badRequest: 'cloud_error',
}

/** The AppError for a failure, or null when it is not one we know how to explain. */
export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error
  if (error instanceof CloudRequestError) return new AppError(codes[error.kind], error.message)
  return null
}

/**
 * A failed Log Analytics query as the sync reports it: typed, with what to do, and saying that the
 * Graph part of the sync is not affected (the workspace only adds older history).
 */
export function describeLogAnalyticsFailure(
  error: unknown,
  workspaceId: string,
): { code: ErrorCode; message: string } {
  const unaffected =
    'Sign-ins from Microsoft Graph were synced as usual; only the older history from the workspace is missing.'
  if (error instanceof CloudRequestError) {
    switch (error.kind) {
      case 'permissionMissing':
      case 'consentMissing':
      case 'roleMissing':
      case 'unauthorized':
        return {
          code: 'workspace_access_denied',
          message: `Log Analytics workspace ${workspaceId} refused the query. Check the workspace ID in Settings, give the signed-in account read access to the workspace (for example Log Analytics Reader), and consent to the Log Analytics API permission Data.Read. ${unaffected}`,
        }
      case 'notFound':
        return {
          code: 'workspace_not_found',
          message: `No Log Analytics workspace has the ID ${workspaceId}. Check the workspace ID in Settings (the workspace's Overview page shows it). ${unaffected}`,
        }
      case 'throttled':
        return {
          code: 'throttled',
          message: `Log Analytics kept throttling the history queries (200 requests per 30 seconds per user). The next sync continues where this one stopped. ${unaffected}`,
        }
      case 'networkDown':
      case 'timeout':
        return {
          code: 'network',
          message: `Log Analytics could not be reached: ${error.message} The next sync continues where this one stopped. ${unaffected}`,
        }
      default:
        return { code: 'cloud_error', message: `${error.message} ${unaffected}` }
    }
  }
  return {
    code: 'internal',
    message: `Reading the Log Analytics history failed unexpectedly; the details are in the log. ${unaffected}`,
  }
}
