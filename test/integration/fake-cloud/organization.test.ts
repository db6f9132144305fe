// The fake Graph's organization object: the tenant's configured name (text as given, however hostile),
// its id, and `$select`; a token without a directory permission is refused as Graph refuses it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeCloud, type FakeCloud } from '../../fake-cloud'
import { appToken, automationClient, graphGet, NOW } from './helpers'

const HOSTILE = '<script>alert("tenant")</script> & Co'

let cloud: FakeCloud
beforeAll(async () => {
  cloud = await startFakeCloud({
    now: NOW,
    timeScale: 0,
    throttle: false,
    tenants: [
      { seed: 'orgname', size: 'tiny', displayName: HOSTILE },
      { seed: 'plainco', size: 'tiny' },
    ],
  })
})
afterAll(async () => cloud?.close())

describe('fake Graph /organization', () => {
  it("answers each tenant's own organization with its configured name", async () => {
    for (const [tenant, name] of [
      [cloud.tenants[0]!, HOSTILE],
      [cloud.tenants[1]!, 'Plainco (fake)'],
    ] as const) {
      const token = await appToken(cloud, tenant)
      const all = await graphGet(cloud, token, '/v1.0/organization')
      expect(all.status).toBe(200)
      const body = all.body as { value: Array<Record<string, unknown>> }
      expect(body.value).toHaveLength(1)
      expect(body.value[0]).toMatchObject({ id: tenant.id, displayName: name })
      expect(body.value[0]!['verifiedDomains']).toBeDefined()
      const selected = await graphGet(cloud, token, '/v1.0/organization?$select=id,displayName')
      expect((selected.body as { value: unknown[] }).value).toEqual([
        { id: tenant.id, displayName: name },
      ])
    }
  })

  it('refuses an app token without a directory permission', async () => {
    const tenant = cloud.tenants[1]!
    const client = automationClient(tenant)
    const granted = client.application.graph
    client.application.graph = granted.filter((p) => p !== 'Directory.Read.All')
    try {
      const token = await appToken(cloud, tenant)
      const answer = await graphGet(cloud, token, '/v1.0/organization?$select=id,displayName')
      expect(answer.status).toBe(403)
      expect(answer.body).toMatchObject({ error: { code: 'Authorization_RequestDenied' } })
    } finally {
      client.application.graph = granted
    }
  })
})
