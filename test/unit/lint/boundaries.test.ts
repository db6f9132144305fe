// The lint rules are the architecture's guard rails: prove each one rejects a violation and that
// the same code is accepted where the design allows it.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../../..')
const fixture = (name: string) => readFileSync(join(root, 'test/fixtures/lint', name), 'utf8')
let eslint: ESLint

async function ruleIdsFor(code: string, virtualPath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, virtualPath) })
  if (!result) throw new Error('ESLint returned no result')
  const fatal = result.messages.filter((message) => message.fatal)
  if (fatal.length) throw new Error(`Fixture did not parse: ${fatal[0]?.message}`)
  return result.messages.map((message) => message.ruleId ?? 'unknown')
}

beforeAll(() => {
  eslint = new ESLint({ cwd: root })
})

describe('lint boundaries', () => {
  it('rejects electron imported from core', async () => {
    expect(await ruleIdsFor(fixture('imports-electron.ts'), 'src-main/core/lint-probe.ts')).toContain('no-restricted-imports')
  })

  it('rejects electron imported from the contract', async () => {
    expect(await ruleIdsFor(fixture('imports-electron.ts'), 'src-main/contract/lint-probe.ts')).toContain('no-restricted-imports')
  })

  it('allows electron in the Electron glue', async () => {
    expect(await ruleIdsFor(fixture('imports-electron.ts'), 'src-main/electron/lint-probe.ts')).not.toContain('no-restricted-imports')
  })

  it('rejects raw ipcMain outside the two bridge files', async () => {
    expect(await ruleIdsFor(fixture('raw-ipc.ts'), 'src-main/electron/tray.ts')).toContain('no-restricted-imports')
  })

  it('allows raw ipcMain in electron/ipc.ts', async () => {
    expect(await ruleIdsFor(fixture('raw-ipc.ts'), 'src-main/electron/ipc.ts')).not.toContain('no-restricted-imports')
  })

  it('rejects the renderer importing core', async () => {
    expect(await ruleIdsFor(fixture('imports-core.ts'), 'src-renderer/src/lint-probe.ts')).toContain('no-restricted-imports')
  })

  it('rejects node modules in the renderer and in the contract', async () => {
    expect(await ruleIdsFor(fixture('imports-node.ts'), 'src-renderer/src/lint-probe.ts')).toContain('no-restricted-imports')
    expect(await ruleIdsFor(fixture('imports-node.ts'), 'src-main/contract/lint-probe.ts')).toContain('no-restricted-imports')
  })

  it('allows node modules in core', async () => {
    expect(await ruleIdsFor(fixture('imports-node.ts'), 'src-main/core/lint-probe.ts')).toEqual([])
  })

  it('accepts core importing the contract', async () => {
    expect(await ruleIdsFor(fixture('clean-core.ts'), 'src-main/core/lint-probe.ts')).toEqual([])
  })

  it('rejects v-html in a component', async () => {
    expect(await ruleIdsFor(fixture('v-html.vue'), 'src-renderer/src/components/LintProbe.vue')).toContain('vue/no-v-html')
  })
})
