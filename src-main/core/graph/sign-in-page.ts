// A Graph beta `auditLogs/signIns` page, from its bytes to a SignInBatch: JSON.parse, validation and
// mapping in one pass. Runs on the decoder worker (sign-in-worker.ts) and, where no worker is wanted,
// inline; both call `decodeSignInPage`, so the two cannot differ.
//
// Validation is the contract of `signInSchema` and `collectionSchema` in schemas.ts (extra fields
// tolerated, every declared field type-checked), written out by hand because zod's generic walk cost
// as much as JSON.parse itself (~6 ms per 1,000-event page); test/unit/graph/sign-in-page.test.ts
// holds the two to the same verdicts.
import { ColumnsBuilder, type SignInColumns, type SignInEventType } from '../sources/sign-in-batch'
import { MDE_RESOURCE_APP_ID, signInEventTypes } from '../sources/types'
import { parseCompactUtc } from '../store/sqlite'

/** What decoding a page gives: its rows as columns and the link to the next page, if any. */
export interface DecodedSignInPage {
  columns: SignInColumns
  nextLink: string | undefined
}

/**
 * Why a page could not be decoded. 'invalidJson': not JSON at all (a cut or rewritten body, worth
 * another request); 'invalidShape': JSON that breaks the documented schema (`path`: where).
 */
export class SignInPageError extends Error {
  constructor(
    readonly kind: 'invalidJson' | 'invalidShape',
    readonly path: string,
    message: string,
  ) {
    super(message)
    this.name = 'SignInPageError'
  }
}

const typeCode = new Map<string, number>(signInEventTypes.map((type, index) => [type, index]))
const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/
const utf8 = new TextDecoder('utf-8', { fatal: true })

function shapeError(path: string, expected: string, value: unknown): SignInPageError {
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
  return new SignInPageError('invalidShape', path, `${path}: expected ${expected}, received ${got}`)
}

type Raw = Record<string, unknown>

const isObject = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A string, or null/absent where the schema allows it. */
function text(raw: Raw, key: string, path: string, nullable: boolean): string | null {
  const value = raw[key]
  if (typeof value === 'string') return value
  if (value === undefined || (nullable && value === null)) return null
  throw shapeError(`${path}.${key}`, nullable ? 'string or null' : 'string', value)
}

/**
 * Decodes one page. `types` are the event types the query asked for (the fallback when a row does
 * not report its own). Throws SignInPageError.
 */
export function decodeSignInPage(
  body: string | ArrayBuffer | Uint8Array,
  types: readonly SignInEventType[],
): DecodedSignInPage {
  let json: unknown
  try {
    json = JSON.parse(typeof body === 'string' ? body : utf8.decode(body))
  } catch (error) {
    throw new SignInPageError(
      'invalidJson',
      '(root)',
      `(root): not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    )
  }
  if (!isObject(json)) throw shapeError('(root)', 'object', json)
  const context = json['@odata.context']
  if (context !== undefined && typeof context !== 'string')
    throw shapeError('@odata.context', 'string', context)
  const nextLink = json['@odata.nextLink']
  if (nextLink !== undefined && (typeof nextLink !== 'string' || !URL.canParse(nextLink)))
    throw new SignInPageError('invalidShape', '@odata.nextLink', '@odata.nextLink: expected a URL')
  const value = json.value
  if (!Array.isArray(value)) throw shapeError('value', 'array', value)
  const builder = new ColumnsBuilder(value.length)
  const typeCodes = types.map((type) => typeCode.get(type)!)
  for (let index = 0; index < value.length; index++)
    addSignIn(builder, value[index], `value.${index}`, types, typeCodes)
  return { columns: builder.finish(), nextLink }
}

/** Validates one Graph sign-in and adds it as the product's event (see `toSignInEvent`). */
export function addSignIn(
  builder: ColumnsBuilder,
  item: unknown,
  path: string,
  types: readonly SignInEventType[],
  typeCodes: readonly number[] = types.map((type) => typeCode.get(type)!),
): void {
  if (!isObject(item)) throw shapeError(path, 'object', item)
  const id = item.id
  if (typeof id !== 'string') throw shapeError(`${path}.id`, 'string', id)
  const createdDateTime = item.createdDateTime
  if (typeof createdDateTime !== 'string' || !DATE_TIME.test(createdDateTime))
    throw new SignInPageError(
      'invalidShape',
      `${path}.createdDateTime`,
      `${path}.createdDateTime: expected an ISO 8601 UTC date-time`,
    )
  // Whole seconds. The usual `…:SSZ` / `…:SS.fffZ` without Date.parse; anything odd (a 31 February,
  // which Date.parse rolls over) through Date.parse as before.
  let created = parseCompactUtc(
    createdDateTime.length === 20 ? createdDateTime : `${createdDateTime.slice(0, 19)}Z`,
  )
  if (created !== created) {
    const ms = Date.parse(createdDateTime)
    if (Number.isNaN(ms))
      throw new SignInPageError(
        'invalidShape',
        `${path}.createdDateTime`,
        `${path}.createdDateTime: not a valid date-time`,
      )
    created = Math.floor(ms / 1000)
  }
  const appIdValue = item.appId
  if (appIdValue !== undefined && typeof appIdValue !== 'string')
    throw shapeError(`${path}.appId`, 'string', appIdValue)
  const appDisplayName = text(item, 'appDisplayName', path, true)
  const servicePrincipalId = text(item, 'servicePrincipalId', path, true)
  text(item, 'servicePrincipalName', path, true)
  const resourceId = text(item, 'resourceId', path, true)
  text(item, 'resourceDisplayName', path, true)
  const userPrincipalName = text(item, 'userPrincipalName', path, true)
  text(item, 'userId', path, true)
  const ipAddress = text(item, 'ipAddress', path, true)
  text(item, 'correlationId', path, true)
  const isInteractive = item.isInteractive
  if (isInteractive !== undefined && typeof isInteractive !== 'boolean')
    throw shapeError(`${path}.isInteractive`, 'boolean', isInteractive)

  // The first reported type the query asked for; else inferred as toSignInEvent always did.
  const reportedTypes = item.signInEventTypes
  let type = -1
  if (reportedTypes !== undefined) {
    if (!Array.isArray(reportedTypes))
      throw shapeError(`${path}.signInEventTypes`, 'array', reportedTypes)
    for (let k = 0; k < reportedTypes.length; k++) {
      const code = typeCode.get(reportedTypes[k] as string)
      if (typeof reportedTypes[k] !== 'string' || code === undefined)
        throw new SignInPageError(
          'invalidShape',
          `${path}.signInEventTypes.${k}`,
          `${path}.signInEventTypes.${k}: expected one of ${signInEventTypes.join(', ')}`,
        )
      if (type < 0 && typeCodes.includes(code)) type = code
    }
  }
  if (type < 0)
    type =
      types.length === 1
        ? typeCodes[0]!
        : typeCode.get(
            userPrincipalName
              ? isInteractive
                ? 'interactiveUser'
                : 'nonInteractiveUser'
              : 'servicePrincipal',
          )!

  let errorCode = 0
  let failureReason: string | null = null
  const status = item.status
  if (status !== undefined) {
    if (!isObject(status)) throw shapeError(`${path}.status`, 'object', status)
    const code = status.errorCode
    if (typeof code !== 'number' || !Number.isInteger(code))
      throw shapeError(`${path}.status.errorCode`, 'integer', code)
    const reason = text(status, 'failureReason', `${path}.status`, true)
    text(status, 'additionalDetails', `${path}.status`, true)
    errorCode = code
    failureReason = code !== 0 ? reason : null
  }

  let city: string | null = null
  let country: string | null = null
  const location = item.location
  if (location !== undefined && location !== null) {
    if (!isObject(location)) throw shapeError(`${path}.location`, 'object or null', location)
    const rawCity = location.city
    if (typeof rawCity !== 'string' && rawCity !== null)
      throw shapeError(`${path}.location.city`, 'string or null', rawCity)
    text(location, 'state', `${path}.location`, true)
    const rawCountry = location.countryOrRegion
    if (typeof rawCountry !== 'string' && rawCountry !== null)
      throw shapeError(`${path}.location.countryOrRegion`, 'string or null', rawCountry)
    if (rawCity || rawCountry) {
      city = rawCity ?? ''
      country = rawCountry ?? ''
    }
  }

  builder.add(
    id,
    created,
    type,
    errorCode,
    appIdValue ?? '',
    appDisplayName ?? '',
    servicePrincipalId || null,
    resourceId ?? MDE_RESOURCE_APP_ID,
    failureReason,
    ipAddress ?? '',
    city,
    country,
    userPrincipalName || null,
  )
}
