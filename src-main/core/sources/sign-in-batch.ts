// A page of sign-ins in columns: what the Graph page decoder (often on a worker thread) hands the
// store. One array per field instead of an object per event: a page crosses threads as a few typed
// arrays and two string lists (cloning 1,000 objects costs the main thread more than storing them),
// and the store reads exactly the columns it writes. `toEvents()` gives the SignInEvent view.
// Ids travel as the store keeps them (store/schema.ts, migration 4): a canonical GUID as its 16 bytes
// in `guids`, any other id as text (`textId`); sign-in-id.ts converts between the two.
import type { SignInEvent, SignInEventType } from './types'
import { signInEventTypes } from './types'
import { parseGraphTime } from '../store/sqlite'
import { GUID_BYTES, guidText, writeGuid } from './sign-in-id'

/** The text fields of a row, in `text` order (each row has TEXT_FIELDS entries in `text`). */
export const TEXT_FIELDS = [
  'appId',
  'appDisplayName',
  'servicePrincipalId',
  'resourceId',
  'failureReason',
  'ipAddress',
  'city',
  'countryOrRegion',
  'userPrincipalName',
  // The id when it is not a canonical GUID (null when it is: its bytes are in `guids`).
  'textId',
] as const
export type TextField = (typeof TEXT_FIELDS)[number]
export const TEXT_FIELD_COUNT = TEXT_FIELDS.length
export const F_APP_ID = 0
export const F_APP_NAME = 1
export const F_SERVICE_PRINCIPAL = 2
export const F_RESOURCE = 3
export const F_FAILURE_REASON = 4
export const F_IP = 5
export const F_CITY = 6
export const F_COUNTRY = 7
export const F_UPN = 8
export const F_TEXT_ID = 9

/** The structured-clone-friendly form (plain arrays and typed arrays) a worker posts. */
export interface SignInColumns {
  length: number
  /** length × 16 bytes: each row's id when it is a canonical GUID (else its `textId` field). */
  guids: Uint8Array
  /** Unix seconds, whole (createdDateTime). */
  created: Float64Array
  /** Index into `signInEventTypes`. */
  types: Uint8Array
  errorCodes: Float64Array
  /** The page's distinct strings; `strings[0]` is unused so that 0 in `text` means null. */
  strings: string[]
  /** length × TEXT_FIELD_COUNT references into `strings` (0 = null). */
  text: Uint32Array
}

const typeCode = new Map<string, number>(signInEventTypes.map((type, index) => [type, index]))

let cachedDay = Number.NaN
let cachedDayPrefix = ''
const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`)

/** Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`; the date part is formatted once per day, not per event. */
function isoSeconds(seconds: number): string {
  const day = Math.floor(seconds / 86_400)
  if (day !== cachedDay) {
    cachedDay = day
    cachedDayPrefix = new Date(day * 86_400_000).toISOString().slice(0, 11)
  }
  const rest = seconds - day * 86_400
  const hour = Math.floor(rest / 3_600)
  const minute = Math.floor((rest % 3_600) / 60)
  return `${cachedDayPrefix}${two(hour)}:${two(minute)}:${two(rest % 60)}Z`
}

export class SignInBatch implements SignInColumns {
  readonly length: number
  readonly guids: Uint8Array
  readonly created: Float64Array
  readonly types: Uint8Array
  readonly errorCodes: Float64Array
  readonly strings: string[]
  readonly text: Uint32Array

  constructor(columns: SignInColumns) {
    const n = columns.length
    if (
      columns.guids.length !== n * GUID_BYTES ||
      columns.created.length !== n ||
      columns.types.length !== n ||
      columns.errorCodes.length !== n ||
      columns.text.length !== n * TEXT_FIELD_COUNT
    )
      throw new TypeError('sign-in batch: columns of different lengths')
    this.length = n
    this.guids = columns.guids
    this.created = columns.created
    this.types = columns.types
    this.errorCodes = columns.errorCodes
    this.strings = columns.strings
    this.text = columns.text
  }

  /** The row's text field `field` (an F_* index), null when absent. */
  field(row: number, field: number): string | null {
    const ref = this.text[row * TEXT_FIELD_COUNT + field]!
    return ref === 0 ? null : this.strings[ref]!
  }

  /** Row `row`'s Graph id. */
  id(row: number): string {
    const ref = this.text[row * TEXT_FIELD_COUNT + F_TEXT_ID]!
    return ref !== 0 ? this.strings[ref]! : guidText(this.guids, row * GUID_BYTES)
  }

  /** Row `row`'s id as the store binds it: a view of its 16 GUID bytes, or its text. */
  storedId(row: number): Uint8Array | string {
    const ref = this.text[row * TEXT_FIELD_COUNT + F_TEXT_ID]!
    return ref !== 0
      ? this.strings[ref]!
      : this.guids.subarray(row * GUID_BYTES, (row + 1) * GUID_BYTES)
  }

  /** Whether rows `a` and `b` have the same id (without making either's text). */
  sameId(a: number, b: number): boolean {
    const text = this.text
    const refA = text[a * TEXT_FIELD_COUNT + F_TEXT_ID]!
    const refB = text[b * TEXT_FIELD_COUNT + F_TEXT_ID]!
    // A text id is never a canonical GUID (those are always bytes), so a text never equals bytes.
    if (refA !== 0 || refB !== 0)
      return refA !== 0 && refB !== 0 && this.strings[refA] === this.strings[refB]
    const guids = this.guids
    for (let k = 0, i = a * GUID_BYTES, j = b * GUID_BYTES; k < GUID_BYTES; k++)
      if (guids[i + k] !== guids[j + k]) return false
    return true
  }

  /** The plain columns, for postMessage (typed arrays may be transferred). */
  columns(): SignInColumns {
    return {
      length: this.length,
      guids: this.guids,
      created: this.created,
      types: this.types,
      errorCodes: this.errorCodes,
      strings: this.strings,
      text: this.text,
    }
  }

  event(row: number): SignInEvent {
    const city = this.field(row, F_CITY)
    const country = this.field(row, F_COUNTRY)
    return {
      id: this.id(row),
      createdDateTime: isoSeconds(this.created[row]!),
      appId: this.field(row, F_APP_ID) ?? '',
      appDisplayName: this.field(row, F_APP_NAME) ?? '',
      servicePrincipalId: this.field(row, F_SERVICE_PRINCIPAL),
      resourceId: this.field(row, F_RESOURCE) ?? '',
      eventType: signInEventTypes[this.types[row]!]!,
      errorCode: this.errorCodes[row]!,
      failureReason: this.field(row, F_FAILURE_REASON),
      ipAddress: this.field(row, F_IP) ?? '',
      location:
        city !== null || country !== null
          ? { city: city ?? '', countryOrRegion: country ?? '' }
          : null,
      userPrincipalName: this.field(row, F_UPN),
    }
  }

  toEvents(): SignInEvent[] {
    const events = new Array<SignInEvent>(this.length)
    for (let row = 0; row < this.length; row++) events[row] = this.event(row)
    return events
  }

  /** The rows at `rows`, in that order, as a new batch (sharing the string table). */
  select(rows: ArrayLike<number>): SignInBatch {
    const n = rows.length
    const builder = {
      length: n,
      guids: new Uint8Array(n * GUID_BYTES),
      created: new Float64Array(n),
      types: new Uint8Array(n),
      errorCodes: new Float64Array(n),
      strings: this.strings,
      text: new Uint32Array(n * TEXT_FIELD_COUNT),
    }
    for (let k = 0; k < n; k++) {
      const row = rows[k]!
      builder.guids.set(
        this.guids.subarray(row * GUID_BYTES, (row + 1) * GUID_BYTES),
        k * GUID_BYTES,
      )
      builder.created[k] = this.created[row]!
      builder.types[k] = this.types[row]!
      builder.errorCodes[k] = this.errorCodes[row]!
      builder.text.set(
        this.text.subarray(row * TEXT_FIELD_COUNT, (row + 1) * TEXT_FIELD_COUNT),
        k * TEXT_FIELD_COUNT,
      )
    }
    return new SignInBatch(builder)
  }

  /**
   * Events as columns. Checks what the store relies on and throws before anything is written: a
   * parseable createdDateTime and a known event type.
   */
  static fromEvents(events: readonly SignInEvent[]): SignInBatch {
    const builder = new ColumnsBuilder(events.length)
    for (const event of events) {
      const code = typeCode.get(event.eventType)
      if (code === undefined)
        throw new TypeError(`sign-in ${event.id}: unknown event type ${String(event.eventType)}`)
      const created = parseGraphTime(event.createdDateTime, `sign-in ${event.id} createdDateTime`)
      builder.add(
        event.id,
        created,
        code,
        event.errorCode,
        event.appId,
        event.appDisplayName,
        event.servicePrincipalId,
        event.resourceId,
        event.failureReason,
        event.ipAddress,
        event.location?.city ?? null,
        event.location?.countryOrRegion ?? null,
        event.userPrincipalName,
      )
    }
    return new SignInBatch(builder.finish())
  }
}

/** Builds columns row by row, interning the repeated strings (apps, names, countries). */
export class ColumnsBuilder {
  private count = 0
  private readonly guids: Uint8Array
  private readonly created: Float64Array
  private readonly types: Uint8Array
  private readonly errorCodes: Float64Array
  private readonly text: Uint32Array
  private readonly strings: string[] = ['']
  private readonly refs = new Map<string, number>()

  constructor(private readonly capacity: number) {
    this.guids = new Uint8Array(capacity * GUID_BYTES)
    this.created = new Float64Array(capacity)
    this.types = new Uint8Array(capacity)
    this.errorCodes = new Float64Array(capacity)
    this.text = new Uint32Array(capacity * TEXT_FIELD_COUNT)
  }

  private ref(value: string | null): number {
    if (value === null) return 0
    let ref = this.refs.get(value)
    if (ref === undefined) {
      ref = this.strings.length
      this.strings.push(value)
      this.refs.set(value, ref)
    }
    return ref
  }

  add(
    id: string,
    created: number,
    type: number,
    errorCode: number,
    appId: string | null,
    appDisplayName: string | null,
    servicePrincipalId: string | null,
    resourceId: string | null,
    failureReason: string | null,
    ipAddress: string | null,
    city: string | null,
    countryOrRegion: string | null,
    userPrincipalName: string | null,
  ): void {
    const row = this.count++
    if (row >= this.capacity) throw new RangeError('sign-in batch: more rows than its capacity')
    this.created[row] = created
    this.types[row] = type
    this.errorCodes[row] = errorCode
    const at = row * TEXT_FIELD_COUNT
    const text = this.text
    text[at] = this.ref(appId)
    text[at + 1] = this.ref(appDisplayName)
    text[at + 2] = this.ref(servicePrincipalId)
    text[at + 3] = this.ref(resourceId)
    text[at + 4] = this.ref(failureReason)
    text[at + 5] = this.ref(ipAddress)
    text[at + 6] = this.ref(city)
    text[at + 7] = this.ref(countryOrRegion)
    text[at + 8] = this.ref(userPrincipalName)
    text[at + 9] = writeGuid(id, this.guids, row * GUID_BYTES) ? 0 : this.ref(id)
  }

  finish(): SignInColumns {
    const n = this.count
    return {
      length: n,
      guids: this.guids.subarray(0, n * GUID_BYTES),
      created: this.created.subarray(0, n),
      types: this.types.subarray(0, n),
      errorCodes: this.errorCodes.subarray(0, n),
      strings: this.strings,
      text: this.text.subarray(0, n * TEXT_FIELD_COUNT),
    }
  }
}

export type { SignInEventType }
