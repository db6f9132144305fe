// Deterministic sign-ins for the concurrency test, shared by the writer processes and the test that
// checks their combined result. Writers' events fall in the same hours and apps, so their rollup
// upserts hit the same rows.
import type { SignInEvent } from '../../../src-main/core/sources/types'
import { iso, signIn } from '../../unit/store/helpers'

export const CONCURRENT_TENANT = 'cccccccc-0000-4000-8000-000000000003'
export const BATCHES = 60
export const BATCH_SIZE = 250
const START = Date.parse('2025-03-01T00:00:00Z') / 1000

export function batchFor(writer: number, batch: number): SignInEvent[] {
  return Array.from({ length: BATCH_SIZE }, (_, index) =>
    signIn({
      id: `w${writer}-b${batch}-e${index}`,
      appId: `app-${index % 5}`,
      createdDateTime: iso(START + ((batch * BATCH_SIZE + index) % (24 * 3600)) * 3),
      errorCode: index % 9 === 0 ? 7_000_215 : 0,
    }),
  )
}
