// Persists MSAL's token cache in the OS keychain through @azure/msal-node-extensions: Keychain on
// macOS and libsecret on Linux (both via keytar), DPAPI on Windows. There is no plaintext fallback:
// where no keychain works the cache stays in memory for this session and the user is told why.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { ICachePlugin } from '@azure/msal-node'
import type { Logger } from '../log'

export const keychainServiceName = 'Defender Connected Apps'

export interface TokenCacheBinding {
  /** Null when tokens live in memory only. */
  plugin: ICachePlugin | null
  keychain: 'available' | 'unavailable'
  /** Why the keychain is unavailable, in words for the user. */
  reason: string | null
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
    return { plugin: new extensions.PersistenceCachePlugin(persistence), keychain: 'available', reason: null }
  } catch (error) {
    const reason = describeKeychainFailure(error)
    log.warn(`OS keychain unavailable; tokens stay in memory for this session (${reason})`)
    return { plugin: null, keychain: 'unavailable', reason }
  }
}

function describeKeychainFailure(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 160)
  if (/keytar|\.node\b|cannot find module|libsecret-1\.so/i.test(message)) {
    return `the keychain module could not be loaded (${message})`
  }
  if (process.platform === 'darwin') return `the macOS Keychain refused access (${message})`
  if (process.platform === 'win32') return `Windows data protection (DPAPI) failed (${message})`
  return `no Secret Service (such as GNOME Keyring or KWallet) is reachable in this session (${message})`
}
