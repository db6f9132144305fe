// The packaging configuration, checked without building: electron-builder's own loader and schema,
// targets, the app's file list (through electron-builder's own file matcher), native modules
// unpacked, the fuse settings, the entitlements plist, the NSIS include and the icons.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Configuration } from 'electron-builder'
import type * as ConfigModule from 'app-builder-lib/out/util/config/config'
import type * as FileMatcherModule from 'app-builder-lib/out/fileMatcher'
import type * as BuilderUtil from 'builder-util'
import { FuseV1Options } from '@electron/fuses'
import { minimatch } from 'minimatch'
import { beforeAll, describe, expect, it } from 'vitest'
import { productName } from '../../../src-main/core/paths'
import { e2eBuildVariable, fuseSettings } from '../../../scripts/packaging/fuses.mjs'
import { readBooleanPlist, readIcns, readIco, readPngHeader } from './formats'

const root = join(import.meta.dirname, '../../..')
// electron-builder's own config loader, schema check and file matcher (CommonJS internals).
const require = createRequire(import.meta.url)
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as typeof ConfigModule
const { FileMatcher } = require('app-builder-lib/out/fileMatcher') as typeof FileMatcherModule
const { DebugLogger } = require('builder-util') as typeof BuilderUtil
const read = (path: string) => readFileSync(join(root, path))
let config: Configuration

beforeAll(async () => {
  config = await getConfig(root, join(root, 'electron-builder.yml'), null)
})

type TargetList = Array<{ target: string; arch?: string[] }>
const targets = (value: unknown) => value as TargetList

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('names the app as the code does: appId = AppUserModelID, productName = data folder name', () => {
    const index = read('src-main/index.ts').toString()
    const modelId = index.match(/appUserModelId = '([^']+)'/)?.[1]
    expect(config.appId).toBe('com.defender-connected-apps.desktop')
    expect(config.appId).toBe(modelId)
    expect(config.productName).toBe(productName)
  })

  it('targets NSIS on Windows, dmg + zip for x64 and arm64 on macOS, AppImage + deb on Linux', () => {
    expect(targets(config.win?.target)).toEqual([{ target: 'nsis', arch: ['x64', 'arm64'] }])
    expect(targets(config.mac?.target)).toEqual([
      { target: 'dmg', arch: ['x64', 'arm64'] },
      { target: 'zip', arch: ['x64', 'arm64'] },
    ])
    expect(targets(config.linux?.target).map((t) => t.target)).toEqual(['AppImage', 'deb'])
  })

  it('installs per user on Windows with a Start menu entry and an uninstaller that asks about the data', () => {
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      createStartMenuShortcut: true,
      deleteAppDataOnUninstall: false,
      include: 'build/installer.nsh',
    })
    const nsh = read('build/installer.nsh').toString()
    expect(nsh).toMatch(/!macro customUnInstall[\s\S]*!macroend/)
    expect(nsh).toContain(`!define DCA_DATA_FOLDER "${productName}"`)
    // Asked only when a person is uninstalling, defaulting to keep; deleted only on Yes.
    expect(nsh).toMatch(/\$\{ifNot\} \$\{isUpdated\}\s*\n\s*\$\{andIfNot\} \$\{Silent\}/)
    expect(nsh).toMatch(/MessageBox MB_YESNO\|MB_ICONQUESTION\|MB_DEFBUTTON2/)
    expect(nsh).toMatch(/\/SD IDNO IDYES dca_delete_data IDNO dca_keep_data/)
    const deletions = [...nsh.matchAll(/RMDir \/r "([^"]+)"/g)].map((m) => m[1])
    expect(deletions).toEqual(['$APPDATA\\${DCA_DATA_FOLDER}'])
    expect(nsh.indexOf('dca_delete_data:')).toBeLessThan(nsh.indexOf('RMDir /r'))
    expect(nsh.indexOf('RMDir /r')).toBeLessThan(nsh.indexOf('dca_keep_data:'))
  })

  it('signs macOS builds with the hardened runtime and our entitlements; notarisation is left to the environment', () => {
    expect(config.mac).toMatchObject({
      hardenedRuntime: true,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.plist',
    })
    // Unset = notarise when APPLE_* variables are present, skip otherwise; false would disable it.
    expect(config.mac?.notarize).toBeUndefined()
  })

  it('has no platform-level file lists (they would replace the top-level list for the app files)', () => {
    for (const platform of ['mac', 'win', 'linux'] as const) expect(config[platform]?.files).toBeUndefined()
  })

  it('packages the bundles, runtime assets and package.json — never sources, tests, docs or maps', () => {
    // getConfig normalises `files` into file sets; ours is one set from the app folder.
    const sets = config.files as Array<string | { from?: string; filter?: string[] }>
    const patterns = sets.flatMap((set) => (typeof set === 'string' ? [set] : (set.filter ?? [])))
    expect(sets.every((set) => typeof set === 'string' || set.from === undefined || set.from === '.')).toBe(true)
    const matcher = new FileMatcher(root, '/app', (s: string) => s, patterns)
    const filter = matcher.createFilter()
    const dir = { isDirectory: () => true } as never
    const file = { isDirectory: () => false } as never
    const packaged = (relative: string) => {
      const parts = relative.split('/')
      for (let i = 1; i < parts.length; i++) {
        if (!filter(join(root, ...parts.slice(0, i)), dir)) return false
      }
      return filter(join(root, relative), file)
    }
    for (const kept of ['package.json', 'out/main/index.js', 'out/main/chunks/x.js', 'out/preload/preload.cjs', 'out/renderer/index.html', 'out/renderer/assets/a.js', 'resources/icon.png']) {
      expect(packaged(kept), kept).toBe(true)
    }
    for (const dropped of [
      'src-main/index.ts',
      'src-main/core/log.ts',
      'src-renderer/App.vue',
      'test/unit/packaging/config.test.ts',
      'docs/ARCHITECTURE.md',
      'README.md',
      'scripts/run.mjs',
      'out/main/index.js.map',
      'out/test-bridge/test-bridge.iife.js',
      'tsconfig.json',
      'electron.vite.config.ts',
      'node_modules/vue/index.js',
      'node_modules/electron/index.js',
      'node_modules/@azure/msal-node/README.md',
      'node_modules/@azure/msal-node/src/index.d.ts',
    ]) {
      expect(packaged(dropped), dropped).toBe(false)
    }
  })

  it('unpacks every native module from the asar', () => {
    const unpack = config.asarUnpack as string[]
    const unpacked = (path: string) => unpack.some((pattern) => minimatch(path, pattern, { dot: true }))
    for (const native of [
      'node_modules/keytar/build/Release/keytar.node',
      'node_modules/@azure/msal-node-extensions/bin/x64/dpapi.node',
      'node_modules/@azure/msal-node-extensions/bin/arm64/dpapi.node',
      'node_modules/@azure/msal-node-runtime/dist/windows/x64/msal-node-runtime.node',
      'node_modules/@azure/msal-node-runtime/dist/windows/x64/msalruntime.dll',
      'node_modules/@azure/msal-node-runtime/dist/macos/arm64/msal-node-runtime.node',
      'node_modules/@azure/msal-node-runtime/dist/macos/arm64/libmsalruntime.dylib',
      'node_modules/@azure/msal-node-runtime/dist/linux/ubuntu/x64/libmsalruntime.so',
    ]) {
      expect(unpacked(native), native).toBe(true)
    }
    expect(config.asar).toBe(true)
  })

  it('rebuilds native modules for Electron from source when packaging', () => {
    expect(config.npmRebuild).toBe(true)
    expect(config.buildDependenciesFromSource).toBe(true)
  })

  it('has dist scripts for each platform', () => {
    const scripts = JSON.parse(read('package.json').toString()).scripts as Record<string, string>
    expect(scripts['dist:win']).toMatch(/electron-builder --win$/)
    expect(scripts['dist:mac']).toMatch(/electron-builder --mac$/)
    expect(scripts['dist:linux']).toMatch(/electron-builder --linux$/)
  })
})

describe('fuses', () => {
  it('runs the fuse hook after packing', async () => {
    expect(config.afterPack).toBe('./scripts/packaging/after-pack.mjs')
    const hook = await import('../../../scripts/packaging/after-pack.mjs')
    expect(typeof hook.default).toBe('function')
    expect(config.electronFuses).toBeUndefined() // one place flips fuses: our hook
  })

  it('turns off RunAsNode, NODE_OPTIONS and the inspector; turns on cookie encryption, asar integrity and asar-only', () => {
    expect(fuseSettings({})).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
    })
    for (const name of Object.keys(fuseSettings({}))) expect(typeof FuseV1Options[name as keyof typeof FuseV1Options], name).toBe('number')
  })

  it('keeps the inspector on only for E2E builds', () => {
    expect(fuseSettings({ [e2eBuildVariable]: '1' })).toMatchObject({ EnableNodeCliInspectArguments: true, RunAsNode: false })
    expect(fuseSettings({ [e2eBuildVariable]: 'yes' }).EnableNodeCliInspectArguments).toBe(false)
  })
})

describe('macOS entitlements', () => {
  it('is a well-formed plist granting only the JIT V8 needs', () => {
    const entitlements = readBooleanPlist(read('build/entitlements.mac.plist').toString())
    expect(entitlements).toEqual({ 'com.apple.security.cs.allow-jit': true })
  })

  it('grants nothing the app does not use', () => {
    const text = read('build/entitlements.mac.plist').toString().replace(/<!--[\s\S]*?-->/g, '')
    for (const unneeded of ['app-sandbox', 'disable-library-validation', 'allow-unsigned-executable-memory', 'allow-dyld-environment-variables', 'get-task-allow', 'device.camera', 'device.audio-input']) {
      expect(text).not.toContain(unneeded)
    }
  })
})

describe('icons', () => {
  const pngSizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024]

  it('has the 1024 px source and a PNG of every size, RGBA', () => {
    expect(readPngHeader(read('resources/icon.png'))).toEqual({ width: 1024, height: 1024, bitDepth: 8, colourType: 6 })
    expect(readPngHeader(read('build/icon.png'))).toMatchObject({ width: 1024, height: 1024 })
    for (const size of pngSizes) {
      expect(readPngHeader(read(`build/icons/${size}x${size}.png`)), `${size}`).toEqual({ width: size, height: size, bitDepth: 8, colourType: 6 })
    }
  })

  it('has an ICO with 16…256 px at 32 bits (BMP up to 64 px, PNG above)', () => {
    const entries = readIco(read('build/icon.ico'))
    expect(entries.map((e) => e.width)).toEqual([16, 24, 32, 48, 64, 128, 256])
    for (const entry of entries) {
      expect(entry.height).toBe(entry.width)
      expect(entry.bitsPerPixel).toBe(32)
      expect(entry.format).toBe(entry.width <= 64 ? 'bmp' : 'png')
    }
  })

  it('has an ICNS with every size from 16 to 1024 under its Apple type', () => {
    const entries = readIcns(read('build/icon.icns'))
    const expected: Record<string, number> = { icp4: 16, ic11: 32, icp5: 32, ic12: 64, ic07: 128, ic13: 256, ic08: 256, ic14: 512, ic09: 512, ic10: 1024 }
    expect(Object.fromEntries(entries.map((e) => [e.type, e.width]))).toEqual(expected)
    for (const entry of entries) expect(entry.height).toBe(entry.width)
  })

  it('points electron-builder at them', () => {
    expect(config.win?.icon).toBe('build/icon.ico')
    expect(config.mac?.icon).toBe('build/icon.icns')
    expect(config.linux?.icon).toBe('build/icons')
    for (const path of ['build/icon.ico', 'build/icon.icns', 'build/icons']) expect(existsSync(join(root, path))).toBe(true)
  })
})
