// The export channels end to end through the contract's dispatcher (as the IPC and the E2E bridge
// call them), with the save dialog stubbed to a temp path: choose, progress, done; an existing file
// needs a confirmed retry; the renderer cannot name a path; cancel leaves nothing.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { dispatchInvoke, type ExportProgressView } from '../../../src-main/contract'
import { createCore, type Core } from '../../../src-main/core/bootstrap'
import { makeTempDir } from '../../support/core'

const dirs: string[] = []
const cores: Core[] = []
afterEach(() => {
  for (const core of cores.splice(0)) core.service.data.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

async function syncedCore(chosen: { path: string | null }) {
  const dataDir = makeTempDir('dca-export-facade-')
  dirs.push(dataDir)
  const core = createCore({
    runtime: { productName: 'Defender Connected Apps', version: '0.0.0', platform: process.platform, arch: process.arch, node: process.versions.node, electron: null, chrome: null },
    dataDir,
    forceDemo: true,
    logLevel: 'error',
    launchExternal: async () => undefined,
    chooseExportPath: async () => chosen.path,
  })
  cores.push(core)
  await core.service.syncNow({ days: 2 })
  const call = (channel: string, payload?: unknown) => dispatchInvoke(core.service, channel, payload)
  return { core, dataDir, call }
}

describe('export channels', () => {
  it('exports to the file picked in the dialog, pushing progress', async () => {
    const chosen = { path: '' }
    const { core, dataDir, call } = await syncedCore(chosen)
    chosen.path = join(dataDir, 'usage.csv')
    const progress: ExportProgressView[] = []
    core.service.events.on('exportProgress', (event) => progress.push(event))
    const target = await call('chooseExportTarget', { what: 'usage' })
    expect(target).toMatchObject({ ok: true, value: { path: chosen.path, fileName: 'usage.csv', exists: false } })
    const targetId = (target as { value: { targetId: string } }).value.targetId
    const result = await call('startExport', { targetId, what: 'usage', granularity: 'day', localTimeZone: 'Asia/Seoul' })
    expect(result).toMatchObject({ ok: true, value: { status: 'done', what: 'usage', fileName: 'usage.csv' } })
    expect(progress.at(-1)).toMatchObject({ targetId, what: 'usage' })
    expect(readFileSync(chosen.path, 'utf8').split('\r\n')[0]).toBe('\uFEFFtenant_id,app_id,app_name,period_start,granularity,sign_ins,failures,period_start_local')
    // A used target cannot be replayed to write again.
    expect(await call('startExport', { targetId, what: 'usage' })).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('says when the dialog was closed', async () => {
    const { call } = await syncedCore({ path: null })
    expect(await call('chooseExportTarget', { what: 'inventory' })).toEqual({ ok: true, value: null })
  })

  it('asks before replacing: file_exists until the retry says overwrite', async () => {
    const chosen = { path: '' }
    const { dataDir, call } = await syncedCore(chosen)
    chosen.path = join(dataDir, 'existing.csv')
    writeFileSync(chosen.path, 'keep')
    const target = (await call('chooseExportTarget', { what: 'inventory' })) as { value: { targetId: string; exists: boolean } }
    expect(target.value.exists).toBe(true)
    expect(await call('startExport', { targetId: target.value.targetId, what: 'inventory' })).toMatchObject({ ok: false, error: { code: 'file_exists' } })
    expect(readFileSync(chosen.path, 'utf8')).toBe('keep')
    expect(await call('startExport', { targetId: target.value.targetId, what: 'inventory', overwrite: true })).toMatchObject({ ok: true, value: { status: 'done' } })
    expect(readFileSync(chosen.path, 'utf8').startsWith('\uFEFFtenant_id,app_id,app_name,publisher')).toBe(true)
  })

  it.each([
    [{ targetId: 'x', what: 'usage', path: '/etc/passwd' }, /path/],
    [{ targetId: 'x', what: 'usage', localTimeZone: 'Mars/Base' }, /IANA time zone/],
    [{ targetId: 'x', what: 'usage', from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' }, /start must be before the end/],
    [{ targetId: 'x', what: 'usage', granularity: 'week' }, /granularity/],
    [{ targetId: 'x', what: 'usage', appIds: ['not-a-guid'] }, /GUID/],
  ])('refuses %j at the boundary', async (payload, message) => {
    const { call } = await syncedCore({ path: null })
    const result = await call('startExport', payload)
    expect(result).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringMatching(message) } })
  })

  it('cancel stops the export and leaves no file or temporary file', async () => {
    const chosen = { path: '' }
    const { core, dataDir, call } = await syncedCore(chosen)
    chosen.path = join(dataDir, 'cancelled.csv')
    const target = (await call('chooseExportTarget', { what: 'usage' })) as { value: { targetId: string } }
    core.service.events.on('exportProgress', () => void call('cancelExport'))
    const result = await call('startExport', { targetId: target.value.targetId, what: 'usage', granularity: 'hour' })
    expect(result).toMatchObject({ ok: true, value: { status: 'cancelled' } })
    expect(existsSync(chosen.path)).toBe(false)
    expect(readdirSync(dataDir).filter((name) => name.endsWith('.partial'))).toEqual([])
    expect(await call('cancelExport')).toEqual({ ok: true, value: { cancelled: false } })
  })
})
