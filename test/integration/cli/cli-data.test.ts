// The CLI's data commands on the demo tenant: sync, apps (text, JSON, CSV), usage; bad flags; a
// corrupted store; and a sync process killed mid-way, then resumed, ending exactly right.
import { spawn } from 'node:child_process'
import { readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { exitCodes, runCli } from '../../../src-main/cli/run'
import { DemoSource, hourlyCounts } from '../../../src-main/core/demo'
import { inventoryColumns } from '../../../src-main/core/export'
import { silentLogger } from '../../../src-main/core/log'
import { openStore } from '../../../src-main/core/store'
import { makeTempDir } from '../../support/core'

const root = join(import.meta.dirname, '../../..')
const HOUR = 3_600_000
let dirs: string[] = []
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  dirs = []
})
function tempDir(): string {
  const dir = makeTempDir('dca-cli-data-')
  dirs.push(dir)
  return dir
}

async function cli(...args: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) })
  return { code, stdout, stderr }
}

const parseCsv = (text: string): string[][] => parse(text, { relaxColumnCount: false })

describe('CLI data commands on the demo tenant', () => {
  it('syncs, then lists apps as text, JSON and CSV that agree, and shows one app’s usage', async () => {
    const dir = tempDir()
    const sync = await cli('sync', '--demo', '--days', '2', '--json', '--data-dir', dir)
    expect(sync.code, sync.stderr).toBe(exitCodes.ok)
    const summary = JSON.parse(sync.stdout)
    expect(summary).toMatchObject({ source: 'demo', cancelled: false })
    expect(summary.inserted).toBe(summary.events)
    expect(sync.stderr).toMatch(/done: \d+\/\d+ slices/)

    const json = JSON.parse((await cli('apps', '--demo', '--json', '--data-dir', dir)).stdout)
    expect(json.apps.length).toBeGreaterThan(10)
    const csv = parseCsv((await cli('apps', '--demo', '--csv', '--data-dir', dir)).stdout)
    // The inventory columns of docs/CSV.md, written by the shared export writer.
    expect(csv[0]).toEqual([...inventoryColumns])
    expect(csv.length - 1).toBe(json.apps.length)
    for (const [index, app] of json.apps.entries()) {
      expect(csv[index + 1]![1]).toBe(app.appId)
      expect(Number(csv[index + 1]![5])).toBe(app.signIns24h)
    }
    const text = (await cli('apps', '--demo', '--data-dir', dir)).stdout
    expect(text).toMatch(new RegExp(`^${json.apps.length} applications connected to Defender for Endpoint`))
    expect(text).toContain('token requests')

    const busiest = [...json.apps].sort((a, b) => b.signIns24h - a.signIns24h)[0]
    const usage = JSON.parse((await cli('usage', '--demo', '--app', busiest.appId, '--json', '--data-dir', dir)).stdout)
    expect(usage.points).toHaveLength(7 * 24 + 1)
    const last24 = usage.points.slice(-25).reduce((sum: number, point: { signIns: number }) => sum + point.signIns, 0)
    expect(last24).toBeGreaterThanOrEqual(busiest.signIns24h) // 25 hour buckets cover the rolling 24 h
  })

  it.each([
    [['sync', '--days', '0'], /--days must be a whole number from 1 to 365/],
    [['sync', '--days', 'abc'], /--days must be a whole number/],
    [['sync', 'now'], /"sync" takes no arguments/],
    [['usage'], /--app APP_ID/],
    [['usage', '--app', '11111111-2222-3333-4444-555555555555', '--granularity', 'week'], /--granularity must be hour or day/],
    [['usage', '--app', '11111111-2222-3333-4444-555555555555', '--days', '14'], /--days must be one of 7, 30, 90, 365/],
    [['apps', '--demo-size', 'huge'], /unknown demo size "huge"/],
  ])('rejects %j with a one-line error and exit 2', async (args, message) => {
    const result = await cli(...args, '--demo', '--data-dir', tempDir())
    expect(result.code).toBe(exitCodes.usage)
    expect(result.stderr.split('\n')[0]).toMatch(message)
  })

  it('says what to do when not signed in to a configured tenant', async () => {
    const dir = tempDir()
    await cli('settings', 'set', 'tenant-id=contoso.onmicrosoft.com', 'client-id=11111111-2222-3333-4444-555555555555', '--data-dir', dir)
    const result = await cli('apps', '--data-dir', dir)
    expect(result.code).toBe(exitCodes.authRequired)
    expect(result.stderr).toMatch(/Sign in to see the connected applications/)
  })

  it('moves a corrupted store aside, says so, and rebuilds it on the next sync', async () => {
    const dir = tempDir()
    await cli('sync', '--demo', '--days', '1', '--data-dir', dir)
    writeFileSync(join(dir, 'history.sqlite'), 'this is not a database, it was overwritten'.repeat(200))
    const apps = await cli('apps', '--demo', '--json', '--data-dir', dir)
    expect(apps.code, apps.stderr).toBe(exitCodes.ok)
    expect(apps.stderr).toMatch(/^notice: .*(moved|rebuilt|sync)/im)
    const info = await cli('info', '--demo', '--data-dir', dir)
    expect(readdirSync(dir).some((name) => name.startsWith('history.sqlite.corrupt-'))).toBe(true)
    // The notice is reported by the process that found the damage; later ones open the new store.
    expect(info.code).toBe(exitCodes.ok)
    const resync = await cli('sync', '--demo', '--days', '1', '--json', '--data-dir', dir)
    expect(JSON.parse(resync.stdout).inserted).toBeGreaterThan(0)
  })

  it('resumes after the sync process is killed mid-way and ends with exact counts', async () => {
    const dir = tempDir()
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/index.ts', 'sync', '--demo', '--days', '30', '--data-dir', dir], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let progress = ''
    const killed = await new Promise<string>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        progress += chunk.toString()
        const done = [...progress.matchAll(/usage: (\d+)\/(\d+) slices/g)].at(-1)
        if (done && Number(done[1]) >= 8 && !child.killed) {
          child.kill('SIGKILL')
          resolve(done[0])
        }
      })
      child.on('exit', () => resolve('exited'))
    })
    expect(killed).toMatch(/usage: \d+\/\d+ slices/)

    const resumed = await cli('sync', '--demo', '--days', '30', '--json', '--data-dir', dir)
    expect(resumed.code, resumed.stderr).toBe(exitCodes.ok)
    const summary = JSON.parse(resumed.stdout)

    const store = openStore({ dataDir: dir, log: silentLogger })
    try {
      const probe = new DemoSource({ seed: 'contoso', size: 'small', now: new Date(0) })
      const anchor = store.getState<string>(probe.tenantId, 'demo-anchor-small')!
      const source = new DemoSource({ seed: 'contoso', size: 'small', now: anchor })
      // Whole hours strictly inside the synced window (its edges are partial hours).
      const from = new Date(Math.ceil(new Date(summary.from).getTime() / HOUR) * HOUR)
      const to = new Date(Math.floor(new Date(summary.to).getTime() / HOUR) * HOUR)
      expect(to.getTime() - from.getTime()).toBeGreaterThan(29 * 24 * HOUR)
      const stored = new Map<string, string>()
      for (const row of store.iterateRollups({ tenantId: probe.tenantId, from, to, granularity: 'hour' })) {
        stored.set(`${row.appId} ${row.start.toISOString()}`, `${row.signIns}/${row.failures}`)
      }
      const truth = new Map<string, string>()
      for (const row of hourlyCounts(source.tenant, { from, to })) {
        truth.set(`${row.appId} ${new Date(row.hourStart).toISOString()}`, `${row.success + row.failure}/${row.failure}`)
      }
      expect(stored.size).toBeGreaterThan(1000)
      expect(stored).toEqual(truth)
    } finally {
      store.close()
    }
  })
})
