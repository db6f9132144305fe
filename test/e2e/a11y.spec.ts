// axe-core on every page, in both themes: serious and critical violations fail the test (contrast,
// names, landmarks, ARIA); minor ones are reported in the test output only.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from '@playwright/test'
import { test, expect, type ViewName } from './support/fixtures'

// Evaluated as a string through the DevTools protocol, which the page's CSP does not restrict.
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)

interface AxeViolation {
  id: string
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null
  help: string
  nodes: { target: string[] }[]
}

async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource)
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(options: object): Promise<{ violations: AxeViolation[] }> }
      }
    ).axe
    const results = await axe.run({
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
    })
    return results.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map((n) => ({ target: n.target })),
    }))
  })
}

const views: ViewName[] = ['apps', 'alerts', 'export', 'settings']

for (const theme of ['light', 'dark'] as const) {
  test.describe(`${theme} theme`, () => {
    test.use({ colorScheme: theme })

    for (const view of views) {
      test(`${view} has no serious or critical accessibility violations`, async ({
        app,
      }, testInfo) => {
        await app.open(view)
        await expect(app.page.locator('html')).toHaveAttribute('data-theme', theme)
        const violations = await runAxe(app.page)
        const describe = (v: AxeViolation) =>
          `${v.impact ?? 'unknown'} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`
        const minor = violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical')
        if (minor.length)
          testInfo.annotations.push({
            type: 'axe (minor)',
            description: minor.map(describe).join('\n'),
          })
        const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        expect(blocking.map(describe)).toEqual([])
      })
    }
  })
}
