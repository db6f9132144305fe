// The CLI's V8 flags (src-main/cli/node-flags.mjs: why each) only take effect when node starts with
// them: a running process cannot resize its young generation. The installed command's shebang is a
// plain `#!/usr/bin/env node`, because a shebang with arguments needs `env -S`, which BusyBox
// (Alpine), the BSDs and some Windows shims lack, and there the command would not start at all. So
// the entry starts itself again with the flags when node was started without them.
import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import { cliNodeFlags } from './node-flags.mjs'

/** Set in the relaunched process, so it never relaunches again (whatever its execArgv says). */
export const RELAUNCHED_ENV = 'DCA_CLI_RELAUNCHED'

/** The flags `execArgv` lacks; empty when node was started with all of them. */
export function missingFlags(
  execArgv: readonly string[],
  flags: readonly string[] = cliNodeFlags,
): string[] {
  return flags.filter((flag) => !execArgv.includes(flag))
}

/** node's arguments for starting this script again with `missing` added before the others. */
export function relaunchArgs(
  missing: readonly string[],
  execArgv: readonly string[],
  argv: readonly string[],
): string[] {
  return [...missing, ...execArgv, ...argv.slice(1)]
}

/**
 * Starts the CLI again with the flags node lacks, if any: in place where node can (`process.execve`
 * on Linux and macOS: same process, nothing left behind), else as a child with the same terminal,
 * whose exit code this process passes on. Resolves to null when nothing needs doing (or a child
 * cannot be started): the caller then runs the CLI itself.
 */
export async function relaunchWithFlags(): Promise<number | null> {
  const missing = missingFlags(process.execArgv)
  if (missing.length === 0 || process.env[RELAUNCHED_ENV] === '1') return null
  const args = relaunchArgs(missing, process.execArgv, process.argv)
  const env = { ...process.env, [RELAUNCHED_ENV]: '1' }
  if (typeof process.execve === 'function') {
    try {
      process.execve(process.execPath, [process.execPath, ...args], env)
    } catch {
      // Not possible here after all: start a child instead.
    }
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit', env })
    // Ctrl-C reaches the child from the terminal; this process only waits for it to finish.
    const waitForChild = (): void => {}
    process.on('SIGINT', waitForChild)
    child.once('error', () => {
      process.off('SIGINT', waitForChild)
      resolve(null)
    })
    child.once('exit', (code, signal) => {
      process.off('SIGINT', waitForChild)
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0))
    })
  })
}
