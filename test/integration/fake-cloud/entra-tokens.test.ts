// The fake Entra token endpoint: PKCE, single-use codes, client credentials with secret and certificate,
// and AADSTS-shaped errors.
import { createHash, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tokenErrorSchema, tokenResponseSchema } from '../../../src-main/core/graph/schemas'
import { DEFAULT_PASSWORD, httpsJson, startFakeCloud } from '../../fake-cloud'
import type { FakeCloud } from '../../fake-cloud'
import { automationClient, claims, confidentialApp, NOW, postForm, publicClient } from './helpers'

describe('fake Entra token endpoint', () => {
  let cloud: FakeCloud

  beforeAll(async () => {
    cloud = await startFakeCloud({ now: NOW, timeScale: 0, tenants: [{ size: 'tiny' }] })
  })
  afterAll(async () => cloud?.close())

  /** Signs in through the HTML form by plain HTTP and returns the code the form_post page carries. */
  async function authorizationCode(
    challenge: string,
    redirectUri = 'http://localhost:51234/',
  ): Promise<string> {
    const tenant = cloud.tenants[0]!
    const q = new URLSearchParams({
      client_id: publicClient(tenant).clientId,
      response_type: 'code',
      response_mode: 'form_post',
      redirect_uri: redirectUri,
      scope: `${cloud.graphUrl}/AuditLog.Read.All openid profile offline_access`,
      state: 'xyz',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })
    const page = await httpsJson(
      'GET',
      `${cloud.authority(tenant.id)}/oauth2/v2.0/authorize?${q}`,
      cloud.caPem,
    )
    expect(page.status).toBe(200)
    const tx = page.text.match(/name="tx" value="([^"]+)"/)![1]!
    const posted = await postForm(cloud, `${cloud.authority(tenant.id)}/login`, {
      tx,
      username: tenant.users[0]!.userPrincipalName,
      password: DEFAULT_PASSWORD,
      action: 'signin',
    })
    expect(posted.text).toContain(`action="${redirectUri}"`)
    expect(posted.text).toContain('name="state" value="xyz"')
    return posted.text.match(/name="code" value="([^"]+)"/)![1]!
  }

  function pkce() {
    const verifier = randomBytes(32).toString('base64url')
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
  }

  it('checks PKCE S256 and honours a code only once', async () => {
    const tenant = cloud.tenants[0]!
    const tokenUrl = `${cloud.authority(tenant.id)}/oauth2/v2.0/token`
    const { verifier, challenge } = pkce()
    const base = {
      client_id: publicClient(tenant).clientId,
      grant_type: 'authorization_code',
      redirect_uri: 'http://localhost:51234/',
      scope: `${cloud.graphUrl}/AuditLog.Read.All openid offline_access`,
    }

    const wrong = await postForm(cloud, tokenUrl, {
      ...base,
      code: await authorizationCode(challenge),
      code_verifier: pkce().verifier,
    })
    expect(wrong.status).toBe(400)
    expect(tokenErrorSchema.parse(wrong.body).error_codes).toEqual([501481])

    const code = await authorizationCode(challenge)
    const ok = await postForm(cloud, tokenUrl, {
      ...base,
      code,
      code_verifier: verifier,
      client_info: '1',
    })
    expect(ok.status).toBe(200)
    const tokens = tokenResponseSchema.parse(ok.body)
    expect(tokens.refresh_token).toBeDefined()
    expect(JSON.parse(Buffer.from(tokens.client_info!, 'base64url').toString())).toEqual({
      uid: tenant.users[0]!.id,
      utid: tenant.id,
    })
    expect(claims(tokens.id_token!)['aud']).toBe(publicClient(tenant).clientId)

    const again = await postForm(cloud, tokenUrl, { ...base, code, code_verifier: verifier })
    expect(again.status).toBe(400)
    const error = tokenErrorSchema.parse(again.body)
    expect(error.error).toBe('invalid_grant')
    expect(error.error_codes).toEqual([54005])

    // A rotated-out refresh token cannot be used again.
    const first = await postForm(cloud, tokenUrl, {
      client_id: base.client_id,
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
      scope: base.scope,
    })
    expect(first.status).toBe(200)
    const reused = await postForm(cloud, tokenUrl, {
      client_id: base.client_id,
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
      scope: base.scope,
    })
    expect(tokenErrorSchema.parse(reused.body).error).toBe('invalid_grant')
  })

  it('refuses an authorize request without PKCE and an unknown client', async () => {
    const tenant = cloud.tenants[0]!
    const q = new URLSearchParams({
      client_id: publicClient(tenant).clientId,
      response_type: 'code',
      response_mode: 'form_post',
      redirect_uri: 'http://localhost:5000/',
      scope: 'openid',
      state: 's',
    })
    const noPkce = await httpsJson(
      'GET',
      `${cloud.authority(tenant.id)}/oauth2/v2.0/authorize?${q}`,
      cloud.caPem,
    )
    expect(noPkce.text).toContain('name="error" value="invalid_request"')
    q.set('client_id', '11111111-1111-4111-8111-111111111111')
    const unknown = await httpsJson(
      'GET',
      `${cloud.authority(tenant.id)}/oauth2/v2.0/authorize?${q}`,
      cloud.caPem,
    )
    expect(unknown.status).toBe(400)
    expect(unknown.text).toContain('AADSTS700016')
  })

  it('issues app-only tokens for a valid secret and a certificate assertion, with the roles granted', async () => {
    const tenant = cloud.tenants[0]!
    const client = automationClient(tenant)
    const valid = client.secrets.find((s) => new Date(s.endDateTime) > new Date(NOW))!
    const bySecret = await confidentialApp(cloud, tenant, {
      secret: valid.value,
    }).acquireTokenByClientCredential({ scopes: [`${cloud.graphUrl}/.default`] })
    const secretClaims = claims(bySecret!.accessToken)
    expect(secretClaims['roles']).toEqual(
      expect.arrayContaining(['AuditLog.Read.All', 'Application.Read.All']),
    )
    expect(secretClaims['aud']).toBe(cloud.graphUrl)
    expect(secretClaims['azpacr']).toBe('1')

    const cert = client.certificates[0]!
    const byCert = await confidentialApp(cloud, tenant, {
      certificate: { thumbprintSha256: cert.thumbprintSha256, privateKey: cert.privateKeyPem! },
    }).acquireTokenByClientCredential({ scopes: [`${cloud.logAnalyticsUrl}/.default`] })
    const certClaims = claims(byCert!.accessToken)
    expect(certClaims['azpacr']).toBe('2')
    expect(certClaims['aud']).toBe(cloud.logAnalyticsUrl)
    expect(certClaims['roles']).toEqual(['Data.Read'])
  })

  it('answers bad client credentials with the AADSTS codes Entra uses', async () => {
    const tenant = cloud.tenants[0]!
    const client = automationClient(tenant)
    const tokenUrl = `${cloud.authority(tenant.id)}/oauth2/v2.0/token`
    const ask = (fields: Record<string, string>) =>
      postForm(cloud, tokenUrl, {
        client_id: client.clientId,
        grant_type: 'client_credentials',
        scope: `${cloud.graphUrl}/.default`,
        ...fields,
      })
    const expired = client.secrets.find((s) => new Date(s.endDateTime) <= new Date(NOW))!
    const cases: Array<[Record<string, string>, number, number]> = [
      [{ client_secret: 'not-the-secret' }, 401, 7000215],
      [{ client_secret: expired.value }, 401, 7000222],
      [
        { client_secret: client.secrets[0]!.value, scope: `${cloud.graphUrl}/AuditLog.Read.All` },
        400,
        1002012,
      ],
      [
        { client_secret: client.secrets[0]!.value, scope: 'https://unknown.example/.default' },
        400,
        500011,
      ],
      [{ client_id: '22222222-2222-4222-8222-222222222222', client_secret: 'x' }, 400, 700016],
      [{}, 401, 7000218],
    ]
    for (const [fields, status, code] of cases) {
      const res = await ask(fields)
      expect(res.status, JSON.stringify(fields)).toBe(status)
      const body = tokenErrorSchema.parse(res.body)
      expect(body.error_codes).toEqual([code])
      expect(body.error_description.startsWith(`AADSTS${code}: `)).toBe(true)
    }
    client.enabled = false
    try {
      expect(
        tokenErrorSchema.parse((await ask({ client_secret: client.secrets[0]!.value })).body)
          .error_codes,
      ).toEqual([7000112])
    } finally {
      client.enabled = true
    }
  })
})
