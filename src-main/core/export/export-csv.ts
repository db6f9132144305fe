// One export, start to finish: check the target, stream the table into a temporary file, move it into
// place. Reads the local store only, so it works with the network off.
import type { Store } from '../store'
import { abortError, writeCsv, type CsvProgress } from './csv-writer'
import { writeFileAtomically, type TextSink } from './file-sink'
import { buildTable, type ExportKind, type Table, type TableQuery } from './tables'

export interface ExportFileRequest extends TableQuery {
  path: string
  /** Replace an existing file (the UI asks first; the CLI needs --force). */
  overwrite: boolean
  /** UTF-8 byte order mark, so Excel reads Korean names correctly (default on). */
  bom: boolean
  signal?: AbortSignal | undefined
  onProgress?: ((progress: CsvProgress) => void) | undefined
}

export interface ExportOutcome {
  status: 'done' | 'cancelled'
  what: ExportKind
  /** Absolute path of the file written (or that would have been). */
  path: string
  /** Data rows (the header not counted). */
  rows: number
  bytes: number
  durationMs: number
}

export async function exportCsvFile(
  store: Store,
  request: ExportFileRequest,
): Promise<ExportOutcome> {
  const started = performance.now()
  const base = { what: request.what }
  try {
    if (request.signal?.aborted) throw abortError(request.signal)
    const { result, path, bytes } = await writeFileAtomically(
      request.path,
      { overwrite: request.overwrite },
      async (sink) => {
        const table = buildTable(store, request)
        try {
          return { rows: await writeTable(sink, table, request) }
        } finally {
          table.close()
        }
      },
    )
    return {
      ...base,
      status: 'done',
      path,
      rows: result.rows,
      bytes,
      durationMs: performance.now() - started,
    }
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error
    return {
      ...base,
      status: 'cancelled',
      path: request.path,
      rows: 0,
      bytes: 0,
      durationMs: performance.now() - started,
    }
  }
}

function writeTable(
  sink: TextSink,
  table: Table,
  options: Pick<ExportFileRequest, 'bom' | 'signal' | 'onProgress'>,
): Promise<number> {
  return writeCsv(sink, {
    header: table.header,
    ...(table.source ? { source: table.source } : {}),
    ...(table.records ? { records: table.records } : {}),
    bom: options.bom,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  })
}

/** Writes a table to any sink (the CLI's stdout): same columns, cells and quoting as the files. */
export async function exportCsvToSink(
  store: Store,
  sink: TextSink,
  query: TableQuery & { bom: boolean },
): Promise<number> {
  const table = buildTable(store, query)
  try {
    return await writeTable(sink, table, { bom: query.bom })
  } finally {
    table.close()
  }
}
