// CSV export: the writer (encode + back-pressured temp-file write + rename) fed by a generator of
// rollup chunks shaped like the store's export reader, 10 million rows, with its memory; then the whole export read from a real
// store whose rollups were bulk-inserted with plain SQL; and, for comparison, csv-stringify's own
// stream fed one record at a time (what the writer would be without memoised cell encoding).
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { stringify } from 'csv-stringify'
import {
  CsvEncoder,
  exportCsvFile,
  neutraliseCell,
  UsageRecordSource,
  usageColumns,
  writeCsv,
  writeFileAtomically,
} from '../../src-main/core/export'
import { ROLLUP_CHUNK_ROWS, type RollupTuple } from '../../src-main/core/store/export-reader'
import { silentLogger } from '../../src-main/core/log'
import { openStore } from '../../src-main/core/store'
import { connectedApp } from '../unit/store/helpers'
import type { Benchmark, Figure } from './types'

const TENANT = '11111111-2222-3333-4444-555555555555'
const APPS = 300
const appIds: string[] = Array.from({ length: APPS }, () => randomUUID())
const appNames = appIds.map((_, index) =>
  index % 10 === 0 ? `=Hostile "app" ${index}, 한국어` : `Connector ${index} (SIEM)`,
)
const START = Date.parse('2020-01-01T00:00:00Z')

const names = new Map(appIds.map((appId, index) => [appId, appNames[index]!]))

/**
 * Rollups in the store's export order (hour by hour, every app in each hour), made up on the fly in
 * the shape the store's reader returns: chunks of ROLLUP_CHUNK_ROWS `[hour seconds, app, sign-ins, failures]`.
 */
function* rollupChunks(count: number): Generator<RollupTuple[]> {
  let chunk: RollupTuple[] = []
  let hour = START / 1000
  for (let index = 0; index < count; index++) {
    const app = index % APPS
    if (app === 0) hour += 3600
    chunk.push([hour, appIds[app]!, ((index * 7) % 5000) + 13, index % 13])
    if (chunk.length === ROLLUP_CHUNK_ROWS) {
      yield chunk
      chunk = []
    }
  }
  if (chunk.length) yield chunk
}

/** The same rows as cells, for the csv-stringify comparison. */
function* cells(count: number): Generator<Array<string | number>> {
  for (const chunk of rollupChunks(count))
    for (const [hour, appId, signIns, failures] of chunk)
      yield [
        TENANT,
        appId,
        names.get(appId)!,
        new Date(hour * 1000).toISOString().replace('.000Z', 'Z'),
        'hour',
        signIns,
        failures,
      ]
}

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since)
  return Number(((used.user + used.system) / 1e6).toFixed(2))
}

function memory(): { rss: number; heap: number } {
  const usage = process.memoryUsage()
  return { rss: usage.rss, heap: usage.heapUsed + usage.external + usage.arrayBuffers }
}

const MB = 1024 * 1024

async function writerFigures(rows: number): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dca-export-bench-'))
  try {
    globalThis.gc?.()
    const before = memory()
    let peakRss = before.rss
    let peakHeap = before.heap
    const started = performance.now()
    const cpu = process.cpuUsage()
    const { path, bytes } = await writeFileAtomically(
      join(dir, 'usage.csv'),
      { overwrite: false },
      (sink) =>
        writeCsv(sink, {
          header: [...usageColumns],
          source: new UsageRecordSource({
            encoder: new CsvEncoder(),
            tenantId: TENANT,
            granularity: 'hour',
            chunks: rollupChunks(rows),
            names,
            local: null,
          }),
          bom: true,
          progressIntervalMs: 50,
          onProgress: () => {
            const now = memory()
            peakRss = Math.max(peakRss, now.rss)
            peakHeap = Math.max(peakHeap, now.heap)
          },
        }),
    )
    const seconds = (performance.now() - started) / 1000
    const inputs = {
      rows,
      apps: APPS,
      columns: usageColumns.length,
      fileMB: Math.round(bytes / MB),
      bom: true,
      disk: tmpdir(),
      seconds: Number(seconds.toFixed(2)),
      cpuSeconds: cpuSeconds(cpu),
      load1m: Number(loadavg()[0]!.toFixed(1)),
    }
    if (statSync(path).size !== bytes) throw new Error('size mismatch')
    return [
      {
        name: 'writer throughput (rollup generator → usage CSV file)',
        value: rows / seconds,
        unit: 'rows/s',
        budget: { op: '>=', value: 1_000_000 },
        inputs,
      },
      {
        name: 'writer RSS growth',
        value: (peakRss - before.rss) / MB,
        unit: 'MB',
        budget: { op: '<=', value: 50 },
        inputs,
      },
      {
        name: 'writer JS heap growth (peak)',
        value: (peakHeap - before.heap) / MB,
        unit: 'MB',
        inputs,
      },
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function storeFigures(hours: number): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dca-export-bench-store-'))
  try {
    const store = openStore({ dataDir: dir, log: silentLogger })
    store.applyDiscovery(
      TENANT,
      appIds.map((appId, index) => connectedApp({ appId, displayName: appNames[index]! })),
      new Date(),
    )
    store.close()
    // Bulk rollups with plain SQL (outside the timed region): ingesting events to get them would take hours.
    const db = new DatabaseSync(join(dir, 'history.sqlite'))
    db.exec('BEGIN')
    const insert = db.prepare(
      'INSERT INTO rollups (tenant_id, hour, app_id, sign_ins, failures) VALUES (?, ?, ?, ?, ?)',
    )
    for (let hour = 0; hour < hours; hour++) {
      const seconds = START / 1000 + hour * 3600
      for (let app = 0; app < APPS; app++)
        insert.run(TENANT, seconds, appIds[app]!, ((hour * 7 + app) % 5000) + 13, app % 13)
    }
    db.exec('COMMIT')
    db.close()
    const rows = hours * APPS
    const reopened = openStore({ dataDir: dir, log: silentLogger })
    globalThis.gc?.()
    const before = memory().rss
    let peak = before
    const figures: Figure[] = []
    for (const granularity of ['hour', 'day', 'month'] as const) {
      const started = performance.now()
      const cpu = process.cpuUsage()
      const outcome = await exportCsvFile(reopened, {
        path: join(dir, `usage-${granularity}.csv`),
        tenantId: TENANT,
        what: 'usage',
        granularity,
        now: new Date(),
        overwrite: false,
        bom: true,
        onProgress: () => void (peak = Math.max(peak, memory().rss)),
      })
      const seconds = (performance.now() - started) / 1000
      figures.push({
        name: `store → CSV file, per ${granularity}`,
        value: outcome.rows / seconds,
        unit: 'rows/s',
        inputs: {
          rollupRows: rows,
          rowsWritten: outcome.rows,
          apps: APPS,
          hours,
          fileMB: Math.round(outcome.bytes / MB),
          seconds: Number(seconds.toFixed(2)),
          cpuSeconds: cpuSeconds(cpu),
          load1m: Number(loadavg()[0]!.toFixed(1)),
        },
      })
    }
    figures.push({
      name: 'store → CSV RSS growth (hour, day and month runs)',
      value: (peak - before) / MB,
      unit: 'MB',
      budget: { op: '<=', value: 50 },
      inputs: { rollupRows: rows },
    })
    reopened.close()
    return figures
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function naiveStreamFigure(rows: number): Promise<Figure> {
  const dir = mkdtempSync(join(tmpdir(), 'dca-export-bench-naive-'))
  try {
    const started = performance.now()
    const stringifier = stringify({
      record_delimiter: '\r\n',
      quote_record_delimiter: true,
      cast: { string: neutraliseCell },
    })
    const file = createWriteStream(join(dir, 'naive.csv'))
    stringifier.pipe(file)
    for (const row of cells(rows)) if (!stringifier.write(row)) await once(stringifier, 'drain')
    stringifier.end()
    await once(file, 'close')
    return {
      name: 'csv-stringify stream, one record per write (comparison)',
      value: rows / ((performance.now() - started) / 1000),
      unit: 'rows/s',
      inputs: { rows, apps: APPS },
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const rowsFromEnv = Number(process.env.DCA_EXPORT_BENCH_ROWS ?? 10_000_000)

export default [
  { name: 'export writer, 10 M usage rows', run: () => writerFigures(rowsFromEnv) },
  {
    name: 'export from the store',
    run: () => storeFigures(Number(process.env.DCA_EXPORT_BENCH_HOURS ?? 24 * 365)),
  },
  {
    name: 'export comparison: csv-stringify stream per record',
    run: async () => [await naiveStreamFigure(1_000_000)],
  },
] satisfies Benchmark[]
