#!/usr/bin/env -S node --max-semi-space-size=4
// The headless command line over core: same data directory, same settings, same AppService.
// The shebang's V8 flags are scripts/cli-node-flags.mjs's (why: there; a unit test keeps them equal).
import { runCli } from './run'

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
