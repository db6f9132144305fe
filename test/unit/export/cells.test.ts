// Cell rules, pinned by properties: any text survives quoting and neutralisation through an
// independent parser (csv-parse), never reaches a spreadsheet as a formula, and restores exactly.
import { parse } from 'csv-parse/sync'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CsvEncoder, LocalTimeFormatter, isTimeZone, neutraliseCell, restoreCell, formatUtc, writeCsv, type TextSink } from '../../../src-main/core/export'

const triggers = ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']
// Characters that matter to CSV or to spreadsheets, mixed with ordinary and Korean text.
const hostileUnit = fc.constantFrom(...triggers, '\n', '"', ',', "'", ';', '<', '>', '/', ' ', 'a', 'Z', '0', '한', '글', '\uFEFF', '\u2028')
const hostileText = fc.oneof(fc.string({ unit: hostileUnit, maxLength: 24 }), fc.string({ unit: 'grapheme', maxLength: 24 }), fc.string({ maxLength: 24 }))

const parseCsv = (text: string): string[][] => parse(text, { bom: true, relaxQuotes: false, relaxColumnCount: false })

function memorySink(): TextSink & { text: () => string } {
  let text = ''
  const decoder = new TextDecoder()
  return { write: async (chunk) => void (text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })), text: () => text }
}

describe('neutraliseCell', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['\uFF1DHYPERLINK()', "'\uFF1DHYPERLINK()"],
    ["'quoted", "''quoted"],
    ['plain', 'plain'],
    ['a=b', 'a=b'],
    ['', ''],
    ['보안 커넥터', '보안 커넥터'],
  ])('turns %j into %j', (input, output) => {
    expect(neutraliseCell(input)).toBe(output)
    expect(restoreCell(output)).toBe(input)
  })

  it('never leaves a formula trigger first, and restoreCell undoes it exactly (property)', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const cell = neutraliseCell(text)
        expect(triggers.includes(cell[0] ?? '')).toBe(false)
        expect(restoreCell(cell)).toBe(text)
      }),
      { numRuns: 2_000 },
    )
  })
})

describe('CsvEncoder through csv-parse', () => {
  it('round-trips any row of text and counts: quoting by csv-stringify, parsing by csv-parse (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(hostileText, fc.nat(), fc.constant(null)), { minLength: 2, maxLength: 8 }), (cells) => {
        const encoder = new CsvEncoder(4)
        // Twice, so the memoised path is checked as well as the first encoding.
        const text = encoder.row(cells) + encoder.row(cells)
        // No BOM here, so none is stripped: a text cell may itself start with U+FEFF.
        const parsed: string[][] = parse(text, { relaxColumnCount: false })
        const expected = cells.map((cell) => (cell === null ? '' : typeof cell === 'number' ? String(cell) : neutraliseCell(cell)))
        expect(parsed).toEqual([expected, expected])
        expect(parsed[0]!.map((cell, index) => (typeof cells[index] === 'string' ? restoreCell(cell) : cell))).toEqual(
          cells.map((cell) => (cell === null ? '' : String(cell))),
        )
      }),
      { numRuns: 1_000 },
    )
  })

  it('quotes fields with a line break, including a lone LF or CR (csv-stringify needs quote_record_delimiter)', () => {
    const encoder = new CsvEncoder()
    expect(encoder.row(['a\nb', 'c\rd', 'e'])).toBe('"a\nb","c\rd",e\r\n')
  })

  it('writes numbers as plain integers, even negative ones, and refuses fractions', () => {
    const encoder = new CsvEncoder()
    expect(encoder.row([-1, 0, 42])).toBe('-1,0,42\r\n')
    expect(() => encoder.row([1.5, 'x'])).toThrow(/safe integers/)
  })

  it('streams a file with a BOM and CRLF records that csv-parse reads back (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(hostileText, hostileText, fc.nat()), { maxLength: 40 }), fc.boolean(), async (rows, bom) => {
        const sink = memorySink()
        const count = await writeCsv(sink, { header: ['a', 'b', 'n'], rows, bom, chunkSize: 50 })
        expect(count).toBe(rows.length)
        expect(sink.text().startsWith('\uFEFF')).toBe(bom)
        expect(sink.text().endsWith('\r\n')).toBe(true)
        const parsed = parseCsv(sink.text())
        expect(parsed[0]).toEqual(['a', 'b', 'n'])
        expect(parsed.slice(1).map(([a, b, n]) => [restoreCell(a!), restoreCell(b!), Number(n)])).toEqual(rows)
      }),
      { numRuns: 300 },
    )
  })
})

describe('timestamps', () => {
  it('formats UTC instants as ISO 8601 with whole seconds', () => {
    expect(formatUtc(new Date('2025-03-01T10:15:42.123Z'))).toBe('2025-03-01T10:15:42Z')
  })

  it('formats local time with the zone offset at each instant, across a daylight-saving change', () => {
    const seoul = new LocalTimeFormatter('Asia/Seoul')
    expect(seoul.formatInstant(new Date('2025-03-01T15:00:00Z'))).toBe('2025-03-02T00:00:00+09:00')
    const newYork = new LocalTimeFormatter('America/New_York')
    expect(newYork.formatInstant(new Date('2025-03-09T06:00:00Z'))).toBe('2025-03-09T01:00:00-05:00')
    expect(newYork.formatInstant(new Date('2025-03-09T07:00:00Z'))).toBe('2025-03-09T03:00:00-04:00')
    expect(new LocalTimeFormatter('Asia/Kolkata').formatInstant(new Date('2025-01-01T00:00:00Z'))).toBe('2025-01-01T05:30:00+05:30')
    expect(new LocalTimeFormatter('UTC').formatInstant(new Date('2025-01-01T00:00:00Z'))).toBe('2025-01-01T00:00:00+00:00')
  })

  it('knows IANA zones and refuses others', () => {
    expect(isTimeZone('Asia/Seoul')).toBe(true)
    expect(isTimeZone('Mars/Olympus')).toBe(false)
    expect(isTimeZone('')).toBe(false)
    expect(() => new LocalTimeFormatter('Nowhere/Town')).toThrow(/unknown time zone/)
  })
})
