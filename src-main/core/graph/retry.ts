// Time and retry arithmetic shared by the Graph client, the Log Analytics source and the limiter.
// Kept pure (clock and randomness injected) so the unit tests can pin every bound.

/** Where "now" and waiting come from. Production uses wall time; tests and the bench a fake or scaled clock. */
export interface Clock {
  now(): number
  /** Resolves after `ms` on this clock; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  if (reason instanceof Error) return reason
  const error = new Error('The operation was cancelled.')
  error.name = 'AbortError'
  return error
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal)
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal))
      if (ms <= 0) return resolve()
      const onAbort = () => {
        clearTimeout(timer)
        reject(abortReason(signal!))
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      signal?.addEventListener('abort', onAbort, { once: true })
    }),
}

/**
 * Milliseconds a `Retry-After` header asks for: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
 * Null when absent or unreadable, so the caller falls back to its own backoff; a date in the past is 0.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined) return null
  const text = value.trim()
  if (text === '') return null
  if (/^\d+$/.test(text)) return Number(text) * 1000
  // Only the date forms HTTP allows; a bare number with a fraction or sign is malformed, not a date.
  if (!/[a-z]/i.test(text)) return null
  const at = Date.parse(text)
  if (!Number.isFinite(at)) return null
  return Math.max(0, at - nowMs)
}

export interface BackoffPolicy {
  /** Ceiling of the first retry's wait. */
  baseMs: number
  /** Ceiling of any wait. */
  maxMs: number
}

export const defaultBackoff: BackoffPolicy = { baseMs: 500, maxMs: 30_000 }

/**
 * Wait before retry number `attempt` (1 = first retry): "equal jitter" exponential backoff, uniform in
 * [cap/2, cap] with cap = min(maxMs, baseMs·2^(attempt-1)). Half the cap is fixed so a retry never fires
 * immediately after a failure; the random half spreads concurrent slices that failed together.
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy = defaultBackoff,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.min(30, attempt - 1))
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent)
  const r = Math.min(1, Math.max(0, random()))
  return Math.round(cap / 2 + (cap / 2) * r)
}
