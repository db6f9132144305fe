// Paging, filtering and throttling of beta auditLogs/signIns and the summaries against the generator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { countSignIns, hourlyCounts, HOUR_MS } from '../../../src-main/core/demo'
import {
  collectionSchema,
  graphErrorSchema,
  signInSchema,
  summarizedSignInSchema,
} from '../../../src-main/core/graph/schemas'
import { MDE_RESOURCE_APP_ID, signInEventTypes } from '../../../src-main/core/sources/types'
import { startFakeCloud } from '../../fake-cloud'
import type { FakeCloud } from '../../fake-cloud'
import { appToken, graphGet, NOW } from './helpers'
import type { JsonResponse } from './helpers'

const signInPage = collectionSchema(signInSchema)
const allTypes = `signInEventTypes/any(t: ${signInEventTypes.map((t) => `t eq '${t}'`).join(' or ')})`

function signInsUrl(from: Date, to: Date, extra = '', top = 1000): string {
  const filter = `createdDateTime ge ${from.toISOString()} and createdDateTime lt ${to.toISOString()} and ${allTypes} and resourceId eq '${MDE_RESOURCE_APP_ID}'${extra}`
  return `/beta/auditLogs/signIns?$filter=${encodeURIComponent(filter)}&$top=${top}`
}

describe('Graph sign-ins', () => {
  let cloud: FakeCloud
  let token: string

  beforeAll(async () => {
    // Frozen clock: the throttle window only moves when the test honours Retry-After.
    cloud = await startFakeCloud({ now: NOW, timeScale: 0, tenants: [{ size: 'small' }] })
    token = await appToken(cloud, cloud.tenants[0]!)
  })
  afterAll(async () => cloud?.close())

  /** GET that honours 429 Retry-After by moving the fake clock, as a well-behaved client waits. */
  async function getHonouringRetryAfter(
    url: string,
  ): Promise<JsonResponse & { throttled: number }> {
    let throttled = 0
    for (;;) {
      const res = await graphGet(cloud, token, url)
      if (res.status !== 429) return { ...res, throttled }
      throttled++
      cloud.advance(Number(res.headers['retry-after']) * 1000)
    }
  }

  it('pages through over 100,000 sign-ins and returns exactly the generator count, newest first', async () => {
    const tenant = cloud.tenants[0]!
    const from = tenant.demo.historyStart
    const to = tenant.demo.now
    const expected = countSignIns(tenant.demo, { from, to })
    expect(expected.total).toBeGreaterThan(100_000)
    const seen = new Set<string>()
    let failures = 0
    let previous = '9999'
    let outOfOrder = 0
    let pages = 0
    let throttled = 0
    let url: string | undefined =
      `${signInsUrl(from, to)}&$select=id,createdDateTime,appId,status,signInEventTypes`
    while (url) {
      const res = await getHonouringRetryAfter(url)
      throttled += res.throttled
      expect(res.status).toBe(200)
      const page = signInPage.parse(res.body)
      expect(page.value.length).toBeLessThanOrEqual(1000)
      for (const s of page.value) {
        if (s.createdDateTime > previous) outOfOrder++
        previous = s.createdDateTime
        seen.add(s.id)
        if (s.status!.errorCode !== 0) failures++
      }
      pages++
      url = page['@odata.nextLink']
      if (url) expect(url).toContain('$skiptoken=')
    }
    expect(outOfOrder).toBe(0)
    expect(seen.size).toBe(expected.total)
    expect(failures).toBe(expected.failure)
    expect(pages).toBe(Math.ceil(expected.total / 1000))
    // Over a hundred requests at five per ten seconds: the client was throttled and waited.
    expect(throttled).toBeGreaterThan(10)
  })

  it('gives the 6th sign-ins request inside 10 s a 429 with Retry-After, per app and tenant', async () => {
    cloud.throttle.reset()
    const tenant = cloud.tenants[0]!
    const url = signInsUrl(new Date(tenant.demo.now.getTime() - HOUR_MS), tenant.demo.now, '', 10)
    for (let i = 0; i < 5; i++) {
      const ok = await graphGet(cloud, token, url)
      expect(ok.status).toBe(200)
      cloud.advance(1000)
    }
    const sixth = await graphGet(cloud, token, url)
    expect(sixth.status).toBe(429)
    const body = graphErrorSchema.parse(sixth.body)
    expect(body.error.code).toBe('TooManyRequests')
    const retryAfter = Number(sixth.headers['retry-after'])
    // The first request left the window 10 s after it was made; 5 s of the window have passed.
    expect(retryAfter).toBe(5)
    // Summaries share the identity-reports budget.
    const summary = await graphGet(
      cloud,
      token,
      "/beta/auditLogs/getSummarizedServicePrincipalSignIns(aggregationWindow='h1')",
    )
    expect(summary.status).toBe(429)
    // Directory reads are budgeted separately.
    expect(
      (
        await graphGet(
          cloud,
          token,
          `/v1.0/servicePrincipals(appId='${MDE_RESOURCE_APP_ID}')?$select=id`,
        )
      ).status,
    ).toBe(200)
    cloud.advance(retryAfter * 1000)
    expect((await graphGet(cloud, token, url)).status).toBe(200)
  })

  it('filters by app and event type, and without signInEventTypes returns interactive sign-ins only', async () => {
    cloud.throttle.limits = null
    const tenant = cloud.tenants[0]!
    const from = new Date(tenant.demo.now.getTime() - 24 * HOUR_MS)
    const to = tenant.demo.now
    const delegated = tenant.demo.apps.find((a) => a.behaviour === 'delegated')!
    const res = await graphGet(
      cloud,
      token,
      `/beta/auditLogs/signIns?$filter=${encodeURIComponent(`createdDateTime ge ${from.toISOString()} and createdDateTime lt ${to.toISOString()} and appId eq '${delegated.appId}' and signInEventTypes/any(t: t eq 'nonInteractiveUser')`)}&$top=1000`,
    )
    const page = signInPage.parse(res.body)
    expect(page.value.length).toBe(
      countSignIns(tenant.demo, {
        from,
        to,
        appIds: [delegated.appId],
        eventTypes: ['nonInteractiveUser'],
      }).total,
    )
    for (const s of page.value) {
      expect(s.appId).toBe(delegated.appId)
      expect(s.signInEventTypes).toEqual(['nonInteractiveUser'])
      expect(s.userPrincipalName).toMatch(/@/)
    }
    const interactiveOnly = await graphGet(
      cloud,
      token,
      `/beta/auditLogs/signIns?$filter=${encodeURIComponent(`createdDateTime ge ${from.toISOString()} and createdDateTime lt ${to.toISOString()}`)}&$top=1000`,
    )
    const interactive = signInPage.parse(interactiveOnly.body)
    expect(interactive.value.length).toBe(
      countSignIns(tenant.demo, { from, to, eventTypes: ['interactiveUser'] }).total,
    )
    expect(interactive.value.every((s) => s.isInteractive === true)).toBe(true)
  })

  it('rejects what it does not understand with OData errors', async () => {
    cloud.throttle.limits = null
    const bad = await graphGet(
      cloud,
      token,
      `/beta/auditLogs/signIns?$filter=${encodeURIComponent("startswith(appDisplayName,'x')")}`,
    )
    expect(bad.status).toBe(400)
    expect(graphErrorSchema.parse(bad.body).error.message).toMatch(/filter/i)
    const tooBig = await graphGet(cloud, token, '/beta/auditLogs/signIns?$top=1001')
    expect(tooBig.status).toBe(400)
    const forged = await graphGet(
      cloud,
      token,
      '/beta/auditLogs/signIns?$skiptoken=bm90LWEtdG9rZW4',
    )
    expect(forged.status).toBe(400)
  })

  it('expires nextLinks after their lifetime', async () => {
    cloud.throttle.limits = null
    const tenant = cloud.tenants[0]!
    const first = await graphGet(
      cloud,
      token,
      signInsUrl(tenant.demo.historyStart, tenant.demo.now, '', 50),
    )
    const next = signInPage.parse(first.body)['@odata.nextLink']!
    cloud.advance(2 * HOUR_MS)
    try {
      const freshToken = await appToken(cloud, tenant)
      const expired = await graphGet(cloud, freshToken, next)
      expect(expired.status).toBe(400)
      expect(graphErrorSchema.parse(expired.body).error.message).toMatch(/expired/)
    } finally {
      cloud.setNow(NOW)
    }
  })

  it('summarises service principal sign-ins per hour in agreement with the ground truth', async () => {
    cloud.throttle.limits = null
    const tenant = cloud.tenants[0]!
    const noisy = tenant.demo.apps.find((a) => a.behaviour === 'noisy')!
    const summarySchema = collectionSchema(summarizedSignInSchema)
    const rows: z.infer<typeof summarizedSignInSchema>[] = []
    let url: string | undefined =
      `/beta/auditLogs/getSummarizedServicePrincipalSignIns(aggregationWindow='h1')?$filter=${encodeURIComponent(`appId eq '${noisy.appId}'`)}`
    while (url) {
      const page = summarySchema.parse((await graphGet(cloud, token, url)).body)
      rows.push(...page.value)
      url = page['@odata.nextLink']
    }
    const byHour = new Map<string, number>()
    for (const r of rows)
      byHour.set(r.aggregationDateTime, (byHour.get(r.aggregationDateTime) ?? 0) + r.signInCount)
    const retentionStart = new Date(tenant.demo.now.getTime() - 30 * 24 * HOUR_MS)
    const truth = [
      ...hourlyCounts(tenant.demo, {
        from: retentionStart,
        to: tenant.demo.now,
        appIds: [noisy.appId],
        eventTypes: ['servicePrincipal'],
      }),
    ]
    expect(byHour.size).toBe(truth.length)
    for (const t of truth) expect(byHour.get(t.hourStart)).toBe(t.success + t.failure)
    const bad = await graphGet(
      cloud,
      token,
      "/beta/auditLogs/getSummarizedServicePrincipalSignIns(aggregationWindow='h2')",
    )
    expect(bad.status).toBe(400)
  })
})
