// Local ingest through the history store: Graph-shaped JSON pages → parse → SignInEvent → store
// (raw rows + incremental hourly rollups), and the memory that costs over 10 million events.
// Page strings are generated outside the timed region; parsing them is inside it.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '../../src-main/core/log'
import {
  MDE_RESOURCE_APP_ID,
  type SignInEvent,
  type SignInEventType,
} from '../../src-main/core/sources/types'
import { openStore } from '../../src-main/core/store'
import type { Benchmark, Figure } from './types'

const TENANT = '11111111-2222-3333-4444-555555555555'
const APPS = 200
const BATCH = 1_000
const SPAN_DAYS = 45

const appIds = Array.from({ length: APPS }, () => randomUUID())
const graphTypes = [
  'servicePrincipal',
  'managedIdentity',
  'nonInteractiveUser',
  'interactiveUser',
] as const

/** A deterministic xorshift so runs are comparable. */
function rng(seed: number): () => number {
  let state = seed >>> 0 || 1
  return () => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 2 ** 32
  }
}

/**
 * One page as Graph beta `auditLogs/signIns` returns it (the fields we read plus typical extras),
 * newest first, covering `perPage` events that end at `endSeconds`.
 */
function graphPage(random: () => number, endSeconds: number, spanSeconds: number): string {
  const value: unknown[] = []
  for (let i = 0; i < BATCH; i++) {
    const app = Math.floor(random() ** 2 * APPS) // skewed: a few busy apps, a long tail
    const failed = random() < 0.03
    const type = graphTypes[Math.floor(random() * (random() < 0.8 ? 1 : 4))] ?? 'servicePrincipal'
    const created = new Date((endSeconds - Math.floor((i / BATCH) * spanSeconds)) * 1000)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
    value.push({
      id: randomUUID(),
      createdDateTime: created,
      appId: appIds[app],
      appDisplayName: `Connector ${app}`,
      servicePrincipalId: appIds[app],
      resourceId: MDE_RESOURCE_APP_ID,
      resourceDisplayName: 'WindowsDefenderATP',
      ipAddress: `20.${app}.${i % 250}.${(i * 7) % 250}`,
      clientCredentialType: 'clientSecret',
      conditionalAccessStatus: 'notApplied',
      isInteractive: false,
      signInEventTypes: [type],
      userPrincipalName:
        type === 'interactiveUser' || type === 'nonInteractiveUser'
          ? `user${app}@contoso.com`
          : null,
      status: {
        errorCode: failed ? 7000215 : 0,
        failureReason: failed ? 'Invalid client secret provided.' : null,
        additionalDetails: null,
      },
      location: {
        city: 'Amsterdam',
        state: 'Noord-Holland',
        countryOrRegion: 'NL',
        geoCoordinates: { latitude: 52.37, longitude: 4.89 },
      },
    })
  }
  return JSON.stringify({
    '@odata.nextLink': 'https://graph.microsoft.com/beta/auditLogs/signIns?$skiptoken=x',
    value,
  })
}

interface GraphSignIn {
  id: string
  createdDateTime: string
  appId: string
  appDisplayName: string
  servicePrincipalId: string | null
  resourceId: string
  ipAddress: string
  signInEventTypes: string[]
  userPrincipalName: string | null
  status: { errorCode: number; failureReason: string | null }
  location: { city: string; countryOrRegion: string } | null
}

/** The mapping a Graph source does: Graph's shape → SignInEvent. */
function toSignIn(raw: GraphSignIn): SignInEvent {
  return {
    id: raw.id,
    createdDateTime: raw.createdDateTime,
    appId: raw.appId,
    appDisplayName: raw.appDisplayName,
    servicePrincipalId: raw.servicePrincipalId,
    resourceId: raw.resourceId,
    eventType: (raw.signInEventTypes[0] ?? 'servicePrincipal') as SignInEventType,
    errorCode: raw.status.errorCode,
    failureReason: raw.status.failureReason,
    ipAddress: raw.ipAddress,
    location: raw.location
      ? { city: raw.location.city, countryOrRegion: raw.location.countryOrRegion }
      : null,
    userPrincipalName: raw.userPrincipalName,
  }
}

interface RunResult {
  events: number
  inserted: number
  seconds: number
  /** Of `seconds`: JSON.parse and mapping to SignInEvent. */
  parseSeconds: number
  /** CPU time (user + system) of this process over the timed region: less sensitive to a shared machine. */
  cpuSeconds: number
  /** 1-minute load average at the end: the machine may be shared. */
  loadAverage: number
  rssStartMiB: number
  rssPeakMiB: number
  rssEndMiB: number
  fileMiB: number
  reopenMillis: number
}

/** Ingests `total` events newest-first (as a backfill pages them) and measures time and RSS. */
function run(total: number): RunResult {
  const dataDir = mkdtempSync(join(tmpdir(), 'dca-bench-store-'))
  const random = rng(42)
  try {
    let store = openStore({ dataDir, log: silentLogger })
    const end = Math.floor(Date.now() / 1000)
    const pages = total / BATCH
    const spanPerPage = Math.max(1, Math.floor((SPAN_DAYS * 86_400) / pages))
    const rssStart = process.memoryUsage.rss()
    let rssPeak = rssStart
    let inserted = 0
    let elapsed = 0n
    let parsing = 0n
    let cpuMicros = 0
    for (let page = 0; page < pages; page++) {
      const body = graphPage(random, end - page * spanPerPage, spanPerPage)
      const cpuStarted = process.cpuUsage()
      const started = process.hrtime.bigint()
      const parsed = JSON.parse(body) as { value: GraphSignIn[] }
      const events = parsed.value.map(toSignIn)
      const parsedAt = process.hrtime.bigint()
      const result = store.ingestSignIns(TENANT, events)
      elapsed += process.hrtime.bigint() - started
      const cpu = process.cpuUsage(cpuStarted)
      cpuMicros += cpu.user + cpu.system
      parsing += parsedAt - started
      inserted += result.inserted
      if (page % 100 === 0) rssPeak = Math.max(rssPeak, process.memoryUsage.rss())
    }
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss())
    const rssEnd = process.memoryUsage.rss()
    store.close()
    const fileMiB = statSync(join(dataDir, 'history.sqlite')).size / 2 ** 20
    const reopenStarted = performance.now()
    store = openStore({ dataDir, log: silentLogger })
    const reopenMillis = performance.now() - reopenStarted
    store.close()
    return {
      events: total,
      inserted,
      seconds: Number(elapsed) / 1e9,
      parseSeconds: Number(parsing) / 1e9,
      cpuSeconds: cpuMicros / 1e6,
      loadAverage: loadavg()[0] ?? 0,
      rssStartMiB: rssStart / 2 ** 20,
      rssPeakMiB: rssPeak / 2 ** 20,
      rssEndMiB: rssEnd / 2 ** 20,
      fileMiB,
      reopenMillis,
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const inputsFor = (result: RunResult) => ({
  events: result.events,
  batch: BATCH,
  apps: APPS,
  spanDays: SPAN_DAYS,
  order: 'newest first (Graph paging order)',
  ids: 'random GUIDs',
  failures: '3%',
  timed: 'JSON.parse of page + map to SignInEvent + ingestSignIns (insert, rollup, commit)',
})

const benchmarks: Benchmark[] = [
  {
    name: 'store ingest rate',
    async run(): Promise<Figure[]> {
      const result = run(Number(process.env.DCA_BENCH_STORE_EVENTS ?? 1_000_000))
      return [
        {
          name: 'sign-in ingest rate (parse, store, roll up)',
          value: result.events / result.seconds,
          unit: 'events/s',
          budget: { op: '>=', value: 200_000 },
          inputs: {
            ...inputsFor(result),
            inserted: result.inserted,
            seconds: result.seconds.toFixed(2),
            cpuSeconds: result.cpuSeconds.toFixed(2),
            fileMiB: result.fileMiB.toFixed(0),
            loadAverage1m: result.loadAverage.toFixed(1),
          },
        },
        {
          name: 'of which: store only (ingestSignIns: insert, roll up, commit)',
          value: result.events / (result.seconds - result.parseSeconds),
          unit: 'events/s',
          inputs: { events: result.events, parseAndMapSeconds: result.parseSeconds.toFixed(2) },
        },
      ]
    },
  },
  {
    name: 'store memory over 10M events',
    async run(): Promise<Figure[]> {
      const result = run(Number(process.env.DCA_BENCH_STORE_BIG_EVENTS ?? 10_000_000))
      const inputs = {
        ...inputsFor(result),
        rssStartMiB: result.rssStartMiB.toFixed(0),
        rssEndMiB: result.rssEndMiB.toFixed(0),
        fileMiB: result.fileMiB.toFixed(0),
      }
      return [
        {
          name: 'RSS growth while ingesting (peak minus start)',
          value: result.rssPeakMiB - result.rssStartMiB,
          unit: 'MiB',
          budget: { op: '<=', value: 200 },
          inputs,
        },
        {
          name: 'ingest rate over the whole run',
          value: result.events / result.seconds,
          unit: 'events/s',
          inputs,
        },
        {
          name: 'reopen with integrity check (quick_check) of the resulting file',
          value: result.reopenMillis,
          unit: 'ms',
          inputs: { events: result.events, fileMiB: result.fileMiB.toFixed(0) },
        },
      ]
    },
  },
]
export default benchmarks
