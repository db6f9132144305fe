// Main-side half of the bridge, shared by electron/ipc.ts and the E2E test bridge: validate the
// payload with the channel's schema, call the handler, and turn every outcome into a Result.
import { invokeRequestSchemas, isInvokeChannel, type InvokeHandlers } from './channels'
import { AppError, type Result, type ValidationIssue } from './errors'
import type { z } from 'zod'

export interface DispatchOptions {
  /** Called with anything unexpected a handler threw; the renderer only learns a reference. */
  onUnexpectedError?: (error: unknown, channel: string, reference: string) => void
}

export function zodIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }))
}

function describeIssues(issues: ValidationIssue[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
    .join('; ')
}

let referenceCounter = 0
function nextReference(): string {
  referenceCounter = (referenceCounter + 1) % 0xffffff
  return `E${Date.now().toString(36).toUpperCase()}${referenceCounter.toString(36).toUpperCase()}`
}

export async function dispatchInvoke(
  handlers: InvokeHandlers,
  channel: unknown,
  payload: unknown,
  options: DispatchOptions = {},
): Promise<Result<unknown>> {
  if (!isInvokeChannel(channel)) {
    return {
      ok: false,
      // Never String() an arbitrary value: an object whose toString is not a function throws.
      error: {
        code: 'unknown_channel',
        message: `Unknown request ${typeof channel === 'string' ? `"${channel.slice(0, 60)}"` : `(a ${channel === null ? 'null' : typeof channel}, not a name)`}.`,
      },
    }
  }
  const parsed = invokeRequestSchemas[channel].safeParse(payload)
  if (!parsed.success) {
    const issues = zodIssues(parsed.error)
    return {
      ok: false,
      error: {
        code: 'validation',
        message: `Invalid request to ${channel}: ${describeIssues(issues)}.`,
        issues,
      },
    }
  }
  try {
    const handler = handlers[channel] as (this: InvokeHandlers, request: unknown) => Promise<unknown>
    const value = await handler.call(handlers, parsed.data)
    return { ok: true, value }
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toInfo() }
    const reference = nextReference()
    options.onUnexpectedError?.(error, channel, reference)
    return {
      ok: false,
      error: {
        code: 'internal',
        message: `Something went wrong while handling ${channel} (reference ${reference}). The details are in the log.`,
      },
    }
  }
}
