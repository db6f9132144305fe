// Benchmark: stream the large demo tenant's sign-ins (about 10 million over 30 days) and report
// throughput and peak RSS growth. Memory must stay flat: one hour of the tenant is held at a time.
// Run: node --import ./test/fake-cloud/register-ts.mjs test/bench/demo-generate.bench.ts [--days 30] [--size large]
import { cpus, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import { countSignIns, createDemoTenant, signInEventsByHour } from '../../src-main/core/demo'
import type { DemoSize } from '../../src-main/core/demo'

const { values } = parseArgs({
  options: { days: { type: 'string', default: '30' }, size: { type: 'string', default: 'large' } },
})
const days = Number(values.days)
const size = values.size as DemoSize
const now = new Date('2025-06-02T12:00:00Z')

const tenant = createDemoTenant({ size, seed: 'bench', now })
const to = now
const from = new Date(now.getTime() - days * 86_400_000)

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

interface Run {
  label: string
  events: number
  ms: number
  rssGrowth: number
  heapGrowth: number
}

function run(label: string, runFrom: Date): Run {
  globalThis.gc?.()
  const rss0 = process.memoryUsage().rss
  const heap0 = process.memoryUsage().heapUsed
  let peakRss = rss0
  let peakHeap = heap0
  let events = 0
  let checksum = 0
  const t0 = performance.now()
  let hours = 0
  for (const batch of signInEventsByHour(tenant, { from: runFrom, to })) {
    events += batch.length
    // Touch every event so nothing is optimised away.
    for (const e of batch) checksum = (checksum + e.id.charCodeAt(3) + e.errorCode) | 0
    if (++hours % 6 === 0) {
      const m = process.memoryUsage()
      if (m.rss > peakRss) peakRss = m.rss
      if (m.heapUsed > peakHeap) peakHeap = m.heapUsed
    }
  }
  const ms = performance.now() - t0
  if (checksum === 42) console.log('')
  return { label, events, ms, rssGrowth: peakRss - rss0, heapGrowth: peakHeap - heap0 }
}

console.log(
  `Demo generator benchmark — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${mb(totalmem())} RAM`,
)
console.log(
  `Inputs: size ${size} (${tenant.apps.length - 1} apps + 1 unknown client), seed 'bench', window ${days} days to ${now.toISOString()}`,
)
const expected = countSignIns(tenant, { from, to }).total
console.log(`Ground truth (counts only, no events): ${expected.toLocaleString('en')} sign-ins`)

const short = run(
  '1/10 of the window',
  new Date(to.getTime() - (to.getTime() - from.getTime()) / 10),
)
const full = run('whole window', from)
if (full.events !== expected) {
  console.error(`MISMATCH: streamed ${full.events} events, ground truth says ${expected}`)
  process.exitCode = 1
}
for (const r of [short, full]) {
  console.log(
    `${r.label.padEnd(20)} ${r.events.toLocaleString('en').padStart(12)} events in ${(r.ms / 1000).toFixed(1)} s = ${Math.round(r.events / (r.ms / 1000)).toLocaleString('en')} events/s; peak RSS growth ${mb(r.rssGrowth)}, peak heap growth ${mb(r.heapGrowth)}`,
  )
}
console.log(
  `Memory is bounded when the whole window (${(full.events / Math.max(1, short.events)).toFixed(1)}× the events) grows RSS by about as much as the short one.`,
)
