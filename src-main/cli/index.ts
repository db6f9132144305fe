#!/usr/bin/env node
// The headless command line over core: same data directory, same settings, same AppService.
// It runs with the V8 flags of src-main/cli/node-flags.mjs; started without them (the installed
// command's plain shebang), it starts itself again with them first (relaunch.ts).
import { relaunchWithFlags } from './relaunch'

const relaunched = await relaunchWithFlags()
if (relaunched !== null) {
  process.exitCode = relaunched
} else {
  const { runCli } = await import('./run')
  // Ctrl-C during an export cancels it cleanly (the temporary file is removed); a second one quits.
  const controller = new AbortController()
  if (process.argv.slice(2).includes('export')) {
    process.once('SIGINT', () => {
      process.stderr.write('cancelling the export…\n')
      controller.abort()
    })
  }
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    signal: controller.signal,
  })
}
