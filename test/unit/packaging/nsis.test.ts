// Compiles the uninstaller's keep-data prompt (build/installer.nsh) with NSIS, when makensis is
// installed (Debian: apt-get install nsis). electron-builder's own NSIS templates come with its
// downloaded NSIS bundle, so a small harness stands in for them: LogicLib, and ${isUpdated} as a
// condition that is false.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../../..')
const makensis = spawnSync('makensis', ['-VERSION'], { encoding: 'utf8' })
const available = makensis.status === 0
const missing =
  'makensis (NSIS) not found on PATH — install it (Debian: apt-get install nsis) to compile build/installer.nsh; ' +
  'the configuration test still checks its contents.'

describe.skipIf(!available)('NSIS uninstaller include', () => {
  it(`compiles with makensis ${available ? makensis.stdout.trim() : ''}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'dca-nsis-'))
    try {
      const script = join(dir, 'harness.nsi')
      writeFileSync(
        script,
        [
          'Unicode true',
          `OutFile "${join(dir, 'harness.exe')}"`,
          'RequestExecutionLevel user',
          '!include LogicLib.nsh',
          '!define isUpdated `0 = 1`',
          `!include "${join(root, 'build', 'installer.nsh')}"`,
          'Section "Install"',
          '  WriteUninstaller "$TEMP\\dca-harness-uninstall.exe"',
          'SectionEnd',
          'Section "Uninstall"',
          '  !insertmacro customUnInstall',
          'SectionEnd',
          '',
        ].join('\n'),
      )
      const output = execFileSync('makensis', ['-V2', '-WX', script], { encoding: 'utf8' })
      expect(output).not.toMatch(/warning/i)
      expect(statSync(join(dir, 'harness.exe')).size).toBeGreaterThan(10_000)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

if (!available) {
  describe('NSIS uninstaller include (not compiled)', () => {
    it.skip(missing, () => {})
  })
}
