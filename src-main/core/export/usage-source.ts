// The usage table's fast path (millions of rows): records are assembled as UTF-8 bytes in the
// writer's buffer. The encoded `tenant,app,name,` prefix is kept as bytes per app and the encoded
// `,period,granularity,` per period, so a row costs two byte copies and two integers written as
// digits: no string per row and no UTF-8 conversion per row. Every text cell still goes through the
// same CsvEncoder (csv-stringify quoting + formula neutralisation) as any other table.
import type { Granularity } from '../store/types'
import type { RollupTuple } from '../store/export-reader'
import { formatUtc, type LocalTimeFormatter } from './cells'
import type { RecordSource } from './csv-writer'
import { RECORD_DELIMITER, type CsvEncoder } from './encoder'

const COMMA = 0x2c
const ZERO = 0x30
/** A safe integer has at most 16 decimal digits. */
const MAX_COUNT_DIGITS = 16

/** Writes a count (a non-negative safe integer) as decimal ASCII at `at`; returns the end. */
export function writeCount(buffer: Buffer, at: number, value: number): number {
  if (!(value >= 0 && value <= Number.MAX_SAFE_INTEGER && Math.floor(value) === value))
    throw new TypeError(`CSV counts must be non-negative safe integers, got ${value}`)
  let digits = 1
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++
  let rest = value
  for (let index = at + digits - 1; index >= at; index--) {
    const quotient = Math.floor(rest / 10)
    buffer[index] = ZERO + (rest - quotient * 10)
    rest = quotient
  }
  return at + digits
}

export interface UsageSourceOptions {
  encoder: CsvEncoder
  tenantId: string
  granularity: Granularity
  /** Rollups in time order, then app ID, in chunks (store/export-reader.ts). */
  chunks: Iterator<readonly RollupTuple[]>
  names: ReadonlyMap<string, string>
  local: LocalTimeFormatter | null
}

export class UsageRecordSource implements RecordSource {
  rows = 0
  done = false
  private chunk: readonly RollupTuple[] = []
  private index = 0
  private readonly prefixes = new Map<string, Buffer>()
  private lastStart = Number.NaN
  private middle = Buffer.alloc(0)
  private suffix = Buffer.from(RECORD_DELIMITER)

  constructor(private readonly options: UsageSourceOptions) {}

  fill(buffer: Buffer, start: number): number {
    let at = start
    const limit = buffer.length
    for (;;) {
      if (this.index >= this.chunk.length) {
        const next = this.options.chunks.next()
        if (next.done) {
          this.done = true
          return at
        }
        this.chunk = next.value
        this.index = 0
        continue
      }
      const [periodStart, appId, signIns, failures] = this.chunk[this.index]!
      if (periodStart !== this.lastStart) this.startPeriod(periodStart)
      const prefix = this.prefixes.get(appId) ?? this.addPrefix(appId)
      const middle = this.middle
      const suffix = this.suffix
      if (at + prefix.length + middle.length + 2 * MAX_COUNT_DIGITS + 1 + suffix.length > limit)
        return at
      buffer.set(prefix, at)
      at += prefix.length
      buffer.set(middle, at)
      at += middle.length
      at = writeCount(buffer, at, signIns)
      buffer[at++] = COMMA
      at = writeCount(buffer, at, failures)
      buffer.set(suffix, at)
      at += suffix.length
      this.index++
      this.rows++
    }
  }

  /** Rows come in time order, so one encoded period serves every app of the period. */
  private startPeriod(seconds: number): void {
    const { encoder, granularity, local } = this.options
    const date = new Date(seconds * 1000)
    this.lastStart = seconds
    this.middle = Buffer.from(`,${encoder.cell(formatUtc(date))},${encoder.cell(granularity)},`)
    this.suffix = Buffer.from(
      local ? `,${encoder.cell(local.formatInstant(date))}${RECORD_DELIMITER}` : RECORD_DELIMITER,
    )
  }

  private addPrefix(appId: string): Buffer {
    const { encoder, tenantId, names } = this.options
    const prefix = Buffer.from(encoder.fields([tenantId, appId, names.get(appId) ?? null]))
    this.prefixes.set(appId, prefix)
    return prefix
  }
}
