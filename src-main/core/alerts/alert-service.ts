// The alert side of the facade: list, acknowledge, settings, and the evaluation after each sync.
// AppService resolves the tenant and delegates here.
import {
  AppError,
  alertsAppSettingsSchema,
  type AlertList,
  type AlertSettingsView,
  type AlertView,
  type ListAlertsRequest,
  type UpdateAlertSettingsRequest,
} from '../../contract'
import type { EventHub } from '../events'
import type { Logger } from '../log'
import type { SettingsStore } from '../settings-store'
import type { Store } from '../store'
import type { SyncReport } from '../sync/engine'
import { evaluateAlerts, type EvaluateOptions } from './evaluate'
import { isValidTimeZone, systemTimeZone } from './profile'
import { alertSettingsStateKey, appAlertSettings, parseTenantAlertSettings } from './settings'
import { toAlertView } from './view'

export interface AlertServiceOptions {
  store: () => Store
  settings: SettingsStore
  events: EventHub
  log: Logger
  now: () => Date
  evaluate?: EvaluateOptions
}

export class AlertService {
  constructor(private readonly options: AlertServiceOptions) {}

  list(tenantId: string, request: ListAlertsRequest | undefined): AlertList {
    const store = this.options.store()
    const alerts = store
      .listAlerts(tenantId, {
        includeAcknowledged: request?.includeAcknowledged ?? true,
        ...(request?.appId ? { appId: request.appId } : {}),
        limit: request?.limit ?? 500,
      })
      .map(toAlertView)
    const unacknowledged = store.listAlerts(tenantId, { includeAcknowledged: false, limit: 10_000 }).length
    return { tenantId, alerts, unacknowledged }
  }

  acknowledge(tenantId: string, id: number): { acknowledged: boolean } {
    const acknowledged = this.options.store().acknowledgeAlert(tenantId, id, this.options.now())
    if (acknowledged) this.options.events.emit('dataChanged', { tenantId })
    return { acknowledged }
  }

  getSettings(tenantId: string): AlertSettingsView {
    const tenant = parseTenantAlertSettings(this.options.store().getState(tenantId, alertSettingsStateKey))
    const zone = tenant.timeZone ?? this.options.evaluate?.timeZone ?? systemTimeZone()
    return {
      tenantId,
      tenant,
      app: appAlertSettings(this.options.settings.get()),
      effectiveTimeZone: isValidTimeZone(zone) ? zone : 'UTC',
    }
  }

  updateSettings(tenantId: string, request: UpdateAlertSettingsRequest): AlertSettingsView {
    if (request.tenant) {
      if (request.tenant.timeZone && !isValidTimeZone(request.tenant.timeZone)) {
        throw new AppError('validation', `Unknown time zone "${request.tenant.timeZone}"; use an IANA name such as Europe/Berlin.`)
      }
      this.options.store().setState(tenantId, alertSettingsStateKey, request.tenant)
    }
    if (request.app) {
      const merged = alertsAppSettingsSchema.parse({ ...appAlertSettings(this.options.settings.get()), ...request.app })
      const settings = this.options.settings.update({ alerts: merged })
      this.options.events.emit('settingsChanged', settings)
    }
    this.options.log.info('Alert settings updated', { tenantId, tenant: Boolean(request.tenant), app: Object.keys(request.app ?? {}) })
    return this.getSettings(tenantId)
  }

  /** Runs the rules after a sync and announces what is new. Never throws: a sync is not failed by its alerts. */
  afterSync(tenantId: string, report: SyncReport): AlertView[] {
    try {
      const result = evaluateAlerts(this.options.store(), tenantId, this.options.now(), report, this.options.evaluate)
      const views = result.raised.map(toAlertView)
      if (views.length > 0) {
        this.options.log.info(`Alerts raised: ${views.length}`, { tenantId, rules: [...new Set(views.map((view) => view.rule))] })
        this.options.events.emit('alertRaised', { tenantId, alerts: views })
      }
      return views
    } catch (error) {
      this.options.log.error('Alert evaluation failed', error)
      return []
    }
  }
}
