// Three bundles: main (Node, Electron), preload (sandboxed, so CommonJS) and the Vue renderer.
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import vueI18n from '@intlify/unplugin-vue-i18n/vite'

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('src-main/index.ts'),
          cli: resolve('src-main/cli/index.ts'),
          // The sign-in page decoder's worker thread (core/graph/sign-in-decoder.ts finds it here).
          'sign-in-worker': resolve('src-main/core/graph/sign-in-worker.ts'),
          // The store's WAL checkpointer thread (core/store/checkpointer.ts finds it here).
          'checkpoint-worker': resolve('src-main/core/store/checkpoint-worker.ts'),
        },
        external: ['keytar', '@azure/msal-node-runtime'],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { preload: resolve('src-main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: resolve('src-renderer/index.html') },
    },
    plugins: [
      vue(),
      // The UI messages (i18n/locales/*.ts, plain `export default { … }` objects) are compiled at
      // build time into vue-i18n's message ASTs, so the renderer ships vue-i18n's runtime-only build
      // and compiles no message when it is first shown (that was ~20-30 ms of the first data paint).
      // The ASTs are data, not code: nothing is eval'd (the CSP allows no eval).
      vueI18n({
        include: [resolve('src-renderer/src/i18n/locales/**')],
        runtimeOnly: true,
        compositionOnly: true,
        dropMessageCompiler: true,
      }),
    ],
  },
})
