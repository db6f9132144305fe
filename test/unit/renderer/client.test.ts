// The client turns bridge Results into values or ApiErrors; stores rely on exactly this.
import { describe, expect, it } from 'vitest'
import type { BridgeApi } from '../../../src-main/contract/api'
import {
  ApiError,
  bridgeFromWindow,
  createApiClient,
  unwrapResult,
} from '../../../src-renderer/src/api/client'
import { createFakeBridge } from './support/fake-bridge'

describe('api client', () => {
  it('returns the value of an ok Result', async () => {
    const client = createApiClient(createFakeBridge({ settings: { theme: 'dark' } }).api)
    const settings = await client.getSettings()
    expect(settings.theme).toBe('dark')
  })

  it('throws an ApiError with the code, message and issues of a validation failure', async () => {
    const client = createApiClient(createFakeBridge().api)
    const failure = await client
      .updateSettings({ tenant: { cloud: 'public', clientId: 'not-a-guid' } })
      .catch((e) => e)
    expect(failure).toBeInstanceOf(ApiError)
    expect(failure.code).toBe('validation')
    expect(failure.channel).toBe('updateSettings')
    expect(failure.message).toMatch(/Invalid request to updateSettings/)
    expect(failure.isValidation).toBe(true)
    expect(failure.issuesFor('tenant.clientId')).toHaveLength(1)
    expect(failure.issuesFor('tenant.clientId')[0]?.message).toMatch(/GUID/)
  })

  it('keeps an error Result without issues as an ApiError with no issues', () => {
    const thrown = (() => {
      try {
        unwrapResult('openExternal', {
          ok: false,
          error: { code: 'url_not_allowed', message: 'This link was not opened.' },
        })
      } catch (error) {
        return error as ApiError
      }
    })()
    expect(thrown).toBeInstanceOf(ApiError)
    expect(thrown?.code).toBe('url_not_allowed')
    expect(thrown?.issues).toEqual([])
    expect(thrown?.isValidation).toBe(false)
  })

  it('reports a bridge that answers something other than a Result as bad_response', () => {
    expect(() => unwrapResult('getAppInfo', { version: '1' })).toThrowError(
      expect.objectContaining({ code: 'bad_response', channel: 'getAppInfo' }),
    )
    expect(() => unwrapResult('getAppInfo', undefined)).toThrowError(ApiError)
  })

  it('turns a bridge that rejects (main went away) into an internal ApiError', async () => {
    const broken = {
      getAppInfo: () => Promise.reject(new Error('IPC channel closed')),
      on: () => () => {},
    } as unknown as BridgeApi
    const failure = await createApiClient(broken)
      .getAppInfo()
      .catch((e) => e)
    expect(failure).toMatchObject({ code: 'internal', channel: 'getAppInfo' })
    expect(failure.message).toContain('IPC channel closed')
  })

  it('passes event subscriptions through and unsubscribes', () => {
    const bridge = createFakeBridge()
    const client = createApiClient(bridge.api)
    const seen: string[] = []
    const unsubscribe = client.on('settingsChanged', (settings) => seen.push(settings.locale))
    bridge.emit('settingsChanged', { ...bridge.settings, locale: 'ko' })
    unsubscribe()
    bridge.emit('settingsChanged', { ...bridge.settings, locale: 'en' })
    expect(seen).toEqual(['ko'])
  })

  it('explains a missing window.api instead of failing with a TypeError', () => {
    expect(() => bridgeFromWindow({} as Window)).toThrowError(
      expect.objectContaining({ code: 'bridge_unavailable' }),
    )
  })
})
