// Three bundles: main (Node, Electron), preload (sandboxed, so CommonJS) and the Vue renderer.
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

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
    plugins: [vue()],
  },
})
