// Decodes Graph sign-in pages on a worker thread, so that parsing page N+1 overlaps storing page N:
// the main thread then only moves bytes in and columns out. The response body goes over copied into
// a shared buffer (SharedArrayBuffer) that the decoder keeps for the next pages: posting the body's
// own ArrayBuffer as a transfer cost the main thread 0.45-0.55 ms per 700 KB page (measured in
// isolation; a copy into a kept shared buffer and a post of its handle cost ~0.05 ms), and the body is never decoded to
// a string on the main thread. The columns come back as typed arrays (transferred) and two string lists.
//
// One worker per decoder, started on first use and restarted after a crash. It holds the event loop
// only while a page is being decoded, so an idle decoder never keeps a CLI process alive; `close()`
// ends it. Where the worker's file cannot be found (a packaging mistake), pages are decoded inline on
// the main thread by the same function: slower, never different.
import { Worker } from 'node:worker_threads'
import { SignInBatch, type SignInColumns, type SignInEventType } from '../sources/sign-in-batch'
import { findWorkerEntry, type WorkerEntry } from '../worker-entry'
import { decodeSignInPage, SignInPageError } from './sign-in-page'

export interface DecodeRequest {
  id: number
  /** The page: its text, or its bytes as the first `length` bytes of a shared buffer. */
  body: string | { shared: SharedArrayBuffer; length: number }
  types: readonly SignInEventType[]
}

export type DecodeReply =
  | { id: number; ok: true; columns: SignInColumns; nextLink: string | undefined }
  | {
      id: number
      ok: false
      kind: 'invalidJson' | 'invalidShape' | 'internal'
      path: string
      message: string
    }

export interface DecodedBatch {
  batch: SignInBatch
  nextLink: string | undefined
}

export interface SignInDecoderOptions {
  /** false: decode on the calling thread (tests, and the fallback). Default: a worker thread. */
  worker?: boolean
  /** Another worker entry (tests: one that fails). Default: sign-in-worker.js/.ts, found by itself. */
  workerUrl?: URL
}

interface Pending {
  resolve: (page: DecodedBatch) => void
  reject: (error: Error) => void
  /** The shared buffer holding the page's bytes, free again once the worker has answered. */
  slot: SharedArrayBuffer | null
}

/** Shared buffers kept for later pages (as many as pages are usually in flight), and their size step. */
const KEPT_SLOTS = 6
const SLOT_STEP = 256 * 1024
/** A buffer larger than this (a page far above the usual ~1 MB) is not kept after its page. */
const KEPT_SLOT_BYTES = 8 * 1024 * 1024

const WORKER_NAME = 'sign-in-worker'

/** The worker's entry (core/worker-entry.ts): bundled next to this code, or the source under tsx. */
const workerEntry = (): WorkerEntry | null => findWorkerEntry(WORKER_NAME, import.meta.url)

export class SignInPageDecoder {
  private worker: Worker | null = null
  private readonly pending = new Map<number, Pending>()
  private readonly freeSlots: SharedArrayBuffer[] = []
  private nextId = 1
  private readonly useWorker: boolean
  private entry: ReturnType<typeof workerEntry> | undefined
  private closed = false

  constructor(options: SignInDecoderOptions = {}) {
    this.useWorker = options.worker ?? true
    if (options.workerUrl) this.entry = { url: options.workerUrl }
  }

  /** Whether pages go to a worker thread (false: decoded inline). */
  get threaded(): boolean {
    if (!this.useWorker) return false
    if (this.entry === undefined) this.entry = workerEntry()
    return this.entry !== null
  }

  /**
   * Decodes one page. Rejects with SignInPageError for a page that is not JSON ('invalidJson') or
   * breaks the schema ('invalidShape'), and with a plain Error when the worker itself failed.
   */
  decode(body: ArrayBuffer | string, types: readonly SignInEventType[]): Promise<DecodedBatch> {
    if (this.closed) return Promise.reject(new Error('The sign-in page decoder was closed.'))
    if (!this.threaded) {
      try {
        const { columns, nextLink } = decodeSignInPage(body, types)
        return Promise.resolve({ batch: new SignInBatch(columns), nextLink })
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)))
      }
    }
    const worker = this.start()
    const id = this.nextId++
    let slot: SharedArrayBuffer | null = null
    let request: DecodeRequest
    if (typeof body === 'string') request = { id, body, types: [...types] }
    else {
      slot = this.takeSlot(body.byteLength)
      new Uint8Array(slot, 0, body.byteLength).set(new Uint8Array(body))
      request = { id, body: { shared: slot, length: body.byteLength }, types: [...types] }
    }
    return new Promise<DecodedBatch>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, slot })
      if (this.pending.size === 1) worker.ref()
      worker.postMessage(request)
    })
  }

  /** A shared buffer of at least `bytes` that no pending page uses. */
  private takeSlot(bytes: number): SharedArrayBuffer {
    const free = this.freeSlots
    let best = -1
    for (let k = 0; k < free.length; k++)
      if (
        free[k]!.byteLength >= bytes &&
        (best < 0 || free[k]!.byteLength < free[best]!.byteLength)
      )
        best = k
    if (best >= 0) return free.splice(best, 1)[0]!
    return new SharedArrayBuffer(Math.max(SLOT_STEP, Math.ceil(bytes / SLOT_STEP) * SLOT_STEP))
  }

  /** Keeps an answered page's buffer for a later page (the smallest ones go when too many are kept). */
  private releaseSlot(slot: SharedArrayBuffer | null): void {
    if (!slot || slot.byteLength > KEPT_SLOT_BYTES) return
    this.freeSlots.push(slot)
    if (this.freeSlots.length > KEPT_SLOTS) {
      this.freeSlots.sort((a, b) => b.byteLength - a.byteLength)
      this.freeSlots.length = KEPT_SLOTS
    }
  }

  /** The worker isolate's V8 heap statistics (null while no worker runs): for measurements. */
  async workerHeapStatistics(): Promise<{ usedHeapSize: number; totalHeapSize: number } | null> {
    const worker = this.worker
    if (!worker) return null
    // The answer comes through the worker's port, which holds the event loop only while referenced.
    worker.ref()
    try {
      const stats = await worker.getHeapStatistics()
      return { usedHeapSize: stats.used_heap_size, totalHeapSize: stats.total_heap_size }
    } finally {
      if (this.pending.size === 0 && this.worker === worker) worker.unref()
    }
  }

  /** Ends the worker; pages still being decoded are rejected. */
  async close(): Promise<void> {
    this.closed = true
    const worker = this.worker
    this.worker = null
    this.failAll(new Error('The sign-in page decoder was closed before the page was decoded.'))
    if (worker) await worker.terminate()
  }

  private start(): Worker {
    if (this.worker) return this.worker
    const entry = this.entry!
    const worker = new Worker(entry.url, {
      ...(entry.execArgv ? { execArgv: entry.execArgv } : {}),
      name: 'sign-in page decoder',
      // A page is at most ~1 MB of JSON; without limits a worker isolate grows a heap as large as
      // the main one before collecting, which showed as ~200 MiB of RSS.
      resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 128 },
    })
    worker.unref()
    worker.on('message', (reply: DecodeReply) => this.settle(reply))
    const fail = (reason: string) => {
      if (this.worker !== worker) return
      this.worker = null
      this.failAll(
        new Error(
          `The sign-in page decoder (a worker thread) stopped: ${reason}. The page was not stored; sync again to resume.`,
        ),
      )
    }
    worker.on('error', (error) => fail(error.message))
    worker.on('messageerror', (error) => fail(`a reply could not be read (${error.message})`))
    worker.on('exit', (code) => fail(`it exited with code ${code}`))
    this.worker = worker
    return worker
  }

  private settle(reply: DecodeReply): void {
    const pending = this.pending.get(reply.id)
    if (!pending) return
    this.pending.delete(reply.id)
    // The worker has answered, so it no longer reads the page's bytes.
    this.releaseSlot(pending.slot)
    if (this.pending.size === 0) this.worker?.unref()
    if (reply.ok) {
      try {
        pending.resolve({ batch: new SignInBatch(reply.columns), nextLink: reply.nextLink })
      } catch (error) {
        pending.reject(error instanceof Error ? error : new Error(String(error)))
      }
    } else if (reply.kind === 'internal')
      pending.reject(
        new Error(`The sign-in page decoder (a worker thread) failed: ${reply.message}`),
      )
    else pending.reject(new SignInPageError(reply.kind, reply.path, reply.message))
  }

  private failAll(error: Error): void {
    const pending = [...this.pending.values()]
    this.pending.clear()
    // A stopped worker's buffers are not reused: nothing is known of what it was doing with them.
    this.freeSlots.length = 0
    for (const { reject } of pending) reject(error)
  }
}

let shared: SignInPageDecoder | null = null

/** The process's decoder (one worker thread shared by every Graph source). */
export function sharedSignInDecoder(): SignInPageDecoder {
  if (!shared) shared = new SignInPageDecoder()
  return shared
}

/** Ends the shared decoder's worker (at shutdown; a later decode starts a new decoder). */
export async function closeSharedSignInDecoder(): Promise<void> {
  const decoder = shared
  shared = null
  await decoder?.close()
}
