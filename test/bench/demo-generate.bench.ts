// Benchmark: stream the large demo tenant's sign-ins (about 10 million over 30 days) and report
// throughput and peak RSS growth. Memory must stay flat: one hour of the tenant is held at a time.
// Run: npm run bench -- demo   (DCA_BENCH_DEMO_DAYS and DCA_BENCH_DEMO_SIZE change the inputs)
import { countSignIns, createDemoTenant, signInEventsByHour } from '../../src-main/core/demo'
import type { DemoSize } from '../../src-main/core/demo'
import type { Benchmark } from './types'

const days = Number(process.env.DCA_BENCH_DEMO_DAYS ?? 30)
const size = (process.env.DCA_BENCH_DEMO_SIZE ?? 'large') as DemoSize
const now = new Date('2025-06-02T12:00:00Z')
const to = now
const from = new Date(now.getTime() - days * 86_400_000)
let tenant: ReturnType<typeof createDemoTenant>

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

const benchmarks: Benchmark[] = [
  {
    name: 'demo generator stream',
    async run() {
      tenant = createDemoTenant({ size, seed: 'bench', now })
      const expected = countSignIns(tenant, { from, to }).total
      const short = run('1/10 of the window', new Date(to.getTime() - (to.getTime() - from.getTime()) / 10))
      const full = run('whole window', from)
      if (full.events !== expected) throw new Error(`streamed ${full.events} events, ground truth says ${expected}`)
      const inputs = { size, apps: tenant.apps.length - 1, seed: 'bench', days, events: full.events }
      return [
        { name: 'events generated per second (whole window)', value: full.events / (full.ms / 1000), unit: 'events/s', inputs },
        { name: 'peak RSS growth streaming the whole window', value: full.rssGrowth / 2 ** 20, unit: 'MB', budget: { op: '<=', value: 200 }, inputs },
        { name: 'peak RSS growth streaming 1/10 of the window', value: short.rssGrowth / 2 ** 20, unit: 'MB', inputs: { ...inputs, events: short.events } },
      ]
    },
  },
]
export default benchmarks
