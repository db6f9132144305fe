// A stand-in for the Electron executable: a file holding Electron's fuse sentinel and a fuse wire
// in Electron 45's default state, so the fuse hook and electron-builder's packaging run without the
// real binary (which cannot be downloaded here). It proves the pipeline, not the real binary.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const fuseSentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
/** Electron's defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on, asar integrity off, asar-only off, V8 snapshot off, file privileges on, wasm traps on. */
export const defaultWire = '101100011'

export function standInExecutable(path: string): void {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in, not Electron"\nexit 0\n# '), Buffer.from(fuseSentinel), Buffer.from([1, defaultWire.length]), Buffer.from(defaultWire), Buffer.from('\n')]))
  chmodSync(path, 0o755)
}

/** A directory shaped like an unpacked Electron linux-x64 release, for electronDist. */
export function standInElectronDist(dir: string): void {
  mkdirSync(join(dir, 'resources'), { recursive: true })
  standInExecutable(join(dir, 'electron'))
  writeFileSync(join(dir, 'version'), 'stand-in')
  writeFileSync(join(dir, 'LICENSE'), 'stand-in')
  writeFileSync(join(dir, 'LICENSES.chromium.html'), 'stand-in')
}

export function readWire(bytes: Buffer): string {
  const at = bytes.indexOf(fuseSentinel) + fuseSentinel.length
  return bytes.subarray(at + 2, at + 2 + bytes[at + 1]!).toString('latin1')
}
