import { describe, expect, it } from 'vitest'
import { countSignIns, DemoSource, HOUR_MS } from '../../../src-main/core/demo'
import type { UsageSource } from '../../../src-main/core/sources/types'

const now = new Date('2025-06-02T12:00:00Z')

describe('DemoSource', () => {
  const source = new DemoSource({ size: 'tiny', seed: 'source', now, pageSize: 250 })
  const asUsageSource: UsageSource = source

  it('discovers the MDE resource and the connected apps, without the unknown client', async () => {
    const resource = await asUsageSource.discoverResource()
    expect(resource.displayName).toBe('WindowsDefenderATP')
    const apps = await asUsageSource.listConnectedApps(resource)
    expect(apps).toHaveLength(12)
    expect(apps.every((a) => a.servicePrincipalId)).toBe(true)
    apps[0]!.displayName = 'changed by a caller'
    expect((await asUsageSource.listConnectedApps(resource))[0]!.displayName).not.toBe(
      'changed by a caller',
    )
  })

  it('pages sign-ins newest first, each page at most the page size, totalling the ground truth', async () => {
    const window = { from: new Date(now.getTime() - 24 * HOUR_MS), to: now }
    let total = 0
    let pages = 0
    let previous = '9999'
    for await (const page of asUsageSource.signIns({ window })) {
      expect(page.length).toBeGreaterThan(0)
      expect(page.length).toBeLessThanOrEqual(250)
      for (const e of page) {
        expect(e.createdDateTime <= previous).toBe(true)
        previous = e.createdDateTime
      }
      total += page.length
      pages++
    }
    expect(total).toBe(countSignIns(source.tenant, window).total)
    expect(pages).toBe(Math.ceil(total / 250))
  })

  it('filters by type and app', async () => {
    const window = { from: source.tenant.historyStart, to: now }
    const delegated = source.tenant.apps.find((a) => a.behaviour === 'delegated')
    const filteredApp = delegated ?? source.tenant.apps[0]!
    let n = 0
    for await (const page of asUsageSource.signIns({
      window,
      appId: filteredApp.appId,
      eventTypes: ['interactiveUser', 'nonInteractiveUser', 'servicePrincipal'],
    })) {
      for (const e of page) expect(e.appId).toBe(filteredApp.appId)
      n += page.length
    }
    expect(n).toBe(
      countSignIns(source.tenant, {
        ...window,
        appIds: [filteredApp.appId],
        eventTypes: ['interactiveUser', 'nonInteractiveUser', 'servicePrincipal'],
      }).total,
    )
    expect(n).toBeGreaterThan(0)
  })

  it('stops when aborted', async () => {
    const controller = new AbortController()
    const window = { from: source.tenant.historyStart, to: now }
    const seen: number[] = []
    await expect(async () => {
      for await (const page of asUsageSource.signIns({ window, signal: controller.signal })) {
        seen.push(page.length)
        controller.abort(new Error('stop'))
      }
    }).rejects.toThrow('stop')
    expect(seen).toHaveLength(1)
  })
})
