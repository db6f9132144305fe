// `npm run bench [-- NAME ...] [--json FILE]`: runs every benchmark in test/bench/*.bench.ts (or the
// named ones), printing each figure with its inputs and budget, and the machine it ran on.
import { readdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { withinBudget, type Benchmark, type Figure } from './types'

const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: 'string' } } })
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.versions.node,
  platform: `${process.platform}/${process.arch}`,
}
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}`)

const files = readdirSync(import.meta.dirname).filter((name) => name.endsWith('.bench.ts')).sort()
const results: Array<Figure & { benchmark: string; withinBudget: boolean | null }> = []
let overBudget = 0
for (const file of files) {
  const module = (await import(pathToFileURL(join(import.meta.dirname, file)).href)) as { default: Benchmark[] }
  for (const benchmark of module.default) {
    if (positionals.length && !positionals.some((wanted) => benchmark.name.includes(wanted))) continue
    console.log(`\n## ${benchmark.name} (${file})`)
    for (const figure of await benchmark.run()) {
      const verdict = withinBudget(figure)
      if (verdict === false) overBudget++
      const budget = figure.budget ? ` budget ${figure.budget.op} ${figure.budget.value} ${figure.unit}: ${verdict ? 'within' : 'OVER'}` : ''
      const inputs = Object.entries(figure.inputs).map(([key, value]) => `${key}=${value}`).join(', ')
      console.log(`${figure.name}: ${formatNumber(figure.value)} ${figure.unit}${budget}\n    inputs: ${inputs}`)
      results.push({ ...figure, benchmark: benchmark.name, withinBudget: verdict })
    }
  }
}
if (values.json) {
  writeFileSync(values.json, `${JSON.stringify({ machine, date: new Date().toISOString(), results }, null, 2)}\n`)
  console.log(`\nwrote ${results.length} figures to ${values.json}`)
}
console.log(`\n${results.length} figures, ${overBudget} over budget`)

function formatNumber(value: number): string {
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3)
}
