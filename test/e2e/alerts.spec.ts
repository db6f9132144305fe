// The Alerts page on a demo tenant replayed through a week with its injected anomalies (the
// inventory changing as it goes): the renderer's list shows exactly the expected alerts, each
// linking to its application, and acknowledging one moves it out of the open list.
import { expectedAlerts, pairKey, replayInto } from '../integration/alerts/support'
import type { Core } from '../../src-main/core/bootstrap'
import type { DemoTenant } from '../../src-main/core/demo'
import { test, expect } from './support/fixtures'

const pinnedNow = '2025-06-02T12:00:00Z'
let replayed: { tenant: DemoTenant; end: Date } | null = null

async function replay(core: Core): Promise<void> {
  // The same tenant the app shows in demo mode (seed, size and anchor), replayed into its store.
  const demo = core.service.data.demoSource()
  replayed = await replayInto(core.service.data.store, {
    seed: 'contoso',
    size: 'small',
    now: demo.tenant.now,
    warmupDays: 20,
    stepHours: 6,
    settings: { rules: { dormantApp: { thresholds: { days: 3 } } } },
  })
}

test.describe.configure({ timeout: 180_000 })
test.use({ coreSetup: { forceDemo: true, now: pinnedNow, prepare: replay } })

test('the alert list shows exactly the expected alerts, linked to their apps', async ({ app }) => {
  const { page } = app
  await app.open('alerts')
  await page.getByTestId('alerts-show-acknowledged').check()
  const cards = page.getByTestId('alert')
  await expect(cards.first()).toBeVisible()
  const shown = await cards.evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('data-rule'), node.getAttribute('data-app-id')]))
  const expected = expectedAlerts(replayed!.tenant, replayed!.end, 14)
  expect([...new Set(shown.map(([rule, appId]) => pairKey(rule ?? '', appId ?? null)))].sort()).toEqual(
    [...new Set(expected.map((entry) => pairKey(entry.rule, entry.appId)))].sort(),
  )
  // Every labelled anomaly is on the page, with what/why/what to do and a link to its app.
  for (const anomaly of replayed!.tenant.anomalies) {
    const card = page.locator(`[data-testid="alert"][data-app-id="${anomaly.appId}"]`).first()
    await expect(card).toContainText('What to do')
    await expect(card.getByTestId('alert-open-app')).toHaveAttribute('href', `#/apps/${anomaly.appId}`)
  }
  const grant = page.locator('[data-testid="alert"][data-rule="permissionGranted"]')
  await expect(grant).toHaveAttribute('data-severity', 'high')
  await expect(grant).toContainText('Machine.Isolate')

  await page.getByTestId('alerts-show-acknowledged').uncheck()
  const before = await cards.count()
  await cards.first().getByTestId('alert-acknowledge').click()
  await expect(cards).toHaveCount(before - 1)
})
