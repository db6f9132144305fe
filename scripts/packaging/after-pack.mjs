// electron-builder afterPack hook: flips the Electron fuses (fuses.mjs) in the packaged binary
// before it is signed, then reads them back and fails the build if any did not take.
import { join } from 'node:path'
import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses'
import { fuseSettings, isE2eBuild } from './fuses.mjs'

const macArm64 = 3 // electron-builder's Arch.arm64

/** The packaged Electron executable for an afterPack context. */
export function packagedExecutable(context) {
  const { appOutDir, electronPlatformName, packager } = context
  const productFilename = packager.appInfo.productFilename
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${productFilename}.app`, 'Contents', 'MacOS', productFilename)
    case 'win32':
      return join(appOutDir, `${productFilename}.exe`)
    default:
      return join(appOutDir, packager.executableName)
  }
}

/** Fuse settings keyed by FuseV1Options index, as flipFuses wants them. */
export function fuseWireConfig(settings) {
  const config = {}
  for (const [name, value] of Object.entries(settings)) {
    const index = FuseV1Options[name]
    if (typeof index !== 'number') throw new Error(`Unknown Electron fuse "${name}" in scripts/packaging/fuses.mjs`)
    config[index] = value
  }
  return config
}

export async function applyFuses(executable, settings, { resetAdHocDarwinSignature = false } = {}) {
  await flipFuses(executable, { version: FuseVersion.V1, resetAdHocDarwinSignature, ...fuseWireConfig(settings) })
  const wire = await getCurrentFuseWire(executable)
  for (const [name, wanted] of Object.entries(settings)) {
    const state = wire[FuseV1Options[name]]
    // FuseState: 48 = '0' disabled, 49 = '1' enabled
    if (state !== (wanted ? 49 : 48)) throw new Error(`Fuse ${name} did not take (state ${state}) in ${executable}`)
  }
}

export default async function afterPack(context) {
  const executable = packagedExecutable(context)
  const settings = fuseSettings(process.env)
  // Flipping bytes invalidates the ad-hoc signature Apple Silicon insists on; re-sign it ad hoc
  // (a Developer ID signature, when configured, replaces it right after this hook).
  const resetAdHocDarwinSignature = context.electronPlatformName === 'darwin' && context.arch === macArm64
  await applyFuses(executable, settings, { resetAdHocDarwinSignature })
  console.log(`  • fuses flipped${isE2eBuild(process.env) ? ' (E2E build: inspector kept on)' : ''}: ${JSON.stringify(settings)}`)
}
