// Playwright: the built renderer in Chromium against a real core through the test bridge
// ('renderer'), and the packaged Electron app where its binary exists ('electron').
import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

// Machines here cannot download Playwright's browsers; Debian's Chromium works with these flags.
const systemChromium = '/usr/bin/chromium'
const chromiumLaunchOptions = existsSync(systemChromium)
  ? {
      executablePath: systemChromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    }
  : {}

export default defineConfig({
  globalSetup: './test/e2e/support/global-setup.ts',
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  // Kept apart from test-results/screenshots, which Playwright must not wipe between projects.
  outputDir: 'test-results/playwright',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: true,
  // Each test starts its own core and page; two at a time keeps the run well under two minutes on a 2-CPU machine.
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  projects: [
    {
      name: 'renderer',
      testDir: 'test/e2e',
      testMatch: '**/*.spec.ts',
      use: {
        browserName: 'chromium',
        launchOptions: chromiumLaunchOptions,
        viewport: { width: 1280, height: 820 },
        locale: 'en-US',
        timezoneId: 'UTC',
        colorScheme: 'light',
        trace: 'retain-on-failure',
        screenshot: 'only-on-failure',
      },
    },
    {
      name: 'electron',
      testDir: 'test/electron',
      testMatch: '**/*.spec.ts',
    },
  ],
})
