// Finding a worker thread's entry file, the same way for every worker the main process starts (the
// sign-in page decoder, the store's WAL checkpointer): bundled, each worker is its own entry
// (electron.vite.config.ts → out/main/<name>.js); from source (tsx, vitest), the TypeScript file
// next to the module that starts it, run with this process's module loaders (tsx's).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export interface WorkerEntry {
  url: URL
  /** The worker's execArgv when it runs from source (tsx's loader); absent when bundled. */
  execArgv?: string[]
}

/**
 * The entry of worker `name` for the module at `moduleUrl` (its `import.meta.url`): the bundled
 * `<name>.js` next to that module or one folder up (Rollup puts shared code in chunks/), or
 * `<name>.ts` beside it when running from source; null when neither is there (a packaging mistake:
 * the caller then does the work another way). Paths are built by concatenation so that no bundler
 * rewrites them.
 */
export function findWorkerEntry(name: string, moduleUrl: string): WorkerEntry | null {
  if (/\.[cm]?ts$/.test(new URL(moduleUrl).pathname)) {
    const url = new URL('./' + name + '.ts', moduleUrl)
    if (!existsSync(fileURLToPath(url))) return null
    const loaders = loaderArgs(process.execArgv)
    const hasTsx = loaders.some((arg) => /\btsx\b/.test(arg))
    return { url, execArgv: hasTsx ? loaders : [...loaders, '--import', 'tsx'] }
  }
  for (const candidate of ['./' + name + '.js', '../' + name + '.js']) {
    const url = new URL(candidate, moduleUrl)
    if (existsSync(fileURLToPath(url))) return { url }
  }
  return null
}

const LOADER_OPTION = /^(--import|--require|-r|--loader|--experimental-loader)(=|$)/

/**
 * This process's module-loader options (tsx's), the only ones a worker needs from source: a worker
 * refuses V8 flags in its execArgv (the CLI runs with --max-semi-space-size; V8 flags apply to every
 * isolate of the process anyway).
 */
export function loaderArgs(execArgv: readonly string[]): string[] {
  const kept: string[] = []
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!
    const match = LOADER_OPTION.exec(arg)
    if (!match) continue
    kept.push(arg)
    if (match[2] === '' && i + 1 < execArgv.length) kept.push(execArgv[++i]!)
  }
  return kept
}
