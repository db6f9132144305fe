// The CLI fed random command lines (fast-check): it never throws, exits with a documented code, and
// every failure is one line of error plus one line of hint.
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { exitCodes, runCli } from '../../src-main/cli/run'
import { makeTempDir } from '../support/core'
import { recordFigure } from './figures'

const runs = Number(process.env.DCA_FUZZ_RUNS ?? 150) * 2
const documented = new Set<number>(Object.values(exitCodes))
const dataDir = makeTempDir('dca-cli-fuzz-')
let cases = 0
let undocumented = 0

const words = fc.oneof(
  fc.constantFrom(
    'info', 'settings', 'set', 'login', 'logout', 'accounts', 'sync', 'apps', 'usage', 'export', 'alerts',
    '--json', '--csv', '--full', '--all', '--help', '-h', '--version', '--days', '--app', '--granularity', '--auth',
    '--cloud', '--tenant', '--client-id', '--authority-host', '--graph-endpoint', '--log-level', '--account',
    '--demo-size', '--out', '--from', '--to', '--what', '--force',
    'hour', 'day', 'month', 'custom', 'public', 'device-code', 'client-credentials', 'debug', '7', '0', '-1', '365',
    'locale=ko', 'theme=dark', 'cloud=usgov', 'client-id=nope', 'tenant-id=', '=', 'https://evil.test', 'http://x',
    '11111111-2222-3333-4444-555555555555', 'contoso.onmicrosoft.com',
    // Object.prototype's names, which a plain lookup table would answer with its functions.
    'toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf=1',
  ),
  fc.string({ maxLength: 12 }),
)

afterAll(() => recordFigure('cli-fuzz', { casesTried: cases, undocumentedExits: undocumented }))

describe('CLI fuzzing', () => {
  it('answers any command line with a documented exit code and a clear error', async () => {
    // A configured tenant with nobody signed in: data commands fail fast instead of syncing.
    await runCli(['settings', 'set', 'tenant-id=contoso.onmicrosoft.com', 'client-id=11111111-2222-3333-4444-555555555555', '--data-dir', dataDir], {
      stdout: () => undefined,
      stderr: () => undefined,
    })
    await fc.assert(
      fc.asyncProperty(fc.array(words, { maxLength: 7 }), async (argv) => {
        cases++
        let stderr = ''
        const code = await runCli([...argv.filter((word) => word !== '--data-dir'), '--data-dir', dataDir], {
          stdout: () => undefined,
          stderr: (text) => void (stderr += text),
          env: {},
          openBrowser: async () => {
            throw new Error('no browser in the fuzz test')
          },
        })
        if (!documented.has(code)) undocumented++
        expect(documented.has(code), `exit ${code} for ${JSON.stringify(argv)}`).toBe(true)
        if (code !== 0) {
          // Progress lines may come first (login says it opens the browser); the failure itself is
          // exactly one error line followed by its hint.
          const lines = stderr.trim().split('\n')
          const errors = lines.flatMap((line, index) => (line.startsWith('error: ') ? [index] : []))
          expect(errors, JSON.stringify(argv)).toHaveLength(1)
          expect(lines[errors[0]!], JSON.stringify(argv)).toMatch(/^error: \S/)
          expect(lines[errors[0]! + 1], JSON.stringify(argv)).toMatch(/^hint: \S/)
          expect(stderr).not.toMatch(/TypeError|ReferenceError|at .*\.ts:\d+/)
        }
      }),
      { numRuns: runs },
    )
  }, 300_000)
})
