// The store's WAL checkpointer: a worker thread with its own connection to the history file that
// copies committed WAL frames into the database (`PRAGMA wal_checkpoint(PASSIVE)`), so the thread that
// writes (Electron's main process, whose thread is also the UI's) never blocks on a checkpoint's
// copying and fsync. A passive checkpoint takes no lock a writer or reader waits for: it copies what
// no reader still needs and stops. Bundled as its own entry (electron.vite.config.ts →
// out/main/checkpoint-worker.js); run from source under tsx. The writer's side: checkpointer.ts.
//
// The loop is synchronous (Atomics.wait), so it needs no event loop and answers a close at once
// between passes. It runs a pass at most every `intervalMs` while the writer commits, and otherwise
// every `idleMs` (another process's writes, a pass a reader held back).
import { DatabaseSync } from 'node:sqlite'
import { pathToFileURL } from 'node:url'
import { workerData } from 'node:worker_threads'
import {
  CHECKPOINTED_FRAMES,
  CLOSED,
  COMMITS,
  CONTROL,
  FAILED,
  LOG_FRAMES,
  OPENING,
  PASSES,
  RUN,
  RUNNING,
  STARTING,
  STATE,
  type CheckpointerData,
} from './checkpoint-protocol'

const data = workerData as CheckpointerData | undefined
if (!data?.control) throw new Error('checkpoint-worker.ts runs as the store checkpointer only')
const slots = new Int32Array(data.control)

function finish(state: number): void {
  Atomics.store(slots, STATE, state)
  Atomics.notify(slots, STATE)
}

// The writer may have closed the store while this thread started: then open nothing.
if (Atomics.compareExchange(slots, STATE, STARTING, OPENING) === STARTING) {
  let db: DatabaseSync | null = null
  try {
    // mode=rw: never create a file (the folder may be gone by now).
    db = new DatabaseSync(new URL(`${pathToFileURL(data.path).href}?mode=rw`))
    // The same synchronous mode as the writer: a checkpoint syncs the WAL before copying and the
    // database after, exactly as the writer's own automatic checkpoints did.
    db.exec('PRAGMA synchronous = NORMAL')
    // Passive checkpoints never wait for a lock; this only covers reading the WAL index while another
    // connection recovers it, and stays short so that a close is answered quickly.
    db.exec('PRAGMA busy_timeout = 1000')
    db.exec('PRAGMA wal_autocheckpoint = 0')
    db.exec('PRAGMA cache_size = -256')
    const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)')
    Atomics.store(slots, STATE, RUNNING)
    Atomics.notify(slots, STATE)
    let seenCommits = Atomics.load(slots, COMMITS)
    // Whether the last pass found every frame copied: then only new commits call for another.
    let caughtUp = false
    while (Atomics.load(slots, CONTROL) === RUN) {
      const commits = Atomics.load(slots, COMMITS)
      const row = checkpoint.get() as { busy: number; log: number; checkpointed: number }
      seenCommits = commits
      Atomics.store(slots, LOG_FRAMES, row.log)
      Atomics.store(slots, CHECKPOINTED_FRAMES, row.checkpointed)
      Atomics.add(slots, PASSES, 1)
      // busy: another connection (the other process's checkpointer) holds the checkpoint lock.
      caughtUp = row.busy === 0 && row.log === row.checkpointed
      // At most one pass per interval while commits come; a close or the writer's nudge wakes it early.
      Atomics.wait(slots, CONTROL, RUN, data.intervalMs)
      if (caughtUp && Atomics.load(slots, CONTROL) === RUN)
        // Nothing left to copy: sleep until the writer commits again (it notifies COMMITS), or idleMs.
        Atomics.wait(slots, COMMITS, seenCommits, data.idleMs)
    }
    db.close()
    db = null
    finish(CLOSED)
  } catch (error) {
    try {
      db?.close()
    } catch {
      // closing after a failure: the failure is what gets reported
    }
    finish(FAILED)
    throw error
  }
}
