#!/usr/bin/env node
// Turns the reliability suite's figures (reports/reliability/*.json) into docs/RELIABILITY.md.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const folder = join(root, 'reports', 'reliability')
const figures = existsSync(folder)
  ? Object.fromEntries(
      readdirSync(folder)
        .filter((name) => name.endsWith('.json'))
        .map((name) => [name.replace(/\.json$/, ''), JSON.parse(readFileSync(join(folder, name), 'utf8'))]),
    )
  : {}
const get = (name, key) => figures[name]?.[key] ?? 'not run'
const faults = figures['sync-faults']
const kills = figures['kill-points']

const text = `# Reliability

Figures from the standing fault, fuzz and kill suite (\`test/reliability\`). Rerun them with
\`npm run reliability\` (more iterations: \`DCA_RELIABILITY_RUNS\`, \`DCA_FUZZ_RUNS\`); \`npm test\`
runs the same suite with fewer iterations. Machine: ${cpus().length} cores, Node ${process.versions.node}.
Generated ${new Date().toISOString().slice(0, 16)}Z.

| suite | what it does | tried | failures |
|---|---|---|---|
| sync fault storms | syncs through the fake Microsoft Graph while random faults fire (429 storms with Retry-After, 502/503/504, connection resets, truncated and slow bodies, expired nextLinks, bodies that are not JSON, schema drift with extra, null and missing fields), resuming after any sync that fails; then compares every app-hour with the generator's ground truth | ${get('sync-faults', 'runs')} storms, ${get('sync-faults', 'faultsInjected')} faults injected, ${get('sync-faults', 'syncAttempts')} sync attempts | events lost: **${get('sync-faults', 'eventsLost')}**, double counts: **${get('sync-faults', 'doubleCounts')}**, crashes: **${get('sync-faults', 'crashes')}** |
| kill points | runs \`defender-connected-apps sync\` as a process and SIGKILLs it at spread-out points (start-up, discovery, backfill), several times per run, then resumes and compares with ground truth | ${get('kill-points', 'runs')} runs, ${get('kill-points', 'killPoints')} kill points | events lost: **${get('kill-points', 'eventsLost')}**, double counts: **${get('kill-points', 'doubleCounts')}**, crashes: **${get('kill-points', 'crashes')}** |
| locked store | another process holds the store's write lock while a sync runs | ${get('kill-points', 'lockedWaits')} waits observed | sync completed with every event |
| IPC fuzzing | every bridge channel fed arbitrary and near-valid payloads (fast-check) through the same dispatcher as Electron's IPC | ${get('ipc-fuzz', 'casesTried')} cases over ${get('ipc-fuzz', 'channels')} channels | unhandled errors: **${get('ipc-fuzz', 'unhandled')}** |
| CLI fuzzing | random command lines; every exit code documented, every failure one error line and one hint | ${get('cli-fuzz', 'casesTried')} cases | undocumented exits: **${get('cli-fuzz', 'undocumentedExits')}** |

Other standing checks (in \`npm test\`): corrupted, truncated and foreign store files are moved aside
and rebuilt (\`test/integration/store\`, \`test/integration/cli\`); a corrupted settings file is moved
aside (\`test/unit/core/settings-store.test.ts\`); tokens never reach the data directory, the store or
the logs or the bridge traffic through sign-in and a full sync, and a token Graph refuses as
expired mid-sync is replaced, not retried (\`test/integration/auth\`); the CSP blocks inline script
in the renderer (\`test/e2e/security.spec.ts\`); the safe shell refuses
\`javascript:\`, \`file:\`, \`http:\` and look-alike hosts (\`test/unit/core/safe-url.test.ts\`).
`
const target = join(root, 'docs', 'RELIABILITY.md')
writeFileSync(target, text)
process.stdout.write(`wrote ${target}${faults && kills ? '' : ' (some suites were not run)'}\n`)
