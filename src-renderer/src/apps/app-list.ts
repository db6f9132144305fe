// The connected-apps table's logic as plain functions: search, filters and sorting over the rows
// listApps returns. No Vue here, so it is unit-tested and benchmarked under plain Node.
//
// Rows are prepared once per load (lower-cased search text, parsed dates, a collator rank for the
// name), so each sort or filter afterwards compares numbers only: 10,000 rows stay well under the
// 50 ms budget whatever column is chosen. The order of all rows by a column and direction is kept
// once worked out (per load), so a filter, or a column sorted again, only walks that order.
import type { ConnectedAppRow } from '../../../src-main/contract/model'

export const sortKeys = [
  'name',
  'appId',
  'lastSeen',
  'signIns24h',
  'trend',
  'permissionType',
  'risk',
  'credentialStatus',
  'publisher',
] as const
export type SortKey = (typeof sortKeys)[number]
export type SortDirection = 'ascending' | 'descending'
export interface SortOrder {
  key: SortKey
  direction: SortDirection
}

export const permissionTypeFilters = ['any', 'application', 'delegated', 'both', 'none'] as const
export type PermissionTypeFilter = (typeof permissionTypeFilters)[number]
export const riskFilters = ['any', 'high', 'medium', 'low', 'none'] as const
export type RiskFilter = (typeof riskFilters)[number]

export interface AppFilters {
  /** Free text matched against the name, the application ID and the publisher. */
  query: string
  permissionType: PermissionTypeFilter
  risk: RiskFilter
  /** No sign-in in the last 30 days (or never). */
  stale: boolean
  /** At least one failed sign-in in the last 24 hours. */
  failing: boolean
  /** Has an unacknowledged alert. */
  alerting: boolean
}

export const defaultFilters: Readonly<AppFilters> = Object.freeze({
  query: '',
  permissionType: 'any',
  risk: 'any',
  stale: false,
  failing: false,
  alerting: false,
})

/** The first sort a column gets: numbers and dates biggest first, text A→Z. */
export const defaultDirection: Record<SortKey, SortDirection> = {
  name: 'ascending',
  appId: 'ascending',
  lastSeen: 'descending',
  signIns24h: 'descending',
  trend: 'descending',
  permissionType: 'ascending',
  risk: 'descending',
  credentialStatus: 'descending',
  publisher: 'ascending',
}

export const STALE_AFTER_MS = 30 * 86_400_000

const riskRank = { high: 3, medium: 2, low: 1 } as const
const credentialRank = { expired: 3, expiring: 2, valid: 1, none: 0 } as const
const permissionTypeRank = { application: 1, both: 2, delegated: 3, none: 4 } as const

export interface PreparedRow {
  row: ConnectedAppRow
  /** Position in the load's rows. */
  index: number
  /** Lower-cased "name appId publisher", for search. */
  searchText: string
  /** Position of the name in collation order (ties share a rank). */
  nameRank: number
  publisherRank: number
  lastSeenMs: number
  trendTotal: number
  riskRank: number
  credentialRank: number
  permissionTypeRank: number
}

function ranks(values: readonly string[], collator: Intl.Collator): Map<string, number> {
  const distinct = [...new Set(values)].sort(collator.compare)
  const rank = new Map<string, number>()
  distinct.forEach((value, index) => rank.set(value, index))
  return rank
}

/** Does the expensive work once per data load: parsing, lower-casing, collation. */
export function prepareRows(
  rows: readonly ConnectedAppRow[],
  collator: Intl.Collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true }),
): PreparedRow[] {
  const nameRanks = ranks(
    rows.map((row) => row.displayName.trim()),
    collator,
  )
  // Apps Graph gives no name for (unknown clients) sort after every named one (ascending).
  const unnamed = nameRanks.size + 1
  // The "Verified publisher" column sorts by what it shows: verified apps first (ascending), in
  // the order of their publisher's name, then every unverified one (in name order, the tie order).
  const publisherRanks = ranks(
    rows.map((row) => (row.publisherVerified ? (row.publisher ?? '') : '')),
    collator,
  )
  const unverified = publisherRanks.size + 1
  return rows.map((row, index) => {
    let trendTotal = 0
    for (const value of row.trend30d) trendTotal += value
    return {
      row,
      index,
      searchText:
        `${row.displayName}\u0000${row.appId}\u0000${row.publisher ?? ''}`.toLocaleLowerCase(),
      nameRank: row.displayName.trim() ? (nameRanks.get(row.displayName.trim()) ?? 0) : unnamed,
      publisherRank: row.publisherVerified
        ? (publisherRanks.get(row.publisher ?? '') ?? 0)
        : unverified,
      lastSeenMs: row.lastSeen ? Date.parse(row.lastSeen) : -Infinity,
      trendTotal,
      riskRank: row.risk ? riskRank[row.risk] : 0,
      credentialRank: credentialRank[row.credentialStatus],
      permissionTypeRank: permissionTypeRank[row.permissionType],
    }
  })
}

export function isStale(lastSeenMs: number, nowMs: number): boolean {
  return lastSeenMs < nowMs - STALE_AFTER_MS
}

export function matchesFilters(prepared: PreparedRow, filters: AppFilters, nowMs: number): boolean {
  return matches(prepared, filters, normalizedQuery(filters.query), nowMs)
}

function normalizedQuery(query: string): string {
  return query.trim().toLocaleLowerCase()
}

/** matchesFilters with the query already trimmed and lower-cased (once per selection, not per row). */
function matches(
  prepared: PreparedRow,
  filters: AppFilters,
  query: string,
  nowMs: number,
): boolean {
  const { row } = prepared
  if (filters.permissionType !== 'any') {
    // "Application" and "delegated" include apps holding both kinds.
    const type = row.permissionType
    const wanted = filters.permissionType
    const ok =
      type === wanted || (type === 'both' && (wanted === 'application' || wanted === 'delegated'))
    if (!ok) return false
  }
  if (filters.risk !== 'any' && (row.risk ?? 'none') !== filters.risk) return false
  if (filters.stale && !isStale(prepared.lastSeenMs, nowMs)) return false
  if (filters.failing && row.failures24h === 0) return false
  if (filters.alerting && !row.alerting) return false
  if (query && !prepared.searchText.includes(query)) return false
  return true
}

function sortValue(prepared: PreparedRow, key: SortKey): number {
  switch (key) {
    case 'name':
      return prepared.nameRank
    case 'appId':
      return 0 // compared as text by sortRows
    case 'lastSeen':
      return prepared.lastSeenMs
    case 'signIns24h':
      return prepared.row.signIns24h
    case 'trend':
      return prepared.trendTotal
    case 'permissionType':
      return prepared.permissionTypeRank
    case 'risk':
      return prepared.riskRank
    case 'credentialStatus':
      return prepared.credentialRank
    case 'publisher':
      return prepared.publisherRank
  }
}

const byAppId = (a: PreparedRow, b: PreparedRow) =>
  a.row.appId < b.row.appId ? -1 : a.row.appId > b.row.appId ? 1 : 0

/** Per load (the prepared array): each row's place in tie order, and each sort's order once asked for. */
interface Orders {
  /** By PreparedRow.index: its place when sorted by name, then application ID (the tie order). */
  tieRank: Int32Array
  bySort: Map<string, readonly PreparedRow[]>
}
const ordersByLoad = new WeakMap<readonly PreparedRow[], Orders>()

function ordersFor(prepared: readonly PreparedRow[]): Orders {
  let orders = ordersByLoad.get(prepared)
  if (!orders) {
    const ties = [...prepared].sort((a, b) => a.nameRank - b.nameRank || byAppId(a, b))
    const tieRank = new Int32Array(prepared.length)
    ties.forEach((row, rank) => (tieRank[row.index] = rank))
    orders = { tieRank, bySort: new Map() }
    ordersByLoad.set(prepared, orders)
  }
  return orders
}

/** `rows` (of the load `prepared`) in the order of `sort`; equal values in name, then ID order. */
function sortRows(
  prepared: readonly PreparedRow[],
  rows: readonly PreparedRow[],
  sort: SortOrder,
): PreparedRow[] {
  const sign = sort.direction === 'ascending' ? 1 : -1
  const key = sort.key
  // Application IDs are unique, so there are no ties to break.
  if (key === 'appId') return [...rows].sort((a, b) => byAppId(a, b) * sign)
  // The column's values and the tie order as numbers, read by index in the comparison.
  const { tieRank } = ordersFor(prepared)
  const values = new Float64Array(prepared.length)
  for (const row of rows) values[row.index] = sortValue(row, key)
  return [...rows].sort((a, b) => {
    const left = values[a.index]!
    const right = values[b.index]!
    if (left !== right) return left < right ? -sign : sign
    return tieRank[a.index]! - tieRank[b.index]!
  })
}

/**
 * The rows to show: filtered, then sorted by the chosen column. Ties keep a stable order (name,
 * then application ID), so the table never reshuffles equal rows between renders. The first time
 * a column and direction is asked for with most rows kept, the order of all rows is worked out and
 * kept for the load; while few rows are kept, only those are sorted.
 */
export function selectRows(
  prepared: readonly PreparedRow[],
  filters: AppFilters,
  sort: SortOrder,
  nowMs: number,
): ConnectedAppRow[] {
  const query = normalizedQuery(filters.query)
  const { bySort } = ordersFor(prepared)
  const id = sortId(sort)
  let order = bySort.get(id)
  if (!order) {
    const kept: PreparedRow[] = []
    for (const row of prepared) if (matches(row, filters, query, nowMs)) kept.push(row)
    if (kept.length * 2 < prepared.length)
      return sortRows(prepared, kept, sort).map((entry) => entry.row)
    order = sortRows(prepared, prepared, sort)
    bySort.set(id, order)
  }
  const shown: ConnectedAppRow[] = []
  for (const row of order) if (matches(row, filters, query, nowMs)) shown.push(row.row)
  return shown
}

const sortId = (sort: SortOrder): string => `${sort.key} ${sort.direction}`

/** Every column and direction the table can sort by. */
export const allSortOrders: readonly SortOrder[] = sortKeys.flatMap((key) =>
  (['ascending', 'descending'] as const).map((direction) => ({ key, direction })),
)

/**
 * Works out and keeps the order of all rows of the load for `sort`, unless it is kept already; true
 * when it did the work. The table does this for every column and direction in idle time after a
 * load, so the first click on a column walks a kept order instead of sorting every row in its frame.
 */
export function keepSortOrder(prepared: readonly PreparedRow[], sort: SortOrder): boolean {
  const { bySort } = ordersFor(prepared)
  const id = sortId(sort)
  if (bySort.has(id)) return false
  bySort.set(id, sortRows(prepared, prepared, sort))
  return true
}

/** The first `count` rows of the kept order for `sort` (none when that order is not kept yet). */
export function keptOrderHead(
  prepared: readonly PreparedRow[],
  sort: SortOrder,
  count: number,
): ConnectedAppRow[] {
  const order = ordersFor(prepared).bySort.get(sortId(sort))
  return order ? order.slice(0, count).map((entry) => entry.row) : []
}

/** Totals for the overview strip, over every row (not just the filtered ones). */
export function summarize(rows: readonly ConnectedAppRow[], nowMs: number) {
  let signIns24h = 0
  let failures24h = 0
  let alerting = 0
  let stale = 0
  let highRisk = 0
  let credentialsNeedingAction = 0
  for (const row of rows) {
    signIns24h += row.signIns24h
    failures24h += row.failures24h
    if (row.alerting) alerting++
    if (isStale(row.lastSeen ? Date.parse(row.lastSeen) : -Infinity, nowMs)) stale++
    if (row.risk === 'high') highRisk++
    if (row.credentialStatus === 'expired' || row.credentialStatus === 'expiring')
      credentialsNeedingAction++
  }
  return {
    apps: rows.length,
    signIns24h,
    failures24h,
    alerting,
    stale,
    highRisk,
    credentialsNeedingAction,
  }
}

/** Points of a sparkline polyline in a width × height box (y grows downwards), from the values. */
export function sparklinePoints(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return ''
  const max = Math.max(1, ...values)
  const step = values.length > 1 ? width / (values.length - 1) : 0
  const pad = 1
  return values
    .map((value, index) => {
      const x = index * step
      const y = height - pad - (value / max) * (height - 2 * pad)
      return `${x.toFixed(1)},${y.toFixed(1)}`
    })
    .join(' ')
}
