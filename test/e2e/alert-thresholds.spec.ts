// A threshold for one application, set in the Alerts page's settings, changes what the next sync
// raises for that application only: on the synced demo tenant, two apps whose last credential ends
// beyond the default 14 days; a credential-expiry window for one of them that covers both, saved
// from the UI, makes that one alert after "Sync now" and leaves the other quiet.
import type { Core } from '../../src-main/core/bootstrap'
import { expect, test } from './support/fixtures'
import { useSyncedDemo } from './support/synced-demo'

const pinnedNow = '2025-06-02T12:00:00Z'
const DAY_MS = 86_400_000

// A sync of the demo tenant takes seconds, more on a loaded machine.
test.describe.configure({ timeout: 150_000 })
test.use({
  coreSetup: { forceDemo: true, now: pinnedNow, prepare: (core) => useSyncedDemo(core, pinnedNow) },
})

/** Connected apps whose latest current credential ends after the default window, soonest first. */
function appsExpiringLater(
  core: Core,
): Array<{ appId: string; displayName: string; daysLeft: number }> {
  const store = core.service.data.store
  const tenantId = core.service.data.demoSource().tenant.tenantId
  const now = Date.parse(pinnedNow)
  const found = []
  for (const app of store.listApps(tenantId)) {
    if (!app.inDiscovery || !app.nextCredentialExpiry) continue
    const current = store
      .appDetail(tenantId, app.appId)!
      .credentials.filter((credential) => credential.removedAt === null)
    const latest = Math.max(...current.map((credential) => credential.endDateTime.getTime()))
    const daysLeft = Math.ceil((latest - now) / DAY_MS)
    if (daysLeft > 14 && daysLeft < 300)
      found.push({ appId: app.appId, displayName: app.displayName, daysLeft })
  }
  return found.sort((a, b) => a.daysLeft - b.daysLeft)
}

test('a per-application threshold makes that application alert, and only it', async ({ app }) => {
  const { page, core } = app
  const candidates = appsExpiringLater(core)
  expect(
    candidates.length,
    'the demo tenant has two apps whose credentials end after 14 days',
  ).toBeGreaterThanOrEqual(2)
  const [target, control] = candidates as [(typeof candidates)[0], (typeof candidates)[0]]
  // Wide enough for both apps: the control would alert too if the threshold applied tenant-wide.
  const days = control.daysLeft + 1
  const expiryCards = (appId: string) =>
    page.locator(`[data-testid="alert"][data-rule="credentialExpiring"][data-app-id="${appId}"]`)

  await app.open('alerts')
  await page.getByTestId('alerts-show-acknowledged').check()
  await expect(page.getByTestId('alert').first()).toBeVisible()
  await expect(expiryCards(target.appId)).toHaveCount(0)

  // An out-of-range value is explained and not saved.
  await page.getByTestId('app-threshold-picker').selectOption(target.appId)
  await page.getByTestId('app-threshold-add').click()
  const section = page.getByTestId(`app-thresholds-${target.appId}`)
  await expect(section).toContainText(target.displayName)
  const field = page.getByTestId(`app-threshold-${target.appId}-credentialExpiring-days`)
  await field.fill('400')
  await field.blur()
  await expect(
    page.getByTestId(`app-threshold-${target.appId}-credentialExpiring-days-error`),
  ).toHaveText('Enter a whole number of days from 1 to 365.')
  await page.getByTestId('alert-settings-save').click()
  await expect(page.getByText('Not saved: correct the marked thresholds first.')).toBeVisible()

  await field.fill(String(days))
  await field.blur()
  await page.getByTestId('alert-settings-save').click()
  await expect(page.getByText('Alert settings saved.')).toBeVisible()
  const saved = await core.service.getAlertSettings(undefined)
  expect(saved.tenant.apps[target.appId]?.rules?.credentialExpiring).toEqual({ days })
  expect(saved.tenant.rules.credentialExpiring?.thresholds?.days).toBeUndefined()

  // The next sync evaluates with it.
  await app.open('apps')
  await page.getByTestId('sync-now').click()
  await expect(page.getByTestId('sync-now')).toBeVisible({ timeout: 60_000 })
  await expect
    .poll(async () => (await core.service.getSyncStatus()).running, { timeout: 60_000 })
    .toBe(false)

  await app.open('alerts')
  await page.getByTestId('alerts-show-acknowledged').check()
  await expect(expiryCards(target.appId)).toHaveCount(1)
  await expect(expiryCards(target.appId)).toContainText(target.displayName)
  await expect(expiryCards(control.appId)).toHaveCount(0)
})
