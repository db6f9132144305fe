#!/usr/bin/env node
// Prints `tests: N passed, N failed, N skipped`, counted from the runners' own JSON reports
// (Vitest: reports/vitest.json, Playwright: reports/playwright.json). A missing or unreadable
// report counts as one failure: a runner that crashed must not look like a green run.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const totals = { passed: 0, failed: 0, skipped: 0 }
const lines = []

function readReport(name) {
  const path = join(root, 'reports', name)
  if (!existsSync(path)) return null
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return null
  }
}

const vitest = readReport('vitest.json')
if (vitest && typeof vitest.numTotalTests === 'number') {
  const passed = vitest.numPassedTests
  const failed = vitest.numFailedTests + (vitest.success === false && vitest.numFailedTests === 0 ? 1 : 0)
  const skipped = vitest.numPendingTests + (vitest.numTodoTests ?? 0)
  totals.passed += passed
  totals.failed += failed
  totals.skipped += skipped
  lines.push(`vitest: ${passed} passed, ${failed} failed, ${skipped} skipped`)
  if (vitest.success === false && vitest.numFailedTests === 0) lines.push('vitest: a test file failed to load or run (counted as 1 failure)')
} else {
  totals.failed += 1
  lines.push('vitest: no report at reports/vitest.json (counted as 1 failure)')
}

const playwright = readReport('playwright.json')
if (playwright && playwright.stats) {
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = playwright.stats
  const setupErrors = Array.isArray(playwright.errors) ? playwright.errors.length : 0
  totals.passed += expected + flaky
  totals.failed += unexpected + setupErrors
  totals.skipped += skipped
  lines.push(`playwright: ${expected + flaky} passed, ${unexpected + setupErrors} failed, ${skipped} skipped${flaky ? ` (${flaky} flaky)` : ''}`)
  if (setupErrors) lines.push(`playwright: ${setupErrors} error(s) outside tests (global setup or config)`)
} else {
  totals.failed += 1
  lines.push('playwright: no report at reports/playwright.json (counted as 1 failure)')
}

if (!process.argv.includes('--totals-only')) for (const line of lines) process.stdout.write(`${line}\n`)
process.stdout.write(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`)
process.exit(totals.failed > 0 ? 1 : 0)
