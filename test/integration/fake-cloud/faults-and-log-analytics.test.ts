// Injected faults (status, reset, slow and truncated bodies, expired nextLink) and the Log Analytics query API.
import { request } from 'node:https'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hourlyCounts, HOUR_MS } from '../../../src-main/core/demo'
import {
  graphErrorSchema,
  logAnalyticsErrorSchema,
  logAnalyticsResponseSchema,
} from '../../../src-main/core/graph/schemas'
import { MDE_RESOURCE_APP_ID } from '../../../src-main/core/sources/types'
import { startFakeCloud } from '../../fake-cloud'
import type { FakeCloud } from '../../fake-cloud'
import { appToken, graphGet, NOW, postJson } from './helpers'

/** A raw GET that reports how the body arrived (chunks) or how the connection failed. */
function rawGet(
  cloud: FakeCloud,
  token: string,
  path: string,
): Promise<{ status: number; body: string; chunks: number; error: string | null }> {
  return new Promise((resolve) => {
    let status = 0
    let chunks = 0
    let body = ''
    const req = request(
      `${cloud.graphUrl}${path}`,
      { ca: cloud.caPem, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        status = res.statusCode ?? 0
        res.on('data', (c: Buffer) => {
          chunks++
          body += c.toString('utf8')
        })
        res.on('end', () => resolve({ status, body, chunks, error: null }))
        res.on('error', (e) =>
          resolve({ status, body, chunks, error: (e as NodeJS.ErrnoException).code ?? e.message }),
        )
        res.on('aborted', () => resolve({ status, body, chunks, error: 'aborted' }))
      },
    )
    req.on('error', (e) =>
      resolve({ status, body, chunks, error: (e as NodeJS.ErrnoException).code ?? e.message }),
    )
    req.end()
  })
}

describe('faults', () => {
  let cloud: FakeCloud
  let token: string
  const spPath = `/v1.0/servicePrincipals(appId='${MDE_RESOURCE_APP_ID}')`

  beforeAll(async () => {
    cloud = await startFakeCloud({
      now: NOW,
      timeScale: 0,
      throttle: false,
      tenants: [{ size: 'tiny' }],
    })
    token = await appToken(cloud, cloud.tenants[0]!)
  })
  afterAll(async () => cloud?.close())

  it('answers with injected 503/504/429 (with Retry-After) the given number of times', async () => {
    cloud.faults.add({
      service: 'graph',
      path: '/servicePrincipals',
      times: 2,
      fault: { kind: 'status', status: 503, retryAfterSeconds: 7 },
    })
    cloud.faults.add({
      service: 'graph',
      path: '/servicePrincipals',
      fault: { kind: 'status', status: 504 },
    })
    const first = await graphGet(cloud, token, spPath)
    expect(first.status).toBe(503)
    expect(first.headers['retry-after']).toBe('7')
    expect(graphErrorSchema.parse(first.body).error.code).toBe('ServiceUnavailable')
    expect((await graphGet(cloud, token, spPath)).status).toBe(503)
    expect((await graphGet(cloud, token, spPath)).status).toBe(504)
    expect((await graphGet(cloud, token, spPath)).status).toBe(200)
    expect(cloud.faults.pending).toBe(0)
  })

  it('resets connections, truncates bodies and sends slow bodies', async () => {
    cloud.faults.add({ service: 'graph', fault: { kind: 'reset' } })
    expect((await rawGet(cloud, token, spPath)).error).toBe('ECONNRESET')

    cloud.faults.add({ service: 'graph', fault: { kind: 'truncatedBody', keepBytes: 40 } })
    const truncated = await rawGet(cloud, token, spPath)
    expect(truncated.status).toBe(200)
    expect(truncated.error).not.toBeNull()
    expect(truncated.body.length).toBe(40)

    cloud.faults.add({ service: 'graph', fault: { kind: 'slowBody', chunkBytes: 200, delayMs: 5 } })
    const slow = await rawGet(cloud, token, spPath)
    expect(slow.error).toBeNull()
    expect(slow.chunks).toBeGreaterThan(3)
    expect(JSON.parse(slow.body).appId).toBe(MDE_RESOURCE_APP_ID)
    expect(cloud.requests.filter((r) => r.fault !== null).map((r) => r.fault)).toEqual(
      expect.arrayContaining(['reset', 'truncatedBody', 'slowBody']),
    )
  })

  it('expires the next nextLink on demand', async () => {
    const tenant = cloud.tenants[0]!
    const filter = `createdDateTime ge ${tenant.demo.historyStart.toISOString()} and createdDateTime lt ${tenant.demo.now.toISOString()} and signInEventTypes/any(t: t eq 'servicePrincipal')`
    const first = await graphGet(
      cloud,
      token,
      `/beta/auditLogs/signIns?$filter=${encodeURIComponent(filter)}&$top=10`,
    )
    const next = (first.body as { '@odata.nextLink': string })['@odata.nextLink']
    cloud.faults.add({ service: 'graph', fault: { kind: 'expiredNextLink' } })
    // The fault waits for a request that follows a nextLink; this one does not.
    expect((await graphGet(cloud, token, spPath)).status).toBe(200)
    const expired = await graphGet(cloud, token, next)
    expect(expired.status).toBe(400)
    expect(graphErrorSchema.parse(expired.body).error.message).toMatch(/expired/)
    expect((await graphGet(cloud, token, next)).status).toBe(200)
  })
})

describe('Log Analytics query API', () => {
  let cloud: FakeCloud
  let token: string

  beforeAll(async () => {
    cloud = await startFakeCloud({ now: NOW, timeScale: 0, tenants: [{ size: 'small' }] })
    token = await appToken(cloud, cloud.tenants[0]!, 'logAnalytics')
  })
  afterAll(async () => cloud?.close())

  const query = (table: string, bin: string) => `${table}
    | where TimeGenerated >= datetime(2025-05-30T00:00:00Z) and TimeGenerated < datetime(2025-06-01T00:00:00Z)
    | where ResourceIdentity == '${MDE_RESOURCE_APP_ID}'
    | summarize SignIns = count(), Failures = countif(ResultType != "0") by AppId, bin(TimeGenerated, ${bin})`

  it('answers the hourly aggregation from the same data as the ground truth', async () => {
    const tenant = cloud.tenants[0]!
    const url = `${cloud.logAnalyticsUrl}/v1/workspaces/${tenant.logAnalyticsWorkspaceId}/query`
    const res = await postJson(cloud, token, url, {
      query: query('AADServicePrincipalSignInLogs', '1h'),
    })
    expect(res.status).toBe(200)
    const table = logAnalyticsResponseSchema.parse(res.body).tables[0]!
    expect(table.columns.map((c) => c.name)).toEqual([
      'AppId',
      'TimeGenerated',
      'SignIns',
      'Failures',
    ])
    const truth = [
      ...hourlyCounts(tenant.demo, {
        from: new Date('2025-05-30T00:00:00Z'),
        to: new Date('2025-06-01T00:00:00Z'),
        eventTypes: ['servicePrincipal'],
      }),
    ]
    const got = new Map(table.rows.map((r) => [`${String(r[0])} ${String(r[1])}`, [r[2], r[3]]]))
    expect(got.size).toBe(truth.length)
    for (const t of truth)
      expect(got.get(`${t.appId} ${t.hourStart}`)).toEqual([t.success + t.failure, t.failure])
  })

  it('answers daily bins over a union of tables within a timespan', async () => {
    const tenant = cloud.tenants[0]!
    const url = `${cloud.logAnalyticsUrl}/v1/workspaces/${tenant.logAnalyticsWorkspaceId}/query`
    const q = `union AADNonInteractiveUserSignInLogs, SigninLogs | where ResourceIdentity == '${MDE_RESOURCE_APP_ID}' | summarize SignIns=count(), Failures=countif(ResultType != "0") by AppId, bin(TimeGenerated, 1d)`
    const res = await postJson(cloud, token, url, {
      query: q,
      timespan: '2025-05-30T00:00:00Z/P2D',
    })
    const rows = logAnalyticsResponseSchema.parse(res.body).tables[0]!.rows
    const total = rows.reduce((n, r) => n + Number(r[2]), 0)
    const truth = [
      ...hourlyCounts(tenant.demo, {
        from: new Date('2025-05-30T00:00:00Z'),
        to: new Date(Date.parse('2025-05-30T00:00:00Z') + 48 * HOUR_MS),
        eventTypes: ['nonInteractiveUser', 'interactiveUser'],
      }),
    ]
    expect(total).toBe(truth.reduce((n, t) => n + t.success + t.failure, 0))
    expect(new Set(rows.map((r) => r[1]))).toEqual(
      new Set(['2025-05-30T00:00:00.000Z', '2025-05-31T00:00:00.000Z']),
    )
  })

  it('gives anything else a clear 400, and checks token and workspace', async () => {
    const tenant = cloud.tenants[0]!
    const url = `${cloud.logAnalyticsUrl}/v1/workspaces/${tenant.logAnalyticsWorkspaceId}/query`
    const bad = await postJson(cloud, token, url, {
      query: 'AADServicePrincipalSignInLogs | take 10',
    })
    expect(bad.status).toBe(400)
    const error = logAnalyticsErrorSchema.parse(bad.body).error
    expect(error.code).toBe('BadArgumentError')
    expect(error.innererror?.message).toMatch(/not a KQL engine/)
    const graphToken = await appToken(cloud, tenant, 'graph')
    expect(
      (await postJson(cloud, graphToken, url, { query: query('SigninLogs', '1h') })).status,
    ).toBe(401)
    const otherWorkspace = await postJson(
      cloud,
      token,
      `${cloud.logAnalyticsUrl}/v1/workspaces/00000000-0000-4000-8000-000000000000/query`,
      { query: query('SigninLogs', '1h') },
    )
    expect(otherWorkspace.status).toBe(403)
  })
})
