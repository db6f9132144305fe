// Streams rows to a sink in bounded chunks: memory holds one chunk whatever the row count, the sink's
// back-pressure paces the producer, and an AbortSignal stops it between chunks.
import { CsvEncoder, type Cell } from './encoder'
import type { TextSink } from './file-sink'

export const UTF8_BOM = '\uFEFF'

export interface CsvProgress {
  rows: number
  /** Characters handed to the sink so far (bytes for ASCII data; a close estimate otherwise). */
  characters: number
}

export interface WriteCsvOptions {
  header: readonly string[]
  rows: Iterable<readonly Cell[]> | AsyncIterable<readonly Cell[]>
  bom: boolean
  signal?: AbortSignal
  onProgress?: (progress: CsvProgress) => void
  /** Characters gathered before each sink write (default 64 Ki). */
  chunkSize?: number
  /** Minimum time between progress callbacks (default 100 ms); the last one always comes. */
  progressIntervalMs?: number
}

export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  return reason instanceof Error && reason.name === 'AbortError' ? reason : new DOMException('The export was cancelled.', 'AbortError')
}

/** Writes the header and every row; returns the number of data rows. Throws an AbortError on cancel. */
export async function writeCsv(sink: TextSink, options: WriteCsvOptions): Promise<number> {
  const { signal } = options
  const encoder = new CsvEncoder()
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
    if (options.onProgress) {
      const now = performance.now()
      if (now - lastProgress >= interval) {
        lastProgress = now
        options.onProgress({ rows, characters })
      }
    }
  }
  if (signal?.aborted) throw abortError(signal)
  // A plain loop for sync sources (the store's generator): `for await` would cost a microtask a row.
  if (Symbol.iterator in options.rows) {
    for (const row of options.rows) {
      chunk += encoder.row(row)
      rows++
      if (chunk.length >= chunkSize) await flush()
    }
  } else {
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
