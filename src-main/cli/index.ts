#!/usr/bin/env node
// The headless command line over core: same data directory, same settings, same AppService.
import { runCli } from './run'

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
})
