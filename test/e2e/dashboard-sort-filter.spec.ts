// The Connected apps grid's sort by every column in both directions, and each filter's exact result,
// on the demo tenant synced at a pinned time. The expected rows are worked out here from the rows
// core lists (the data the page shows), with the rules written out afresh, and compared with the
// grid's rows by position: every row the virtualised grid renders, at the top and at the bottom.
import type { Page } from '@playwright/test'
import type { ConnectedAppRow } from '../../src-main/contract/model'
import type { Core } from '../../src-main/core/bootstrap'
import { test, expect } from './support/fixtures'
import { useSyncedDemo } from './support/synced-demo'

const pinnedNow = '2025-11-26T09:41:00Z'
const presync = (core: Core) => useSyncedDemo(core, pinnedNow)
const DAY_MS = 86_400_000

test.describe.configure({ timeout: 90_000 })

type Direction = 'ascending' | 'descending'

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true })
const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
/** Names in collation order; an app Graph gives no name for comes after every named one. */
function byName(a: ConnectedAppRow, b: ConnectedAppRow): number {
  const [left, right] = [a.displayName.trim(), b.displayName.trim()]
  if (!left || !right) return Number(!left) - Number(!right)
  return collator.compare(left, right)
}
const trendTotal = (row: ConnectedAppRow) => row.trend30d.reduce((sum, value) => sum + value, 0)
const rank = <T extends string>(order: readonly T[], value: T) => order.indexOf(value)

/**
 * What each column header promises, ascending: the smaller value first. Numbers and dates are
 * compared as such, risk and credentials by severity, permission type as the portal orders it
 * (application, both, delegated, none), the verified publisher column verified first by the
 * publisher's name, then the unverified ones.
 */
const columns: {
  key: string
  header: string
  compare: (a: ConnectedAppRow, b: ConnectedAppRow) => number
}[] = [
  { key: 'name', header: 'Application name', compare: byName },
  { key: 'appId', header: 'Application ID', compare: (a, b) => text(a.appId, b.appId) },
  {
    key: 'lastSeen',
    header: 'Last seen',
    compare: (a, b) =>
      (a.lastSeen ? Date.parse(a.lastSeen) : -Infinity) -
      (b.lastSeen ? Date.parse(b.lastSeen) : -Infinity),
  },
  { key: 'signIns24h', header: 'Sign-ins (24 h)', compare: (a, b) => a.signIns24h - b.signIns24h },
  { key: 'trend', header: '30-day trend', compare: (a, b) => trendTotal(a) - trendTotal(b) },
  {
    key: 'permissionType',
    header: 'Permission type',
    compare: (a, b) => {
      const order = ['application', 'both', 'delegated', 'none'] as const
      return rank(order, a.permissionType) - rank(order, b.permissionType)
    },
  },
  {
    key: 'risk',
    header: 'Risk',
    compare: (a, b) => {
      const order = ['none', 'low', 'medium', 'high'] as const
      return rank(order, a.risk ?? 'none') - rank(order, b.risk ?? 'none')
    },
  },
  {
    key: 'credentialStatus',
    header: 'Credentials',
    compare: (a, b) => {
      const order = ['none', 'valid', 'expiring', 'expired'] as const
      return rank(order, a.credentialStatus) - rank(order, b.credentialStatus)
    },
  },
  {
    key: 'publisher',
    header: 'Verified publisher',
    compare: (a, b) =>
      Number(!a.publisherVerified) - Number(!b.publisherVerified) ||
      (a.publisherVerified ? collator.compare(a.publisher ?? '', b.publisher ?? '') : 0),
  },
]

/** The column's order in the direction asked; equal values always by name, then application ID. */
function expectedOrder(
  rows: readonly ConnectedAppRow[],
  compare: (a: ConnectedAppRow, b: ConnectedAppRow) => number,
  direction: Direction,
): string[] {
  const sign = direction === 'ascending' ? 1 : -1
  return [...rows]
    .sort((a, b) => sign * compare(a, b) || byName(a, b) || text(a.appId, b.appId))
    .map((row) => row.appId)
}

/** The rows the grid renders now: position and application ID. */
async function renderedRows(page: Page): Promise<{ index: number; appId: string }[]> {
  return page.locator('[role="row"][data-row-index]').evaluateAll((rows) =>
    rows
      .map((row) => ({
        index: Number(row.getAttribute('data-row-index')),
        appId: row.getAttribute('data-app-id') ?? '',
      }))
      .sort((a, b) => a.index - b.index),
  )
}

/**
 * The grid shows exactly `expected`, in order: its row count, and every row it renders with the
 * list scrolled to the top and to the bottom is the expected app at that position.
 */
async function expectGridRows(page: Page, expected: readonly string[]): Promise<void> {
  const grid = page.getByTestId('apps-grid')
  await expect(grid).toHaveAttribute('aria-rowcount', String(expected.length + 1))
  if (expected.length === 0) {
    await expect(page.getByTestId('apps-no-match')).toBeVisible()
    await expect(page.locator('[role="row"][data-row-index]')).toHaveCount(0)
    return
  }
  const check = async (must: number) => {
    await expect
      .poll(async () => {
        const rows = await renderedRows(page)
        if (!rows.some((row) => row.index === must)) return `row ${must} is not rendered`
        const wrong = rows.filter((row) => row.appId !== expected[row.index])
        return wrong.length ? `rows out of place: ${JSON.stringify(wrong)}` : 'in order'
      })
      .toBe('in order')
  }
  await grid.evaluate((element) => (element.scrollTop = 0))
  await check(0)
  await grid.evaluate((element) => (element.scrollTop = element.scrollHeight))
  await check(expected.length - 1)
  await grid.evaluate((element) => (element.scrollTop = 0))
}

test.describe('sorting', () => {
  test.use({ coreSetup: { forceDemo: true, now: pinnedNow, prepare: presync } })

  test('every column header sorts the rows by its values, in both directions', async ({ app }) => {
    // 18 orders, each checked at both ends of the list: about a minute on a busy machine.
    test.setTimeout(180_000)
    const { page } = app
    const { apps } = await app.core.service.listApps(undefined)
    // The demo tenant gives each column values that differ between apps, so an order is testable.
    expect(apps.length).toBe(61)
    await app.open('apps')
    const grid = page.getByRole('grid', { name: 'Connected applications' })
    await expect(grid.getByRole('columnheader', { name: 'Sign-ins (24 h)' })).toHaveAttribute(
      'aria-sort',
      'descending',
    )
    await expectGridRows(page, expectedOrder(apps, columns[3]!.compare, 'descending'))

    for (const column of columns) {
      const header = grid.getByRole('columnheader', { name: column.header, exact: true })
      const button = grid.getByRole('button', { name: column.header, exact: true })
      const seen = new Set<string>()
      // Two clicks show both directions, whichever the column starts with.
      for (let click = 0; click < 2; click++) {
        await button.click()
        await expect(header).toHaveAttribute('aria-sort', /^(ascending|descending)$/)
        const direction = (await header.getAttribute('aria-sort')) as Direction
        seen.add(direction)
        // Only the sorted column says it is sorted.
        await expect(
          grid.locator(
            '[role="columnheader"][aria-sort="ascending"], [role="columnheader"][aria-sort="descending"]',
          ),
        ).toHaveCount(1)
        await test.step(`${column.key} ${direction}`, () =>
          expectGridRows(page, expectedOrder(apps, column.compare, direction)))
      }
      expect([...seen].sort(), `${column.header} sorts both ways`).toEqual([
        'ascending',
        'descending',
      ])
    }
  })

  test('a column’s values on screen follow its sort (what the admin reads)', async ({ app }) => {
    const { page } = app
    await app.open('apps')
    const grid = page.getByRole('grid', { name: 'Connected applications' })
    // Risk, highest first: the risk words of the rows in view never go up in severity.
    await grid.getByRole('button', { name: 'Risk' }).click()
    await expect(grid.getByRole('columnheader', { name: 'Risk' })).toHaveAttribute(
      'aria-sort',
      'descending',
    )
    const severity = ['None', 'Low', 'Medium', 'High']
    const risks = (await page.locator('[role="row"][data-row-index] .risk').allTextContents()).map(
      (risk) => severity.indexOf(risk.trim()),
    )
    expect(risks.length).toBeGreaterThan(5)
    expect(risks).not.toContain(-1)
    expect(risks).toEqual([...risks].sort((a, b) => b - a))
    expect(risks[0]).toBe(3)
    // Verified publisher, ascending: the verified apps ("Yes") come first, then the unverified ones.
    await grid.getByRole('button', { name: 'Verified publisher' }).click()
    await expect(grid.getByRole('columnheader', { name: 'Verified publisher' })).toHaveAttribute(
      'aria-sort',
      'ascending',
    )
    const verified = (
      await page.locator('[role="row"][data-row-index] [aria-colindex="9"]').allTextContents()
    ).map((cell) => cell.trim())
    expect(verified[0]).toBe('Yes')
    expect(verified).toEqual(
      [...verified].sort((a, b) => Number(a !== 'Yes') - Number(b !== 'Yes')),
    )
  })
})

/** The rules of each filter, written out: which of core's rows it keeps. */
function shownBy(
  rows: readonly ConnectedAppRow[],
  keep: (row: ConnectedAppRow) => boolean,
): string[] {
  // The page's default order: sign-ins in the last 24 hours, most first.
  return expectedOrder(rows.filter(keep), columns[3]!.compare, 'descending')
}

async function expectShown(page: Page, shown: readonly string[], total: number): Promise<void> {
  await expect(page.getByTestId('apps-count')).toContainText(
    `Showing ${shown.length} of ${total} applications`,
  )
  await expectGridRows(page, shown)
}

test.describe('filters', () => {
  test.use({ coreSetup: { forceDemo: true, now: pinnedNow, prepare: presync } })

  test('permission type, risk, failing and alerting each show exactly the apps that match', async ({
    app,
  }) => {
    const { page } = app
    const { apps } = await app.core.service.listApps(undefined)
    const total = apps.length
    await app.open('apps')
    await expectShown(
      page,
      shownBy(apps, () => true),
      total,
    )

    const permissionType = page.getByTestId('filter-permission-type')
    const permissionCases: [string, (row: ConnectedAppRow) => boolean][] = [
      // "Application" and "Delegated" include the apps that hold both kinds.
      [
        'application',
        (row) => row.permissionType === 'application' || row.permissionType === 'both',
      ],
      ['delegated', (row) => row.permissionType === 'delegated' || row.permissionType === 'both'],
      ['both', (row) => row.permissionType === 'both'],
      ['none', (row) => row.permissionType === 'none'],
    ]
    for (const [value, keep] of permissionCases) {
      await permissionType.selectOption(value)
      await test.step(`permission type ${value}`, () =>
        expectShown(page, shownBy(apps, keep), total))
    }
    await permissionType.selectOption('any')

    const risk = page.getByTestId('filter-risk')
    for (const value of ['high', 'medium', 'low', 'none'] as const) {
      await risk.selectOption(value)
      await test.step(`risk ${value}`, () =>
        expectShown(
          page,
          shownBy(apps, (row) => (row.risk ?? 'none') === value),
          total,
        ))
    }
    await risk.selectOption('any')

    // Failing: at least one failed sign-in in the last 24 hours.
    await page.getByTestId('filter-failing').check()
    const failing = shownBy(apps, (row) => row.failures24h > 0)
    await expectShown(page, failing, total)
    for (const cell of await page
      .locator('[role="row"][data-row-index] [aria-colindex="4"]')
      .allTextContents()) {
      expect(cell).toMatch(/[\d,]+ failed/)
    }
    // With another filter, both must hold.
    await risk.selectOption('high')
    await expectShown(
      page,
      shownBy(apps, (row) => row.failures24h > 0 && row.risk === 'high'),
      total,
    )
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await expect(page.getByTestId('filter-failing')).not.toBeChecked()
    await expect(risk).toHaveValue('any')

    // Alerting: an alert not yet acknowledged; the overview's figure counts the same apps.
    const alerting = shownBy(apps, (row) => row.alerting)
    await page.getByTestId('filter-alerting').check()
    await expectShown(page, alerting, total)
    await expect(page.getByTestId('total-alerting')).toHaveText(String(alerting.length))
    await page.getByTestId('filter-alerting').uncheck()
    await expectShown(
      page,
      shownBy(apps, () => true),
      total,
    )

    // The demo tenant at this time has apps for each of these, so none of the checks above was empty.
    expect(failing.length).toBeGreaterThan(0)
    expect(alerting.length).toBeGreaterThan(0)
  })
})

test.describe('stale filter, a month after the last sync', () => {
  // The admin opens the app 29 days after the last sync: apps whose last sign-in was more than
  // 30 days before now are stale.
  const openedAt = new Date(Date.parse(pinnedNow) + 29 * DAY_MS).toISOString()
  test.use({ coreSetup: { forceDemo: true, now: openedAt, prepare: presync } })

  test('stale shows exactly the apps with no sign-in in the last 30 days', async ({ app }) => {
    const { page } = app
    const { apps, generatedAt } = await app.core.service.listApps(undefined)
    const cutoff = Date.parse(generatedAt) - 30 * DAY_MS
    const stale = shownBy(apps, (row) => !row.lastSeen || Date.parse(row.lastSeen) < cutoff)
    // Some apps are stale and some are not: the filter has something to tell apart.
    expect(stale.length).toBeGreaterThan(0)
    expect(stale.length).toBeLessThan(apps.length)
    await app.open('apps')
    await page.getByTestId('filter-stale').check()
    await expectShown(page, stale, apps.length)
    await page.getByTestId('filter-stale').uncheck()
    await expectShown(
      page,
      shownBy(apps, () => true),
      apps.length,
    )
  })
})
