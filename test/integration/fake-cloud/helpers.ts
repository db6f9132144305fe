// Shared helpers for the fake-cloud integration tests.
import { ConfidentialClientApplication } from '@azure/msal-node'
import type { FakeCloud, FakeClient, FakeTenant } from '../../fake-cloud'
import { httpsJson, networkClientTrusting } from '../../fake-cloud'
import { decodeJwt } from '../../fake-cloud/jwt'

export const NOW = '2025-06-02T12:00:00Z'

export const chromiumArgs = (cloud: FakeCloud) => [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  `--ignore-certificate-errors-spki-list=${cloud.serverSpkiSha256}`,
]

export function publicClient(tenant: FakeTenant): FakeClient {
  return tenant.clients.find((c) => c.kind === 'public')!
}

export function automationClient(tenant: FakeTenant): FakeClient {
  return tenant.clients.find((c) => c.kind === 'confidential')!
}

export function confidentialApp(
  cloud: FakeCloud,
  tenant: FakeTenant,
  credential:
    { secret: string } | { certificate: { thumbprintSha256: string; privateKey: string } },
): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: automationClient(tenant).clientId,
      authority: cloud.authority(tenant.id),
      knownAuthorities: [cloud.host],
      ...('secret' in credential
        ? { clientSecret: credential.secret }
        : { clientCertificate: credential.certificate }),
    },
    system: { networkClient: networkClientTrusting(cloud.caPem) },
  })
}

/** An app-only token from the automation client's valid secret. */
export async function appToken(
  cloud: FakeCloud,
  tenant: FakeTenant,
  resource: 'graph' | 'logAnalytics' = 'graph',
): Promise<string> {
  const secret = automationClient(tenant).secrets.find(
    (s) => new Date(s.endDateTime).getTime() > cloud.clock.now(),
  )!
  const app = confidentialApp(cloud, tenant, { secret: secret.value })
  const scope =
    resource === 'graph' ? `${cloud.graphUrl}/.default` : `${cloud.logAnalyticsUrl}/.default`
  const result = await app.acquireTokenByClientCredential({ scopes: [scope] })
  if (!result) throw new Error('no token')
  return result.accessToken
}

export interface JsonResponse {
  status: number
  headers: Record<string, string>
  body: unknown
}

export async function graphGet(
  cloud: FakeCloud,
  token: string,
  pathOrUrl: string,
): Promise<JsonResponse> {
  const url = pathOrUrl.startsWith('https://') ? pathOrUrl : `${cloud.graphUrl}${pathOrUrl}`
  const res = await httpsJson('GET', url, cloud.caPem, {
    headers: { authorization: `Bearer ${token}` },
  })
  return { status: res.status, headers: res.headers, body: res.text ? JSON.parse(res.text) : null }
}

export async function postJson(
  cloud: FakeCloud,
  token: string,
  url: string,
  body: unknown,
): Promise<JsonResponse> {
  const res = await httpsJson('POST', url, cloud.caPem, {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, headers: res.headers, body: res.text ? JSON.parse(res.text) : null }
}

export async function postForm(
  cloud: FakeCloud,
  url: string,
  fields: Record<string, string>,
): Promise<JsonResponse & { text: string }> {
  const res = await httpsJson('POST', url, cloud.caPem, {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  })
  let body: unknown
  try {
    body = JSON.parse(res.text)
  } catch {
    body = null
  }
  return { status: res.status, headers: res.headers, body, text: res.text }
}

export function claims(token: string): Record<string, unknown> {
  const parts = decodeJwt(token)
  if (!parts) throw new Error('not a JWT')
  return parts.payload
}
