// A separate process writing to the shared store, as the CLI does while the app runs:
//   node --import tsx concurrent-writer.ts <dataDir> <writerIndex>
// Each batch is ingested, then half of it again (an overlapping re-fetch), with an alert and a state
// write in between, so both processes' write transactions interleave. Prints a JSON summary.
import { silentLogger } from '../../../src-main/core/log'
import { openStore } from '../../../src-main/core/store'
import { BATCHES, batchFor, CONCURRENT_TENANT } from './concurrent-events'

const [dataDir, writerText] = process.argv.slice(2)
if (!dataDir || !writerText) throw new Error('usage: concurrent-writer.ts <dataDir> <writerIndex>')
const writer = Number(writerText)
const store = openStore({ dataDir, log: silentLogger })
let inserted = 0
let duplicates = 0
for (let batch = 0; batch < BATCHES; batch++) {
  const events = batchFor(writer, batch)
  const first = store.ingestSignIns(CONCURRENT_TENANT, events)
  store.insertAlert({
    tenantId: CONCURRENT_TENANT,
    appId: null,
    rule: 'test',
    severity: 'info',
    dedupeKey: `batch-${batch}`, // the same keys in both writers: exactly one of each survives
    payload: { writer },
  })
  store.setState(CONCURRENT_TENANT, `writer-${writer}`, { batch })
  const again = store.ingestSignIns(CONCURRENT_TENANT, events.slice(events.length / 2))
  inserted += first.inserted + again.inserted
  duplicates += first.duplicates + again.duplicates
}
store.close()
process.stdout.write(`${JSON.stringify({ writer, inserted, duplicates })}\n`)
