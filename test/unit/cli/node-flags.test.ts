// The CLI's V8 flags: one list (scripts/cli-node-flags.mjs) for `npm run cli`, the installed command's
// shebang and the store memory benchmark; and a process started with them can still decode sign-in
// pages on the worker thread from source (a worker refuses V8 flags in its execArgv).
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cliNodeFlags } from '../../../scripts/cli-node-flags.mjs'
import { loaderArgs } from '../../../src-main/core/graph/sign-in-decoder'

const root = join(import.meta.dirname, '../../..')

describe('CLI node flags', () => {
  it('are the ones the installed command’s shebang gives node', () => {
    const firstLine = readFileSync(join(root, 'src-main/cli/index.ts'), 'utf8').split('\n', 1)[0]
    expect(cliNodeFlags.length).toBeGreaterThan(0)
    expect(firstLine).toBe(`#!/usr/bin/env -S node ${cliNodeFlags.join(' ')}`)
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
