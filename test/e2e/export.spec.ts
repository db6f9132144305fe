// Export from the page: the demo tenant's daily usage written through the (stand-in) save dialog,
// read back with an independent CSV parser and compared with the store's own aggregates.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { expect, test } from './support/fixtures'
import { useSyncedDemo } from './support/synced-demo'

const NOW = '2025-11-26T09:00:00Z'

test.use({
  coreSetup: {
    forceDemo: true,
    now: NOW,
    prepare: (core) => useSyncedDemo(core, NOW),
    exportPath: (dataDir) => join(dataDir, 'usage-export.csv'),
  },
})

// The first test in a worker syncs the demo tenant before the page opens, which takes a while on a
// busy machine.
test.setTimeout(90_000)

test('exports daily usage that equals the local history', async ({ app }) => {
  const { page, core } = app
  await app.open('export')
  await page.getByTestId('export-what-usage').check()
  await page.getByTestId('export-granularity').selectOption('day')
  await page.getByTestId('export-start').click()
  const target = join(core.dataDir, 'usage-export.csv')
  await expect.poll(() => existsSync(target), { timeout: 20_000 }).toBe(true)
  await expect(page.getByTestId('export-status')).toBeVisible()

  const text = readFileSync(target, 'utf8').replace(/^\uFEFF/, '')
  const rows = parse(text, { columns: true }) as Array<Record<string, string>>
  expect(rows.length).toBeGreaterThan(0)
  expect(Object.keys(rows[0]!).slice(0, 7)).toEqual(['tenant_id', 'app_id', 'app_name', 'period_start', 'granularity', 'sign_ins', 'failures'])

  const tenantId = core.service.data.demoSource().tenantId
  const from = new Date(Math.min(...rows.map((row) => Date.parse(row.period_start!))))
  const to = new Date(Math.max(...rows.map((row) => Date.parse(row.period_start!))) + 86_400_000)
  const expected = new Map<string, string>()
  for (const row of core.service.data.store.iterateRollups({ tenantId, from, to, granularity: 'day' })) {
    expected.set(`${row.appId} ${row.start.toISOString()}`, `${row.signIns}/${row.failures}`)
  }
  const exported = new Map(rows.map((row) => [`${row.app_id} ${new Date(row.period_start!).toISOString()}`, `${row.sign_ins}/${row.failures}`]))
  expect(exported).toEqual(expected)
})
