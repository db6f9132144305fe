// Maps the Graph client's typed failures onto the contract's error codes; the messages (written
// for admins by the Graph client) pass through unchanged.
import { AppError, type ErrorCode } from '../contract'
import { CloudRequestError, type CloudFailureKind } from './graph/errors'

const codes: Record<CloudFailureKind, ErrorCode> = {
  licenceMissing: 'licence_missing',
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
