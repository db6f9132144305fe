// Persists MSAL's token cache in the OS keychain through @azure/msal-node-extensions: Keychain on
// macOS and libsecret on Linux (both via keytar), DPAPI on Windows. There is no plaintext fallback:
// where no keychain works the cache stays in memory for this session and the user is told why.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { ICachePlugin } from '@azure/msal-node'
import type { KeychainProblem } from '../../contract'
import type { Logger } from '../log'

export const keychainServiceName = 'Defender Connected Apps'

export interface TokenCacheBinding {
  /** Null when tokens live in memory only. */
  plugin: ICachePlugin | null
  keychain: 'available' | 'unavailable'
  /** Why the keychain is unavailable, in English words (the log, the CLI). */
  reason: string | null
  /** The same as a code the renderer words in the UI language; absent when not known. */
  problem?: KeychainProblem | null
}

/**
 * @param cacheKey distinguishes caches of different clouds and client IDs (one keychain entry each).
 */
export async function createKeychainCache(dataDir: string, cacheKey: string, log: Logger): Promise<TokenCacheBinding> {
  const directory = join(dataDir, 'auth')
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 })
    // Imported lazily: loading keytar fails outright where libsecret is missing.
    const extensions = await import('@azure/msal-node-extensions')
    const persistence = await extensions.PersistenceCreator.createPersistence({
      // On Windows this file holds the DPAPI-encrypted cache; on macOS and Linux only a "{}" marker
      // whose modification time tells other processes the keychain entry changed.
      cachePath: join(directory, `token-cache-${cacheKey}.bin`),
      dataProtectionScope: extensions.DataProtectionScope.CurrentUser,
      serviceName: keychainServiceName,
      accountName: `msal-token-cache-${cacheKey}`,
      usePlaintextFileOnLinux: false,
    })
    return { plugin: new extensions.PersistenceCachePlugin(persistence), keychain: 'available', reason: null, problem: null }
  } catch (error) {
    const { problem, reason } = describeKeychainFailure(error, process.platform)
    log.warn(`OS keychain unavailable; tokens stay in memory for this session (${reason})`)
    return { plugin: null, keychain: 'unavailable', reason, problem }
  }
}

/** Why the keychain failed: a code for the UI and an English sentence with the OS's error. */
export function describeKeychainFailure(error: unknown, platform: NodeJS.Platform): { problem: KeychainProblem; reason: string } {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 160)
  if (/keytar|\.node\b|cannot find module|libsecret-1\.so/i.test(message)) {
    return { problem: 'module_missing', reason: `the keychain module could not be loaded (${message})` }
  }
  if (platform === 'darwin') return { problem: 'macos_refused', reason: `the macOS Keychain refused access (${message})` }
  if (platform === 'win32') return { problem: 'dpapi_failed', reason: `Windows data protection (DPAPI) failed (${message})` }
  return {
    problem: 'no_secret_service',
    reason: `no Secret Service (such as GNOME Keyring or KWallet) is reachable in this session (${message})`,
  }
}
