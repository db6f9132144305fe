// Every bridge channel fuzzed with arbitrary and near-valid payloads (fast-check): each request is
// answered with a Result — a value or a typed error — and never with an unhandled failure.
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { dispatchInvoke, invokeChannels, type InvokeChannel } from '../../src-main/contract'
import { createCore } from '../../src-main/core/bootstrap'
import { makeTempDir } from '../support/core'
import { recordFigure } from './figures'

const runsPerChannel = Number(process.env.DCA_FUZZ_RUNS ?? 150)

// Field names used across the contract's schemas, so generated objects often get past the shape
// check and reach the handlers with wrong values.
const knownKeys = [
  'locale', 'theme', 'tenant', 'cloud', 'tenantId', 'clientId', 'custom', 'authorityHost', 'graphEndpoint',
  'logAnalyticsEndpoint', 'portalUrl', 'logAnalyticsWorkspaceId', 'url', 'homeAccountId', 'loginHint', 'appId',
  'granularity', 'days', 'full', '__proto__', 'constructor',
]
const nearValidValue = fc.oneof(
  fc.anything(),
  fc.constantFrom('en', 'ko', 'dark', 'public', 'custom', 'hour', 'day', 7, 30, 365, true, 'https://portal.azure.com/#x', 'javascript:alert(1)'),
  fc.uuid(),
  fc.string(),
)
const payload = fc.oneof(
  fc.anything(),
  fc.constant(undefined),
  fc.dictionary(fc.constantFrom(...knownKeys), nearValidValue),
  fc.record({ tenant: fc.dictionary(fc.constantFrom(...knownKeys), nearValidValue) }),
)

const unexpected: string[] = []
const dataDir = makeTempDir('dca-fuzz-')
const core = createCore({
  runtime: { productName: 'Defender Connected Apps', version: '0.0.0', platform: process.platform, arch: process.arch, node: process.versions.node, electron: null, chrome: null },
  dataDir,
  logLevel: 'error',
  // No browser and no network here: sign-in attempts fail fast with a typed error.
  launchExternal: async () => {
    throw new Error('the fuzz test opens no browser')
  },
  tokenCacheFactory: async () => ({ plugin: null, keychain: 'unavailable', reason: 'fuzz' }),
})
let cases = 0

afterAll(() => {
  core.service.data.close()
  recordFigure('ipc-fuzz', { channels: invokeChannels.length, casesTried: cases, unhandled: unexpected.length })
})

describe('IPC fuzzing', () => {
  it.each(invokeChannels.map((channel) => [channel]))('%s answers every payload with a Result, never an unhandled error', async (channel: InvokeChannel) => {
    // A configured tenant with nobody signed in: data channels answer not_signed_in instead of
    // starting real syncs of the demo tenant on every undefined payload.
    await core.service.updateSettings({ tenant: { cloud: 'public', tenantId: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555' } })
    await fc.assert(
      fc.asyncProperty(payload, async (value) => {
        cases++
        const result = await dispatchInvoke(core.service, channel, value, {
          onUnexpectedError: (error) => unexpected.push(`${channel}: ${String(error)}`),
        })
        expect(typeof result.ok).toBe('boolean')
        if (!result.ok) {
          expect(result.error.code).not.toBe('internal')
          expect(typeof result.error.message).toBe('string')
          expect(result.error.message.length).toBeGreaterThan(0)
        }
      }),
      { numRuns: runsPerChannel },
    )
    expect(unexpected).toEqual([])
  })

  it('answers unknown channel names of every shape', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), fc.anything(), async (channel, value) => {
        cases++
        const result = await dispatchInvoke(core.service, channel, value)
        if (!(invokeChannels as readonly unknown[]).includes(channel)) expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } })
      }),
      { numRuns: runsPerChannel },
    )
  })
})
