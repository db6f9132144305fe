// The app and the CLI use one store at the same time: separate processes writing concurrently
// (starting from a directory with no store yet, so they also race to create and migrate it) must
// neither fail with SQLITE_BUSY nor lose or double-count a write.
import { spawn } from 'node:child_process'
import { copyFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src-main/core/log'
import { HISTORY_FILE, openStore } from '../../../src-main/core/store'
import { bruteForce, rollupMap, signIn, TENANT_A, tempDir } from '../../unit/store/helpers'
import { BATCH_SIZE, BATCHES, batchFor, CONCURRENT_TENANT } from './concurrent-events'

const cleanups: Array<() => void> = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.()
})

/** Runs `script` (next to this file) under tsx with `args`; resolves its stdout, rejects on a non-zero exit. */
function runScript(script: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, script), ...args],
      { cwd: join(import.meta.dirname, '..', '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code === 0) resolve(stdout)
      else reject(new Error(`${script} ${args.join(' ')} exited with ${code}: ${stderr}`))
    })
  })
}

async function runWriter(
  dataDir: string,
  writer: number,
): Promise<{ writer: number; inserted: number; duplicates: number }> {
  const stdout = await runScript('concurrent-writer.ts', [dataDir, String(writer)])
  return JSON.parse(stdout) as { writer: number; inserted: number; duplicates: number }
}

describe('concurrent use', () => {
  it('two processes creating the store at the same moment both open it', async () => {
    // SQLite does not run the busy handler for every lock the switch to WAL takes: without the
    // retry in open.ts about half of such opens failed at once with "database is locked".
    const open = (dataDir: string, at: number) =>
      runScript('concurrent-opener.ts', [dataDir, String(at)])
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    for (let round = 0; round < 4; round++) {
      const dataDir = join(dir, `fresh-${round}`)
      // Far enough ahead for both processes to have loaded the store's code.
      const at = Date.now() + 3_000
      await Promise.all([open(dataDir, at), open(dataDir, at)])
      expect(existsSync(join(dataDir, HISTORY_FILE))).toBe(true)
    }
  }, 90_000)

  it('two processes writing at once lose nothing, count nothing twice, and never see SQLITE_BUSY', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const dataDir = join(dir, 'fresh')
    const results = await Promise.all([runWriter(dataDir, 1), runWriter(dataDir, 2)])

    const perWriter = BATCHES * BATCH_SIZE
    for (const result of results) {
      expect(result.inserted).toBe(perWriter)
      expect(result.duplicates).toBe(perWriter / 2)
    }
    const store = openStore({ dataDir, log: silentLogger })
    try {
      const all = [1, 2].flatMap((writer) =>
        Array.from({ length: BATCHES }, (_, batch) => batchFor(writer, batch)).flat(),
      )
      expect(rollupMap(store, CONCURRENT_TENANT)).toEqual(bruteForce(all))
      const raw = new DatabaseSync(join(dataDir, HISTORY_FILE), { readOnly: true })
      expect(raw.prepare('SELECT count(*) AS n FROM sign_ins').get()?.n).toBe(2 * perWriter)
      raw.close()
      expect(store.listAlerts(CONCURRENT_TENANT, { limit: 10_000 })).toHaveLength(BATCHES)
      expect(store.getState(CONCURRENT_TENANT, 'writer-1')).toEqual({ batch: BATCHES - 1 })
      expect(store.getState(CONCURRENT_TENANT, 'writer-2')).toEqual({ batch: BATCHES - 1 })
    } finally {
      store.close()
    }
  })

  it('a reader in this process sees consistent data while another process writes', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const store = openStore({ dataDir: dir, log: silentLogger })
    cleanups.unshift(() => store.close())
    const writing = runWriter(dir, 3)
    // A second, plain connection reads raw and rollup totals in one snapshot while the writer runs:
    // every ingest commits its rows and their rollup increments together, so the two always agree.
    const reader = new DatabaseSync(join(dir, HISTORY_FILE), { readOnly: true })
    cleanups.unshift(() => reader.close())
    let reads = 0
    let nonEmpty = 0
    let finished = false
    void writing.finally(() => (finished = true))
    while (!finished || reads < 10) {
      reader.exec('BEGIN')
      const raw = Number(reader.prepare('SELECT count(*) AS n FROM sign_ins').get()?.n)
      const rolled = Number(
        reader.prepare('SELECT coalesce(sum(sign_ins), 0) AS n FROM rollups').get()?.n,
      )
      reader.exec('COMMIT')
      expect(rolled).toBe(raw)
      if (raw > 0 && raw < BATCHES * BATCH_SIZE) nonEmpty++
      expect(store.listApps(CONCURRENT_TENANT).length).toBeLessThanOrEqual(5)
      reads++
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    expect(nonEmpty).toBeGreaterThan(0) // some reads really happened mid-write
    await writing
    const total = [...rollupMap(store, CONCURRENT_TENANT).values()].reduce(
      (sum, [count]) => sum + count,
      0,
    )
    expect(total).toBe(BATCHES * BATCH_SIZE)
  })

  it('opens the file a crashed process left behind (WAL not checkpointed) with its last commits', () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const live = join(dir, 'live')
    const store = openStore({ dataDir: live, log: silentLogger })
    store.ingestSignIns(TENANT_A, [signIn({ appId: 'a', createdDateTime: '2025-03-01T00:00:00Z' })])
    // Copy the files while a connection is still open, as a crash would leave them: the commit is
    // only in the WAL.
    const crashed = join(dir, 'crashed')
    const holder = new DatabaseSync(join(live, HISTORY_FILE))
    holder.prepare('SELECT 1').get()
    const copy = openStore({ dataDir: crashed, log: silentLogger })
    copy.close()
    for (const suffix of ['', '-wal'])
      copyFileSync(join(live, HISTORY_FILE + suffix), join(crashed, HISTORY_FILE + suffix))
    expect(existsSync(join(crashed, `${HISTORY_FILE}-wal`))).toBe(true)
    holder.close()
    store.close()

    const reopened = openStore({ dataDir: crashed, log: silentLogger })
    try {
      expect(reopened.openReport.status).toBe('opened')
      expect(reopened.listApps(TENANT_A).map((app) => app.signIns24h >= 0 && app.appId)).toEqual([
        'a',
      ])
    } finally {
      reopened.close()
    }
  })
})
