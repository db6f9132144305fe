// The renderer's typed client over window.api: every bridge call answers a Result, and this turns
// it into the value or a thrown ApiError, so stores can use plain async/await and try/catch.
import type { BridgeApi } from '../../../src-main/contract/api'
import type {
  EventName,
  Events,
  InvokeChannel,
  InvokeRequest,
  InvokeResponses,
} from '../../../src-main/contract/channels'
import type {
  ApiErrorInfo,
  ErrorCode,
  Result,
  ValidationIssue,
} from '../../../src-main/contract/errors'

/** Codes the renderer adds to the contract's: the bridge itself is missing or answered garbage. */
export type ClientErrorCode = ErrorCode | 'bridge_unavailable' | 'bad_response'

export class ApiError extends Error {
  readonly code: ClientErrorCode
  readonly issues: readonly ValidationIssue[]
  /** The channel that failed, for logs; absent when the bridge itself is missing. */
  readonly channel: InvokeChannel | undefined

  constructor(
    code: ClientErrorCode,
    message: string,
    issues: readonly ValidationIssue[] = [],
    channel?: InvokeChannel,
  ) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.issues = issues
    this.channel = channel
  }

  static fromInfo(info: ApiErrorInfo, channel: InvokeChannel): ApiError {
    return new ApiError(info.code, info.message, info.issues ?? [], channel)
  }

  /** The issues reported for one field, by its dotted path (e.g. 'tenant.clientId'). */
  issuesFor(path: string): ValidationIssue[] {
    return this.issues.filter((issue) => issue.path === path)
  }

  /** True for the two codes that mean "the input was wrong" rather than "something broke". */
  get isValidation(): boolean {
    return this.code === 'validation' || this.code === 'settings_invalid'
  }
}

type ClientMethod<C extends InvokeChannel> =
  undefined extends InvokeRequest<C>
    ? (payload?: InvokeRequest<C>) => Promise<InvokeResponses[C]>
    : (payload: InvokeRequest<C>) => Promise<InvokeResponses[C]>

export type ApiClient = { [C in InvokeChannel]: ClientMethod<C> } & {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false
  const candidate = value as { ok: unknown; error?: unknown }
  if (candidate.ok === true) return 'value' in candidate
  return candidate.ok === false && typeof candidate.error === 'object' && candidate.error !== null
}

export function unwrapResult<T>(channel: InvokeChannel, result: unknown): T {
  if (!isResult(result)) {
    throw new ApiError(
      'bad_response',
      `The app answered ${channel} with something that is not a result.`,
      [],
      channel,
    )
  }
  if (result.ok) return result.value as T
  throw ApiError.fromInfo(result.error, channel)
}

/** Wraps a bridge: one method per channel the bridge offers, plus `on` for events. */
export function createApiClient(bridge: BridgeApi): ApiClient {
  const client: Record<string, unknown> = {}
  for (const channel of Object.keys(bridge) as (keyof BridgeApi)[]) {
    if (channel === 'on' || channel === 'takeStartupOverview') continue
    client[channel] = async (payload?: unknown): Promise<unknown> => {
      const invoke = bridge[channel] as (payload: unknown) => Promise<unknown>
      let result: unknown
      try {
        result = await invoke(payload)
      } catch (error) {
        // The bridge itself broke (e.g. the main process went away); dispatch never throws.
        const detail = error instanceof Error ? error.message : String(error)
        throw new ApiError('internal', `The app did not answer ${channel}: ${detail}`, [], channel)
      }
      return unwrapResult(channel, result)
    }
  }
  client.on = <E extends EventName>(event: E, listener: (payload: Events[E]) => void) =>
    bridge.on(event, listener)
  return Object.freeze(client) as ApiClient
}

/** The bridge the preload exposed, or an ApiError explaining that the page runs outside the app. */
export function bridgeFromWindow(target: Window = window): BridgeApi {
  if (!target.api) {
    throw new ApiError(
      'bridge_unavailable',
      'This page must run inside Defender Connected Apps: the connection to the app (window.api) is missing.',
    )
  }
  return target.api
}

let activeClient: ApiClient | null = null

/** Installs the client stores use; main.ts sets the real one, tests set one over a fake bridge. */
export function setApiClient(client: ApiClient | null): void {
  activeClient = client
}

export function useApiClient(): ApiClient {
  if (!activeClient) throw new ApiError('bridge_unavailable', 'The app client has not been set up.')
  return activeClient
}
