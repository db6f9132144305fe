// Zod schemas for the Microsoft wire formats the product reads, written from Microsoft's documented
// shapes (Graph v1.0/beta resources, Entra v2.0 token endpoint, Log Analytics query API). Tolerant of
// extra fields: Microsoft adds properties without notice; we only pin what we read.
import { z } from 'zod'

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
/** Graph DateTimeOffset: ISO 8601 in UTC, e.g. 2014-01-01T00:00:00Z (fractional seconds allowed). */
const dateTimeOffset = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/)

// ---- OData envelopes and errors ----------------------------------------------------------------

export const graphErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    innerError: z
      .object({
        date: z.string().optional(),
        'request-id': z.string().optional(),
        'client-request-id': z.string().optional(),
      })
      .optional(),
  }),
})
export type GraphErrorBody = z.infer<typeof graphErrorSchema>

export function collectionSchema<T extends z.ZodType>(item: T) {
  return z.object({
    '@odata.context': z.string().optional(),
    '@odata.nextLink': z.string().url().optional(),
    value: z.array(item),
  })
}

// ---- directory objects ---------------------------------------------------------------------------

export const appRoleSchema = z.object({
  id: guid,
  allowedMemberTypes: z.array(z.string()),
  description: z.string().nullable(),
  displayName: z.string().nullable(),
  isEnabled: z.boolean(),
  origin: z.string().optional(),
  value: z.string().nullable(),
})

export const permissionScopeSchema = z.object({
  id: guid,
  adminConsentDescription: z.string().nullable(),
  adminConsentDisplayName: z.string().nullable(),
  isEnabled: z.boolean(),
  type: z.string(),
  userConsentDescription: z.string().nullable().optional(),
  userConsentDisplayName: z.string().nullable().optional(),
  value: z.string().nullable(),
})

export const verifiedPublisherSchema = z.object({
  displayName: z.string().nullable(),
  verifiedPublisherId: z.string().nullable(),
  addedDateTime: dateTimeOffset.nullable(),
})

export const passwordCredentialSchema = z.object({
  customKeyIdentifier: z.string().nullable().optional(),
  displayName: z.string().nullable(),
  endDateTime: dateTimeOffset.nullable(),
  hint: z.string().nullable().optional(),
  keyId: guid,
  secretText: z.string().nullable().optional(),
  startDateTime: dateTimeOffset.nullable(),
})

export const keyCredentialSchema = z.object({
  customKeyIdentifier: z.string().nullable().optional(),
  displayName: z.string().nullable(),
  endDateTime: dateTimeOffset.nullable(),
  key: z.string().nullable().optional(),
  keyId: guid,
  startDateTime: dateTimeOffset.nullable(),
  type: z.string(),
  usage: z.string(),
})

/** servicePrincipal with the properties the product selects (all optional: $select decides). */
export const servicePrincipalSchema = z.object({
  id: guid,
  appId: guid.optional(),
  displayName: z.string().nullable().optional(),
  appOwnerOrganizationId: guid.nullable().optional(),
  servicePrincipalType: z.string().nullable().optional(),
  accountEnabled: z.boolean().nullable().optional(),
  signInAudience: z.string().nullable().optional(),
  verifiedPublisher: verifiedPublisherSchema.nullable().optional(),
  keyCredentials: z.array(keyCredentialSchema).optional(),
  passwordCredentials: z.array(passwordCredentialSchema).optional(),
  tags: z.array(z.string()).optional(),
  appRoles: z.array(appRoleSchema).optional(),
  oauth2PermissionScopes: z.array(permissionScopeSchema).optional(),
})
export type ServicePrincipalBody = z.infer<typeof servicePrincipalSchema>

export const applicationSchema = z.object({
  id: guid,
  appId: guid.optional(),
  displayName: z.string().nullable().optional(),
  createdDateTime: dateTimeOffset.nullable().optional(),
  signInAudience: z.string().nullable().optional(),
  publisherDomain: z.string().nullable().optional(),
  verifiedPublisher: verifiedPublisherSchema.nullable().optional(),
  keyCredentials: z.array(keyCredentialSchema).optional(),
  passwordCredentials: z.array(passwordCredentialSchema).optional(),
})

export const appRoleAssignmentSchema = z.object({
  id: z.string(),
  appRoleId: guid,
  createdDateTime: dateTimeOffset.nullable(),
  deletedDateTime: dateTimeOffset.nullable().optional(),
  principalDisplayName: z.string().nullable(),
  principalId: guid,
  principalType: z.string().nullable(),
  resourceDisplayName: z.string().nullable().optional(),
  resourceId: guid,
})

export const oauth2PermissionGrantSchema = z.object({
  id: z.string(),
  clientId: guid,
  consentType: z.enum(['AllPrincipals', 'Principal']),
  principalId: guid.nullable(),
  resourceId: guid,
  scope: z.string().nullable(),
})

export const directoryObjectSchema = z.object({
  '@odata.type': z.string(),
  id: guid,
  displayName: z.string().nullable().optional(),
  userPrincipalName: z.string().nullable().optional(),
})

// ---- identity reports (beta) ---------------------------------------------------------------------

export const signInEventTypeSchema = z.enum([
  'interactiveUser',
  'nonInteractiveUser',
  'servicePrincipal',
  'managedIdentity',
])

export const signInStatusSchema = z.object({
  errorCode: z.number().int(),
  failureReason: z.string().nullable().optional(),
  additionalDetails: z.string().nullable().optional(),
})

export const signInSchema = z.object({
  id: z.string(),
  createdDateTime: dateTimeOffset,
  appId: z.string().optional(),
  appDisplayName: z.string().nullable().optional(),
  servicePrincipalId: z.string().nullable().optional(),
  servicePrincipalName: z.string().nullable().optional(),
  resourceId: z.string().nullable().optional(),
  resourceDisplayName: z.string().nullable().optional(),
  userPrincipalName: z.string().nullable().optional(),
  userId: z.string().nullable().optional(),
  ipAddress: z.string().nullable().optional(),
  signInEventTypes: z.array(signInEventTypeSchema).optional(),
  isInteractive: z.boolean().optional(),
  correlationId: z.string().nullable().optional(),
  status: signInStatusSchema.optional(),
  location: z
    .object({
      city: z.string().nullable(),
      state: z.string().nullable().optional(),
      countryOrRegion: z.string().nullable(),
    })
    .nullable()
    .optional(),
})
export type SignInBody = z.infer<typeof signInSchema>

export const summarizedSignInSchema = z.object({
  id: z.string(),
  appId: z.string(),
  appDisplayName: z.string().nullable(),
  signInCount: z.number().int().nonnegative(),
  aggregationDateTime: dateTimeOffset,
  resourceId: z.string().nullable().optional(),
  ipAddress: z.string().nullable().optional(),
  servicePrincipalId: z.string().nullable().optional(),
  status: signInStatusSchema.optional(),
})

export const batchResponseSchema = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown(),
    }),
  ),
})

// ---- Entra v2.0 ---------------------------------------------------------------------------------

export const openIdConfigurationSchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string().url(),
  token_endpoint: z.string().url(),
  jwks_uri: z.string().url(),
  device_authorization_endpoint: z.string().url().optional(),
  end_session_endpoint: z.string().url().optional(),
  response_modes_supported: z.array(z.string()),
})

export const tokenResponseSchema = z.object({
  token_type: z.literal('Bearer'),
  scope: z.string().optional(),
  expires_in: z.number().int().positive(),
  ext_expires_in: z.number().int().positive().optional(),
  access_token: z.string(),
  refresh_token: z.string().optional(),
  id_token: z.string().optional(),
  client_info: z.string().optional(),
})

/** An AADSTS error from /token or /devicecode. */
export const tokenErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().regex(/^AADSTS\d+: /),
  error_codes: z.array(z.number().int()),
  timestamp: z.string(),
  trace_id: z.string(),
  correlation_id: z.string(),
  error_uri: z.string().optional(),
})

export const deviceCodeResponseSchema = z.object({
  user_code: z.string(),
  device_code: z.string(),
  verification_uri: z.string().url(),
  expires_in: z.number().int().positive(),
  interval: z.number().int().nonnegative(),
  message: z.string(),
})

// ---- Log Analytics ------------------------------------------------------------------------------

export const logAnalyticsResponseSchema = z.object({
  tables: z.array(
    z.object({
      name: z.string(),
      columns: z.array(z.object({ name: z.string(), type: z.string() })),
      rows: z.array(z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))),
    }),
  ),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
})

export const logAnalyticsErrorSchema = z.object({
  error: z.object({
    message: z.string(),
    code: z.string(),
    correlationId: z.string().optional(),
    innererror: z.object({ code: z.string(), message: z.string() }).optional(),
  }),
})
