// The afterPack hook flips the fuses with @electron/fuses and reads them back — here on a stand-in
// executable that carries Electron's fuse wire (the real binary cannot be downloaded here).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import afterPack, { applyFuses, fuseWireConfig, packagedExecutable } from '../../../scripts/packaging/after-pack.mjs'
import { fuseSettings } from '../../../scripts/packaging/fuses.mjs'
import { defaultWire, readWire, standInExecutable } from './standin'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dca-fuses-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const packager = { appInfo: { productFilename: 'Defender Connected Apps' }, executableName: 'defender-connected-apps' }

describe('fuse hook', () => {
  it('finds the packaged executable on each platform', () => {
    expect(packagedExecutable({ appOutDir: '/o', electronPlatformName: 'win32', packager })).toBe(join('/o', 'Defender Connected Apps.exe'))
    expect(packagedExecutable({ appOutDir: '/o', electronPlatformName: 'darwin', packager })).toBe(
      join('/o', 'Defender Connected Apps.app', 'Contents', 'MacOS', 'Defender Connected Apps'),
    )
    expect(packagedExecutable({ appOutDir: '/o', electronPlatformName: 'linux', packager })).toBe(join('/o', 'defender-connected-apps'))
  })

  it('maps fuse names to their wire positions and refuses unknown names', () => {
    expect(fuseWireConfig({ RunAsNode: false, OnlyLoadAppFromAsar: true })).toEqual({ 0: false, 5: true })
    expect(() => fuseWireConfig({ RunAsNod: false })).toThrow(/Unknown Electron fuse "RunAsNod"/)
  })

  it('flips the release fuses in the binary and leaves the others alone', async () => {
    const exe = join(dir, 'defender-connected-apps')
    standInExecutable(exe)
    expect(readWire(readFileSync(exe))).toBe(defaultWire)
    await applyFuses(exe, fuseSettings({}))
    // RunAsNode 0, cookies 1, NODE_OPTIONS 0, inspect 0, asar integrity 1, asar only 1; the rest as they were
    expect(readWire(readFileSync(exe))).toBe('010011' + defaultWire.slice(6))
  })

  it('keeps the inspector on in an E2E build', async () => {
    const exe = join(dir, 'defender-connected-apps')
    standInExecutable(exe)
    await applyFuses(exe, fuseSettings({ DCA_E2E_BUILD: '1' }))
    expect(readWire(readFileSync(exe))[3]).toBe('1')
  })

  it('runs as electron-builder calls it', async () => {
    standInExecutable(join(dir, 'defender-connected-apps'))
    await afterPack({ appOutDir: dir, electronPlatformName: 'linux', arch: 1, packager })
    expect(readWire(readFileSync(join(dir, 'defender-connected-apps'))).slice(0, 6)).toBe('010011')
  })

  it('fails the build when the binary has no fuse wire', async () => {
    const exe = join(dir, 'not-electron')
    standInExecutable(exe)
    const bytes = readFileSync(exe).toString('latin1').replace('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX', 'x'.repeat(32))
    writeFileSync(exe, bytes, 'latin1')
    await expect(applyFuses(exe, fuseSettings({}))).rejects.toThrow(/sentinel/)
  })
})
