// The Log Analytics source's query text and how it reads an answer: counts, names and first and last
// sign-in times are untrusted, so a row that breaks the rules is a clear invalidResponse error.
import { describe, expect, it } from 'vitest'
import { isCloudError } from '../../../src-main/core/graph/errors'
import type { GraphUsageSource } from '../../../src-main/core/sources/graph-source'
import {
  LogAnalyticsUsageSource,
  MAX_APP_NAME_LENGTH,
  hourlyUsageKql,
} from '../../../src-main/core/sources/log-analytics-source'

const APP = '0f6e1a7c-2b9d-4c3e-8f5a-6b7c8d9e0a1b'
const WORKSPACE = '11111111-2222-4333-8444-555555555555'
const window = { from: new Date('2025-05-01T00:00:00Z'), to: new Date('2025-05-01T03:00:00Z') }

const columns = [
  { name: 'AppId', type: 'string' },
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'SignIns', type: 'long' },
  { name: 'Failures', type: 'long' },
  { name: 'FirstSeen', type: 'datetime' },
  { name: 'LastSeen', type: 'datetime' },
  { name: 'Name', type: 'string' },
]
type Cell = string | number | boolean | null

/** A source whose every query gets `body` (status 200); the queries sent are kept. */
function sourceAnswering(body: unknown) {
  const sent: string[] = []
  const source = new LogAnalyticsUsageSource({
    workspaceId: WORKSPACE,
    cloud: { logAnalyticsEndpoint: 'https://api.loganalytics.example' },
    graph: {} as GraphUsageSource,
    tokens: { getAccessToken: () => Promise.resolve('token') },
    maxAttempts: 1,
    fetch: (_url, init) => {
      sent.push(String(init.body))
      return Promise.resolve(
        new Response(JSON.stringify(body), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
      )
    },
  })
  return { source, sent }
}

const answer = (rows: Cell[][], cols = columns) => ({
  tables: [{ name: 'PrimaryResult', columns: cols, rows }],
})
const read = (rows: Cell[][], cols = columns) =>
  sourceAnswering(answer(rows, cols)).source.hourlyUsage({ window })
const failure = (rows: Cell[][], cols = columns) =>
  read(rows, cols).then(
    () => {
      throw new Error('expected the answer to be refused')
    },
    (error: unknown) => error as Error,
  )
const row = (overrides: Partial<Record<string, Cell>> = {}): Cell[] =>
  columns.map(
    (c) =>
      ({
        AppId: APP,
        TimeGenerated: '2025-05-01T01:00:00Z',
        SignIns: 5,
        Failures: 2,
        FirstSeen: '2025-05-01T01:02:03Z',
        LastSeen: '2025-05-01T01:59:58.1234567Z',
        Name: 'Contoso Sentinel connector',
        ...overrides,
      })[c.name]!,
  )

describe('hourlyUsageKql', () => {
  it('aggregates counts, first and last sign-in and a name per app and hour', () => {
    expect(hourlyUsageKql(window, ['servicePrincipal', 'interactiveUser'])).toBe(
      [
        'union AADServicePrincipalSignInLogs, SigninLogs',
        '| where TimeGenerated >= datetime(2025-05-01T00:00:00Z) and TimeGenerated < datetime(2025-05-01T03:00:00Z)',
        "| where ResourceIdentity == 'fc780465-2017-40d4-a0c5-307022471b92'",
        "| extend AppName = coalesce(column_ifexists('AppDisplayName', ''), column_ifexists('ServicePrincipalName', ''))",
        '| summarize SignIns = count(), Failures = countif(ResultType != "0"), FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated), Name = take_anyif(AppName, isnotempty(AppName)) by AppId, bin(TimeGenerated, 1h)',
      ].join('\n'),
    )
  })

  it('takes the name from whichever column a single table has', () => {
    const kql = hourlyUsageKql(window, ['managedIdentity'], APP)
    expect(kql.split('\n')[0]).toBe('AADManagedIdentitySignInLogs')
    expect(kql).toContain(`| where AppId == '${APP}'`)
    expect(kql).toContain("column_ifexists('ServicePrincipalName', '')")
  })

  it('refuses an app id that is not a GUID before it reaches the query', () => {
    expect(() => hourlyUsageKql(window, ['servicePrincipal'], "x' or 1 == 1 //")).toThrow(
      /not an application id/,
    )
  })
})

describe('LogAnalyticsUsageSource reading an answer', () => {
  it('reads counts, the exact first and last sign-in and the name of each app-hour', async () => {
    const { source, sent } = sourceAnswering(
      answer([
        row(),
        row({
          AppId: APP.toUpperCase(),
          TimeGenerated: '2025-05-01T00:00:00Z',
          SignIns: 1,
          Failures: 0,
          FirstSeen: '2025-05-01T00:30:00Z',
          LastSeen: '2025-05-01T00:30:00Z',
          Name: '',
        }),
      ]),
    )
    expect(await source.hourlyUsage({ window })).toEqual([
      {
        appId: APP,
        hourStart: '2025-05-01T00:00:00.000Z',
        success: 1,
        failure: 0,
        name: null,
        firstSeen: '2025-05-01T00:30:00.000Z',
        lastSeen: '2025-05-01T00:30:00.000Z',
      },
      {
        appId: APP,
        hourStart: '2025-05-01T01:00:00.000Z',
        success: 3,
        failure: 2,
        name: 'Contoso Sentinel connector',
        firstSeen: '2025-05-01T01:02:03.000Z',
        lastSeen: '2025-05-01T01:59:58.123Z',
      },
    ])
    expect(JSON.parse(sent[0]!)).toMatchObject({
      query: hourlyUsageKql(window, [
        'servicePrincipal',
        'managedIdentity',
        'nonInteractiveUser',
        'interactiveUser',
      ]),
    })
  })

  it('keeps markup in a name as text and turns control characters into spaces', async () => {
    const [usage] = await read([row({ Name: '<img src=x onerror=alert(1)>\u0000Evil\nApp ' })])
    expect(usage!.name).toBe('<img src=x onerror=alert(1)> Evil App')
    const [blank] = await read([row({ Name: null })])
    expect(blank!.name).toBeNull()
  })

  it.each(['FirstSeen', 'LastSeen', 'Name', 'SignIns', 'AppId'])(
    'refuses an answer without the %s column',
    async (missing) => {
      const cols = columns.filter((c) => c.name !== missing)
      const error = await failure([row().filter((_, i) => columns[i]!.name !== missing)], cols)
      expect(isCloudError(error, 'invalidResponse')).toBe(true)
      expect(error.message).toBe(`Log Analytics answered without the ${missing} column.`)
    },
  )

  it('refuses a name that is too long or not text, without repeating it', async () => {
    const long = 'A'.repeat(MAX_APP_NAME_LENGTH + 1)
    for (const name of [long, 42, true]) {
      const error = await failure([row({ Name: name })])
      expect(isCloudError(error, 'invalidResponse')).toBe(true)
      expect(error.message).toMatch(/name for app .* not text of at most 1024 characters/)
      expect(error.message).not.toContain('AAAA')
    }
    const [longest] = await read([row({ Name: 'A'.repeat(MAX_APP_NAME_LENGTH) })])
    expect(longest!.name).toHaveLength(MAX_APP_NAME_LENGTH)
  })

  it.each([
    ['a last sign-in in the next hour', { LastSeen: '2025-05-01T02:00:00Z' }],
    ['a last sign-in before its hour', { LastSeen: '2025-05-01T00:59:59Z' }],
    ['a first sign-in before its hour', { FirstSeen: '2025-05-01T00:59:59Z' }],
    ['a last sign-in that is not a time', { LastSeen: 'yesterday' }],
    ['a last sign-in that is not ISO', { LastSeen: 'May 1, 2025 01:30:00 UTC' }],
    ['no last sign-in', { LastSeen: null }],
  ])('refuses %s', async (_, overrides) => {
    const error = await failure([row(overrides)])
    expect(isCloudError(error, 'invalidResponse')).toBe(true)
    expect(error.message).toMatch(/time for app .* not inside its hour 2025-05-01T01:00:00.000Z/)
  })

  it('refuses a last sign-in after the window asked for, and a first after the last', async () => {
    const late = await failure([
      row({
        TimeGenerated: '2025-05-01T03:00:00Z',
        FirstSeen: '2025-05-01T03:00:01Z',
        LastSeen: '2025-05-01T03:10:00Z',
      }),
    ])
    expect(isCloudError(late, 'invalidResponse')).toBe(true)
    const backwards = await failure([
      row({ FirstSeen: '2025-05-01T01:40:00Z', LastSeen: '2025-05-01T01:20:00Z' }),
    ])
    expect(backwards.message).toMatch(/first sign-in after the last/)
  })

  it('refuses a row whose app id is not a GUID', async () => {
    const error = await failure([row({ AppId: '<script>' })])
    expect(isCloudError(error, 'invalidResponse')).toBe(true)
    expect(error.message).toBe('Log Analytics answered a row that is not a count per app and hour.')
  })
})
