// Streams rows to a sink in bounded chunks: memory holds one chunk whatever the row count, the sink's
// back-pressure paces the producer, and an AbortSignal stops it between chunks.
import { CsvEncoder, type Cell } from './encoder'
import type { TextSink } from './file-sink'

export const UTF8_BOM = '\uFEFF'

export interface CsvProgress {
  rows: number
  /** Characters (or, for encoded records, bytes) handed to the sink so far. */
  characters: number
}

export interface WriteCsvOptions {
  header: readonly string[]
  /** Rows of cells, encoded here; or `records`, already encoded by a table's fast path. */
  rows?: Iterable<readonly Cell[]> | AsyncIterable<readonly Cell[]>
  /** Encoded records, each ending in CRLF (see CsvEncoder). */
  records?: Iterable<string>
  /** Or a source that encodes records straight into the writer's buffers (the usage fast path). */
  source?: RecordSource
  encoder?: CsvEncoder
  bom: boolean
  signal?: AbortSignal
  onProgress?: (progress: CsvProgress) => void
  /** Characters gathered before each sink write (default 64 Ki). */
  chunkSize?: number
  /** Minimum time between progress callbacks (default 100 ms); the last one always comes. */
  progressIntervalMs?: number
}

/**
 * Records encoded as UTF-8 bytes straight into the writer's buffer: no string per record, no
 * per-record UTF-8 conversion. `fill` writes whole records from `start` while they fit and returns
 * the end offset; it sets `done` after the last one. Returning without progress and without `done`
 * means the next record needs more room than is left (the writer flushes, or grows an empty buffer).
 */
export interface RecordSource {
  fill(buffer: Buffer, start: number): number
  readonly done: boolean
  /** Records written so far. */
  readonly rows: number
}

export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  return reason instanceof Error && reason.name === 'AbortError'
    ? reason
    : new DOMException('The export was cancelled.', 'AbortError')
}

/** Writes the header and every row; returns the number of data rows. Throws an AbortError on cancel. */
export async function writeCsv(sink: TextSink, options: WriteCsvOptions): Promise<number> {
  const { signal } = options
  const encoder = options.encoder ?? new CsvEncoder()
  const chunkSize = options.chunkSize ?? 64 * 1024
  const interval = options.progressIntervalMs ?? 100
  let chunk = (options.bom ? UTF8_BOM : '') + encoder.row(options.header)
  let rows = 0
  let characters = 0
  let lastProgress = 0
  const flush = async () => {
    if (signal?.aborted) throw abortError(signal)
    characters += chunk.length
    await sink.write(chunk)
    chunk = ''
    report()
  }
  const report = () => {
    if (!options.onProgress) return
    const now = performance.now()
    if (now - lastProgress >= interval) {
      lastProgress = now
      options.onProgress({ rows, characters })
    }
  }
  if (signal?.aborted) throw abortError(signal)
  if (options.source) {
    await flush()
    const source = options.source
    let buffer = Buffer.allocUnsafe(chunkSize)
    for (;;) {
      const used = source.fill(buffer, 0)
      rows = source.rows
      if (used === 0 && !source.done) {
        // One record larger than a chunk (a very long name): give it room.
        buffer = Buffer.allocUnsafe(buffer.length * 2)
        continue
      }
      if (signal?.aborted) throw abortError(signal)
      if (used > 0) {
        characters += used
        await sink.write(buffer.subarray(0, used))
        // The stream keeps the written buffer until the disk has it; the next chunk gets a fresh one.
        buffer = Buffer.allocUnsafe(Math.max(chunkSize, buffer.length))
        report()
      }
      if (source.done) break
    }
  } else if (options.records) {
    // Encoded straight into a buffer: no string ropes to build, flatten and re-encode per chunk,
    // which keeps the garbage (and so the heap's growth) small at millions of rows.
    await flush()
    let buffer = Buffer.allocUnsafe(chunkSize)
    let used = 0
    const flushBuffer = async () => {
      if (signal?.aborted) throw abortError(signal)
      characters += used
      await sink.write(buffer.subarray(0, used))
      buffer = Buffer.allocUnsafe(chunkSize)
      used = 0
      report()
    }
    for (const record of options.records) {
      rows++
      // UTF-8 needs at most three bytes per UTF-16 unit.
      if (used + record.length * 3 > chunkSize) {
        if (used > 0) await flushBuffer()
        if (record.length * 3 > chunkSize) {
          characters += record.length
          await sink.write(record)
          continue
        }
      }
      used += buffer.write(record, used)
    }
    if (used > 0) await flushBuffer()
  } else if (options.rows && Symbol.iterator in options.rows) {
    // A plain loop for sync sources: `for await` would cost a microtask a row.
    for (const row of options.rows) {
      chunk += encoder.row(row)
      rows++
      if (chunk.length >= chunkSize) await flush()
    }
  } else if (options.rows) {
    for await (const row of options.rows) {
      chunk += encoder.row(row)
      rows++
      if (chunk.length >= chunkSize) await flush()
    }
  }
  if (chunk.length) await flush()
  if (signal?.aborted) throw abortError(signal)
  options.onProgress?.({ rows, characters })
  return rows
}
