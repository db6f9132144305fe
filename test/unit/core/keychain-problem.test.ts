// Why the keychain is unavailable reaches the renderer as a code it words in the UI language; main's
// English sentence (with the OS's error) stays for the log and the CLI.
import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { keychainProblems } from '../../../src-main/contract'
import { describeKeychainFailure } from '../../../src-main/core/auth/token-cache'
import { createCore } from '../../../src-main/core/bootstrap'
import { makeTempDir, testRuntime } from '../../support/core'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('describeKeychainFailure', () => {
  it('names each failure with a code and keeps the OS message in the English reason', () => {
    const missing = describeKeychainFailure(
      new Error('libsecret-1.so.0: cannot open shared object file'),
      'linux',
    )
    expect(missing.problem).toBe('module_missing')
    expect(missing.reason).toContain('libsecret-1.so.0')
    expect(
      describeKeychainFailure(new Error('User interaction is not allowed.'), 'darwin').problem,
    ).toBe('macos_refused')
    expect(describeKeychainFailure(new Error('The parameter is incorrect.'), 'win32').problem).toBe(
      'dpapi_failed',
    )
    const noService = describeKeychainFailure(
      new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'),
      'linux',
    )
    expect(noService.problem).toBe('no_secret_service')
    for (const result of [missing, noService]) expect(keychainProblems).toContain(result.problem)
  })
})

describe('the keychain problem in AuthStatus and the notices', () => {
  it('is reported as a code beside the English reason once the token cache is built', async () => {
    const dataDir = makeTempDir('dca-keychain-')
    dirs.push(dataDir)
    const core = createCore({
      runtime: testRuntime,
      dataDir,
      launchExternal: async () => {},
      tokenCacheFactory: async () => ({
        plugin: null,
        keychain: 'unavailable',
        reason:
          'no Secret Service (such as GNOME Keyring or KWallet) is reachable in this session (x)',
        problem: 'no_secret_service',
      }),
    })
    await core.service.updateSettings({
      tenant: {
        cloud: 'public',
        tenantId: 'contoso.onmicrosoft.com',
        clientId: '0f9e8d7c-6b5a-4321-8fed-cba987654321',
      },
    })
    const status = await core.service.getAuthStatus()
    expect(status).toMatchObject({ keychain: 'unavailable', keychainProblem: 'no_secret_service' })
    expect(status.keychainReason).toContain('Secret Service')
    const notice = (await core.service.getAppInfo()).notices.find(
      (candidate) => candidate.kind === 'keychain_unavailable',
    )
    expect(notice).toMatchObject({ keychainProblem: 'no_secret_service' })
  })
})
