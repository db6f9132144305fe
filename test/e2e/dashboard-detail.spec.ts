// An application's detail on the demo tenant synced at a pinned time, with sign-ins and a removal the
// test adds to the store the way a sync would have: owners, first seen and removed, where it signs
// in from, recent failures with what each error code means, and the usage charts for every period
// with their text alternative (each bar's succeeded and failed parts).
import type { Page } from '@playwright/test'
import type { AppDetailView, ConnectedAppRow } from '../../src-main/contract/model'
import type { Core } from '../../src-main/core/bootstrap'
import type { SignInEvent } from '../../src-main/core/sources/types'
import { test, expect, type AppHarness } from './support/fixtures'
import { useSyncedDemo } from './support/synced-demo'

const pinnedNow = '2025-11-26T09:41:00Z'
const presync = (core: Core) => useSyncedDemo(core, pinnedNow)

test.describe.configure({ timeout: 180_000 })
test.use({ coreSetup: { forceDemo: true, now: pinnedNow, prepare: presync } })

// How the page writes dates (the en locale, UTC in this run); spaces compared loosely, since ICU
// versions differ in the space before AM/PM.
const dateTime = new Intl.DateTimeFormat('en', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
})
const spaces = (value: string) => value.replace(/\s+/g, ' ').trim()
const formatted = (iso: string) => spaces(dateTime.format(new Date(iso)))

async function openDetail(app: AppHarness, appId: string): Promise<void> {
  await app.open('apps')
  await app.page.evaluate((id) => (location.hash = `#/apps/${id}`), appId)
  await expect(app.page.getByTestId('detail-app-id')).toHaveText(appId)
}

async function textOf(page: Page, testId: string): Promise<string> {
  return spaces((await page.getByTestId(testId).textContent()) ?? '')
}

const MDE_APP_ID = 'fc780465-2017-40d4-a0c5-307022471b92'

test('owners, first seen, where it signs in from and recent failures with what each code means', async ({
  app,
}) => {
  const { page, core } = app
  const tenantId = core.service.data.demoSource().tenantId
  const { apps } = await core.service.listApps(undefined)
  // An app in the directory with owners and no failure yet: the failures shown are the test's.
  let before: AppDetailView | undefined
  for (const row of apps) {
    if (!row.inDiscovery || row.failures24h > 0) continue
    const detail = await core.service.getAppDetail({ appId: row.appId })
    if (detail.owners.length > 0 && detail.recentFailures.length === 0) {
      before = detail
      break
    }
  }
  if (!before) throw new Error('the demo tenant has no owned app without failures')
  const target = before.app
  expect(before.locations.map((location) => location.country)).not.toContain('JP')
  expect(before.locations.map((location) => location.country)).not.toContain('BR')

  // Sign-ins in the last minute, newer than any the demo made: 3 from Japan that succeeded, and
  // three failures: a code the app explains, one it does not know with Entra's reason, one without.
  const at = (secondsBefore: number) =>
    new Date(Date.parse(pinnedNow) - secondsBefore * 1000).toISOString().replace('.000Z', 'Z')
  const event = (
    index: number,
    secondsBefore: number,
    country: string,
    errorCode: number,
    failureReason: string | null,
  ): SignInEvent => ({
    id: `e2e0d000-0000-4000-8000-${index.toString().padStart(12, '0')}`,
    createdDateTime: at(secondsBefore),
    appId: target.appId,
    appDisplayName: target.displayName,
    servicePrincipalId: target.servicePrincipalId,
    resourceId: MDE_APP_ID,
    eventType: 'servicePrincipal',
    errorCode,
    failureReason,
    ipAddress: `203.0.113.${index}`,
    location: { city: 'Somewhere', countryOrRegion: country },
    userPrincipalName: null,
  })
  core.service.data.store.ingestSignIns(tenantId, [
    event(1, 9, 'JP', 0, null),
    event(2, 8, 'JP', 0, null),
    event(3, 7, 'JP', 0, null),
    event(4, 6, 'BR', 53003, 'Access has been blocked by Conditional Access policies.'),
    event(5, 5, 'JP', 9_999_001, 'Something only Entra knows about.'),
    event(6, 4, 'BR', 9_999_002, null),
  ])
  const after = await core.service.getAppDetail({ appId: target.appId })

  await openDetail(app, target.appId)
  await expect(page.getByTestId('detail-name')).toHaveText(target.displayName)
  await expect(page.getByTestId('detail-status')).toHaveText('Enabled')
  expect(await textOf(page, 'detail-first-seen')).toBe(formatted(target.firstSeen!))
  await expect(page.getByTestId('detail-removed')).toHaveCount(0)
  // The 24-hour figure counts the new failures.
  await expect(page.getByTestId('detail-sign-ins')).toContainText(`${after.app.failures24h} failed`)
  expect(after.app.failures24h).toBe(target.failures24h + 3)

  // Owners: each with their sign-in name (or what kind of owner they are).
  const owners = page.getByTestId('owners-list').getByRole('listitem')
  await expect(owners).toHaveText(
    before.owners.map(
      (owner) =>
        new RegExp(
          `^\\s*${escape(owner.displayName)}\\s*${escape(owner.userPrincipalName ?? (owner.type === 'user' ? 'User' : 'Service principal'))}`,
        ),
    ),
  )

  // Where it signs in from: every country of its recent sign-ins with its count, most first; the
  // test's own are there with exactly the sign-ins it added.
  const regions = new Intl.DisplayNames(['en'], { type: 'region' })
  const locationRows = page.getByTestId('locations-table').locator('tbody tr')
  await expect(locationRows).toHaveText(
    after.locations.map(
      (location) =>
        new RegExp(
          `^\\s*${escape(regions.of(location.country)!)}\\s*${location.signIns.toLocaleString('en')}\\s*$`,
        ),
    ),
  )
  await expect(locationRows.filter({ hasText: 'Japan' })).toHaveText(/Japan\s*4\s*$/)
  await expect(locationRows.filter({ hasText: 'Brazil' })).toHaveText(/Brazil\s*2\s*$/)

  // Recent failures, newest first: when and from where, the code, and what it means.
  const failureRows = page.getByTestId('failures-table').locator('tbody tr')
  await expect(failureRows).toHaveCount(3)
  const expected = [
    {
      at: at(4),
      where: 'Brazil · 203.0.113.6',
      code: 'AADSTS9999002',
      meaning: 'Not a code this app knows; look it up in the Entra sign-in logs.',
    },
    {
      at: at(5),
      where: 'Japan · 203.0.113.5',
      code: 'AADSTS9999001',
      meaning: 'Something only Entra knows about.',
    },
    {
      at: at(6),
      where: 'Brazil · 203.0.113.4',
      code: 'AADSTS53003',
      meaning: 'Blocked by a Conditional Access policy.',
    },
  ]
  for (const [index, failure] of expected.entries()) {
    const cells = failureRows.nth(index).locator('td')
    expect(spaces((await cells.nth(0).textContent()) ?? '')).toBe(
      `${formatted(failure.at)} ${failure.where}`,
    )
    await expect(cells.nth(1)).toHaveText(failure.code)
    await expect(cells.nth(2)).toHaveText(failure.meaning)
  }
})

test.describe('two hours after the sync', () => {
  const removedAt = new Date(Date.parse(pinnedNow) + 2 * 3_600_000)
  test.use({ coreSetup: { forceDemo: true, now: removedAt.toISOString(), prepare: presync } })

  test('a removed app shows when it was removed, and the list marks it', async ({ app }) => {
    const { page, core } = app
    const demo = core.service.data.demoSource()
    const directory = await demo.listConnectedApps(await demo.discoverResource())
    const { apps } = await core.service.listApps(undefined)
    const target = apps
      .filter((row) => row.inDiscovery && row.servicePrincipalId)
      .sort((a, b) => a.displayName.localeCompare(b.displayName))[0]!
    // A discovery two hours after the sync no longer finds the app: the admin deleted it.
    const changes = core.service.data.store.applyDiscovery(
      demo.tenantId,
      directory.filter((connected) => connected.appId !== target.appId),
      removedAt,
    )
    expect(changes.appsRemoved.map((removed) => removed.appId)).toEqual([target.appId])

    await app.open('apps')
    await page.getByTestId('apps-search').fill(target.appId)
    await expect(page.getByTestId('apps-count')).toContainText(
      `Showing 1 of ${apps.length} applications`,
    )
    const row = page.locator(`[role="row"][data-app-id="${target.appId}"]`)
    await expect(row).toHaveClass(/apps-grid__row--removed/)
    await row.getByTestId('app-name').click()
    await expect(page.getByTestId('detail-name')).toHaveText(target.displayName)
    await expect(page.getByTestId('detail-status')).toHaveText('Removed from the tenant')
    expect(await textOf(page, 'detail-removed')).toBe(formatted(removedAt.toISOString()))
    expect(await textOf(page, 'detail-first-seen')).toBe(formatted(target.firstSeen!))
  })
})

test('the usage chart for 7, 30, 90 and 365 days: its numbers, each bar stacking succeeded and failed', async ({
  app,
}) => {
  const { page, core } = app
  const { apps } = await core.service.listApps(undefined)
  // The app with the most failures in the last day: its bars have both parts.
  const target = [...apps].sort(
    (a, b) => b.failures24h - a.failures24h || a.appId.localeCompare(b.appId),
  )[0]! as ConnectedAppRow
  expect(target.failures24h).toBeGreaterThan(0)
  await openDetail(app, target.appId)

  const chart = page.getByTestId('usage-chart')
  const table = page.getByTestId('usage-table')
  const periods = [
    {
      days: 7,
      radio: '7 days (hourly)',
      granularity: 'hour',
      label: 'Sign-ins per hour, last 7 days',
    },
    { days: 30, radio: '30 days', granularity: 'day', label: 'Sign-ins per day, last 30 days' },
    { days: 90, radio: '90 days', granularity: 'day', label: 'Sign-ins per day, last 90 days' },
    { days: 365, radio: '365 days', granularity: 'day', label: 'Sign-ins per day, last 365 days' },
  ] as const
  for (const period of periods) {
    await test.step(`${period.days} days`, async () => {
      if (period.days !== 7)
        await page.getByRole('radio', { name: period.radio, exact: true }).check()
      await expect(page.getByRole('radio', { name: period.radio, exact: true })).toBeChecked()
      const series = await core.service.getUsageSeries({
        appId: target.appId,
        granularity: period.granularity,
        days: period.days,
      })
      let signIns = 0
      let failures = 0
      for (const point of series.points) {
        signIns += point.signIns
        failures += point.failures
      }
      expect(signIns).toBeGreaterThan(failures)
      expect(failures).toBeGreaterThan(0)
      await expect(chart).toHaveAttribute(
        'aria-label',
        `${period.label}: ${signIns.toLocaleString('en')} sign-ins, ${failures.toLocaleString('en')} failed`,
      )
      await expect(table.locator('caption')).toHaveText(
        `${period.label}, in numbers: each bar stacks the sign-ins that succeeded and those that failed`,
      )
      await expect(table.locator('thead th')).toHaveText(['Starting', 'Succeeded', 'Failed'])
      // One row per bucket: its start, what succeeded, what failed (the two parts of its bar).
      await expect(table.locator('tbody tr')).toHaveCount(series.points.length)
      const rows = await table
        .locator('tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [
            tr.querySelector('time')?.getAttribute('datetime') ?? '',
            ...[...tr.querySelectorAll('td')].map((td) =>
              Number((td.textContent ?? '').replace(/[^\d]/g, '')),
            ),
          ]),
        )
      expect(rows).toEqual(
        series.points.map((point) => [point.start, point.signIns - point.failures, point.failures]),
      )
    })
  }
  // The chart is drawn at a readable size for the last period too.
  expect((await chart.boundingBox())?.height ?? 0).toBeGreaterThan(200)
  // The hidden table takes no room: with a year's 365 rows it once made the page thousands of pixels
  // taller, all of it blank below the content.
  const overflow = await page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement
    const content = document.querySelector('main') ?? document.body
    let bottom = 0
    for (const child of content.children)
      if (!child.classList.contains('visually-hidden'))
        bottom = Math.max(bottom, child.getBoundingClientRect().bottom + root.scrollTop)
    return root.scrollHeight - Math.max(bottom, root.clientHeight)
  })
  expect(overflow).toBeLessThan(100)
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
