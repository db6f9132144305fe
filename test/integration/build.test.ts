// `npm run build` produces the three bundles, and each has the shape the secure window relies on.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { Worker } from 'node:worker_threads'
import { beforeAll, describe, expect, it } from 'vitest'
import { cliNodeFlags } from '../../src-main/cli/node-flags.mjs'
import { SignInBatch, type SignInColumns } from '../../src-main/core/sources/sign-in-batch'
import type { DecodeRequest } from '../../src-main/core/graph/sign-in-decoder'
import {
  CHECKPOINTED_FRAMES,
  CLOSE,
  CLOSED,
  CONTROL,
  LOG_FRAMES,
  PASSES,
  SLOTS,
  STATE,
  type CheckpointerData,
} from '../../src-main/core/store/checkpoint-protocol'
import packageJson from '../../package.json'

const root = join(import.meta.dirname, '../..')
const out = (...parts: string[]) => join(root, 'out', ...parts)

beforeAll(() => {
  execFileSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['electron-vite', 'build'], {
    cwd: root,
    stdio: 'pipe',
    timeout: 240_000,
  })
}, 300_000)

describe('build output', () => {
  it('has the main process and CLI bundles as ES modules', () => {
    const main = readFileSync(out('main', 'index.js'), 'utf8')
    expect(main).toMatch(/from "electron"/)
    // A plain shebang any env can run; the CLI adds its V8 flags itself (src-main/cli/relaunch.ts).
    expect(readFileSync(out('main', 'cli.js'), 'utf8').split('\n', 1)[0]).toBe(
      '#!/usr/bin/env node',
    )
  })

  it('has the package bin pointing at the built CLI, which runs', () => {
    const bin = packageJson.bin['defender-connected-apps']
    expect(existsSync(join(root, bin))).toBe(true)
    // Started as its shebang starts it (no flags: it starts itself again with them), and with them.
    for (const flags of [[], cliNodeFlags]) {
      const printed = execFileSync(process.execPath, [...flags, join(root, bin), '--version'], {
        encoding: 'utf8',
      })
      expect(printed.trim()).toBe(packageJson.version)
    }
  })

  it('has the sign-in page decoder worker as its own entry, and it decodes a page on its own', async () => {
    const entry = out('main', 'sign-in-worker.js')
    expect(existsSync(entry)).toBe(true)
    const worker = new Worker(entry)
    try {
      const page = JSON.stringify({
        value: [
          {
            id: 'a',
            createdDateTime: '2025-06-01T10:15:42.5Z',
            appId: 'app',
            signInEventTypes: ['servicePrincipal'],
            status: { errorCode: 0 },
          },
        ],
      })
      // As the decoder sends a page: its bytes at the start of a shared buffer, with their length.
      const bytes = new TextEncoder().encode(page)
      const shared = new SharedArrayBuffer(bytes.byteLength + 64)
      new Uint8Array(shared).set(bytes)
      const request: DecodeRequest = {
        id: 7,
        body: { shared, length: bytes.byteLength },
        types: ['servicePrincipal'],
      }
      const reply = new Promise<Record<string, unknown>>((resolve, reject) => {
        worker.once('message', resolve)
        worker.once('error', reject)
      })
      worker.postMessage(request)
      const answer = await reply
      expect(answer).toMatchObject({ id: 7, ok: true, columns: { length: 1 } })
      expect(new SignInBatch(answer.columns as SignInColumns).id(0)).toBe('a')
    } finally {
      await worker.terminate()
    }
  })

  it('has the store checkpointer worker as its own entry, and it checkpoints a WAL on its own', async () => {
    const entry = out('main', 'checkpoint-worker.js')
    expect(existsSync(entry)).toBe(true)
    const dir = mkdtempSync(join(tmpdir(), 'dca-build-checkpoint-'))
    const path = join(dir, 'history.sqlite')
    const db = new DatabaseSync(path)
    let worker: Worker | null = null
    try {
      db.exec('PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0')
      db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (randomblob(100000))')
      // As checkpointer.ts starts it: the file and a control block of Int32 slots.
      const control = new SharedArrayBuffer(SLOTS * 4)
      const slots = new Int32Array(control)
      const data: CheckpointerData = { path, control, intervalMs: 10, idleMs: 10 }
      worker = new Worker(entry, { workerData: data })
      const failed = new Promise<never>((_, reject) => worker!.once('error', reject))
      await Promise.race([
        failed,
        (async () => {
          while (Atomics.load(slots, PASSES) === 0) await new Promise((r) => setTimeout(r, 10))
        })(),
      ])
      expect(Atomics.load(slots, LOG_FRAMES)).toBeGreaterThan(0)
      expect(Atomics.load(slots, CHECKPOINTED_FRAMES)).toBe(Atomics.load(slots, LOG_FRAMES))
      Atomics.store(slots, CONTROL, CLOSE)
      Atomics.notify(slots, CONTROL)
      while (Atomics.load(slots, STATE) !== CLOSED) await new Promise((r) => setTimeout(r, 10))
    } finally {
      db.close()
      await worker?.terminate()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('has a CommonJS preload that requires nothing but electron (sandboxed preloads cannot)', () => {
    const preload = readFileSync(out('preload', 'preload.cjs'), 'utf8')
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1])
    expect(required).toEqual(['electron'])
    expect(preload).toContain('exposeInMainWorld')
  })

  it('has a renderer whose HTML loads only external, same-origin scripts', () => {
    const html = readFileSync(out('renderer', 'index.html'), 'utf8')
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    expect(scripts.length).toBeGreaterThan(0)
    for (const [, attributes, body] of scripts) {
      expect(body!.trim(), 'no inline script').toBe('')
      expect(attributes).toMatch(/src="\.?\/assets\//)
    }
    const assets = readdirSync(out('renderer', 'assets'))
    expect(assets.some((name) => name.endsWith('.js'))).toBe(true)
    expect(existsSync(out('renderer', 'assets'))).toBe(true)
  })

  it('keeps eval out of the renderer bundle, which the CSP forbids', () => {
    for (const name of readdirSync(out('renderer', 'assets')).filter((file) =>
      file.endsWith('.js'),
    )) {
      const code = readFileSync(out('renderer', 'assets', name), 'utf8')
      expect(code, name).not.toMatch(/\beval\(/)
      // zod probes `new Function("")` inside a try to learn whether eval is allowed; anything that
      // compiles real code at run time would break under the CSP.
      expect(code.replaceAll('new Function("")', ''), name).not.toMatch(/\bnew Function\(/)
    }
  })
})
