// A 403 from Graph has two causes the admin fixes in different places: the app registration lacks
// admin consent for a Graph permission, or the signed-in account lacks a directory role that may
// read the sign-in logs. The bodies below have the shape and wording Graph answers with; the client
// must tell the causes apart where Graph names one, and say it could not tell where it does not.
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src-main/contract/errors'
import { toAppError } from '../../../src-main/core/cloud-errors'
import type { TokenProvider } from '../../../src-main/core/auth/auth-service'
import { GraphClient } from '../../../src-main/core/graph/client'
import { forbiddenCause, type ErrorContext } from '../../../src-main/core/graph/errors'

function graphBody(code: string, message: string) {
  return {
    error: {
      code,
      message,
      innerError: {
        date: '2026-11-26T16:30:12',
        'request-id': '5f0c2d4e-8a7b-4c19-9e3d-2b6f1a0c7d85',
        'client-request-id': '5f0c2d4e-8a7b-4c19-9e3d-2b6f1a0c7d85',
      },
    },
  }
}

const consentBodies = {
  // The reports API, when the token carries no AuditLog.Read.All.
  reports: graphBody(
    'Authentication_MSGraphPermissionMissing',
    'Calling principal does not have required MSGraph permissions AuditLog.Read.All',
  ),
  // Sign-ins read without Directory.Read.All.
  directoryRead: graphBody(
    'Authentication_ApplicationHasNoDirectoryReadAccess',
    'Failed to do premium license check from ADGraph',
  ),
  // A token with neither scopes nor app roles.
  noClaims: graphBody('AccessDenied', 'Either scp or roles claim need to be present in the token.'),
}
const roleBody = graphBody(
  'Authentication_RequestFromUnsupportedUserRole',
  'User is not in the allowed roles',
)
const insufficient = graphBody(
  'Authorization_RequestDenied',
  'Insufficient privileges to complete the operation.',
)
// The Security API's wording names both causes at once.
const both = graphBody(
  'Forbidden',
  'Auth token does not contain valid permissions or user does not have valid roles',
)
const unknown = graphBody('Forbidden', 'Access denied.')

const signIns: ErrorContext = {
  operation: 'reading the sign-in logs',
  requiredScopes: ['AuditLog.Read.All', 'Directory.Read.All'],
  report: true,
}
const grants: ErrorContext = {
  operation: 'listing the delegated permissions granted on MDE',
  requiredScopes: ['Directory.Read.All'],
}

function clientFor(caller: TokenProvider['caller']): GraphClient {
  return new GraphClient({
    cloud: { graphEndpoint: 'https://graph.microsoft.com' },
    tokens: {
      ...(caller ? { caller } : {}),
      getAccessToken: () => Promise.reject(new Error('no request is sent in these tests')),
    },
  })
}

/** The error the client makes of a 403 answer with `body`, as the renderer and the CLI get it. */
function answer(body: unknown, context: ErrorContext, caller: TokenProvider['caller'] = 'user') {
  const error = clientFor(caller).errorFor(
    { status: 403, headers: new Headers({ 'request-id': 'r-1' }), body },
    context,
  )
  const info = toAppError(error)
  expect(info).toBeInstanceOf(AppError)
  return { kind: error.kind, code: info!.code, message: info!.message }
}

describe('a Graph 403, told apart by what Graph said', () => {
  it.each(Object.entries(consentBodies))(
    'says consent is missing for %s, naming the scopes and the consent fix, not the role',
    (_name, body) => {
      const denied = answer(body, signIns)
      expect(denied).toMatchObject({ kind: 'consentMissing', code: 'consent_missing' })
      expect(denied.message).toContain('AuditLog.Read.All and Directory.Read.All')
      expect(denied.message).toMatch(/Grant admin consent/)
      expect(denied.message).not.toMatch(/Reports Reader|directory role/)
      // Graph's own words stay in, for a support case.
      expect(denied.message).toContain(`Graph said: "${body.error.message}"`)
    },
  )

  it('says a role is missing when Graph answers that the user is not in the allowed roles', () => {
    const denied = answer(roleBody, signIns)
    expect(denied).toMatchObject({ kind: 'roleMissing', code: 'role_missing' })
    expect(denied.message).toMatch(/Reports Reader, Security Reader or Global Reader/)
    expect(denied.message).not.toMatch(/consent/i)
    expect(denied.message).toContain(`Graph said: "${roleBody.error.message}"`)
  })

  it('treats Authorization_RequestDenied to an app-only caller as consent: it has no user role', () => {
    expect(answer(insufficient, grants, 'app')).toMatchObject({ code: 'consent_missing' })
    expect(answer(insufficient, signIns, 'app')).toMatchObject({ code: 'consent_missing' })
  })

  it.each([
    ['Authorization_RequestDenied to a signed-in user', insufficient, 'user'],
    ['Authorization_RequestDenied with the caller unknown', insufficient, undefined],
    ['wording that names both causes', both, 'user'],
    ['an unknown 403', unknown, 'user'],
    ['a body that is not a Graph error', '<html>403 Forbidden</html>', 'user'],
  ] as const)('stays a generic permission state for %s, with both fixes', (_name, body, caller) => {
    const denied = answer(body, signIns, caller)
    expect(denied).toMatchObject({ kind: 'permissionMissing', code: 'permission_missing' })
    expect(denied.message).toMatch(/did not say whether the app's consent or the account's role/)
    expect(denied.message).toMatch(
      /AuditLog\.Read\.All and Directory\.Read\.All with admin consent/,
    )
    expect(denied.message).toMatch(/directory role such as Reports Reader/)
  })

  it('stays generic for an unknown 403 to an app-only caller, offering consent but no role', () => {
    const denied = answer(unknown, signIns, 'app')
    expect(denied.code).toBe('permission_missing')
    expect(denied.message).toMatch(/without saying which permission is missing/)
    expect(denied.message).toMatch(/Grant admin consent/)
    expect(denied.message).not.toMatch(/role/)
  })

  it('asks for directory read access, not a reports role, for a directory read Graph did not explain', () => {
    const denied = answer(insufficient, grants)
    expect(denied.code).toBe('permission_missing')
    expect(denied.message).toContain('Directory.Read.All with admin consent')
    expect(denied.message).toMatch(/allowed to read the directory/)
    expect(denied.message).not.toMatch(/Reports Reader/)
  })

  it('keeps Graph’s own words in the generic message, without a token that slipped into them', () => {
    const leaky = graphBody(
      'Forbidden',
      'Denied for Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig',
    )
    const denied = answer(leaky, signIns)
    expect(denied.code).toBe('permission_missing')
    expect(denied.message).toContain('Graph said: "Denied for Bearer')
    expect(denied.message).not.toContain('eyJ')
  })

  it('keeps the licence answer apart from both', () => {
    const licence = graphBody(
      'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
      "Neither tenant is B2C or tenant doesn't have premium license",
    )
    expect(answer(licence, signIns).code).toBe('licence_missing')
  })
})

describe('forbiddenCause', () => {
  it('reads the code even when the message is missing', () => {
    expect(forbiddenCause('Authentication_MSGraphPermissionMissing', null, 'user')).toBe('consent')
    expect(forbiddenCause('Authentication_RequestFromUnsupportedUserRole', null, 'user')).toBe(
      'role',
    )
  })
  it('does not blame a user role for an app-only caller', () => {
    expect(forbiddenCause('Authentication_RequestFromUnsupportedUserRole', null, 'app')).toBe(
      'unknown',
    )
  })
})
