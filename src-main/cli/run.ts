// Argument parsing and commands for the CLI. Pure over its inputs so tests call it in-process.
import { parseArgs } from 'node:util'
import { AppError, cloudNames, guidSchema, settingsPatchSchema, usageSeriesRequestSchema, zodIssues, type AppsOverview, type ErrorCode, type SyncSummary, type TenantConfig } from '../contract'
import { ClientCredentialsTokenProvider, clientCredentialsFromEnv } from '../core/auth/client-credentials'
import { cloudEndpoints } from '../core/auth/clouds'
import { createCore, type Core } from '../core/bootstrap'
import { logLevels, type LogLevel } from '../core/log'
import { productName } from '../core/paths'
import type { DemoSize } from '../core/demo'
import { toAppError } from '../core/cloud-errors'
import { exportCsvToSink, exportKinds, isTimeZone, type ExportKind, type TextSink } from '../core/export'
import { version } from '../../package.json'
import { openInSystemBrowser } from './open-browser'

export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  env?: Record<string, string | undefined>
  /** Opens the sign-in page (default: the OS's URL handler). */
  openBrowser?: (url: string) => Promise<void>
  signal?: AbortSignal
}

/**
 * What to do about a gap in the tenant's set-up (exit code 4), or null when the code is not one:
 * consent and role each point at their own fix; a 403 Graph did not explain points at both.
 */
export function tenantGapHint(code: ErrorCode): string | null {
  switch (code) {
    case 'consent_missing':
      return 'grant admin consent for the app registration\'s Graph permissions; see docs/PERMISSIONS.md#consent'
    case 'role_missing':
      return 'assign the signed-in account a reader role (Reports Reader, Security Reader or Global Reader); see docs/PERMISSIONS.md#entra-role-of-the-signed-in-admin'
    case 'permission_missing':
      return 'check the app\'s admin consent and the account\'s directory role; see docs/PERMISSIONS.md'
    case 'licence_missing':
    case 'mde_not_provisioned':
      return 'see docs/PERMISSIONS.md'
    default:
      return null
  }
}

/** Documented exit codes (also printed by --help). */
export const exitCodes = { ok: 0, failure: 1, usage: 2, authRequired: 3, tenantGap: 4, network: 5 } as const

const authModes = ['interactive', 'device-code', 'client-credentials'] as const
type AuthMode = (typeof authModes)[number]

const globalOptions = {
  demo: { type: 'boolean' },
  'data-dir': { type: 'string' },
  tenant: { type: 'string' },
  'client-id': { type: 'string' },
  cloud: { type: 'string' },
  'authority-host': { type: 'string' },
  'graph-endpoint': { type: 'string' },
  'log-analytics-endpoint': { type: 'string' },
  auth: { type: 'string' },
  'log-level': { type: 'string' },
  json: { type: 'boolean' },
  account: { type: 'string' },
  all: { type: 'boolean' },
  days: { type: 'string' },
  full: { type: 'boolean' },
  csv: { type: 'boolean' },
  app: { type: 'string' },
  granularity: { type: 'string' },
  'demo-size': { type: 'string' },
  out: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  apps: { type: 'string' },
  what: { type: 'string' },
  'no-bom': { type: 'boolean' },
  'local-time': { type: 'string' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const

const usage = `Usage: defender-connected-apps <command> [options]

Commands:
  info                   Version, data directory, mode (demo or tenant), keychain status
  settings               Show the saved settings
  settings set KEY=VALUE [KEY=VALUE ...]
                         Save settings: locale (system|en|ko), theme (system|light|dark),
                         cloud (${cloudNames.join('|')}), tenant-id, client-id,
                         authority-host, graph-endpoint, log-analytics-endpoint, portal-url,
                         log-analytics-workspace
  login                  Sign in (--auth interactive, device-code or client-credentials)
  logout                 Sign out --account ID, or --all accounts
  accounts               List signed-in accounts
  sync [--days N] [--full]
                         Discover connected apps and fetch their sign-ins into the local history
                         (first run: the last N days, default 30; later runs: what is new)
  apps [--json|--csv]    The connected applications with last seen, sign-ins in 24 h, permissions
                         (--csv: the inventory columns of docs/CSV.md, no BOM, to stdout)
  usage --app APP_ID [--granularity hour|day] [--days N]
                         One app's sign-ins per hour (default, last 7 days) or per day (last 30)
  export --out FILE [--what usage|inventory|alerts] [--from ISO] [--to ISO]
         [--granularity hour|day|month] [--apps ID,...] [--no-bom] [--local-time ZONE] [--force]
                         Write the local history to a CSV file (docs/CSV.md) without the network:
                         usage (default; per hour unless --granularity), the app inventory, or alerts.
                         --from is inclusive, --to exclusive; UTF-8 with a BOM unless --no-bom;
                         --local-time adds a column in an IANA zone (e.g. Asia/Seoul); an existing
                         FILE is replaced only with --force

Options:
  --demo                 Use the built-in demo tenant
  --demo-size SIZE       tiny | small (default) | medium | large
  --data-dir DIR         Use DIR instead of the OS app-data folder (or DCA_DATA_DIR)
  --tenant ID|DOMAIN     Tenant for this run (overrides the saved setting)
  --client-id GUID       App registration for this run
  --cloud NAME           ${cloudNames.join(' | ')}
  --authority-host URL   Custom cloud: Entra authority origin
  --graph-endpoint URL   Custom cloud: Microsoft Graph origin
  --log-analytics-endpoint URL
                         Custom cloud: Log Analytics query origin
  --auth MODE            interactive (default) | device-code | client-credentials
                         client-credentials reads AZURE_TENANT_ID, AZURE_CLIENT_ID and
                         AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH
  --log-level LEVEL      error | warn | info | debug (default warn)
  --json                 Print JSON instead of text
  -h, --help             Show this help
  -v, --version          Show the version

Exit codes: 0 success, 1 the command failed, 2 the command line was wrong,
            3 sign-in is needed (run "login"), 4 the tenant cannot provide the data
            (licence, consent, role or Defender for Endpoint missing), 5 Microsoft could not be reached.
`

class UsageError extends Error {}

function fail(io: CliIo, message: string, hint: string, code: number): number {
  io.stderr(`error: ${message.replace(/\s+/g, ' ').trim()}\nhint: ${hint}\n`)
  return code
}

type Values = { [K in keyof typeof globalOptions]?: (typeof globalOptions)[K]['type'] extends 'boolean' ? boolean : string }

/** Settings for this run from the flags, validated like saved settings. */
function tenantOverrides(values: Values, saved: TenantConfig): TenantConfig | null {
  const touched = values.tenant ?? values['client-id'] ?? values.cloud ?? values['authority-host'] ?? values['graph-endpoint'] ?? values['log-analytics-endpoint']
  if (touched === undefined) return null
  const cloud = (values.cloud ?? (values['authority-host'] ? 'custom' : saved.cloud)) as TenantConfig['cloud']
  const custom =
    values['authority-host'] || values['graph-endpoint'] || values['log-analytics-endpoint']
      ? {
          ...(saved.custom ?? {}),
          ...(values['authority-host'] ? { authorityHost: values['authority-host'] } : {}),
          ...(values['graph-endpoint'] ? { graphEndpoint: values['graph-endpoint'] } : {}),
          ...(values['log-analytics-endpoint'] ? { logAnalyticsEndpoint: values['log-analytics-endpoint'] } : {}),
        }
      : saved.custom
  return {
    ...saved,
    cloud,
    ...(values.tenant !== undefined ? { tenantId: values.tenant } : {}),
    ...(values['client-id'] !== undefined ? { clientId: values['client-id'] } : {}),
    ...(custom ? { custom: custom as NonNullable<TenantConfig['custom']> } : {}),
  }
}

/** `table[key]` for the table's own keys only: "toString" or "constructor" typed by the user must
 * not find Object.prototype's functions. */
function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined
}

function describeIssues(error: AppError): string {
  const first = error.issues?.[0]
  if (!first) return error.message
  const flag: Record<string, string> = {
    'tenant.tenantId': '--tenant',
    'tenant.clientId': '--client-id',
    'tenant.cloud': '--cloud',
    'tenant.custom': '--authority-host/--graph-endpoint',
    'tenant.custom.authorityHost': '--authority-host',
    'tenant.custom.graphEndpoint': '--graph-endpoint',
    'tenant.custom.logAnalyticsEndpoint': '--log-analytics-endpoint',
  }
  return `${own(flag, first.path) ?? first.path}: ${first.message}`
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: globalOptions })
  } catch (error) {
    return fail(io, (error as Error).message, 'run with --help to see the options', exitCodes.usage)
  }
  const values = parsed.values as Values
  const positionals = parsed.positionals
  if (values.help) {
    io.stdout(usage)
    return exitCodes.ok
  }
  if (values.version) {
    io.stdout(`${version}\n`)
    return exitCodes.ok
  }
  const logLevel = values['log-level'] ?? 'warn'
  if (!(logLevels as readonly string[]).includes(logLevel)) {
    return fail(io, `unknown log level "${logLevel}"`, `use one of ${logLevels.join(', ')}`, exitCodes.usage)
  }
  if (values['data-dir'] !== undefined && values['data-dir'].trim() === '') {
    return fail(io, '--data-dir is empty', 'give a folder path, e.g. --data-dir ./dca-data', exitCodes.usage)
  }
  if (values.cloud !== undefined && !(cloudNames as readonly string[]).includes(values.cloud)) {
    return fail(io, `unknown cloud "${values.cloud}"`, `use one of ${cloudNames.join(', ')}`, exitCodes.usage)
  }
  const authMode = (values.auth ?? 'interactive') as AuthMode
  if (!(authModes as readonly string[]).includes(authMode)) {
    return fail(io, `unknown auth mode "${values.auth}"`, `use one of ${authModes.join(', ')}`, exitCodes.usage)
  }

  const demoSizes = ['tiny', 'small', 'medium', 'large']
  if (values['demo-size'] !== undefined && !demoSizes.includes(values['demo-size'])) {
    return fail(io, `unknown demo size "${values['demo-size']}"`, `use one of ${demoSizes.join(', ')}`, exitCodes.usage)
  }

  const [command, ...rest] = positionals
  if (!command) return fail(io, 'no command given', 'run with --help to see the commands', exitCodes.usage)

  const env = io.env ?? process.env
  const core = createCore({
    runtime: {
      productName,
      version,
      platform: process.platform,
      arch: process.arch,
      node: process.versions.node,
      electron: null,
      chrome: null,
    },
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    forceDemo: values.demo ?? false,
    ...(values['demo-size'] ? { demoSize: values['demo-size'] as DemoSize } : {}),
    logLevel: logLevel as LogLevel,
    logToConsole: false,
    launchExternal: io.openBrowser ?? openInSystemBrowser,
  })
  const print = (value: unknown, text: string) => io.stdout(values.json ? `${JSON.stringify(value, null, 2)}\n` : text)

  try {
    const overrides = tenantOverrides(values, core.service.settings.tenant)
    if (overrides) settingsOverride(core, overrides)
    const context: CommandContext = { core, io, values, rest, env, authMode, print }
    const handler = own(commands, command)
    if (!handler) throw new UsageError(`unknown command "${command}"`)
    return await handler(context)
  } catch (caught) {
    const error = toAppError(caught) ?? caught
    if (error instanceof UsageError) return fail(io, error.message, 'run with --help to see the usage', exitCodes.usage)
    if (error instanceof AppError) {
      const gapHint = tenantGapHint(error.code)
      if (gapHint) return fail(io, error.message, gapHint, exitCodes.tenantGap)
      if (error.code === 'network' || error.code === 'throttled') return fail(io, error.message, 'check the network and try again; the local history is unchanged', exitCodes.network)
      if (error.code === 'not_signed_in') return fail(io, error.message, 'run "defender-connected-apps login", or use --demo', exitCodes.authRequired)
      if (error.code === 'settings_invalid') return fail(io, describeIssues(error), 'run with --help to see the options', exitCodes.usage)
      if (error.code === 'auth_interaction_required') return fail(io, error.message, 'run "defender-connected-apps login"', exitCodes.authRequired)
      if (error.code === 'file_exists') return fail(io, error.message, 'add --force to replace it, or choose another --out', exitCodes.failure)
      if (error.code === 'export_failed') return fail(io, error.message, 'nothing was written; the local history is unchanged', exitCodes.failure)
      if (error.code === 'auth_not_configured') return fail(io, error.message, 'set --tenant and --client-id, or "settings set tenant-id=… client-id=…"', exitCodes.usage)
      return fail(io, error.message, `see --help; the log is in ${core.logDir}`, exitCodes.failure)
    }
    core.log.error('CLI command failed', error)
    return fail(io, 'unexpected failure', `details are in ${core.logDir}`, exitCodes.failure)
  } finally {
    // Damage found while opening the store is news the user must get, whatever the command.
    const report = core.service.data.storeReport
    if (report?.status === 'recovered') io.stderr(`notice: ${report.message}\n`)
    core.service.data.close()
  }
}

function settingsOverride(core: Core, tenant: TenantConfig): void {
  core.service.overrideSettingsForThisRun({ tenant })
}

interface CommandContext {
  core: Core
  io: CliIo
  values: Values
  rest: string[]
  env: Record<string, string | undefined>
  authMode: AuthMode
  print: (value: unknown, text: string) => void
}

function noArguments(context: CommandContext, name: string): void {
  if (context.rest.length) throw new UsageError(`"${name}" takes no arguments, got "${context.rest.join(' ')}"`)
}

const commands: Record<string, (context: CommandContext) => Promise<number>> = {
  async info(context) {
    noArguments(context, 'info')
    const info = await context.core.service.getAppInfo()
    const auth = await context.core.service.getAuthStatus()
    context.print({ ...info, auth }, [
      `${info.productName} ${info.version}`,
      `mode:      ${info.mode === 'demo' ? 'demo tenant' : 'tenant'}`,
      `data dir:  ${info.dataDir}`,
      `log dir:   ${info.logDir}`,
      `runtime:   Node ${info.runtime.node} on ${info.platform}/${info.arch}`,
      `keychain:  ${auth.keychain}${auth.keychainReason ? ` (${auth.keychainReason})` : ''}`,
      `accounts:  ${auth.accounts.length}`,
      ...info.notices.map((notice) => `notice:    ${notice.kind} ${notice.detail}`),
      '',
    ].join('\n'))
    return exitCodes.ok
  },

  async settings(context) {
    const { core, rest } = context
    if (rest.length === 0) {
      const settings = await core.service.getSettings()
      context.print(settings, `${JSON.stringify(settings, null, 2)}\n`)
      return exitCodes.ok
    }
    if (rest[0] !== 'set' || rest.length < 2) throw new UsageError('use "settings" to show or "settings set KEY=VALUE ..." to change')
    const patch = settingsPatchFromPairs(rest.slice(1), (await core.service.getSettings()).tenant)
    const checked = settingsPatchSchema.safeParse(patch)
    if (!checked.success) {
      const issue = zodIssues(checked.error)[0]
      throw new UsageError(`${issue?.path ?? 'value'}: ${issue?.message ?? 'invalid'}`)
    }
    const settings = await core.service.updateSettings(checked.data)
    context.print(settings, `${JSON.stringify(settings, null, 2)}\n`)
    return exitCodes.ok
  },

  async login(context) {
    noArguments(context, 'login')
    const { core, io } = context
    if (context.authMode === 'client-credentials') {
      const config = clientCredentialsFromEnv(context.env)
      const tenant = { ...core.service.settings.tenant, tenantId: config.tenantId, clientId: config.clientId }
      const provider = new ClientCredentialsTokenProvider(cloudEndpoints(tenant), config, core.log)
      await provider.getAccessToken('graph')
      context.print(
        { mode: 'client-credentials', tenantId: config.tenantId, clientId: config.clientId, credential: config.credential.kind },
        `Client credentials work: app ${config.clientId} can get Graph tokens in tenant ${config.tenantId} (${config.credential.kind}). Nothing is stored; commands read the same variables each run.\n`,
      )
      return exitCodes.ok
    }
    const service = await core.service.auth.service(core.service.settings)
    const account =
      context.authMode === 'device-code'
        ? await service.signInWithDeviceCode((prompt) => io.stderr(`${prompt.message}\n`), io.signal ? { signal: io.signal } : {})
        : await (async () => {
            io.stderr('Opening the sign-in page in your browser…\n')
            return service.signInInteractive()
          })()
    context.print(account, `Signed in as ${account.username} (tenant ${account.tenantId}).\n`)
    if (service.keychain === 'unavailable') {
      io.stderr('warning: the OS keychain is unavailable, so this sign-in lasts only for this command.\n')
    }
    return exitCodes.ok
  },

  async logout(context) {
    noArguments(context, 'logout')
    const { core, values } = context
    const accounts = await core.service.auth.accounts(core.service.settings)
    const targets = values.all ? accounts : accounts.filter((account) => account.homeAccountId === values.account || account.username === values.account)
    if (!values.all && !values.account) throw new UsageError('say which account: --account ID|USERNAME, or --all')
    if (targets.length === 0) throw new AppError('not_found', values.all ? 'No account is signed in.' : `No signed-in account matches "${values.account}".`)
    for (const account of targets) await core.service.signOut({ homeAccountId: account.homeAccountId })
    context.print({ signedOut: targets }, targets.map((account) => `Signed out ${account.username} (tenant ${account.tenantId}).\n`).join(''))
    return exitCodes.ok
  },

  async accounts(context) {
    noArguments(context, 'accounts')
    const status = await context.core.service.getAuthStatus()
    context.print(
      status.accounts,
      status.accounts.length === 0
        ? 'No account is signed in.\n'
        : status.accounts.map((account) => `${account.username}\ttenant ${account.tenantId}\t${account.homeAccountId}\n`).join(''),
    )
    return exitCodes.ok
  },
}

function positiveInteger(value: string | undefined, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!Number.isInteger(number) || number < 1 || number > max) throw new UsageError(`${flag} must be a whole number from 1 to ${max}, got "${value}"`)
  return number
}

/** Where the history comes from, when a Log Analytics workspace filled part of it (else nothing). */
function coverageLines(coverage: AppsOverview['coverage']): string[] {
  if (!coverage?.some((span) => span.source === 'logAnalytics')) return []
  const names = { logAnalytics: 'Log Analytics hourly aggregates', graph: 'Graph sign-ins', demo: 'demo sign-ins' }
  return [`History: ${coverage.map((span) => `${names[span.source]} ${span.from} to ${span.to}`).join('; ')}.`]
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`

/** The summaries' and the Log Analytics workspace's part of a sync, one line each when present. */
export function syncNotes(summary: SyncSummary): string {
  let text = ''
  const s = summary.summaries
  if (s?.status === 'used') {
    text += `Summaries: ${s.slicesSkipped} quiet slices not paged (${s.requestsSaved} requests saved)${s.mismatches ? `; ${s.mismatches} slices differ from their summary (see the log)` : ''}.\n`
  } else if (s) text += `Summaries not used: ${s.note ?? s.status}.\n`
  const probe = s?.probe
  if (probe?.outcome === 'confirmed') {
    text += `Summaries checked against the sign-in log: no sign-ins they missed (${plural(probe.requests, 'request')}).\n`
  } else if (probe) {
    text += `Summaries contradicted by the sign-in log (at least ${plural(probe.found, 'sign-in')} where they report none): not trusted in this sync, every slice was paged (see the log).\n`
  }
  const la = summary.logAnalytics
  if (la?.error) text += `Log Analytics: ${la.error.message}\n`
  else if (la?.from && la.to) text += `Log Analytics history: ${la.from} to ${la.to} (${la.hours} hours fetched now).\n`
  else if (la) text += `Log Analytics history: ${la.status}.\n`
  return text
}

Object.assign(commands, {
  async sync(context: CommandContext) {
    noArguments(context, 'sync')
    const { core, io, values } = context
    const days = positiveInteger(values.days, '--days', 365)
    let lastLine = 0
    const unsubscribe = core.service.events.on('syncProgress', (progress) => {
      const now = Date.now()
      if (now - lastLine < 1_000 && progress.phase !== 'done') return
      lastLine = now
      const eta = progress.etaSeconds !== null && progress.phase === 'usage' ? `, about ${progress.etaSeconds} s left` : ''
      io.stderr(`${progress.phase}: ${progress.slicesDone}/${progress.slicesTotal} slices, ${progress.events} sign-ins${eta}\n`)
    })
    try {
      const summary = await core.service.syncNow({ ...(days ? { days } : {}), ...(values.full ? { full: true } : {}) })
      context.print(
        summary,
        `Synced ${summary.tenantId} (${summary.source}) from ${summary.from} to ${summary.to}: ${summary.events} sign-ins read, ${summary.inserted} new, in ${(summary.durationMs / 1000).toFixed(1)} s.\n` +
          syncNotes(summary),
      )
      return exitCodes.ok
    } finally {
      unsubscribe()
    }
  },

  async apps(context: CommandContext) {
    noArguments(context, 'apps')
    const overview = await context.core.service.listApps(undefined)
    if (context.values.csv) {
      // The same writer and columns as `export --what inventory`; no BOM, since stdout feeds pipes.
      await exportCsvToSink(context.core.service.data.store, stdoutSink(context.io), {
        tenantId: overview.tenant.tenantId,
        what: 'inventory',
        now: new Date(overview.generatedAt),
        bom: false,
      })
      return exitCodes.ok
    }
    const lines = overview.apps.map((app) =>
      [app.displayName.slice(0, 40).padEnd(40), app.appId, (app.lastSeen ?? 'never').slice(0, 16).padEnd(16), String(app.signIns24h).padStart(8), (app.risk ?? '-').padEnd(6), app.credentialStatus].join('  '),
    )
    context.print(
      overview,
      [
        `${overview.apps.length} applications connected to Defender for Endpoint in ${overview.tenant.displayName ?? overview.tenant.tenantId}; sign-ins are token requests to the MDE API.`,
        ...coverageLines(overview.coverage),
        `${'name'.padEnd(40)}  ${'application id'.padEnd(36)}  ${'last seen (UTC)'.padEnd(16)}  ${'24 h'.padStart(8)}  risk    credentials`,
        ...lines,
        '',
      ].join('\n'),
    )
    return exitCodes.ok
  },

  async usage(context: CommandContext) {
    noArguments(context, 'usage')
    const { values } = context
    if (!values.app) throw new UsageError('say which app: --app APP_ID (see "apps")')
    const granularity = values.granularity ?? 'hour'
    if (granularity !== 'hour' && granularity !== 'day') throw new UsageError(`--granularity must be hour or day, got "${granularity}"`)
    const days = positiveInteger(values.days, '--days', 365) ?? (granularity === 'hour' ? 7 : 30)
    const allowed = [7, 30, 90, 365]
    if (!allowed.includes(days)) throw new UsageError(`--days must be one of ${allowed.join(', ')}`)
    const request = usageSeriesRequestSchema.safeParse({ appId: values.app, granularity, days })
    if (!request.success) throw new UsageError(`--app must be an application (client) ID, a GUID; got "${values.app}"`)
    const series = await context.core.service.getUsageSeries(request.data)
    context.print(series, series.points.map((point) => `${point.start}\t${point.signIns}\t${point.failures}\n`).join(''))
    return exitCodes.ok
  },
})

/** The CLI's stdout as a sink for the CSV writer. */
function stdoutSink(io: CliIo): TextSink {
  const decoder = new TextDecoder()
  return { write: async (text) => io.stdout(typeof text === 'string' ? text : decoder.decode(text, { stream: true })) }
}

const isoInstantPattern = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/

/** A date (UTC midnight) or a date-time with Z or an offset; a local time without a zone is ambiguous. */
function parseInstant(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) return undefined
  const time = isoInstantPattern.test(value) ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) : Number.NaN
  if (Number.isNaN(time)) throw new UsageError(`${flag} must be an ISO 8601 date or date-time with Z or an offset (2025-01-31, 2025-01-31T09:00:00+09:00), got "${value}"`)
  return new Date(time)
}

Object.assign(commands, {
  async export(context: CommandContext) {
    noArguments(context, 'export')
    const { core, io, values } = context
    if (!values.out || values.out.trim() === '') throw new UsageError('say where to write the CSV: --out FILE')
    const what = (values.what ?? 'usage') as ExportKind
    if (!(exportKinds as readonly string[]).includes(what)) throw new UsageError(`--what must be ${exportKinds.join(', ')}; got "${values.what}"`)
    const granularity = values.granularity ?? 'hour'
    if (granularity !== 'hour' && granularity !== 'day' && granularity !== 'month') throw new UsageError(`--granularity must be hour, day or month, got "${granularity}"`)
    if (values.granularity !== undefined && what !== 'usage') throw new UsageError('--granularity applies to --what usage only')
    const from = parseInstant(values.from, '--from')
    const to = parseInstant(values.to, '--to')
    if ((from || to) && what === 'inventory') throw new UsageError('--from and --to apply to usage and alerts; the inventory is as of now')
    if (from && to && from >= to) throw new UsageError('--from must be before --to (--to is exclusive)')
    let appIds: string[] | undefined
    if (values.apps !== undefined) {
      appIds = values.apps.split(',').map((id) => id.trim()).filter(Boolean)
      const bad = appIds.find((id) => !guidSchema.safeParse(id).success)
      if (appIds.length === 0 || bad !== undefined) throw new UsageError(`--apps must be application (client) IDs separated by commas${bad ? `; "${bad}" is not a GUID` : ''}`)
    }
    const zone = values['local-time']
    if (zone !== undefined && !isTimeZone(zone)) throw new UsageError(`--local-time must be an IANA time zone such as Asia/Seoul or Europe/London, got "${zone}"`)
    let lastLine = Date.now()
    const outcome = await core.service.exports.toPath({
      path: values.out,
      what,
      overwrite: values.force ?? false,
      bom: !values['no-bom'],
      granularity,
      from,
      to,
      appIds,
      localTimeZone: zone,
      signal: io.signal,
      onProgress: (progress) => {
        if (Date.now() - lastLine < 1_000) return
        lastLine = Date.now()
        io.stderr(`exporting: ${progress.rows} rows\n`)
      },
    })
    if (outcome.status === 'cancelled') {
      io.stderr('Export cancelled; no file was written.\n')
      return exitCodes.failure
    }
    const detail = what === 'usage' ? `usage per ${granularity}` : what
    context.print(
      { ...outcome, durationMs: Math.round(outcome.durationMs) },
      `Wrote ${outcome.rows} rows (${detail}) to ${outcome.path} in ${(outcome.durationMs / 1000).toFixed(1)} s.\n`,
    )
    return exitCodes.ok
  },
})

const settingKeys: Record<string, string> = {
  locale: 'locale',
  theme: 'theme',
  cloud: 'tenant.cloud',
  'tenant-id': 'tenant.tenantId',
  'client-id': 'tenant.clientId',
  'log-analytics-workspace': 'tenant.logAnalyticsWorkspaceId',
  'authority-host': 'custom.authorityHost',
  'graph-endpoint': 'custom.graphEndpoint',
  'log-analytics-endpoint': 'custom.logAnalyticsEndpoint',
  'portal-url': 'custom.portalUrl',
}

function settingsPatchFromPairs(pairs: string[], currentTenant: TenantConfig): Record<string, unknown> {
  const patch: Record<string, unknown> = {}
  const tenant: Record<string, unknown> = { ...currentTenant }
  const custom: Record<string, unknown> = { ...(currentTenant.custom ?? {}) }
  let tenantTouched = false
  let customTouched = false
  for (const pair of pairs) {
    const separator = pair.indexOf('=')
    if (separator <= 0) throw new UsageError(`"${pair}" is not KEY=VALUE`)
    const key = pair.slice(0, separator)
    const value = pair.slice(separator + 1)
    const target = own(settingKeys, key)
    if (!target) throw new UsageError(`unknown setting "${key}"; known: ${Object.keys(settingKeys).join(', ')}`)
    if (target.startsWith('tenant.')) {
      tenant[target.slice('tenant.'.length)] = value === '' ? undefined : value
      tenantTouched = true
    } else if (target.startsWith('custom.')) {
      custom[target.slice('custom.'.length)] = value === '' ? undefined : value
      customTouched = true
    } else {
      patch[target] = value
    }
  }
  if (customTouched) {
    tenant.custom = custom
    tenantTouched = true
  }
  if (tenantTouched) patch.tenant = tenant
  return patch
}
