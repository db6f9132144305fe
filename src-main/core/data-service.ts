// The data side of the app: the local history store, the usage source for the current mode (the
// demo tenant, or Microsoft Graph with the signed-in admin's or the app's own tokens), and syncs.
// One instance per process; the app and the CLI each open the same store file.
import { AppError } from '../contract'
import type { TokenProvider } from './auth/auth-service'
import type { CloudEndpoints } from './auth/clouds'
import type { CloudHttpOptions } from './graph/http'
import { DemoSource, type DemoSize } from './demo'
import { GraphClient } from './graph'
import { closeSharedSignInDecoder } from './graph/sign-in-decoder'
import type { Logger } from './log'
import { GraphUsageSource } from './sources/graph-source'
import { LOG_ANALYTICS_BUDGET, LogAnalyticsUsageSource } from './sources/log-analytics-source'
import type { UsageSource } from './sources/types'
import { openStore, type Store, type StoreOpenReport } from './store'
import { SyncEngine, type SyncReport, type SyncRequest } from './sync/engine'
import { REPORTS_BUDGET, TokenBucket } from './sync/token-bucket'

export interface DataServiceOptions {
  dataDir: string
  log: Logger
  now?: () => Date
  /** Size of the demo tenant (default small: 60 apps). */
  demoSize?: DemoSize
  /**
   * Transport for every cloud client and clock for their limiters: a TLS-inspecting proxy's root CA
   * (`ca`), or in tests the fake cloud's transport and clock. Default: global fetch, the system clock.
   */
  cloudHttp?: Pick<CloudHttpOptions, 'ca' | 'fetch' | 'clock'>
}

/** Where usage comes from for one tenant. */
export type SourceTarget =
  | { kind: 'demo' }
  | {
      kind: 'graph'
      tenantId: string
      cloud: CloudEndpoints
      tokens: TokenProvider
      /** A Log Analytics workspace with the tenant's sign-in logs: history before Graph's 30 days. */
      logAnalyticsWorkspaceId?: string
    }

const DEMO_SEED = 'contoso'

/**
 * Clouds whose Graph offers the summarised sign-ins (REFERENCE.md: global, US Gov L4/L5, China). A
 * custom cloud is asked too; where the beta function is missing the engine falls back to paging.
 */
export function cloudOffersSignInSummaries(cloud: Pick<CloudEndpoints, 'name'>): boolean {
  return ['public', 'usgov', 'usgovdod', 'china', 'custom'].includes(cloud.name)
}

export class DataService {
  private opened: Store | null = null
  private demo: DemoSource | null = null
  /** One identity-reports budget per tenant, shared by every sync of it in this process. */
  private readonly limiters = new Map<string, TokenBucket>()
  /** One Log Analytics budget per tenant (the service counts per user; one user per tenant here). */
  private readonly workspaceLimiters = new Map<string, TokenBucket>()
  private running: { tenantId: string; controller: AbortController; promise: Promise<SyncReport> } | null = null

  constructor(private readonly options: DataServiceOptions) {}

  private now(): Date {
    return this.options.now?.() ?? new Date()
  }

  /** Opens the store on first use (integrity check, migrations, recovery). */
  get store(): Store {
    if (!this.opened) this.opened = openStore({ dataDir: this.options.dataDir, log: this.options.log, now: () => this.now() })
    return this.opened
  }

  get storeReport(): StoreOpenReport | null {
    return this.opened?.openReport ?? null
  }

  /**
   * The demo tenant, anchored at the hour it was first used on this machine, so its inventory
   * (credential expiry, injected anomalies) stays put while its sign-ins keep flowing.
   */
  demoSource(): DemoSource {
    if (this.demo) return this.demo
    const size = this.options.demoSize ?? 'small'
    const probe = new DemoSource({ seed: DEMO_SEED, size, now: new Date(0) })
    const key = `demo-anchor-${size}`
    let anchor = this.store.getState<string>(probe.tenantId, key)
    if (!anchor) {
      anchor = new Date(Math.floor(this.now().getTime() / 3_600_000) * 3_600_000).toISOString()
      this.store.ensureTenant(probe.tenantId, 'Contoso (demo)')
      this.store.setState(probe.tenantId, key, anchor)
    }
    this.demo = new DemoSource({ seed: DEMO_SEED, size, now: anchor })
    return this.demo
  }

  source(target: SourceTarget): UsageSource {
    if (target.kind === 'demo') return this.demoSource()
    let limiter = this.limiters.get(target.tenantId)
    if (!limiter) {
      limiter = new TokenBucket({ ...REPORTS_BUDGET, ...this.clock() })
      this.limiters.set(target.tenantId, limiter)
    }
    const client = new GraphClient({ cloud: target.cloud, tokens: target.tokens, log: this.options.log, ...this.options.cloudHttp })
    return new GraphUsageSource({ tenantId: target.tenantId, client, reportsLimiter: limiter })
  }

  private workspace(target: Extract<SourceTarget, { kind: 'graph' }>, graph: GraphUsageSource): LogAnalyticsUsageSource | null {
    if (!target.logAnalyticsWorkspaceId) return null
    let limiter = this.workspaceLimiters.get(target.tenantId)
    if (!limiter) {
      limiter = new TokenBucket({ ...LOG_ANALYTICS_BUDGET, ...this.clock() })
      this.workspaceLimiters.set(target.tenantId, limiter)
    }
    return new LogAnalyticsUsageSource({
      workspaceId: target.logAnalyticsWorkspaceId,
      cloud: target.cloud,
      graph,
      tokens: target.tokens,
      log: this.options.log,
      limiter,
      ...this.options.cloudHttp,
    })
  }

  private clock(): { clock?: NonNullable<CloudHttpOptions['clock']> } {
    const clock = this.options.cloudHttp?.clock
    return clock ? { clock } : {}
  }

  get syncing(): string | null {
    return this.running?.tenantId ?? null
  }

  /** Runs one sync; a second request for the same tenant while one runs joins it. */
  async sync(target: SourceTarget, request: Omit<SyncRequest, 'signal'> = {}): Promise<SyncReport> {
    const source = this.source(target)
    if (this.running) {
      if (this.running.tenantId === source.tenantId) return this.running.promise
      throw new AppError('validation', 'Another tenant is syncing right now; try again when it finishes.')
    }
    const controller = new AbortController()
    const graph = source instanceof GraphUsageSource && target.kind === 'graph' ? source : null
    const engine = new SyncEngine({
      store: this.store,
      source,
      log: this.options.log,
      now: () => this.now(),
      summaries: graph && target.kind === 'graph' && cloudOffersSignInSummaries(target.cloud) ? graph : null,
      logAnalytics: graph && target.kind === 'graph' ? this.workspace(target, graph) : null,
    })
    const promise = engine.sync({ ...request, signal: controller.signal })
    this.running = { tenantId: source.tenantId, controller, promise }
    try {
      return await promise
    } finally {
      this.running = null
    }
  }

  cancelSync(): boolean {
    if (!this.running) return false
    this.running.controller.abort(new AppError('validation', 'Sync cancelled.'))
    return true
  }

  close(): void {
    this.cancelSync()
    this.opened?.close()
    this.opened = null
    // The Graph sources' page decoder thread (idle, it never holds the process open; this ends it).
    void closeSharedSignInDecoder()
  }
}
