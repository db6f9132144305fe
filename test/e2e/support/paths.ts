// Where the E2E run reads builds from and writes screenshots to.
import { join } from 'node:path'

export const repoRoot = join(import.meta.dirname, '../../..')
export const rendererDir = join(repoRoot, 'out/renderer')
export const testBridgeDir = join(repoRoot, 'out/test-bridge')
export const testBridgeBundle = join(testBridgeDir, 'test-bridge.iife.js')
export const screenshotDir = join(repoRoot, 'test-results/screenshots')
export const docScreenshotDir = join(repoRoot, 'docs/screenshots')
