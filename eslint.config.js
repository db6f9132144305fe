// Lint enforces the architecture's boundaries, not just style:
//   contract ← core ← electron, cli;  contract ← renderer.
// core and contract never import electron; the renderer never imports core or node; raw
// ipcMain/ipcRenderer only in the two bridge files; no v-html anywhere.
import js from '@eslint/js'
import globals from 'globals'
import pluginVue from 'eslint-plugin-vue'
import prettier from 'eslint-config-prettier'
import tseslint from 'typescript-eslint'

const electronBan = {
  paths: [{ name: 'electron', message: 'Only src-main/electron/** and src-main/index.ts may import electron.' }],
  patterns: [{ group: ['electron/*'], message: 'Only src-main/electron/** may import electron.' }],
}
const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream', 'events']

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'reports/**', 'test-results/**', 'playwright-report/**', 'node_modules/**', '.tools/**', 'test/fixtures/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  // Formatting belongs to Prettier; this turns off the stylistic rules that would fight it.
  prettier,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'Raw ipcMain/ipcRenderer only in src-main/electron/ipc.ts and preload.ts; use the contract.',
            },
          ],
        },
      ],
      'vue/no-v-html': 'error',
    },
  },
  {
    files: ['src-main/electron/ipc.ts', 'src-main/electron/preload.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-main/core/**', 'src-main/cli/**'],
    rules: { 'no-restricted-imports': ['error', electronBan] },
  },
  {
    files: ['src-main/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronBan.paths,
          patterns: [
            ...electronBan.patterns,
            { group: nodeBuiltins, message: 'The contract is shared with the renderer: no node modules.' },
            { group: ['**/core', '**/core/**', '**/electron/**', '**/cli/**'], message: 'The contract imports nothing from main.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks only to window.api.' }],
          patterns: [
            { group: ['electron/*'], message: 'The renderer talks only to window.api.' },
            { group: nodeBuiltins, message: 'The renderer has no Node; ask main through window.api.' },
            {
              group: ['**/src-main/core', '**/src-main/core/**', '**/src-main/electron/**', '**/src-main/cli/**', '**/src-main/index'],
              message: 'The renderer may import only src-main/contract.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
)
