// Shared fixtures for the store tests: temporary data directories, sign-in and app factories, a
// seeded random number generator (so property-style tests are reproducible).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { silentLogger, type Logger } from '../../../src-main/core/log'
import {
  MDE_RESOURCE_APP_ID,
  type ConnectedApp,
  type SignInEvent,
  type SignInEventType,
} from '../../../src-main/core/sources/types'
import { openStore, type OpenStoreOptions, type Store } from '../../../src-main/core/store'

export const TENANT_A = 'aaaaaaaa-0000-4000-8000-000000000001'
export const TENANT_B = 'bbbbbbbb-0000-4000-8000-000000000002'

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'dca-store-test-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/**
 * For a test file, at its top level: `directory()` makes a fresh folder that is removed after the
 * test that asked for it.
 */
export function tempDirsPerTest(): { directory: () => string } {
  const cleanups: Array<() => void> = []
  afterEach(() => {
    while (cleanups.length) cleanups.pop()?.()
  })
  return {
    directory() {
      const { dir, cleanup } = tempDir()
      cleanups.push(cleanup)
      return dir
    },
  }
}

/** A logger that keeps each line as "level message", for tests that check what was said. */
export function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = []
  const push = (level: string) => (message: string) => lines.push(`${level} ${message}`)
  return {
    lines,
    error: push('error'),
    warn: push('warn'),
    info: push('info'),
    debug: push('debug'),
  }
}

/** A store in a fresh directory with a settable clock; `done()` closes and deletes it. */
export function tempStore(options: Partial<OpenStoreOptions> & { at?: string } = {}) {
  const { dir, cleanup } = tempDir()
  const clock = { now: new Date(options.at ?? '2025-03-10T12:00:00Z') }
  const store = openStore({ dataDir: dir, log: silentLogger, now: () => clock.now, ...options })
  return {
    store,
    dir,
    clock,
    done() {
      store.close()
      cleanup()
    },
  }
}

/** mulberry32: small, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

let counter = 0
export function guid(random?: () => number): string {
  const hex = random
    ? Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('')
    : (counter++).toString(16).padStart(32, '0')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export function signIn(
  overrides: Partial<SignInEvent> & { appId: string; createdDateTime: string },
): SignInEvent {
  return {
    id: guid(),
    appDisplayName: `App ${overrides.appId.slice(0, 4)}`,
    servicePrincipalId: null,
    resourceId: MDE_RESOURCE_APP_ID,
    eventType: 'servicePrincipal' as SignInEventType,
    errorCode: 0,
    failureReason: null,
    ipAddress: '20.1.2.3',
    location: { city: 'Seoul', countryOrRegion: 'KR' },
    userPrincipalName: null,
    ...overrides,
  }
}

export function connectedApp(overrides: Partial<ConnectedApp> & { appId: string }): ConnectedApp {
  return {
    servicePrincipalId: `sp-${overrides.appId}`,
    displayName: `App ${overrides.appId}`,
    appOwnerOrganizationId: null,
    ownedByTenant: true,
    servicePrincipalType: 'Application',
    accountEnabled: true,
    signInAudience: 'AzureADMyOrg',
    verifiedPublisher: null,
    credentials: [],
    owners: [],
    applicationPermissions: [],
    delegatedPermissions: [],
    createdDateTime: '2024-01-01T00:00:00Z',
    ...overrides,
  }
}

/** Sums every rollup of a tenant through the export iterator, keyed by `appId|hourStartSeconds`. */
export function rollupMap(store: Store, tenantId: string): Map<string, [number, number]> {
  const map = new Map<string, [number, number]>()
  for (const row of store.iterateRollups({ tenantId, granularity: 'hour' })) {
    map.set(`${row.appId}|${row.start.getTime() / 1000}`, [row.signIns, row.failures])
  }
  return map
}

/** The brute-force truth: counts per app and hour straight from a list of distinct events. */
export function bruteForce(events: readonly SignInEvent[]): Map<string, [number, number]> {
  const map = new Map<string, [number, number]>()
  const seen = new Set<string>()
  for (const event of events) {
    if (seen.has(event.id)) continue
    seen.add(event.id)
    const seconds = Date.parse(event.createdDateTime) / 1000
    const key = `${event.appId}|${seconds - (seconds % 3600)}`
    const cell = map.get(key) ?? [0, 0]
    cell[0]++
    if (event.errorCode !== 0) cell[1]++
    map.set(key, cell)
  }
  return map
}
