// Shared by the sync integration tests: a throw-away store, and per-app, per-hour counts in one
// comparable shape ("appId hourISO" → "signIns/failures") from the store and from the demo
// generator's ground truth.
import { rmSync } from 'node:fs'
import { hourlyCounts, type DemoTenant } from '../../../src-main/core/demo'
import { silentLogger } from '../../../src-main/core/log'
import type { SignInQuery } from '../../../src-main/core/sources/types'
import { openStore, type Store } from '../../../src-main/core/store'
import { makeTempDir } from '../../support/core'

/** A store in a new temporary folder, closed and removed by the returned cleanup's owner. */
export function tempStore(prefix: string, now: Date, cleanups: Array<() => void>): Store {
  const dir = makeTempDir(prefix)
  const store = openStore({ dataDir: dir, log: silentLogger, now: () => now })
  cleanups.push(() => {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return store
}

/** The store's hourly rollups in [from, to) (what every reader uses). */
export function storedHourly(
  store: Store,
  tenantId: string,
  from: number,
  to: number,
): Map<string, string> {
  const counts = new Map<string, string>()
  for (const row of store.iterateRollups({
    tenantId,
    from: new Date(from),
    to: new Date(to),
    granularity: 'hour',
  }))
    counts.set(`${row.appId} ${row.start.toISOString()}`, `${row.signIns}/${row.failures}`)
  return counts
}

/** The generator's ground truth for the same hours, optionally for some event types only. */
export function truthHourly(
  demo: DemoTenant,
  from: number,
  to: number,
  eventTypes?: SignInQuery['eventTypes'],
): Map<string, string> {
  const counts = new Map<string, string>()
  for (const row of hourlyCounts(demo, {
    from: new Date(from),
    to: new Date(to),
    ...(eventTypes ? { eventTypes } : {}),
  }))
    counts.set(
      `${row.appId} ${new Date(row.hourStart).toISOString()}`,
      `${row.success + row.failure}/${row.failure}`,
    )
  return counts
}
