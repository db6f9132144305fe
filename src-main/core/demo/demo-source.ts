// The demo tenant served in-process through the same interface as the Graph and Log Analytics sources.
import type {
  ConnectedApp,
  MdeResource,
  SignInEvent,
  SignInQuery,
  UsageSource,
} from '../sources/types'
import type { DemoTenant, DemoTenantOptions } from './tenant'
import { connectedApps, createDemoTenant } from './tenant'
import { signInEvents } from './usage'

export interface DemoSourceOptions extends DemoTenantOptions {
  /** Events per page (Graph's maximum is 1,000). */
  pageSize?: number
  /** When set, discovery answers with the inventory as it was at this clock's time (replays). */
  inventoryClock?: () => Date
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted')
}

function clone<T>(value: T): T {
  return structuredClone(value)
}

export class DemoSource implements UsageSource {
  readonly kind = 'demo' as const
  readonly tenant: DemoTenant
  readonly pageSize: number
  private readonly inventoryClock: (() => Date) | undefined

  constructor(options: DemoSourceOptions | DemoTenant = {}) {
    this.tenant = 'apps' in options ? options : createDemoTenant(options)
    const pageSize = 'apps' in options ? 1000 : (options.pageSize ?? 1000)
    if (!Number.isInteger(pageSize) || pageSize < 1)
      throw new Error('demo source: pageSize must be a positive integer')
    this.pageSize = pageSize
    this.inventoryClock = 'apps' in options ? undefined : options.inventoryClock
  }

  get tenantId(): string {
    return this.tenant.tenantId
  }

  async discoverResource(signal?: AbortSignal): Promise<MdeResource> {
    throwIfAborted(signal)
    return clone(this.tenant.resource)
  }

  async listConnectedApps(resource: MdeResource, signal?: AbortSignal): Promise<ConnectedApp[]> {
    throwIfAborted(signal)
    if (resource.servicePrincipalId !== this.tenant.resource.servicePrincipalId) {
      throw new Error('demo source: the resource does not belong to the demo tenant')
    }
    return clone(connectedApps(this.tenant, this.inventoryClock?.()))
  }

  async *signIns(query: SignInQuery): AsyncIterable<SignInEvent[]> {
    const { window, signal } = query
    if (!(window.from.getTime() < window.to.getTime())) return
    let page: SignInEvent[] = []
    const stream = signInEvents(this.tenant, {
      from: window.from,
      to: window.to,
      ...(query.eventTypes ? { eventTypes: query.eventTypes } : {}),
      ...(query.appId ? { appIds: [query.appId] } : {}),
      order: 'newestFirst',
    })
    for (const event of stream) {
      page.push(event)
      if (page.length === this.pageSize) {
        throwIfAborted(signal)
        yield page
        page = []
      }
    }
    throwIfAborted(signal)
    if (page.length > 0) yield page
  }
}
