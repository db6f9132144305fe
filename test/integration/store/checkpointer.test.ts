// WAL checkpoints on a worker thread (core/store/checkpointer.ts): the writer connection stops
// checkpointing once bulk writes begin, checkpoints still happen and keep the WAL bounded, close()
// leaves nothing open, and a worker that cannot run puts the writer's automatic checkpoints back.
import { execFileSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it, vi } from 'vitest'
import { cliNodeFlags } from '../../../src-main/cli/node-flags.mjs'
import { HISTORY_FILE, openStore, type Store } from '../../../src-main/core/store'
import { findWorkerEntry } from '../../../src-main/core/worker-entry'
import {
  bruteForce,
  iso,
  rollupMap,
  signIn,
  TENANT_A,
  tempDirsPerTest,
  recordingLog,
} from '../../unit/store/helpers'

const root = join(import.meta.dirname, '../../..')
const { directory } = tempDirsPerTest()

const BASE = Date.parse('2025-03-01T00:00:00Z') / 1000
const now = () => new Date('2025-03-10T12:00:00Z')

/** Page `page` of a backfill: `size` distinct events a second apart, spread over 20 apps. */
const page = (number: number, size = 1_000) =>
  Array.from({ length: size }, (_, i) =>
    signIn({
      appId: `app-${i % 20}`,
      createdDateTime: iso(BASE + number * size + i),
      errorCode: i % 17 === 0 ? 50126 : 0,
    }),
  )

/** This process's open file descriptors that point into `dir` (Linux; null where there is no /proc). */
function openFilesIn(dir: string): string[] | null {
  let fds: string[]
  try {
    fds = readdirSync('/proc/self/fd')
  } catch {
    return null
  }
  const found: string[] = []
  for (const fd of fds) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`)
      if (target.startsWith(dir)) found.push(target)
    } catch {
      // closed meanwhile (readdir's own descriptor)
    }
  }
  return found
}

/** Waits (without a deadline of its own beyond vitest's) until the worker has finished a pass. */
async function workerRunning(store: Store): Promise<void> {
  await vi.waitFor(
    () => {
      if (store.checkpointStats.workerPasses === 0) throw new Error('no checkpoint pass yet')
    },
    { timeout: 60_000, interval: 20 },
  )
}

describe('WAL checkpointer', () => {
  it('turns the writer’s automatic checkpoints off at the first ingest, not before', () => {
    const store = openStore({ dataDir: directory(), log: recordingLog(), now })
    try {
      // Opening (and reading, or small writes) keeps them on: no thread is started for that.
      expect(store.checkpointStats.writerAutocheckpointPages).toBe(16_384)
      expect(store.checkpointsThreaded).toBe(false)
      store.ingestSignIns(TENANT_A, page(0))
      expect(store.checkpointsThreaded).toBe(true)
      expect(store.checkpointStats.writerAutocheckpointPages).toBe(0)
    } finally {
      store.close()
    }
  })

  it('checkpoints while the writer ingests, and keeps the WAL within its limit, counting exactly', async () => {
    const limit = 256 * 1024
    const pages = 80
    const events = [0, ...Array.from({ length: pages }, (_, n) => n + 1)].flatMap((n) => page(n))
    /** Ingests the pages (a re-fetch of every tenth again) and returns the WAL file's size after. */
    const ingest = async (store: Store, dir: string): Promise<number> => {
      store.ingestSignIns(TENANT_A, events.slice(0, 1_000))
      if (store.checkpointsThreaded) await workerRunning(store)
      for (let n = 1; n <= pages; n++) {
        const batch = events.slice(n * 1_000, (n + 1) * 1_000)
        store.ingestSignIns(TENANT_A, batch)
        // Overlapping pages (a re-fetch) change nothing.
        if (n % 10 === 0) expect(store.ingestSignIns(TENANT_A, batch).inserted).toBe(0)
      }
      return statSync(join(dir, `${HISTORY_FILE}-wal`)).size
    }
    // For comparison, the writer's automatic checkpoints (every 64 MiB): this WAL never starts over.
    const plainDir = directory()
    const plain = openStore({
      dataDir: plainDir,
      log: recordingLog(),
      now,
      walCheckpointer: { enabled: false },
    })
    let unchecked: number
    try {
      unchecked = await ingest(plain, plainDir)
    } finally {
      plain.close()
    }
    expect(unchecked).toBeGreaterThan(16 * limit)
    const dir = directory()
    const store = openStore({
      dataDir: dir,
      log: recordingLog(),
      now,
      walCheckpointer: { walLimitBytes: limit },
    })
    try {
      const size = await ingest(store, dir)
      const stats = store.checkpointStats
      expect(stats.workerPasses).toBeGreaterThan(0)
      // The WAL started over each time it passed the limit (at most a few dozen commits later).
      expect(size).toBeLessThan(unchecked / 2)
      expect(rollupMap(store, TENANT_A)).toEqual(bruteForce(events))
    } finally {
      store.close()
    }
    // Reopened, everything is there (the checkpoints copied committed frames only, and all of them).
    const reopened = openStore({ dataDir: dir, log: recordingLog(), now })
    try {
      expect(rollupMap(reopened, TENANT_A)).toEqual(bruteForce(events))
    } finally {
      reopened.close()
    }
  })

  it('closes the worker’s connection before close() returns: nothing left open, the WAL removed', async () => {
    const dir = directory()
    const store = openStore({ dataDir: dir, log: recordingLog(), now })
    store.ingestSignIns(TENANT_A, page(0))
    await workerRunning(store)
    store.ingestSignIns(TENANT_A, page(1))
    store.close()
    // The writer's close checkpoints and deletes the WAL only as the last connection to the file:
    // with the worker's connection still open, -wal and -shm would stay.
    expect(readdirSync(dir).sort()).toEqual([HISTORY_FILE])
    const open = openFilesIn(dir)
    if (open) expect(open).toEqual([])
    rmSync(dir, { recursive: true })
    expect(existsSync(dir)).toBe(false)
  })

  it('closes at once when the worker has not opened its connection yet', () => {
    const dir = directory()
    for (let round = 0; round < 3; round++) {
      const store = openStore({ dataDir: dir, log: recordingLog(), now })
      store.ingestSignIns(TENANT_A, page(round))
      store.close()
      expect(readdirSync(dir).sort()).toEqual([HISTORY_FILE])
    }
    const store = openStore({ dataDir: dir, log: recordingLog(), now })
    try {
      expect(store.recentSignIns(TENANT_A, { limit: 10_000 })).toHaveLength(3_000)
    } finally {
      store.close()
    }
  })

  it('falls back to automatic checkpoints, saying why once, when the worker file is missing', () => {
    const log = recordingLog()
    const store = openStore({
      dataDir: directory(),
      log,
      now,
      walCheckpointer: { workerUrl: null },
    })
    try {
      store.ingestSignIns(TENANT_A, page(0))
      store.ingestSignIns(TENANT_A, page(1))
      expect(store.checkpointsThreaded).toBe(false)
      expect(store.checkpointStats.writerAutocheckpointPages).toBe(16_384)
      expect(store.recentSignIns(TENANT_A, { limit: 10_000 })).toHaveLength(2_000)
      const second = openStore({
        dataDir: directory(),
        log,
        now,
        walCheckpointer: { workerUrl: null },
      })
      second.ingestSignIns(TENANT_A, page(0))
      second.close()
      // Once per process: a packaging problem is the same for every store.
      expect(log.lines.filter((line) => line.includes('checkpointer'))).toEqual([
        expect.stringMatching(/^warn store: .*checkpoint-worker.*not found.*writing thread/),
      ])
    } finally {
      store.close()
    }
  })

  it('falls back to automatic checkpoints when the worker fails, and the store carries on', async () => {
    const dir = directory()
    const failing = join(directory(), 'failing-worker.mjs')
    writeFileSync(failing, "throw new Error('checkpointer test failure')\n")
    const log = recordingLog()
    const store = openStore({
      dataDir: dir,
      log,
      now,
      walCheckpointer: { workerUrl: pathToFileURL(failing) },
    })
    try {
      store.ingestSignIns(TENANT_A, page(0))
      await vi.waitFor(
        () => {
          if (store.checkpointsThreaded) throw new Error('still threaded')
        },
        { timeout: 60_000, interval: 20 },
      )
      expect(store.checkpointStats.writerAutocheckpointPages).toBe(16_384)
      expect(log.lines.filter((line) => line.startsWith('warn'))).toEqual([
        expect.stringMatching(/writing thread again: .*checkpointer test failure/),
      ])
      // It does not try again for every ingest.
      store.ingestSignIns(TENANT_A, page(1))
      expect(store.checkpointsThreaded).toBe(false)
      expect(store.recentSignIns(TENANT_A, { limit: 10_000 })).toHaveLength(2_000)
    } finally {
      store.close()
    }
    expect(readdirSync(dir).sort()).toEqual([HISTORY_FILE])
  })

  it('runs on a store rebuilt after a corrupted file was moved aside', async () => {
    const dir = directory()
    const first = openStore({ dataDir: dir, log: recordingLog(), now })
    for (let n = 0; n < 10; n++) first.ingestSignIns(TENANT_A, page(n))
    await workerRunning(first)
    first.close()
    const path = join(dir, HISTORY_FILE)
    const bytes = readFileSync(path)
    // Keep page 1 (header and schema) intact; scribble over the middle of the file.
    for (let offset = 8_192; offset < bytes.length - 4_096; offset += 4_096 * 3)
      bytes.fill(0x5a, offset + 100, offset + 2_000)
    writeFileSync(path, bytes)
    const store = openStore({ dataDir: dir, log: recordingLog(), now })
    try {
      expect(store.openReport.status).toBe('recovered')
      store.ingestSignIns(TENANT_A, page(1))
      await workerRunning(store)
      expect(store.checkpointsThreaded).toBe(true)
      expect(store.recentSignIns(TENANT_A, { limit: 10_000 })).toHaveLength(1_000)
    } finally {
      store.close()
    }
    expect(readdirSync(dir).filter((name) => !name.includes('.corrupt-'))).toEqual([HISTORY_FILE])
    const reopened = openStore({ dataDir: dir, log: recordingLog(), now })
    try {
      expect(reopened.openReport.status).toBe('opened')
      expect(reopened.recentSignIns(TENANT_A, { limit: 10_000 })).toHaveLength(1_000)
    } finally {
      reopened.close()
    }
  })

  it('never keeps a process alive: a store left open does not hold it at its end', () => {
    const dir = directory()
    const storeUrl = pathToFileURL(join(root, 'src-main/core/store/index.ts')).href
    const helpersUrl = pathToFileURL(join(root, 'test/unit/store/helpers.ts')).href
    const script = `
      const { openStore } = await import(${JSON.stringify(storeUrl)})
      const { signIn, iso } = await import(${JSON.stringify(helpersUrl)})
      const log = { error() {}, warn: console.error, info() {}, debug() {} }
      const store = openStore({ dataDir: ${JSON.stringify(dir)}, log })
      store.ingestSignIns('t', Array.from({ length: 500 }, (_, i) =>
        signIn({ appId: 'a', createdDateTime: iso(${BASE} + i) })))
      while (store.checkpointStats.workerPasses === 0) await new Promise((r) => setTimeout(r, 10))
      console.log(JSON.stringify({ threaded: store.checkpointsThreaded }))
      // no store.close(): the process must end by itself
    `
    const output = execFileSync(
      process.execPath,
      [...cliNodeFlags, '--import', 'tsx', '--input-type=module', '--eval', script],
      { cwd: root, encoding: 'utf8', timeout: 120_000 },
    )
    expect(JSON.parse(output.trim())).toEqual({ threaded: true })
  })

  it('finds its worker entry from source, and reports none for a name that is not there', () => {
    const moduleUrl = pathToFileURL(join(root, 'src-main/core/store/checkpointer.ts')).href
    expect(findWorkerEntry('checkpoint-worker', moduleUrl)?.url.pathname).toMatch(
      /src-main\/core\/store\/checkpoint-worker\.ts$/,
    )
    expect(findWorkerEntry('no-such-worker', moduleUrl)).toBeNull()
  })

  it('finds its bundled entry from the main bundle or from a shared chunk (one folder down)', () => {
    const dir = directory()
    mkdirSync(join(dir, 'chunks'))
    writeFileSync(join(dir, 'checkpoint-worker.js'), '')
    for (const from of ['index.js', 'chunks/bootstrap-x1.js']) {
      const entry = findWorkerEntry('checkpoint-worker', pathToFileURL(join(dir, from)).href)
      expect(entry).toEqual({ url: pathToFileURL(join(dir, 'checkpoint-worker.js')) })
    }
    expect(findWorkerEntry('sign-in-worker', pathToFileURL(join(dir, 'index.js')).href)).toBeNull()
  })
})
