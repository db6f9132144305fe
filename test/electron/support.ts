// Finds the Electron binary that `npm ci` downloads; where it could not be downloaded the tests
// that need it skip with this message.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const electronPackage = join(import.meta.dirname, '../../node_modules/electron')

export function electronBinary(): string | null {
  const pathFile = join(electronPackage, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(electronPackage, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

export const missingElectronMessage =
  'Electron binary missing: node_modules/electron/dist was not downloaded (no access to the Electron ' +
  'release host, or ELECTRON_SKIP_BINARY_DOWNLOAD=1). Run `npm ci` where it can be downloaded to run these tests.'
