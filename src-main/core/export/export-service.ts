// The export side of the facade: the save-dialog port, one export at a time with progress events and
// cancel, and which tenant's history to read — decided from the local store and settings only, so an
// admin can export with the network off or after signing out.
import { randomUUID } from 'node:crypto'
import { basename } from 'node:path'
import {
  AppError,
  startExportRequestSchema,
  type ChooseExportTargetRequest,
  type DataMode,
  type ExportKindValue,
  type ExportResultView,
  type ExportTarget,
  type StartExportRequest,
} from '../../contract'
import type { EventHub } from '../events'
import type { Logger } from '../log'
import type { Store } from '../store'
import { checkTarget } from './file-sink'
import { exportCsvFile, type ExportFileRequest, type ExportOutcome } from './export-csv'

/** The native save dialog (Electron's dialog.showSaveDialog in the app, a stub in tests): a path or null. */
export type ExportPathChooser = (request: { defaultFileName: string; what: ExportKindValue }) => Promise<string | null>

export interface ExportServiceOptions {
  store: () => Store
  events: EventHub
  log: Logger
  now: () => Date
  mode: () => DataMode
  demoTenantId: () => string
  /** The configured tenant (GUID or domain), if any. */
  configuredTenant: () => string | undefined
  /** Tenants of signed-in accounts, from the local token cache (no network). */
  signedInTenants: () => Promise<string[]>
  chooseExportPath?: ExportPathChooser | undefined
}

export type ExportToPathRequest = Omit<ExportFileRequest, 'tenantId' | 'now'> & { tenantId?: string | undefined }

export class ExportService {
  private readonly targets = new Map<string, string>()
  private running: AbortController | null = null

  constructor(private readonly options: ExportServiceOptions) {}

  /** The tenant whose local history an export reads. */
  async tenantFor(requested: string | undefined): Promise<string> {
    const stored = new Set(this.options.store().listTenants().map((tenant) => tenant.tenantId))
    if (requested) {
      if (!stored.has(requested)) throw new AppError('not_found', 'This computer has no history for that tenant.')
      return requested
    }
    if (this.options.mode() === 'demo') return this.options.demoTenantId()
    const demo = this.options.demoTenantId()
    const configured = this.options.configuredTenant()
    if (configured && stored.has(configured)) return configured
    for (const tenant of await this.options.signedInTenants().catch(() => [])) if (stored.has(tenant)) return tenant
    const candidates = [...stored].filter((tenant) => tenant !== demo)
    if (candidates.length === 1) return candidates[0]!
    throw new AppError('not_found', 'There is no usage history on this computer yet: sync first, then export.')
  }

  /** Asks the save dialog for a file; the renderer gets an id for it, never a path it chose itself. */
  async chooseTarget(request: ChooseExportTargetRequest): Promise<ExportTarget | null> {
    const chooser = this.options.chooseExportPath
    if (!chooser) throw new AppError('internal', 'Saving files needs the desktop app; use the command line "export --out FILE" here.')
    const tenantId = await this.tenantFor(request.tenantId)
    const day = this.options.now().toISOString().slice(0, 10)
    const path = await chooser({ defaultFileName: `connected-apps-${request.what}-${tenantId.slice(0, 8)}-${day}.csv`, what: request.what })
    if (!path) return null
    let exists = false
    try {
      await checkTarget(path, false)
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'file_exists') throw error
      exists = true
    }
    const targetId = randomUUID()
    this.targets.set(targetId, path)
    return { targetId, path, fileName: basename(path), exists }
  }

  /** Runs an export to a target chosen in the dialog, pushing `exportProgress`; one at a time. */
  async start(request: StartExportRequest): Promise<ExportResultView> {
    const parsed = startExportRequestSchema.parse(request)
    const path = this.targets.get(parsed.targetId)
    if (!path) throw new AppError('not_found', 'Choose where to save the file first.')
    const outcome = await this.toPath({
      path,
      what: parsed.what,
      overwrite: parsed.overwrite,
      bom: parsed.bom,
      granularity: parsed.granularity,
      tenantId: parsed.tenantId,
      from: parsed.from ? new Date(parsed.from) : undefined,
      to: parsed.to ? new Date(parsed.to) : undefined,
      appIds: parsed.appIds,
      localTimeZone: parsed.localTimeZone,
      onProgress: (progress) =>
        this.options.events.emit('exportProgress', { targetId: parsed.targetId, what: parsed.what, rows: progress.rows, bytes: progress.characters }),
    })
    // A finished target is used up; a refused one (file exists) stays for the confirmed retry.
    if (outcome.status === 'done') this.targets.delete(parsed.targetId)
    return { ...outcome, fileName: basename(outcome.path), durationMs: Math.round(outcome.durationMs) }
  }

  cancel(): boolean {
    if (!this.running || this.running.signal.aborted) return false
    this.running.abort()
    return true
  }

  /** An export to a path (the CLI's --out, and `start`). Throws file_exists / export_failed. */
  async toPath(request: ExportToPathRequest): Promise<ExportOutcome> {
    if (this.running) throw new AppError('export_running', 'An export is already running; wait for it or cancel it.')
    const controller = new AbortController()
    this.running = controller
    const stopOuter = request.signal ? forward(request.signal, controller) : () => undefined
    try {
      const tenantId = await this.tenantFor(request.tenantId)
      const outcome = await exportCsvFile(this.options.store(), { ...request, tenantId, now: this.options.now(), signal: controller.signal })
      this.options.log.info(`Export ${outcome.status}`, { what: outcome.what, rows: outcome.rows, bytes: outcome.bytes, ms: Math.round(outcome.durationMs) })
      return outcome
    } finally {
      stopOuter()
      this.running = null
    }
  }
}

function forward(outer: AbortSignal, inner: AbortController): () => void {
  if (outer.aborted) inner.abort()
  const listener = () => inner.abort()
  outer.addEventListener('abort', listener, { once: true })
  return () => outer.removeEventListener('abort', listener)
}
