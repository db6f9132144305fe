// Builds a real core over a fresh temporary data directory for a test.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, type Core } from '../../src-main/core/bootstrap'
import packageJson from '../../package.json'

export interface TestCore extends Core {
  opened: string[]
  cleanup(): void
}

export function makeTempDir(prefix = 'dca-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** What the tests' cores say about the runtime: plain Node, no Electron. */
export const testRuntime = {
  productName: 'Defender Connected Apps',
  version: packageJson.version,
  platform: process.platform,
  arch: process.arch,
  node: process.versions.node,
  electron: null,
  chrome: null,
}

export function createTestCore(options: { dataDir?: string; forceDemo?: boolean } = {}): TestCore {
  const dataDir = options.dataDir ?? makeTempDir()
  const opened: string[] = []
  const core = createCore({
    runtime: testRuntime,
    dataDir,
    forceDemo: options.forceDemo ?? false,
    logLevel: 'debug',
    launchExternal: async (url) => {
      opened.push(url)
    },
  })
  return { ...core, opened, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) }
}
