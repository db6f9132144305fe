import { afterEach, describe, expect, it } from 'vitest'
import { AppError, dispatchInvoke, invokeChannels, type InvokeHandlers } from '../../../src-main/contract'
import { createTestCore, type TestCore } from '../../support/core'

let core: TestCore | undefined
afterEach(() => core?.cleanup())

describe('dispatchInvoke', () => {
  it('answers a valid request with the service value', async () => {
    core = createTestCore({ forceDemo: true })
    const result = await dispatchInvoke(core.service, 'getAppInfo', undefined)
    expect(result).toMatchObject({ ok: true, value: { mode: 'demo', dataDir: core.dataDir } })
  })

  it('answers a bad payload with a validation error naming the field', async () => {
    core = createTestCore()
    const result = await dispatchInvoke(core.service, 'updateSettings', { locale: 'xx' })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('validation')
    expect(result.error.issues?.[0]?.path).toBe('locale')
    expect(result.error.message).toContain('locale')
  })

  it('rejects unknown fields rather than ignoring them', async () => {
    core = createTestCore()
    const result = await dispatchInvoke(core.service, 'updateSettings', { theme: 'dark', evil: true })
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } })
  })

  it('rejects a payload on a channel that takes none', async () => {
    core = createTestCore()
    const result = await dispatchInvoke(core.service, 'getSettings', { sneaky: 1 })
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } })
  })

  it('rejects non-object payloads of every kind without throwing', async () => {
    core = createTestCore()
    for (const payload of [null, 42, 'text', [], () => 1, Symbol('x'), Number.NaN]) {
      const result = await dispatchInvoke(core.service, 'openExternal', payload)
      expect(result).toMatchObject({ ok: false, error: { code: 'validation' } })
    }
  })

  it('answers an unknown channel, including prototype names, with unknown_channel', async () => {
    core = createTestCore()
    for (const channel of ['nope', '__proto__', 'constructor', 'toString', 42, null]) {
      const result = await dispatchInvoke(core.service, channel, undefined)
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } })
    }
  })

  it('passes AppError messages through and hides unexpected errors behind a reference', async () => {
    const seen: string[] = []
    const failing = Object.fromEntries(invokeChannels.map((c) => [c, async () => undefined])) as unknown as InvokeHandlers
    failing.getAppInfo = async () => {
      throw new AppError('not_found', 'No such thing.')
    }
    failing.getSettings = async () => {
      throw new Error('secret internals: eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig')
    }
    expect(await dispatchInvoke(failing, 'getAppInfo', undefined)).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No such thing.' },
    })
    const hidden = await dispatchInvoke(failing, 'getSettings', undefined, {
      onUnexpectedError: (_error, channel, reference) => seen.push(`${channel}:${reference}`),
    })
    expect(hidden.ok).toBe(false)
    if (hidden.ok) return
    expect(hidden.error.code).toBe('internal')
    expect(hidden.error.message).not.toContain('secret')
    expect(seen).toHaveLength(1)
    expect(hidden.error.message).toContain(seen[0]!.split(':')[1]!)
  })
})

describe('dispatchInvoke with hostile channel values', () => {
  it('answers objects that cannot be turned into text (found by the fuzz suite)', async () => {
    const core = createTestCore()
    for (const channel of [{ toString: '' }, Object.create(null), { [Symbol.toPrimitive]: () => { throw new Error('boom') } }, Symbol('x')]) {
      await expect(dispatchInvoke(core.service, channel, undefined)).resolves.toMatchObject({ ok: false, error: { code: 'unknown_channel' } })
    }
    core.cleanup()
  })
})
