// The sync process killed (SIGKILL) at random points, again and again, then resumed: the history ends
// exactly equal to the generator's ground truth. And a store held locked by another process only
// delays a sync, it never fails it or loses events.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { rmSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src-main/cli/run'
import { DemoSource, hourlyCounts } from '../../src-main/core/demo'
import { silentLogger } from '../../src-main/core/log'
import { openStore } from '../../src-main/core/store'
import { SyncEngine } from '../../src-main/core/sync/engine'
import { makeTempDir } from '../support/core'
import { recordFigure } from './figures'

const root = join(import.meta.dirname, '../..')
const iterations = Number(process.env.DCA_RELIABILITY_RUNS ?? 2)
const killsPerIteration = 3
const HOUR = 3_600_000
const totals = { runs: 0, killPoints: 0, eventsLost: 0, doubleCounts: 0, crashes: 0, lockedWaits: 0 }

afterAll(() => recordFigure('kill-points', totals))

function killAfter(dataDir: string, delayMs: number): Promise<'killed' | 'finished'> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/index.ts', 'sync', '--demo', '--days', '14', '--data-dir', dataDir], {
      cwd: root,
      stdio: 'ignore',
    })
    let started = false
    const timer = setTimeout(() => {
      started = true
      child.kill('SIGKILL')
    }, delayMs)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      if (signal === 'SIGKILL' && started) return resolve('killed')
      if (code !== 0) totals.crashes++
      resolve('finished')
    })
  })
}

function compare(dataDir: string, from: Date, to: Date): { lost: number; double: number } {
  const store = openStore({ dataDir, log: silentLogger })
  try {
    const probe = new DemoSource({ seed: 'contoso', size: 'small', now: new Date(0) })
    const anchor = store.getState<string>(probe.tenantId, 'demo-anchor-small')!
    const source = new DemoSource({ seed: 'contoso', size: 'small', now: anchor })
    const stored = new Map<string, number>()
    for (const row of store.iterateRollups({ tenantId: probe.tenantId, from, to, granularity: 'hour' })) {
      stored.set(`${row.appId} ${row.start.toISOString()}`, row.signIns)
    }
    let lost = 0
    let double = 0
    for (const row of hourlyCounts(source.tenant, { from, to })) {
      const key = `${row.appId} ${new Date(row.hourStart).toISOString()}`
      const have = stored.get(key) ?? 0
      const want = row.success + row.failure
      if (have < want) lost += want - have
      if (have > want) double += have - want
      stored.delete(key)
    }
    for (const extra of stored.values()) double += extra
    return { lost, double }
  } finally {
    store.close()
  }
}

describe('killed at random points', () => {
  it.each(Array.from({ length: iterations }, (_, index) => [index + 1]))(
    'run %i: SIGKILL mid-sync several times, then resume to exact counts',
    async (run) => {
      const dataDir = makeTempDir('dca-kill-')
      try {
        for (let kill = 0; kill < killsPerIteration; kill++) {
          // Spread the kill points from start-up through discovery to deep in the backfill.
          const delay = 400 + ((run * 7 + kill * 13) % 10) * 250
          if ((await killAfter(dataDir, delay)) === 'killed') totals.killPoints++
        }
        let out = ''
        const code = await runCli(['sync', '--demo', '--days', '14', '--json', '--data-dir', dataDir], {
          stdout: (text) => void (out += text),
          stderr: () => undefined,
        })
        expect(code).toBe(0)
        const summary = JSON.parse(out)
        const from = new Date(Math.ceil(new Date(summary.from).getTime() / HOUR) * HOUR)
        const to = new Date(Math.floor(new Date(summary.to).getTime() / HOUR) * HOUR)
        const { lost, double } = compare(dataDir, from, to)
        totals.runs++
        totals.eventsLost += lost
        totals.doubleCounts += double
        expect({ lost, double }).toEqual({ lost: 0, double: 0 })
      } finally {
        rmSync(dataDir, { recursive: true, force: true })
      }
    },
    180_000,
  )

  it('waits for a store another process holds locked, then syncs everything', async () => {
    const dataDir = makeTempDir('dca-locked-')
    try {
      const store = openStore({ dataDir, log: silentLogger, busyTimeoutMs: 15_000 })
      const source = new DemoSource({ seed: 'locked', size: 'tiny', now: '2025-06-02T12:00:00Z' })
      // Another process (as the app would be while the CLI syncs) holds the write lock for 1.5 s.
      const holder = spawn(
        process.execPath,
        [
          '-e',
          `const { DatabaseSync } = require('node:sqlite');
           const db = new DatabaseSync(process.argv[1]);
           db.exec('BEGIN IMMEDIATE'); console.log('locked');
           setTimeout(() => { db.exec('COMMIT'); db.close(); }, 1500)`,
          join(dataDir, 'history.sqlite'),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      )
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()))
      const started = Date.now()
      const report = await new SyncEngine({ store, source, log: silentLogger, now: () => new Date('2025-06-02T12:00:00Z') }).sync({ days: 2 })
      if (Date.now() - started >= 1_000) totals.lockedWaits++
      await new Promise((resolve) => holder.on('exit', resolve))
      expect(report.inserted).toBe(report.events)
      expect(report.events).toBeGreaterThan(0)
      store.close()
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
