// Saving a page's screenshot the one way every spec does: the whole page, animations and caret off,
// into test-results/screenshots, and into docs/screenshots as well when the file is one of `toDocs`.
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { docScreenshotDir, screenshotDir } from './paths'

export async function saveScreenshot(
  page: Page,
  file: string,
  toDocs: readonly string[] = [],
): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true })
  const path = join(screenshotDir, file)
  await page.screenshot({ path, fullPage: true, animations: 'disabled', caret: 'hide' })
  if (toDocs.includes(file)) {
    mkdirSync(docScreenshotDir, { recursive: true })
    copyFileSync(path, join(docScreenshotDir, file))
  }
}
