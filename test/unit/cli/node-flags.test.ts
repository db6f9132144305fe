// The CLI's V8 flags: one list (src-main/cli/node-flags.mjs) for `npm run cli`, the installed command
// (which starts itself again with them: src-main/cli/relaunch.ts) and the store memory benchmark; and a process started with them can still decode sign-in
// pages on the worker thread from source (a worker refuses V8 flags in its execArgv).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cliNodeFlags } from '../../../src-main/cli/node-flags.mjs'
import { missingFlags, relaunchArgs } from '../../../src-main/cli/relaunch'
import { loaderArgs } from '../../../src-main/core/worker-entry'

const root = join(import.meta.dirname, '../../..')

describe('CLI node flags', () => {
  it('are not in the installed command’s shebang, which any env can run', () => {
    const firstLine = readFileSync(join(root, 'src-main/cli/index.ts'), 'utf8').split('\n', 1)[0]
    expect(cliNodeFlags.length).toBeGreaterThan(0)
    expect(firstLine).toBe('#!/usr/bin/env node')
  })

  it('are added when missing, before node’s other options and the script', () => {
    expect(missingFlags(['--import', 'tsx'])).toEqual([...cliNodeFlags])
    expect(missingFlags([...cliNodeFlags, '--import', 'tsx'])).toEqual([])
    expect(
      relaunchArgs(
        ['--max-semi-space-size=4'],
        ['--import', 'tsx'],
        ['/usr/bin/node', 'cli.js', 'sync', '--days', '2'],
      ),
    ).toEqual(['--max-semi-space-size=4', '--import', 'tsx', 'cli.js', 'sync', '--days', '2'])
  })

  it('are given to a CLI started without them: it starts itself again with them, once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dca-relaunch-'))
    try {
      // A stand-in entry with the CLI's relaunch step that reports how it ended up running.
      const relaunchUrl = pathToFileURL(join(root, 'src-main/cli/relaunch.ts')).href
      const entry = join(dir, 'entry.mjs')
      writeFileSync(
        entry,
        `const { relaunchWithFlags } = await import(${JSON.stringify(relaunchUrl)})
        const code = await relaunchWithFlags()
        if (code !== null) process.exitCode = code
        else console.log(JSON.stringify({ execArgv: process.execArgv, args: process.argv.slice(2), pid: process.pid }))`,
      )
      const run = (flags: string[]) =>
        JSON.parse(
          execFileSync(
            process.execPath,
            [...flags, '--import', 'tsx', entry, 'sync', '--days', '2'],
            {
              cwd: root,
              encoding: 'utf8',
              env: { ...process.env, DCA_CLI_RELAUNCHED: '' },
            },
          ).trim(),
        ) as { execArgv: string[]; args: string[] }
      const relaunched = run([])
      expect(relaunched.execArgv).toEqual([...cliNodeFlags, '--import', 'tsx'])
      expect(relaunched.args).toEqual(['sync', '--days', '2'])
      // Started with them, it runs as it is.
      expect(run([...cliNodeFlags]).execArgv).toEqual([...cliNodeFlags, '--import', 'tsx'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('keeps only module-loader options for the decoder worker', () => {
    expect(
      loaderArgs([
        '--max-semi-space-size=4',
        '--import',
        'tsx',
        '--require=./hook.cjs',
        '-r',
        'other',
        '--inspect',
        '--loader',
      ]),
    ).toEqual(['--import', 'tsx', '--require=./hook.cjs', '-r', 'other', '--loader'])
  })

  it('lets a process started with them decode pages on the worker thread', () => {
    const decoderUrl = pathToFileURL(join(root, 'src-main/core/graph/sign-in-decoder.ts')).href
    const script = `
      const { SignInPageDecoder } = await import(${JSON.stringify(decoderUrl)})
      const decoder = new SignInPageDecoder()
      const page = { value: [], '@odata.nextLink': 'https://graph.microsoft.com/beta/auditLogs/signIns?$skiptoken=x' }
      const { nextLink } = await decoder.decode(new TextEncoder().encode(JSON.stringify(page)).buffer, ['servicePrincipal'])
      console.log(JSON.stringify({ threaded: decoder.threaded, nextLink }))
      await decoder.close()
    `
    const output = execFileSync(
      process.execPath,
      [...cliNodeFlags, '--import', 'tsx', '--input-type=module', '--eval', script],
      { cwd: root, encoding: 'utf8' },
    )
    expect(JSON.parse(output.trim())).toEqual({
      threaded: true,
      nextLink: 'https://graph.microsoft.com/beta/auditLogs/signIns?$skiptoken=x',
    })
  })
})
