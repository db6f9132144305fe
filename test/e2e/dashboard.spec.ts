// The Connected apps dashboard on the demo tenant through the test bridge: sync from the page, the
// table, keyboard navigation, the detail with its charts, "Open application settings" through the
// safe shell, copying the ID, and axe on both views in both themes.
import type { Core } from '../../src-main/core/bootstrap'
import { seriousAxeViolations } from './support/axe'
import { test, expect } from './support/fixtures'
import { useSyncedDemo } from './support/synced-demo'

const pinnedNow = '2025-11-26T09:41:00Z'
const presync = (core: Core) => useSyncedDemo(core, pinnedNow)

// The first test of each worker syncs the demo tenant (seconds on a busy machine).
test.describe.configure({ timeout: 180_000 })

test.describe('before the first sync', () => {
  test.use({ coreSetup: { forceDemo: true, now: pinnedNow } })

  test('Sync now fills the table with the demo tenant’s applications', async ({ app }) => {
    const { page } = app
    await app.open('apps')
    await expect(page.getByTestId('last-sync')).toHaveText('Never')
    await page.getByTestId('sync-now').click()
    // Its progress and Cancel, held at each step, are in dashboard-overview.spec.ts.
    await expect(page.getByTestId('apps-grid')).toBeVisible({ timeout: 150_000 })
    await expect(page.getByTestId('total-apps')).toHaveText('61')
    await expect(page.getByTestId('apps-count')).toContainText('Showing 61 of 61 applications')
    await expect(page.getByTestId('data-source')).toHaveText(
      'Demo tenant (synthetic, generated on this computer)',
    )
    await expect(page.getByTestId('coverage')).toContainText('History kept here since')
    await expect(page.getByTestId('coverage')).toContainText('Entra keeps sign-in logs for 30 days')
    await expect(page.getByTestId('numbers-explained')).toContainText(
      'token requests to the Microsoft Defender for Endpoint API',
    )
    // The first-run guide gives way to the dashboard.
    await expect(page.getByTestId('choice-demo')).toHaveCount(0)
  })
})

test.describe('after a sync', () => {
  test.use({
    coreSetup: { forceDemo: true, now: pinnedNow, prepare: presync },
    permissions: ['clipboard-read', 'clipboard-write'],
  })

  test('the grid shows the portal’s columns and sorts from its headers', async ({ app }) => {
    const { page } = app
    await app.open('apps')
    const grid = page.getByRole('grid', { name: 'Connected applications' })
    for (const name of [
      'Application name',
      'Application ID',
      'Last seen',
      'Sign-ins (24 h)',
      '30-day trend',
      'Permission type',
      'Risk',
      'Credentials',
      'Verified publisher',
    ]) {
      await expect(grid.getByRole('columnheader', { name })).toBeVisible()
    }
    await expect(grid.getByRole('columnheader', { name: 'Sign-ins (24 h)' })).toHaveAttribute(
      'aria-sort',
      'descending',
    )
    await grid.getByRole('button', { name: 'Application name' }).click()
    await expect(grid.getByRole('columnheader', { name: 'Application name' })).toHaveAttribute(
      'aria-sort',
      'ascending',
    )
    // Only the rows in view are in the DOM (virtualised); they are the first ones, in collation order.
    const names = (await page.getByTestId('app-name').allTextContents()).map((name) => name.trim())
    expect(names.length).toBeGreaterThan(5)
    expect(names.length).toBeLessThan(40)
    const sorted = [...names].sort(
      new Intl.Collator('en', { sensitivity: 'base', numeric: true }).compare,
    )
    expect(names).toEqual(sorted)
    await grid.getByRole('button', { name: 'Application name' }).click()
    await expect(grid.getByRole('columnheader', { name: 'Application name' })).toHaveAttribute(
      'aria-sort',
      'descending',
    )
    await expect(page.getByTestId('app-name').first()).toHaveText('Unknown application')
    await expect(grid.locator('svg.sparkline').first()).toBeVisible()
  })

  test('search and filters narrow the list', async ({ app }) => {
    const { page } = app
    const { apps } = await app.core.service.listApps(undefined)
    await app.open('apps')
    await page.getByTestId('apps-search').fill('func-edr')
    await expect(page.getByTestId('apps-count')).toContainText('Showing 4 of 61')
    await page.getByTestId('apps-search').fill('')
    await page.getByTestId('filter-risk').selectOption('high')
    const high = apps.filter((row) => row.risk === 'high').length
    await expect(page.getByTestId('apps-count')).toContainText(`Showing ${high} of 61`)
    const highRows = page.locator('[role="row"][data-row-index]')
    await expect(highRows.first()).toBeVisible()
    for (const risk of await highRows.locator('.risk').allTextContents()) expect(risk).toBe('High')
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await page.getByTestId('filter-failing').check()
    // Every filter's exact rows, at both ends of the list, are in dashboard-sort-filter.spec.ts.
    const failing = apps.filter((row) => row.failures24h > 0).length
    expect(failing).toBeGreaterThan(0)
    await expect(page.getByTestId('apps-count')).toContainText(`Showing ${failing} of 61`)
  })

  test('arrow keys move between rows and Enter opens the detail with its charts', async ({
    app,
  }) => {
    const { page } = app
    await app.open('apps')
    const first = page.locator('[role="row"][data-row-index="0"]')
    await first.focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    const third = page.locator('[role="row"][data-row-index="2"]')
    await expect(third).toBeFocused()
    const appId = await third.getAttribute('data-app-id')
    await page.keyboard.press('Enter')
    await expect(page).toHaveURL(new RegExp(`#/apps/${appId}$`))
    await expect(page.getByTestId('detail-app-id')).toHaveText(appId ?? '')
    const chart = page.getByTestId('usage-chart')
    await expect(chart).toHaveAttribute(
      'aria-label',
      /Sign-ins per hour, last 7 days: [\d,]+ sign-ins, [\d,]+ failed/,
    )
    expect((await chart.boundingBox())?.height ?? 0).toBeGreaterThan(200)
    await page.getByRole('radio', { name: '30 days' }).check()
    await expect(chart).toHaveAttribute('aria-label', /Sign-ins per day, last 30 days/)
    await page.getByRole('radio', { name: '365 days' }).check()
    await expect(chart).toHaveAttribute('aria-label', /Sign-ins per day, last 365 days/)
    await page.getByRole('link', { name: '← Connected apps' }).click()
    await expect(page.getByTestId('apps-grid')).toBeVisible()
  })

  test('Page Down/Up move a screenful, Home and End the first and last row, the focused row in view', async ({
    app,
  }) => {
    const { page } = app
    const { apps } = await app.core.service.listApps(undefined)
    const last = apps.length - 1
    await app.open('apps')
    const grid = page.getByTestId('apps-grid')
    // A page is the rows that fit below the header, less one kept in view for context.
    const pageRows = await grid.evaluate(
      (element) =>
        Math.floor(
          (element.clientHeight -
            (element.querySelector<HTMLElement>('.apps-grid__head')?.offsetHeight ?? 0)) /
            52,
        ) - 1,
    )
    expect(pageRows).toBeGreaterThan(2)
    expect(pageRows * 2).toBeLessThan(last)
    const row = (index: number) => page.locator(`[role="row"][data-row-index="${index}"]`)
    /** The row has the focus and is wholly visible in the grid, below its header. */
    const expectFocused = async (index: number) => {
      await expect(row(index)).toBeFocused()
      await expect(row(index)).toHaveAttribute('aria-rowindex', String(index + 2))
      await expect
        .poll(() =>
          row(index).evaluate((element) => {
            const scroller = element.closest('[role="grid"]')!
            const head = scroller.querySelector('.apps-grid__head')!.getBoundingClientRect()
            const box = element.getBoundingClientRect()
            const view = scroller.getBoundingClientRect()
            return box.top >= head.bottom - 1 && box.bottom <= view.bottom + 1
          }),
        )
        .toBe(true)
    }
    await row(0).focus()
    await expectFocused(0)
    await page.keyboard.press('PageDown')
    await expectFocused(pageRows)
    await page.keyboard.press('PageDown')
    await expectFocused(2 * pageRows)
    await page.keyboard.press('PageUp')
    await expectFocused(pageRows)
    await page.keyboard.press('End')
    await expectFocused(last)
    // The last row is the last app of the order shown (sign-ins in 24 h, fewest at the end).
    const fewest = Math.min(...apps.map((app) => app.signIns24h))
    const lastAppId = await row(last).getAttribute('data-app-id')
    expect(apps.find((app) => app.appId === lastAppId)?.signIns24h).toBe(fewest)
    // At either end a further move stays there.
    await page.keyboard.press('PageDown')
    await expectFocused(last)
    await page.keyboard.press('ArrowDown')
    await expectFocused(last)
    await page.keyboard.press('PageUp')
    await expectFocused(last - pageRows)
    await page.keyboard.press('Home')
    await expectFocused(0)
    expect(await grid.evaluate((element) => element.scrollTop)).toBe(0)
    await page.keyboard.press('PageUp')
    await expectFocused(0)
    // Only the focused row is in the tab order.
    await expect(page.locator('[role="row"][data-row-index][tabindex="0"]')).toHaveCount(1)
  })

  test('the detail explains permissions, credentials and failures; settings open in the portal', async ({
    app,
  }) => {
    const { page } = app
    const overview = await app.core.service.listApps(undefined)
    const target = overview.apps
      .filter((row) => row.risk === 'high' && row.servicePrincipalId && row.ownedByTenant)
      .sort((a, b) => a.displayName.localeCompare(b.displayName))[0]!
    await page.goto(page.url() || 'about:blank')
    await app.open('apps')
    await page.evaluate((id) => (location.hash = `#/apps/${id}`), target.appId)
    await expect(page.getByTestId('detail-name')).toHaveText(target.displayName)
    const permissions = page.getByTestId('permissions-table')
    await expect(permissions).toContainText('A response action')
    await expect(
      page.getByText(/Expires in \d+ days?|Expired \d+ days? ago|Expires today/).first(),
    ).toBeVisible()
    await page.getByTestId('detail-open-settings').click()
    await expect(page.getByTestId('action-status')).toHaveText(
      'The Azure portal page opened in your browser.',
    )
    expect(app.openedUrls).toEqual([
      `https://portal.azure.com/${overview.tenant.tenantId}/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${target.appId}/isMSAApp~/false`,
    ])
    await page.getByTestId('detail-copy-id').click()
    await expect(page.getByTestId('action-status')).toHaveText(
      `Application ID ${target.appId} copied.`,
    )
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(target.appId)
  })

  test('row actions copy the ID and open the enterprise application page', async ({ app }) => {
    const { page } = app
    const overview = await app.core.service.listApps(undefined)
    const thirdParty = overview.apps.find(
      (row) => row.servicePrincipalId && row.ownedByTenant === false,
    )!
    await app.open('apps')
    await page.getByTestId('apps-search').fill(thirdParty.appId)
    await page.getByRole('button', { name: /^Open the application settings of / }).click()
    await expect
      .poll(() => app.openedUrls)
      .toEqual([
        `https://portal.azure.com/${overview.tenant.tenantId}/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Overview/objectId/${thirdParty.servicePrincipalId}/appId/${thirdParty.appId}`,
      ])
    await page.getByRole('button', { name: /^Copy the application ID of / }).click()
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toBe(thirdParty.appId)
  })

  for (const theme of ['light', 'dark'] as const) {
    test(`list and detail have no serious or critical accessibility violations (${theme})`, async ({
      app,
    }) => {
      const { page } = app
      await page.emulateMedia({ colorScheme: theme })
      await app.open('apps')
      await expect(page.getByTestId('apps-grid')).toBeVisible()
      expect(await seriousAxeViolations(page)).toEqual([])
      await page.locator('[data-testid="app-name"]').nth(1).click()
      await expect(page.getByTestId('usage-chart')).toBeVisible()
      expect(await seriousAxeViolations(page)).toEqual([])
    })
  }
})
