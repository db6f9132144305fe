// The V8 flags the CLI runs with: `npm run cli` passes them to node (scripts/run.mjs), the installed
// command (a plain `#!/usr/bin/env node`) starts itself again with them (src-main/cli/relaunch.ts),
// and the store memory benchmark starts its ingest process with them.
//
// --max-semi-space-size=4: V8 otherwise grows the young generation of a long-running process to
// 2 × 64 MiB on a machine with this much memory, and a sync touches all of it: of the memory a
// 10-million-event ingest grew by, about 100 MiB was that (docs/BENCHMARKS.md, "Store ingest
// memory"). The flag applies to every isolate of the process, the sign-in decoder's worker
// included (its own young generation is then 2 × 4 MiB instead of the ~5 MiB its resourceLimits ask).
/** @type {readonly string[]} */
export const cliNodeFlags = Object.freeze(['--max-semi-space-size=4'])
