// Builds what the E2E run serves: the app (electron-vite: main, preload, renderer) when any source
// is newer than the build, and always the small test-bridge bundle (well under a second).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'vite'
import { repoRoot, testBridgeDir } from './paths'

const buildInputs = [
  'src-main',
  'src-renderer',
  'electron.vite.config.ts',
  'package.json',
  'package-lock.json',
]
const buildOutputs = ['out/renderer/index.html', 'out/main/index.js', 'out/preload/preload.cjs']

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return readdirSync(path).reduce(
    (newest, name) => Math.max(newest, newestMtime(join(path, name))),
    stat.mtimeMs,
  )
}

export function appBuildIsStale(): boolean {
  const outputs = buildOutputs.map((file) => join(repoRoot, file))
  if (outputs.some((file) => !existsSync(file))) return true
  const oldestOutput = Math.min(...outputs.map((file) => statSync(file).mtimeMs))
  return buildInputs.some((input) => newestMtime(join(repoRoot, input)) > oldestOutput)
}

export function buildApp(): void {
  const cli = join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js')
  const result = spawnSync(process.execPath, [cli, 'build'], {
    cwd: repoRoot,
    stdio: 'inherit',
    timeout: 120_000,
  })
  if (result.status !== 0)
    throw new Error(`electron-vite build failed (exit ${result.status ?? result.signal})`)
}

/** Builds the bridge bundle into `outDir` (the E2E run's by default; the renderer benchmark uses its own). */
export async function buildTestBridge(outDir = testBridgeDir): Promise<string> {
  const bundle = join(outDir, 'test-bridge.iife.js')
  await build({
    configFile: false,
    root: repoRoot,
    logLevel: 'warn',
    build: {
      lib: {
        entry: join(repoRoot, 'test/e2e/bridge/bridge-entry.ts'),
        formats: ['iife'],
        name: 'dcaBridge',
        fileName: () => 'test-bridge.iife.js',
      },
      outDir,
      emptyOutDir: true,
      minify: false,
    },
  })
  if (!existsSync(bundle)) throw new Error(`The test bridge was not built at ${bundle}`)
  return bundle
}

export default async function globalSetup(): Promise<void> {
  if (appBuildIsStale()) buildApp()
  await buildTestBridge()
}
