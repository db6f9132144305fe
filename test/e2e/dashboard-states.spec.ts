// What the Connected apps page says when there is nothing (or nothing new) to show, and hostile
// names from Graph shown as inert text. Failures are made where Microsoft would make them: the
// sync's call to the data side rejects with the error the Graph client maps each case to.
import { AppError, type ErrorCode } from '../../src-main/contract/errors'
import type { Core } from '../../src-main/core/bootstrap'
import { test, expect } from './support/fixtures'
import { seedDemoTenant } from './support/seed'
import { useSyncedDemo } from './support/synced-demo'
import { hostileNames } from './support/hostile-names'

const pinnedNow = '2025-11-26T09:41:00Z'
test.describe.configure({ timeout: 90_000 })

function failSyncWith(code: ErrorCode, message: string) {
  return (core: Core) => {
    core.service.data.sync = async () => {
      throw new AppError(code, message)
    }
  }
}

test.describe('not signed in to the configured tenant', () => {
  test.use({
    coreSetup: {
      forceDemo: false,
      settingsFile: {
        tenant: { cloud: 'public', tenantId: 'contoso.onmicrosoft.com', clientId: '2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091' },
      },
    },
  })

  test('says so and offers to sign in', async ({ app }) => {
    const { page } = app
    await app.open('apps')
    const state = page.getByTestId('state-not_signed_in')
    await expect(state).toContainText('Not signed in')
    await expect(state.getByRole('button', { name: 'Sign in' })).toBeVisible()
  })
})

const consentTodo = 'Grant admin consent for Application.Read.All, Directory.Read.All and AuditLog.Read.All'
const roleTodo = 'assign your account Reports Reader, Security Reader or Global Reader'
const cases: { code: ErrorCode; title: string; todo: string[]; notTodo?: string[] }[] = [
  { code: 'licence_missing', title: 'Sign-in logs need Microsoft Entra ID P1 or P2', todo: ['Assign a P1 or P2 licence'] },
  { code: 'consent_missing', title: 'The app registration lacks admin consent', todo: [consentTodo], notTodo: [roleTodo, 'Role:'] },
  { code: 'role_missing', title: 'Your account needs a directory role to read sign-in logs', todo: [roleTodo], notTodo: [consentTodo, 'Consent:'] },
  {
    code: 'permission_missing',
    title: 'A permission or a directory role is missing',
    todo: ['did not say which of the two is missing', 'Consent: the app registration needs', 'Security Reader, Reports Reader or Global Reader'],
  },
  { code: 'mde_not_provisioned', title: 'Microsoft Defender for Endpoint is not set up in this tenant', todo: ['Onboard the tenant to Defender for Endpoint'] },
  { code: 'throttled', title: 'Microsoft is throttling requests', todo: ['try the sync again in a few minutes'] },
]

for (const { code, title, todo, notTodo } of cases) {
  test.describe(`sync fails with ${code}`, () => {
    test.use({ coreSetup: { forceDemo: true, now: pinnedNow, prepare: failSyncWith(code, `Graph said no (${code}).`) } })

    test(`explains ${code} and what to do`, async ({ app }) => {
      const { page } = app
      await app.open('apps')
      await page.getByTestId('sync-now').click()
      const state = page.getByTestId(`state-${code}`)
      await expect(state.getByRole('heading', { level: 2 })).toHaveText(title)
      for (const text of todo) await expect(state).toContainText(text)
      for (const text of notTodo ?? []) await expect(state).not.toContainText(text)
      // The core's sentence is English, and labelled so.
      await expect(state.getByTestId('state-detail')).toHaveText(`Technical details (in English): Graph said no (${code}).`)
    })
  })
}

test.describe('offline with data from an earlier sync', () => {
  test.use({
    coreSetup: {
      forceDemo: true,
      now: pinnedNow,
      prepare: async (core) => {
        await useSyncedDemo(core, pinnedNow)
        failSyncWith('network', 'Microsoft could not be reached (getaddrinfo ENOTFOUND graph.microsoft.com).')(core)
      },
    },
  })

  test('shows the offline banner and keeps the cached table usable', async ({ app }) => {
    const { page } = app
    await app.open('apps')
    await expect(page.getByTestId('apps-grid')).toBeVisible()
    await page.getByTestId('sync-now').click()
    await expect(page.getByTestId('offline-banner')).toContainText('Offline.')
    await expect(page.getByTestId('offline-banner')).toContainText('stays usable')
    await expect(page.getByTestId('total-apps')).toHaveText('61')
    await page.getByTestId('apps-search').fill('func-edr')
    await expect(page.getByTestId('apps-count')).toContainText('Showing 4 of 61')
  })
})

test.describe('a tenant without connected applications', () => {
  test.use({ coreSetup: { forceDemo: true, now: pinnedNow, prepare: (core) => void seedDemoTenant(core, [], new Date(pinnedNow)) } })

  test('says the sync found none and what makes one appear', async ({ app }) => {
    const { page } = app
    await app.open('apps')
    const state = page.getByTestId('state-empty_tenant')
    await expect(state).toContainText('No connected applications')
    await expect(state).toContainText('Applications appear here once one is granted')
  })
})


test.describe('hostile names from Graph', () => {
  test.use({
    coreSetup: {
      forceDemo: true,
      now: pinnedNow,
      prepare: (core) => void seedDemoTenant(core, hostileNames.map((displayName, index) => ({ displayName, signIns: 20 - index })), new Date(pinnedNow)),
    },
  })

  test('render as inert text in the table and the detail', async ({ app }) => {
    const { page } = app
    const dialogs: string[] = []
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
    await app.open('apps')
    await expect(page.getByTestId('total-apps')).toHaveText(String(hostileNames.length))
    const shown = (await page.getByTestId('app-name').allTextContents()).map((name) => name.trim())
    expect(shown).toEqual(hostileNames)
    const grid = page.getByTestId('apps-grid')
    await expect(grid.locator('img, script, svg[onload]')).toHaveCount(0)
    // Every row stays one row high, however long the name.
    const heights = await page.locator('[role="row"][data-row-index]').evaluateAll((rows) => rows.map((row) => row.getBoundingClientRect().height))
    expect(new Set(heights)).toEqual(new Set([52]))

    await page.getByTestId('app-name').nth(1).click()
    await expect(page.getByTestId('detail-name')).toHaveText(hostileNames[1]!)
    await expect(page.locator('main script, main img')).toHaveCount(0)
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
    expect(dialogs).toEqual([])
  })
})
