// Cost of one validated request through the bridge's main-side half (schema check + handler),
// the path every renderer request takes.
import { dispatchInvoke } from '../../src-main/contract'
import { createTestCore } from '../support/core'
import type { Benchmark } from './types'

const benchmarks: Benchmark[] = [
  {
    name: 'bridge dispatch',
    async run() {
      const core = createTestCore({ forceDemo: true })
      const iterations = 20_000
      const payloads = [
        ['getAppInfo', undefined],
        ['getSettings', undefined],
        ['openExternal', { url: 'javascript:alert(1)' }],
        ['updateSettings', { locale: 'xx' }],
      ] as const
      for (let i = 0; i < 1_000; i++) await dispatchInvoke(core.service, 'getSettings', undefined)
      const started = process.hrtime.bigint()
      for (let i = 0; i < iterations; i++) {
        const [channel, payload] = payloads[i % payloads.length]!
        await dispatchInvoke(core.service, channel, payload)
      }
      const microseconds = Number(process.hrtime.bigint() - started) / 1_000 / iterations
      core.cleanup()
      return [
        {
          name: 'mean time per dispatched request',
          value: microseconds,
          unit: 'µs',
          budget: { op: '<=', value: 1_000 },
          inputs: { iterations, mix: 'getAppInfo, getSettings, refused openExternal, invalid updateSettings' },
        },
      ]
    },
  },
]
export default benchmarks
