// What the store's writer (main thread) and its WAL checkpointer (a worker thread, checkpoint-worker.ts)
// share: one small SharedArrayBuffer of Int32 slots, read and written with Atomics only. Kept apart so
// that the worker's bundle holds nothing but this and its loop.

/** Slot indexes. */
export const STATE = 0
/** RUN while the store is open; CLOSE asks the worker to close its connection and end. */
export const CONTROL = 1
/** Commits by the writer, counted up (wrapping) after each write transaction. */
export const COMMITS = 2
/** Checkpoint passes the worker has finished. */
export const PASSES = 3
/** Of the worker's last pass: frames in the WAL, and frames copied into the database so far. */
export const LOG_FRAMES = 4
export const CHECKPOINTED_FRAMES = 5
export const SLOTS = 6

/** STATE values: the worker moves STARTING → OPENING → RUNNING → CLOSED (or FAILED). */
export const STARTING = 0
export const OPENING = 1
export const RUNNING = 2
export const CLOSED = 3
export const FAILED = 4
/** Set by the writer instead of OPENING when the store closed before the worker opened its connection. */
export const ABANDONED = 5

export const RUN = 0
export const CLOSE = 1

export interface CheckpointerData {
  /** The history file (it must exist: the worker never creates one). */
  path: string
  /** SLOTS Int32 slots. */
  control: SharedArrayBuffer
  /** Shortest time between two checkpoint passes while the writer commits. */
  intervalMs: number
  /** With no commit since the last pass: how long to sleep before looking again (another process's writes). */
  idleMs: number
}
