// The reliability suite's figures: each test file records what it tried and what went wrong, and
// `npm run reliability` turns them into docs/RELIABILITY.md.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const folder = join(import.meta.dirname, '../../reports/reliability')

export function recordFigure(name: string, figures: Record<string, number | string>): void {
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, `${name}.json`), `${JSON.stringify({ name, at: new Date().toISOString(), ...figures }, null, 2)}\n`)
}
