// Argument parsing and commands for the CLI. Pure over its inputs so tests call it in-process.
import { parseArgs } from 'node:util'
import { createCore } from '../core/bootstrap'
import { logLevels, type LogLevel } from '../core/log'
import { productName } from '../core/paths'
import { AppError, settingsPatchSchema, zodIssues } from '../contract'
import { version } from '../../package.json'

export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
}

/** Documented exit codes (also printed by --help). */
export const exitCodes = { ok: 0, failure: 1, usage: 2 } as const

const usage = `Usage: defender-connected-apps <command> [options]

Commands:
  info                 Show version, data directory and mode (demo or tenant)
  settings             Show the settings
  settings set KEY=VALUE [KEY=VALUE ...]
                       Change settings: locale (system|en|ko), theme (system|light|dark),
                       cloud (public|usgov|usgovdod|china|custom), tenant-id, client-id

Global options:
  --demo               Use the built-in demo tenant
  --data-dir DIR       Use DIR instead of the OS app-data folder (or DCA_DATA_DIR)
  --log-level LEVEL    error | warn | info | debug (default warn)
  --json               Print JSON instead of text
  -h, --help           Show this help
  -v, --version        Show the version

Exit codes: 0 success, 1 the command failed, 2 the command line was wrong.
`

class UsageError extends Error {}

function fail(io: CliIo, message: string, hint: string, code: number): number {
  io.stderr(`error: ${message}\nhint: ${hint}\n`)
  return code
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        demo: { type: 'boolean' },
        'data-dir': { type: 'string' },
        'log-level': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    })
  } catch (error) {
    return fail(io, (error as Error).message, 'run with --help to see the options', exitCodes.usage)
  }
  const { values, positionals } = parsed
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

  const [command, ...rest] = positionals
  if (!command) return fail(io, 'no command given', 'run with --help to see the commands', exitCodes.usage)

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
    logLevel: logLevel as LogLevel,
    logToConsole: false,
    launchExternal: async () => {
      throw new AppError('url_not_allowed', 'The command line does not open a browser.')
    },
  })
  const print = (value: unknown, text: string) => io.stdout(values.json ? `${JSON.stringify(value, null, 2)}\n` : text)

  try {
    switch (command) {
      case 'info': {
        if (rest.length) throw new UsageError(`"info" takes no arguments, got "${rest.join(' ')}"`)
        const info = await core.service.getAppInfo()
        print(
          info,
          [
            `${info.productName} ${info.version}`,
            `mode:      ${info.mode === 'demo' ? 'demo tenant (no tenant configured)' : 'tenant'}`,
            `data dir:  ${info.dataDir}`,
            `log dir:   ${info.logDir}`,
            `runtime:   Node ${info.runtime.node} on ${info.platform}/${info.arch}`,
            ...info.notices.map((notice) => `notice:    ${notice.kind} ${notice.detail}`),
            '',
          ].join('\n'),
        )
        return exitCodes.ok
      }
      case 'settings': {
        if (rest.length === 0) {
          const settings = await core.service.getSettings()
          print(settings, `${JSON.stringify(settings, null, 2)}\n`)
          return exitCodes.ok
        }
        if (rest[0] !== 'set' || rest.length < 2) {
          throw new UsageError('use "settings" to show or "settings set KEY=VALUE ..." to change')
        }
        const patch = settingsPatchFromPairs(rest.slice(1), (await core.service.getSettings()).tenant)
        const checked = settingsPatchSchema.safeParse(patch)
        if (!checked.success) {
          const issue = zodIssues(checked.error)[0]
          throw new UsageError(`${issue?.path ?? 'value'}: ${issue?.message ?? 'invalid'}`)
        }
        const settings = await core.service.updateSettings(checked.data)
        print(settings, `${JSON.stringify(settings, null, 2)}\n`)
        return exitCodes.ok
      }
      default:
        throw new UsageError(`unknown command "${command}"`)
    }
  } catch (error) {
    if (error instanceof UsageError) return fail(io, error.message, 'run with --help to see the usage', exitCodes.usage)
    if (error instanceof AppError) return fail(io, error.message, 'see --help, or the log in ' + core.logDir, exitCodes.failure)
    core.log.error('CLI command failed', error)
    return fail(io, 'unexpected failure', `details are in ${core.logDir}`, exitCodes.failure)
  }
}

const settingKeys: Record<string, string> = {
  locale: 'locale',
  theme: 'theme',
  cloud: 'tenant.cloud',
  'tenant-id': 'tenant.tenantId',
  'client-id': 'tenant.clientId',
}

function settingsPatchFromPairs(pairs: string[], currentTenant: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {}
  const tenant: Record<string, unknown> = { ...currentTenant }
  let tenantTouched = false
  for (const pair of pairs) {
    const separator = pair.indexOf('=')
    if (separator <= 0) throw new UsageError(`"${pair}" is not KEY=VALUE`)
    const key = pair.slice(0, separator)
    const value = pair.slice(separator + 1)
    const target = settingKeys[key]
    if (!target) throw new UsageError(`unknown setting "${key}"; known: ${Object.keys(settingKeys).join(', ')}`)
    if (target.startsWith('tenant.')) {
      tenant[target.slice('tenant.'.length)] = value
      tenantTouched = true
    } else {
      patch[target] = value
    }
  }
  if (tenantTouched) patch.tenant = tenant
  return patch
}
