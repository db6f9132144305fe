// Retry-After parsing, backoff bounds, the nextLink origin check, the sign-in filter and error mapping.
import { describe, expect, it } from 'vitest'
import { checkNextLink } from '../../../src-main/core/graph/client'
import { graphHttpError } from '../../../src-main/core/graph/errors'
import { backoffDelay, parseRetryAfter } from '../../../src-main/core/graph/retry'
import { signInFilter, toSignInEvent } from '../../../src-main/core/sources/graph-source'
import { MDE_RESOURCE_APP_ID } from '../../../src-main/core/sources/types'

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-06-02T12:00:00Z')
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0)
    expect(parseRetryAfter('7', now)).toBe(7000)
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000)
  })
  it('reads an HTTP-date relative to now, a past date as 0', () => {
    expect(parseRetryAfter('Mon, 02 Jun 2025 12:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Mon, 02 Jun 2025 11:59:00 GMT', now)).toBe(0)
  })
  it('gives null for absent or malformed values so the caller backs off instead', () => {
    for (const v of [null, undefined, '', '-3', '1.5', 'soon', '12abc'])
      expect(parseRetryAfter(v, now), String(v)).toBeNull()
  })
})

describe('backoffDelay', () => {
  const policy = { baseMs: 500, maxMs: 30_000 }
  it('stays in [cap/2, cap] with cap doubling per attempt up to maxMs', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const cap = Math.min(30_000, 500 * 2 ** (attempt - 1))
      expect(backoffDelay(attempt, policy, () => 0)).toBe(cap / 2)
      expect(backoffDelay(attempt, policy, () => 1)).toBe(cap)
      const d = backoffDelay(attempt, policy)
      expect(d).toBeGreaterThanOrEqual(cap / 2)
      expect(d).toBeLessThanOrEqual(cap)
    }
  })
  it('never exceeds maxMs even for absurd attempt numbers', () => {
    expect(backoffDelay(10_000, policy, () => 1)).toBe(30_000)
    expect(backoffDelay(0, policy, () => 1)).toBe(500)
  })
})

describe('checkNextLink', () => {
  const graph = 'https://graph.microsoft.com'
  it('accepts links on the Graph origin', () => {
    expect(
      checkNextLink('https://graph.microsoft.com/beta/auditLogs/signIns?$skiptoken=abc', graph)
        .href,
    ).toContain('$skiptoken=abc')
    expect(() =>
      checkNextLink(
        'https://127.0.0.1:8443/graph/v1.0/x?$skiptoken=1',
        'https://127.0.0.1:8443/graph',
      ),
    ).not.toThrow()
  })
  it('refuses other hosts, ports, schemes, credentials and paths outside the base', () => {
    for (const link of [
      'https://evil.example/beta/auditLogs/signIns',
      'https://graph.microsoft.com.evil.example/beta/x',
      'http://graph.microsoft.com/beta/x',
      'https://graph.microsoft.com:444/beta/x',
      'https://user:pw@graph.microsoft.com/beta/x',
      'not a url',
    ])
      expect(() => checkNextLink(link, graph), link).toThrow(/refusing|not a valid URL/)
    expect(() =>
      checkNextLink('https://127.0.0.1:8443/other/v1.0/x', 'https://127.0.0.1:8443/graph'),
    ).toThrow(/refusing/)
  })
})

describe('signInFilter', () => {
  it('writes the documented grammar, whole seconds, one lambda with or', () => {
    const filter = signInFilter(
      Date.parse('2025-06-01T00:00:00Z'),
      Date.parse('2025-06-02T00:00:00Z'),
      ['servicePrincipal', 'managedIdentity'],
      MDE_RESOURCE_APP_ID,
      '11111111-1111-4111-8111-111111111111',
    )
    expect(filter).toBe(
      "createdDateTime ge 2025-06-01T00:00:00Z and createdDateTime lt 2025-06-02T00:00:00Z and signInEventTypes/any(t: t eq 'servicePrincipal' or t eq 'managedIdentity') and resourceId eq 'fc780465-2017-40d4-a0c5-307022471b92' and appId eq '11111111-1111-4111-8111-111111111111'",
    )
  })
})

describe('toSignInEvent', () => {
  it('maps Graph fields, truncates fractions, nulls empty ids, keeps failure reasons only for failures', () => {
    const event = toSignInEvent(
      {
        id: 'a',
        createdDateTime: '2025-06-01T10:15:42.734Z',
        appId: 'app',
        appDisplayName: 'App',
        servicePrincipalId: '',
        resourceId: MDE_RESOURCE_APP_ID,
        status: { errorCode: 0, failureReason: 'Other.' },
        ipAddress: '1.2.3.4',
        location: { city: null, countryOrRegion: null },
        signInEventTypes: ['managedIdentity'],
      },
      ['servicePrincipal', 'managedIdentity'],
    )
    expect(event).toMatchObject({
      createdDateTime: '2025-06-01T10:15:42Z',
      servicePrincipalId: null,
      eventType: 'managedIdentity',
      errorCode: 0,
      failureReason: null,
      location: null,
      userPrincipalName: null,
    })
  })
})

describe('graphHttpError', () => {
  const ctx = {
    operation: 'reading the sign-in logs',
    requiredScopes: ['AuditLog.Read.All'],
    report: true,
  }
  it('names the licence, the scope and the role, and never echoes a token', () => {
    const licence = graphHttpError(
      403,
      'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
      'x',
      null,
      ctx,
      false,
    )
    expect(licence.kind).toBe('licenceMissing')
    const denied = graphHttpError(
      403,
      'Authorization_RequestDenied',
      'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig',
      null,
      ctx,
      false,
    )
    expect(denied.kind).toBe('permissionMissing')
    expect(denied.message).toMatch(/AuditLog\.Read\.All.*Reports Reader/)
    expect(denied.message).not.toContain('eyJ')
  })
  it('classifies an expired skiptoken only on a followed nextLink', () => {
    const message = 'The $skiptoken has expired. Restart the query without $skiptoken.'
    expect(graphHttpError(400, 'BadRequest', message, null, ctx, true).kind).toBe('nextLinkExpired')
    expect(graphHttpError(400, 'BadRequest', message, null, ctx, false).kind).toBe('badRequest')
  })
})
