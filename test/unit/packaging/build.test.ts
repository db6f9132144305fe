// Builds what this machine can build. Everything runs in a staging copy of the project (the
// working tree is shared with other work in progress; node_modules is hard-linked):
//   1. electron-vite build, then electron-builder --linux dir with a stand-in Electron (stand-in.ts):
//      the real file selection, asar, unpacking, and our fuse hook — everything but the binary.
//   2. The real linux-x64 app directory, which needs the Electron release zip. Where it cannot be
//      had, that test skips and says exactly what is missing.
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir, tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readWire, standInElectronDist } from './standin'

const root = join(import.meta.dirname, '../../..')
const require = createRequire(import.meta.url)
const asar = require(require.resolve('@electron/asar', { paths: [require.resolve('app-builder-lib')] })) as {
  listPackage(archive: string, options: { isPack: boolean }): string[]
  extractAll(archive: string, dest: string): void
}
const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version
const electronZip = `electron-v${electronVersion}-linux-x64.zip`

/** Where a real Electron linux-x64 can come from on this machine, or null. */
function realElectron(): { electronDist: string } | null {
  const dist = join(root, 'node_modules/electron/dist')
  if (existsSync(join(dist, 'electron'))) return { electronDist: dist }
  const cache = process.env.electron_config_cache ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'electron')
  const find = (dir: string, depth: number): string | null => {
    if (!existsSync(dir) || depth < 0) return null
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry)
      if (entry === electronZip) return path
      if (statSync(path).isDirectory()) {
        const found = find(path, depth - 1)
        if (found) return found
      }
    }
    return null
  }
  const zip = find(cache, 2)
  return zip ? { electronDist: zip } : null
}
const real = realElectron()
const missingElectron =
  `Electron release zip ${electronZip} (Electron's linux-x64 build) is missing: node_modules/electron/dist has no binary ` +
  `(its download from github.com/electron/electron/releases is not reachable here, or ELECTRON_SKIP_BINARY_DOWNLOAD=1) and ` +
  `the @electron/get cache (~/.cache/electron or $electron_config_cache) holds no copy. Put the zip in that cache to build ` +
  `the real app directory. AppImage and deb also need electron-builder's appimage and fpm tool downloads, so only --dir is attempted.`

let stage: string
let built = false

function copyProject(): void {
  stage = mkdtempSync(join(tmpdir(), 'dca-package-'))
  const tsconfigs = readdirSync(root).filter((name) => /^tsconfig.*\.json$/.test(name))
  for (const entry of ['package.json', 'package-lock.json', 'electron-builder.yml', 'electron.vite.config.ts', ...tsconfigs, 'src-main', 'src-renderer', 'build', 'resources', 'scripts/packaging']) {
    if (existsSync(join(root, entry))) cpSync(join(root, entry), join(stage, entry), { recursive: true })
  }
  // Hard links: a full copy without the space; a symlink would hide the dependency tree from npm.
  execFileSync('cp', ['-al', join(root, 'node_modules'), join(stage, 'node_modules')])
}

function electronBuilder(args: string[], timeout = 240_000): string {
  const result = spawnSync(process.execPath, [join(stage, 'node_modules/electron-builder/cli.js'), ...args], {
    cwd: stage,
    encoding: 'utf8',
    timeout,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
  })
  const output = `${result.stdout}\n${result.stderr}`
  if (result.status !== 0) throw new Error(`electron-builder ${args.join(' ')} failed:\n${output.slice(-4000)}`)
  return output
}

beforeAll(() => {
  copyProject()
  execFileSync(process.execPath, [join(stage, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: stage, stdio: 'pipe', timeout: 240_000 })
  built = true
}, 300_000)

afterAll(() => {
  if (stage) rmSync(stage, { recursive: true, force: true })
})

describe('packaging with a stand-in Electron (file selection, asar, unpacking, fuses)', () => {
  let appOut: string
  let files: string[]
  let buildLog: string

  beforeAll(() => {
    const dist = join(stage, 'stand-in-electron')
    standInElectronDist(dist)
    buildLog = electronBuilder(['--linux', 'dir', '--x64', `-c.electronDist=${dist}`, '-c.npmRebuild=false', `-c.directories.output=${join(stage, 'dist')}`])
    appOut = join(stage, 'dist', 'linux-unpacked')
    files = asar.listPackage(join(appOut, 'resources', 'app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/'))
  }, 300_000)

  it('packs the bundles and package.json and nothing from the sources, tests or docs', () => {
    expect(built).toBe(true)
    for (const kept of ['/package.json', '/out/main/index.js', '/out/preload/preload.cjs', '/out/renderer/index.html', '/resources/icon.png']) expect(files).toContain(kept)
    const own = files.filter((f) => !f.startsWith('/node_modules/'))
    expect(own.filter((f) => /^\/(src-main|src-renderer|test|docs|scripts|build)(\/|$)/.test(f))).toEqual([])
    expect(files.filter((f) => f.endsWith('.map') || (f.endsWith('.ts') && !f.startsWith('/node_modules/')))).toEqual([])
    expect(own.filter((f) => f.startsWith('/out/test-bridge'))).toEqual([])
  })

  it('ships exactly the packages the main bundle loads (and their dependencies)', () => {
    const packages = new Set(files.map((f) => f.match(/^\/node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.[1]).filter((p): p is string => Boolean(p)))
    const mainCode = readdirSync(join(stage, 'out/main'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(stage, 'out/main', f), 'utf8'))
      .join('\n')
    const specifiers = [
      ...mainCode.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*["']([^"']+)["']/gm),
      ...mainCode.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
      ...mainCode.matchAll(/\b(?:import|require)\(\s*["']([^"']+)["']\s*\)/g),
    ].map((m) => m[1]!)
    const imported = new Set(
      specifiers
        .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && s !== 'electron')
        .map((s) => s.match(/^(?:@[^/]+\/)?[^/]+/)![0]),
    )
    expect(imported.size).toBeGreaterThan(0)
    for (const name of imported) expect(packages, `${name} is imported by out/main`).toContain(name)
    for (const name of ['vue', 'pinia', 'vue-router', 'chart.js', 'electron', 'electron-builder', 'vite', 'esbuild', 'prebuild-install', 'node-addon-api']) {
      expect(packages, `${name} must not be packaged`).not.toContain(name)
    }
  })

  it('keeps the native modules outside the asar', () => {
    const unpacked = join(appOut, 'resources', 'app.asar.unpacked')
    const natives = readdirSync(unpacked, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.node')).map((f) => f.replaceAll('\\', '/'))
    expect(natives).toContain('node_modules/keytar/build/Release/keytar.node')
    expect(natives.some((f) => f.startsWith('node_modules/@azure/msal-node-extensions/bin/'))).toBe(true)
    expect(natives.some((f) => f.startsWith('node_modules/@azure/msal-node-runtime/dist/linux/'))).toBe(true)
    expect(existsSync(join(unpacked, 'node_modules/@azure/msal-node-runtime/dist/linux/ubuntu/x64/libmsalruntime.so'))).toBe(true)
  })

  it('loads every runtime package from the packaged tree (under Node, natives included)', () => {
    const extracted = join(stage, 'extracted')
    asar.extractAll(join(appOut, 'resources', 'app.asar'), extracted)
    cpSync(join(appOut, 'resources', 'app.asar.unpacked'), extracted, { recursive: true })
    mkdirSync(join(extracted, 'probe'), { recursive: true })
    const probe = [
      "for (const name of ['@azure/msal-node', '@azure/msal-node-extensions', 'zod', 'keytar']) {",
      '  const m = await import(name); if (!m) throw new Error(name)',
      '}',
      "console.log('loaded')",
    ].join('\n')
    // NODE_PATH is not used by ESM; run from inside the extracted app so resolution walks its node_modules.
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: join(extracted, 'out', 'main'), encoding: 'utf8', timeout: 60_000 })
    expect(result.stderr).toBe('')
    expect(result.stdout.trim()).toBe('loaded')
    expect(relative(extracted, join(extracted, 'node_modules'))).toBe('node_modules')
  })

  it('flips the fuses in the packaged executable through the afterPack hook', () => {
    expect(buildLog).toContain('fuses flipped')
    const wire = readWire(readFileSync(join(appOut, 'defender-connected-apps')))
    // RunAsNode off, cookie encryption on, NODE_OPTIONS off, inspect off, asar integrity on, asar-only on
    expect(wire.slice(0, 6)).toBe('010011')
  })
})

describe.skipIf(real === null)('the real linux-x64 app directory', () => {
  it('packages with the real Electron binary and its fuses flipped', () => {
    electronBuilder(['--linux', 'dir', '--x64', `-c.electronDist=${real!.electronDist}`, `-c.directories.output=${join(stage, 'dist-real')}`], 600_000)
    const exe = join(stage, 'dist-real', 'linux-unpacked', 'defender-connected-apps')
    expect(readWire(readFileSync(exe)).slice(0, 6)).toBe('010011')
  }, 700_000)
})

if (real === null) {
  describe('the real linux-x64 app directory', () => {
    it.skip(missingElectron, () => {})
  })
}
