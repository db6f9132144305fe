// Turns rows into RFC 4180 text. csv-stringify decides quoting and escaping for every text cell; the
// encoder memoises its answer per distinct text, since usage rows repeat the same tenant, app, name
// and period thousands of times (csv-stringify's per-record path runs at ~0.25 M rows/s here).
import { stringify } from 'csv-stringify/sync'
import { neutraliseCell } from './cells'

/** A cell before encoding. Numbers must be safe integers (counts); null is an empty cell. */
export type Cell = string | number | null

export const RECORD_DELIMITER = '\r\n'

const stringifyOptions = {
  eof: false,
  record_delimiter: '\r\n',
  // With an explicit record_delimiter csv-stringify stops quoting lone \r and \n unless told to;
  // RFC 4180 needs every field with a line break quoted.
  quote_record_delimiter: true,
  cast: { string: (value: string) => neutraliseCell(value) },
} as const

/** Encodes one text cell through csv-stringify: neutralised, then quoted when it must be. */
export function encodeTextCell(text: string): string {
  if (text === '') return ''
  return stringify([[text]], stringifyOptions)
}

export class CsvEncoder {
  private readonly cache = new Map<string, string>()

  /** Bounded: cleared when full, so memory stays flat whatever the data. */
  constructor(private readonly cacheLimit = 20_000) {}

  cell(value: Cell): string {
    if (value === null) return ''
    if (typeof value === 'number') {
      // Our numbers are counts: a decimal integer needs no quoting and is not user-controlled.
      if (!Number.isSafeInteger(value)) throw new TypeError(`CSV numbers must be safe integers, got ${value}`)
      return String(value)
    }
    let encoded = this.cache.get(value)
    if (encoded === undefined) {
      encoded = encodeTextCell(value)
      if (this.cache.size >= this.cacheLimit) this.cache.clear()
      this.cache.set(value, encoded)
    }
    return encoded
  }

  /** Cells joined by commas, without the record delimiter (a prefix that fast paths reuse). */
  fields(cells: readonly Cell[]): string {
    let line = ''
    for (let index = 0; index < cells.length; index++) {
      if (index > 0) line += ','
      line += this.cell(cells[index]!)
    }
    return line
  }

  /** One record including its CRLF. */
  row(cells: readonly Cell[]): string {
    return this.fields(cells) + RECORD_DELIMITER
  }
}
