// The CLI in-process: each command, bad flags and a corrupted settings file.
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { exitCodes, runCli } from '../../../src-main/cli/run'
import { makeTempDir } from '../../support/core'
import packageJson from '../../../package.json'

let dir: string
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function cli(...args: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) })
  return { code, stdout, stderr }
}

describe('cli', () => {
  it('prints help and version', async () => {
    dir = makeTempDir()
    const help = await cli('--help')
    expect(help.code).toBe(exitCodes.ok)
    expect(help.stdout).toContain('Exit codes')
    expect((await cli('--version')).stdout.trim()).toBe(packageJson.version)
  })

  it('reports info for the data directory, in demo mode when nothing is configured', async () => {
    dir = makeTempDir()
    const result = await cli('info', '--json', '--data-dir', dir)
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ dataDir: dir, mode: 'demo', version: packageJson.version })
  })

  it('changes settings and switches to tenant mode once tenant and client are set', async () => {
    dir = makeTempDir()
    const set = await cli('settings', 'set', 'tenant-id=contoso.onmicrosoft.com', 'client-id=11111111-2222-3333-4444-555555555555', 'locale=ko', '--data-dir', dir)
    expect(set.code, set.stderr).toBe(0)
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({
      locale: 'ko',
      tenant: { tenantId: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555' },
    })
    expect(JSON.parse((await cli('info', '--json', '--data-dir', dir)).stdout).mode).toBe('tenant')
    expect(JSON.parse((await cli('info', '--json', '--demo', '--data-dir', dir)).stdout).mode).toBe('demo')
  })

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [[], /no command given/],
    [['frobnicate'], /unknown command "frobnicate"/],
    // Names Object.prototype has are not commands or settings either.
    [['toString'], /unknown command "toString"/],
    [['constructor'], /unknown command "constructor"/],
    [['__proto__'], /unknown command "__proto__"/],
    [['info', 'extra'], /takes no arguments/],
    [['info', '--log-level', 'loud'], /unknown log level "loud"/],
    [['info', '--data-dir', ''], /--data-dir is empty/],
    [['settings', 'set', 'client-id=nope'], /client-id|clientId.*GUID/],
    [['settings', 'set', 'colour=blue'], /unknown setting "colour"/],
    [['settings', 'set', 'toString=x'], /unknown setting "toString"/],
    [['settings', 'set', '__proto__=x'], /unknown setting "__proto__"/],
    [['settings', 'set', 'locale'], /not KEY=VALUE/],
    [['settings', 'set', 'locale=fr'], /locale/],
  ])('exits 2 with a one-line error and a hint for %j', async (args, message) => {
    dir = makeTempDir()
    const result = await cli(...args, ...(args.includes('--data-dir') ? [] : ['--data-dir', dir]))
    expect(result.code).toBe(exitCodes.usage)
    const lines = result.stderr.trim().split('\n')
    expect(lines[0]).toMatch(/^error: /)
    expect(lines[0]).toMatch(message)
    expect(lines[1]).toMatch(/^hint: /)
  })

  it('survives a corrupted settings file: moves it aside and says so', async () => {
    dir = makeTempDir()
    writeFileSync(join(dir, 'settings.json'), '\u0000\u0001garbage')
    const result = await cli('info', '--data-dir', dir)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/notice: +settings_reset .*settings\.json\.corrupt-/)
  })
})
