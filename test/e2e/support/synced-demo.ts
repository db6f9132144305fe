// A demo tenant synced once per worker at a pinned time, copied into each test's data directory
// before its core opens the store: a sync takes seconds, a copy milliseconds.
import { copyFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, type Core } from '../../../src-main/core/bootstrap'

const templates = new Map<string, Promise<string>>()

async function buildTemplate(now: string): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dca-e2e-synced-'))
  const core = createCore({
    runtime: { productName: 'Defender Connected Apps', version: '0', platform: process.platform, arch: process.arch, node: process.versions.node, electron: null, chrome: null },
    dataDir,
    forceDemo: true,
    now: () => new Date(now),
    launchExternal: async () => {},
  })
  await core.service.syncNow(undefined)
  core.service.data.close()
  return dataDir
}

/** Gives `core` (whose store is not open yet) the demo tenant synced at `now`. */
export async function useSyncedDemo(core: Core, now: string): Promise<void> {
  let template = templates.get(now)
  if (!template) templates.set(now, (template = buildTemplate(now)))
  const from = await template
  for (const name of readdirSync(from)) {
    if (name.startsWith('history.sqlite')) copyFileSync(join(from, name), join(core.dataDir, name))
  }
  if (!existsSync(join(core.dataDir, 'history.sqlite'))) throw new Error('the synced demo store was not copied')
}
