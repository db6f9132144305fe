// Moves the WAL's checkpoints off the thread that writes. The writer connection runs with
// `wal_autocheckpoint = 0`, and a worker thread (checkpoint-worker.ts) with its own connection copies
// committed frames into the database with passive checkpoints. An automatic checkpoint ran on the
// committing thread and blocked it for its copying and fsync (~300 ms per 64 MiB of WAL on the
// benchmark VM); in the app that thread is Electron's main process, so the UI froze during a sync.
//
// Bounds: a passive checkpoint never copies frames a reader still needs, and the WAL only starts over
// at the beginning of the file when a write transaction begins with every frame copied, which a
// writer committing without pause never leaves time for (measured: 200,000 events ingested with 5 ms
// pauses grew the WAL to 20 MB without a restart). So the writer watches the WAL file's size after
// each commit: past `walLimitBytes` (64 MiB, where the automatic checkpoint used to run) it asks the
// worker for a pass at once and, right after that pass (or CATCH_UP_COMMITS commits later if none
// comes), runs a passive checkpoint itself, which has only the commits made during that pass left to
// copy; the next write transaction then starts the WAL over and journal_size_limit trims the file.
// If the worker cannot start or stops, the writer goes back to automatic checkpoints (and says why,
// once); nothing about the data changes either way. A reader holding an old snapshot holds back every
// checkpoint, the writer's as well: the WAL then grows until it ends, as it always did.
//
// Safety: checkpoints from any connection of any process are serialised by SQLite's own checkpoint
// lock (a pass that finds it taken reports busy and is simply tried again later), and copy only
// committed frames; durability is the same as before (synchronous = NORMAL on both connections).
import { statSync } from 'node:fs'
import type { DatabaseSync } from 'node:sqlite'
import { Worker } from 'node:worker_threads'
import type { Logger } from '../log'
import { findWorkerEntry, type WorkerEntry } from '../worker-entry'
import {
  ABANDONED,
  CLOSE,
  CLOSED,
  COMMITS,
  CONTROL,
  FAILED,
  PASSES,
  SLOTS,
  STARTING,
  STATE,
  type CheckpointerData,
} from './checkpoint-protocol'

/** The writer's automatic checkpoint interval when no worker does it (pages: 64 MiB of WAL). */
export const WRITER_AUTOCHECKPOINT_PAGES = 16_384
/** WAL bytes the file is trimmed back to after it starts over (PRAGMA journal_size_limit). */
export const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024

export interface CheckpointerOptions {
  /** false: automatic checkpoints on the writer (as without a worker). Default true. */
  enabled?: boolean
  /**
   * Another worker entry (tests: a failing one), or null as if none were found. Default: the
   * checkpoint-worker next to this code, found by itself.
   */
  workerUrl?: URL | null
  /** Shortest time between the worker's passes while the writer commits (default 250 ms). */
  intervalMs?: number
  /** Past this WAL size the writer checkpoints what the worker left (default 64 MiB). */
  walLimitBytes?: number
}

const WORKER_NAME = 'checkpoint-worker'
const DEFAULT_INTERVAL_MS = 250
const IDLE_MS = 5_000
/** Commits the writer waits for the worker's next pass before it checkpoints past the limit anyway. */
const CATCH_UP_COMMITS = 32
/** How long close() waits for the worker to close its connection (a pass in progress finishes first). */
const CLOSE_WAIT_MS = 10_000

/** Logged once per process: a packaging problem is the same for every store opened. */
let missingEntryLogged = false

export class WalCheckpointer {
  private worker: Worker | null = null
  private slots: Int32Array | null = null
  /** Whether the writer has automatic checkpoints off (a worker is, or is meant to be, doing them). */
  private offloaded = false
  private failed = false
  private closed = false
  private readonly walPath: string
  private readonly walLimit: number
  /** Past the limit: the worker's pass count when the writer asked for a pass, and commits since. */
  private catchUp: { passes: number; commits: number } | null = null
  private retryAbove = 0
  private writerCheckpoints = 0
  /** The worker's pass count when it stopped. */
  private lastPasses = 0

  constructor(
    private readonly db: DatabaseSync,
    private readonly path: string,
    private readonly log: Logger,
    private readonly options: CheckpointerOptions = {},
  ) {
    this.walPath = `${path}-wal`
    this.walLimit = options.walLimitBytes ?? JOURNAL_SIZE_LIMIT
    this.retryAbove = this.walLimit
  }

  /** Checkpoints so far (for tests and measurements): the worker's passes and the writer's own. */
  get stats(): { workerPasses: number; writerCheckpoints: number } {
    return {
      workerPasses: this.slots ? Atomics.load(this.slots, PASSES) : this.lastPasses,
      writerCheckpoints: this.writerCheckpoints,
    }
  }

  /** The writer connection's `PRAGMA wal_autocheckpoint` (pages; 0 while the worker does them). */
  writerAutocheckpointPages(): number {
    const row = this.db.prepare('PRAGMA wal_autocheckpoint').get()
    return Number(row ? Object.values(row)[0] : Number.NaN)
  }

  /** Whether a worker thread does the checkpoints (false: the writer's automatic ones). */
  get threaded(): boolean {
    return this.offloaded
  }

  /**
   * Starts the worker, if it is not running yet and may: called before a bulk write (an ingest), so
   * that a store only read, or written a little, never starts a thread.
   */
  start(): void {
    if (this.worker || this.failed || this.closed || this.options.enabled === false) return
    const url = this.options.workerUrl
    const entry: WorkerEntry | null =
      url === undefined ? findWorkerEntry(WORKER_NAME, import.meta.url) : url && { url }
    if (!entry) {
      this.failed = true
      if (!missingEntryLogged) {
        missingEntryLogged = true
        this.log.warn(
          `store: the WAL checkpointer's worker file (${WORKER_NAME}) was not found; checkpoints run on the writing thread instead`,
        )
      }
      return
    }
    const control = new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT)
    const slots = new Int32Array(control)
    const data: CheckpointerData = {
      path: this.path,
      control,
      intervalMs: this.options.intervalMs ?? DEFAULT_INTERVAL_MS,
      idleMs: IDLE_MS,
    }
    let worker: Worker
    try {
      worker = new Worker(entry.url, {
        ...(entry.execArgv ? { execArgv: entry.execArgv } : {}),
        workerData: data,
        name: 'store checkpointer',
        // It holds a connection and a loop, nothing more; small limits keep its isolate small.
        resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 },
        stdout: false,
        stderr: false,
      })
    } catch (error) {
      this.fallBack(`the worker could not start (${messageOf(error)})`)
      return
    }
    // Never keeps a process alive: a store left open does not hold the CLI at its end.
    worker.unref()
    worker.on('error', (error) => {
      if (this.worker === worker) this.fallBack(`the worker failed (${messageOf(error)})`)
    })
    worker.on('exit', (code) => {
      if (this.worker === worker) this.fallBack(`the worker exited (code ${code})`)
    })
    this.worker = worker
    this.slots = slots
    this.db.exec('PRAGMA wal_autocheckpoint = 0')
    // The file is trimmed to the limit when the WAL starts over, so its size past the limit is the
    // WAL's own (afterCommit).
    this.db.exec(`PRAGMA journal_size_limit = ${this.walLimit}`)
    this.offloaded = true
    this.log.debug('store: WAL checkpoints run on a worker thread from now on')
  }

  /**
   * After each write transaction of the writer (outside any transaction): tells the worker, and
   * keeps the WAL within the hard limit whatever the worker does.
   */
  afterCommit(): void {
    const slots = this.slots
    if (!this.offloaded || !slots || this.db.isTransaction) return
    Atomics.add(slots, COMMITS, 1)
    Atomics.notify(slots, COMMITS)
    const size = statSync(this.walPath, { throwIfNoEntry: false })?.size ?? 0
    if (size <= this.retryAbove) {
      this.catchUp = null
      if (size <= this.walLimit) this.retryAbove = this.walLimit
      return
    }
    // Over the limit: the worker has copied all but the last pass's worth; ask it for a pass now,
    // and once it has done one (or has not within a few commits), copy the rest here.
    const passes = Atomics.load(slots, PASSES)
    if (!this.catchUp) {
      this.catchUp = { passes, commits: 0 }
      Atomics.notify(slots, CONTROL)
      return
    }
    if (passes === this.catchUp.passes && ++this.catchUp.commits < CATCH_UP_COMMITS) return
    this.catchUp = null
    this.writerCheckpoints++
    const row = this.db.prepare('PRAGMA wal_checkpoint(PASSIVE)').get() as {
      busy: number
      log: number
      checkpointed: number
    }
    // Emptied: the next write transaction starts the WAL over. The worker's pass held the checkpoint
    // lock: try again right after it. A reader needs old frames (no checkpoint can copy them): try
    // again once the WAL has grown by another quarter of the limit.
    if (row.busy !== 0) this.catchUp = { passes: Atomics.load(slots, PASSES), commits: 0 }
    else if (row.log !== row.checkpointed) this.retryAbove = size + this.walLimit / 4
  }

  /**
   * Ends the worker's connection before returning, so the folder can be removed right after and
   * the writer's own close (the last connection) checkpoints and deletes the WAL as before. Waits
   * for a pass in progress, at most CLOSE_WAIT_MS.
   */
  close(): void {
    if (this.closed) return
    this.closed = true
    const worker = this.worker
    const slots = this.slots
    this.worker = null
    this.slots = null
    if (!worker || !slots) return
    // Before the worker has begun opening, it is told to open nothing; otherwise to close, and waited for.
    if (Atomics.compareExchange(slots, STATE, STARTING, ABANDONED) !== STARTING) {
      Atomics.store(slots, CONTROL, CLOSE)
      Atomics.notify(slots, CONTROL)
      Atomics.notify(slots, COMMITS)
      const deadline = performance.now() + CLOSE_WAIT_MS
      for (;;) {
        const state = Atomics.load(slots, STATE)
        if (state === CLOSED || state === FAILED) break
        const left = deadline - performance.now()
        if (left <= 0) {
          this.log.warn(
            `store: the WAL checkpointer did not close its connection within ${CLOSE_WAIT_MS} ms; leaving it to end with the process`,
          )
          break
        }
        Atomics.wait(slots, STATE, state, left)
      }
    }
    this.lastPasses = Atomics.load(slots, PASSES)
    void worker.terminate().catch(() => undefined)
  }

  /** Back to automatic checkpoints on the writer, saying why once. */
  private fallBack(reason: string): void {
    if (this.slots) this.lastPasses = Atomics.load(this.slots, PASSES)
    this.failed = true
    this.worker = null
    this.slots = null
    this.catchUp = null
    if (this.closed) return
    if (this.offloaded) {
      this.offloaded = false
      try {
        this.db.exec(`PRAGMA wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT_PAGES}`)
        this.db.exec(`PRAGMA journal_size_limit = ${JOURNAL_SIZE_LIMIT}`)
      } catch {
        // the store closed meanwhile
      }
    }
    this.log.warn(`store: WAL checkpoints run on the writing thread again: ${reason}`)
  }
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)
