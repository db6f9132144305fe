// The sign-in page decoder: the same verdicts as the zod schema it replaces on the hot path, the same
// events as the mapping the Graph source always applied, and the worker thread giving exactly what
// inline decoding gives (pages and errors alike), with clear errors when the worker itself fails.
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { collectionSchema, signInSchema } from '../../../src-main/core/graph/schemas'
import type { SignInBody } from '../../../src-main/core/graph/schemas'
import { SignInPageDecoder } from '../../../src-main/core/graph/sign-in-decoder'
import { decodeSignInPage, SignInPageError } from '../../../src-main/core/graph/sign-in-page'
import { SignInBatch } from '../../../src-main/core/sources/sign-in-batch'
import type { SignInEvent, SignInEventType } from '../../../src-main/core/sources/types'
import { MDE_RESOURCE_APP_ID, signInEventTypes } from '../../../src-main/core/sources/types'

const pageSchema = collectionSchema(signInSchema)

/** The Graph source's mapping as it was written against the zod-parsed row: the reference. */
function reference(raw: SignInBody, types: readonly SignInEventType[]): SignInEvent {
  const ms = Date.parse(raw.createdDateTime)
  const reported = (raw.signInEventTypes ?? []).find((t) => types.includes(t))
  const eventType: SignInEventType =
    reported ??
    (types.length === 1
      ? types[0]!
      : raw.userPrincipalName
        ? raw.isInteractive
          ? 'interactiveUser'
          : 'nonInteractiveUser'
        : 'servicePrincipal')
  const location = raw.location
  return {
    id: raw.id,
    createdDateTime: `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`,
    appId: raw.appId ?? '',
    appDisplayName: raw.appDisplayName ?? '',
    servicePrincipalId: raw.servicePrincipalId || null,
    resourceId: raw.resourceId ?? MDE_RESOURCE_APP_ID,
    eventType,
    errorCode: raw.status?.errorCode ?? 0,
    failureReason: raw.status?.errorCode ? (raw.status.failureReason ?? null) : null,
    ipAddress: raw.ipAddress ?? '',
    location:
      location && (location.city || location.countryOrRegion)
        ? { city: location.city ?? '', countryOrRegion: location.countryOrRegion ?? '' }
        : null,
    userPrincipalName: raw.userPrincipalName || null,
  }
}

function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1
  return () => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 2 ** 32
  }
}

/** Rows covering the optional, nullable and inferred cases, plus extra fields Graph may add. */
function rows(random: () => number, count: number): Record<string, unknown>[] {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!
  return Array.from({ length: count }, (_, i) => {
    const row: Record<string, unknown> = {
      id: `id-${i}-${Math.floor(random() * 1e9)}`,
      createdDateTime: pick([
        '2025-06-01T10:15:42Z',
        '2025-06-01T10:15:42.734Z',
        '2024-02-29T23:59:59.9999999Z',
        '1969-12-31T23:59:59Z',
        '2025-02-30T00:00:00Z', // Date.parse rolls it over to 2 March
        '2025-01-01T24:00:00Z',
      ]),
      extra: { nested: [1, 2, 3] },
    }
    if (random() < 0.9) row.appId = pick(['app-1', 'app-2', ''])
    if (random() < 0.8) row.appDisplayName = pick(['App 1', null, ''])
    if (random() < 0.8) row.servicePrincipalId = pick(['sp-1', null, ''])
    if (random() < 0.7) row.resourceId = pick([MDE_RESOURCE_APP_ID, null])
    if (random() < 0.7) row.userPrincipalName = pick(['user@contoso.com', null, ''])
    if (random() < 0.8) row.ipAddress = pick(['20.1.2.3', null, '', '2001:db8::1'])
    if (random() < 0.7) {
      const types = [...signInEventTypes].filter(() => random() < 0.4)
      row.signInEventTypes = types
    }
    if (random() < 0.5) row.isInteractive = random() < 0.5
    if (random() < 0.9) {
      const code = pick([0, 0, 0, 50126, 7000215])
      row.status = {
        errorCode: code,
        ...(random() < 0.8 ? { failureReason: pick(['Invalid client secret.', null]) } : {}),
        ...(random() < 0.5 ? { additionalDetails: pick(['details', null]) } : {}),
      }
    }
    if (random() < 0.8)
      row.location = pick([
        null,
        { city: 'Amsterdam', state: 'Noord-Holland', countryOrRegion: 'NL', geo: { lat: 1 } },
        { city: null, countryOrRegion: null },
        { city: '', countryOrRegion: 'NL' },
        { city: 'Oslo', countryOrRegion: null },
      ])
    return row
  })
}

const typeSets: SignInEventType[][] = [
  [...signInEventTypes],
  ['servicePrincipal'],
  ['nonInteractiveUser', 'interactiveUser'],
]

describe('decodeSignInPage', () => {
  it('gives the events the zod schema and the old mapping give, on varied valid pages', () => {
    const random = seeded(7)
    for (let round = 0; round < 20; round++) {
      const text = JSON.stringify({
        '@odata.context': 'https://graph.microsoft.com/beta/$metadata#auditLogs/signIns',
        '@odata.nextLink': 'https://graph.microsoft.com/beta/auditLogs/signIns?$skiptoken=abc',
        value: rows(random, 50),
      })
      for (const types of typeSets) {
        const expected = pageSchema.parse(JSON.parse(text))
        const decoded = decodeSignInPage(new TextEncoder().encode(text), types)
        expect(decoded.nextLink).toBe(expected['@odata.nextLink'])
        expect(new SignInBatch(decoded.columns).toEvents()).toEqual(
          expected.value.map((raw) => reference(raw, types)),
        )
      }
    }
  })

  it('accepts and rejects exactly the rows the zod schema does', () => {
    const valid = rows(seeded(3), 1)[0]!
    const mutations: Array<[string, unknown]> = [
      ['id', undefined],
      ['id', 5],
      ['createdDateTime', undefined],
      ['createdDateTime', '2025-06-01 10:15:42Z'],
      ['createdDateTime', '2025-06-01T10:15:42+01:00'],
      ['createdDateTime', '2025-06-01T10:15:42.Z'],
      ['createdDateTime', 1717236942],
      ['appId', null],
      ['appId', 3],
      ['appDisplayName', 7],
      ['servicePrincipalId', false],
      ['servicePrincipalName', 1],
      ['resourceId', {}],
      ['resourceDisplayName', []],
      ['userPrincipalName', 1],
      ['userId', 1],
      ['ipAddress', 1],
      ['correlationId', 1],
      ['signInEventTypes', 'servicePrincipal'],
      ['signInEventTypes', ['servicePrincipal', 'somethingNew']],
      ['signInEventTypes', [1]],
      ['signInEventTypes', null],
      ['isInteractive', 'yes'],
      ['isInteractive', null],
      ['status', null],
      ['status', 'ok'],
      ['status', {}],
      ['status', { errorCode: 1.5 }],
      ['status', { errorCode: '0' }],
      ['status', { errorCode: 0, failureReason: 3 }],
      ['status', { errorCode: 0, additionalDetails: 3 }],
      ['location', 'NL'],
      ['location', { city: 'Oslo' }],
      ['location', { countryOrRegion: 'NO' }],
      ['location', { city: 1, countryOrRegion: 'NO' }],
      ['location', { city: 'Oslo', countryOrRegion: 'NO', state: 4 }],
      ['location', []],
      ['unknownField', { anything: true }],
    ]
    for (const [field, value] of mutations) {
      const row: Record<string, unknown> = { ...valid }
      if (value === undefined) delete row[field]
      else row[field] = value
      const text = JSON.stringify({ value: [row] })
      const zodAccepts = pageSchema.safeParse(JSON.parse(text)).success
      let accepted = true
      try {
        decodeSignInPage(text, signInEventTypes)
      } catch (error) {
        expect(error).toBeInstanceOf(SignInPageError)
        expect((error as SignInPageError).kind).toBe('invalidShape')
        expect((error as SignInPageError).path).toMatch(new RegExp(`^value\\.0\\.${field}`))
        accepted = false
      }
      expect(accepted, `${field} = ${JSON.stringify(value)}`).toBe(zodAccepts)
    }
  })

  it('says what is wrong with a page that is not JSON or not a collection', () => {
    const cases: Array<[string, 'invalidJson' | 'invalidShape', string]> = [
      ['{"value": [{"id": "a", "createdDa', 'invalidJson', '(root)'],
      ['<html>proxy</html>', 'invalidJson', '(root)'],
      ['[]', 'invalidShape', '(root)'],
      ['{"values": []}', 'invalidShape', 'value'],
      ['{"value": {}}', 'invalidShape', 'value'],
      ['{"value": [], "@odata.nextLink": "not a url"}', 'invalidShape', '@odata.nextLink'],
      ['{"value": [], "@odata.context": 5}', 'invalidShape', '@odata.context'],
      ['{"value": [null]}', 'invalidShape', 'value.0'],
    ]
    for (const [text, kind, path] of cases) {
      expect(() => decodeSignInPage(text, signInEventTypes), text).toThrow(SignInPageError)
      try {
        decodeSignInPage(text, signInEventTypes)
      } catch (error) {
        expect((error as SignInPageError).kind, text).toBe(kind)
        expect((error as SignInPageError).path, text).toBe(path)
        expect((error as SignInPageError).message, text).toContain(path)
      }
      expect(pageSchema.safeParse(safeJson(text)).success, text).toBe(false)
    }
    // Bytes that are not UTF-8 are not JSON either.
    expect(() => decodeSignInPage(new Uint8Array([0x7b, 0xff, 0x7d]), signInEventTypes)).toThrow(
      /not valid JSON/,
    )
  })
})

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

describe('SignInPageDecoder', () => {
  const decoders: SignInPageDecoder[] = []
  afterEach(async () => {
    await Promise.all(decoders.splice(0).map((decoder) => decoder.close()))
  })
  const make = (...args: ConstructorParameters<typeof SignInPageDecoder>) => {
    const decoder = new SignInPageDecoder(...args)
    decoders.push(decoder)
    return decoder
  }

  it('decodes on a worker thread exactly as inline, pages and errors alike', async () => {
    const threaded = make()
    const inline = make({ worker: false })
    expect(threaded.threaded).toBe(true)
    expect(inline.threaded).toBe(false)
    const random = seeded(11)
    const bodies = [
      ...Array.from({ length: 5 }, () =>
        JSON.stringify({ value: rows(random, 200), '@odata.nextLink': 'https://g.example/x' }),
      ),
      JSON.stringify({ value: [] }),
      '{"value": [{"id": 1}]}',
      '{"value": [',
      '{"value": [{"id": "a", "createdDateTime": "2025-13-01T00:00:00Z"}]}',
    ]
    const outcome = async (decoder: SignInPageDecoder, body: string) => {
      try {
        const { batch, nextLink } = await decoder.decode(new TextEncoder().encode(body).buffer, [
          'servicePrincipal',
          'managedIdentity',
        ])
        return { events: batch.toEvents(), nextLink }
      } catch (error) {
        const e = error as SignInPageError
        return { error: [e.name, e.kind, e.path, e.message] }
      }
    }
    // Several pages in flight at once, as the sync engine's slices have them.
    const fromWorker = await Promise.all(bodies.map((body) => outcome(threaded, body)))
    const fromInline = await Promise.all(bodies.map((body) => outcome(inline, body)))
    expect(fromWorker).toEqual(fromInline)
    expect(fromWorker.filter((o) => 'error' in o)).toHaveLength(3)
    expect(fromWorker[8]).toEqual({
      error: [
        'SignInPageError',
        'invalidShape',
        'value.0.createdDateTime',
        'value.0.createdDateTime: not a valid date-time',
      ],
    })
  })

  it('reuses its shared page buffers without reading a previous, longer page left in them', async () => {
    const threaded = make()
    const inline = make({ worker: false })
    const random = seeded(21)
    // Long pages first, then shorter ones that land in the buffers the long ones used; then a burst
    // in flight at once (each needs a buffer of its own); then one far larger than any kept buffer.
    const sizes = [600, 400, 30, 1, 0, 250, 250, 250, 250, 250, 250, 250, 250, 3_000, 2]
    const bodies = sizes.map((n, k) =>
      JSON.stringify({
        value: rows(random, n),
        ...(k % 2 === 0 ? { '@odata.nextLink': `https://g.example/page-${k}` } : {}),
      }),
    )
    const decodeWith = async (decoder: SignInPageDecoder, body: string) => {
      const bytes = new TextEncoder().encode(body).buffer
      const { batch, nextLink } = await decoder.decode(bytes, ['servicePrincipal'])
      // The caller's buffer is copied, not taken: it is still whole afterwards.
      expect(bytes.byteLength).toBe(new TextEncoder().encode(body).byteLength)
      return { events: batch.toEvents(), nextLink }
    }
    const expected = await Promise.all(bodies.map((body) => decodeWith(inline, body)))
    const sequential = []
    for (const body of bodies.slice(0, 5)) sequential.push(await decodeWith(threaded, body))
    const burst = await Promise.all(bodies.slice(5, 13).map((body) => decodeWith(threaded, body)))
    const tail = []
    for (const body of bodies.slice(13)) tail.push(await decodeWith(threaded, body))
    expect([...sequential, ...burst, ...tail]).toEqual(expected)
    expect(expected.map((page) => page.events.length)).toEqual(sizes)
  })

  it('rejects pending pages with a clear message when the worker dies, and starts a new one', async () => {
    const dir = tmpdir()
    const crashing = join(dir, `dca-crashing-worker-${process.pid}.mjs`)
    writeFileSync(
      crashing,
      "import { parentPort } from 'node:worker_threads'\nparentPort.on('message', () => { throw new Error('decoder exploded') })\n",
    )
    const decoder = make({ workerUrl: pathToFileURL(crashing) })
    await expect(decoder.decode('{"value": []}', ['servicePrincipal'])).rejects.toThrow(
      /sign-in page decoder \(a worker thread\) stopped: decoder exploded.*sync again/,
    )
    // The next page gets a fresh worker (which fails the same way here, but is started).
    await expect(decoder.decode('{"value": []}', ['servicePrincipal'])).rejects.toThrow(
      /decoder exploded/,
    )
  })

  it("reports the worker's heap only while a worker runs", async () => {
    const threaded = make()
    const inline = make({ worker: false })
    expect(await threaded.workerHeapStatistics()).toBeNull()
    await threaded.decode(JSON.stringify({ value: rows(seeded(3), 50) }), ['servicePrincipal'])
    const stats = await threaded.workerHeapStatistics()
    expect(stats).not.toBeNull()
    expect(stats!.usedHeapSize).toBeGreaterThan(0)
    expect(stats!.usedHeapSize).toBeLessThanOrEqual(stats!.totalHeapSize)
    // Asking does not disturb decoding.
    const { batch } = await threaded.decode(JSON.stringify({ value: rows(seeded(4), 20) }), [
      'servicePrincipal',
    ])
    expect(batch.length).toBe(20)
    await inline.decode('{"value": []}', ['servicePrincipal'])
    expect(await inline.workerHeapStatistics()).toBeNull()
    await threaded.close()
    expect(await threaded.workerHeapStatistics()).toBeNull()
  })

  it('rejects pages still pending at close, and every page after it', async () => {
    const decoder = make()
    const pending = decoder.decode(JSON.stringify({ value: rows(seeded(5), 500) }), [
      'servicePrincipal',
    ])
    const settled = pending.then(
      () => null,
      (error: unknown) => error,
    )
    await decoder.close()
    expect(await settled).toEqual(
      new Error('The sign-in page decoder was closed before the page was decoded.'),
    )
    await expect(decoder.decode('{"value": []}', ['servicePrincipal'])).rejects.toThrow(/closed/)
  })
})
