// The log file rotates by size and keeps a fixed number of old files; lines stay redacted.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger, rotateLogFiles } from '../../../src-main/core/log'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dca-log-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const files = () => readdirSync(dir).sort()

describe('log rotation', () => {
  it('starts a new app.log before the file would pass the size limit', () => {
    const log = createLogger({ level: 'info', logDir: dir, maxBytes: 300, keep: 3 })
    for (let i = 0; i < 4; i++) log.info(`line ${i} ${'x'.repeat(80)}`)
    expect(files()).toEqual(['app.1.log', 'app.log'])
    for (const name of files()) expect(readFileSync(join(dir, name)).length).toBeLessThanOrEqual(300)
    expect(readFileSync(join(dir, 'app.log'), 'utf8')).toContain('line 3')
    expect(readFileSync(join(dir, 'app.1.log'), 'utf8')).toContain('line 0')
  })

  it('keeps only the configured number of old files, newest first', () => {
    const log = createLogger({ level: 'info', logDir: dir, maxBytes: 120, keep: 2 })
    for (let i = 0; i < 10; i++) log.info(`entry ${i} ${'y'.repeat(60)}`)
    expect(files()).toEqual(['app.1.log', 'app.2.log', 'app.log'])
    expect(readFileSync(join(dir, 'app.log'), 'utf8')).toContain('entry 9')
    expect(readFileSync(join(dir, 'app.1.log'), 'utf8')).toContain('entry 8')
    expect(readFileSync(join(dir, 'app.2.log'), 'utf8')).toContain('entry 7')
  })

  it('counts what is already on disk when it starts', () => {
    writeFileSync(join(dir, 'app.log'), 'z'.repeat(250))
    createLogger({ level: 'info', logDir: dir, maxBytes: 300 }).info('a line long enough to overflow the limit')
    expect(files()).toEqual(['app.1.log', 'app.log'])
    expect(readFileSync(join(dir, 'app.1.log'), 'utf8')).toBe('z'.repeat(250))
  })

  it('writes a single line longer than the limit rather than rotating forever', () => {
    const log = createLogger({ level: 'info', logDir: dir, maxBytes: 50 })
    log.info('q'.repeat(200))
    expect(files()).toEqual(['app.log'])
    log.info('next')
    expect(files()).toEqual(['app.1.log', 'app.log'])
  })

  it('notices when another process rotated the file meanwhile', () => {
    const log = createLogger({ level: 'info', logDir: dir, maxBytes: 300 })
    log.info('x'.repeat(200))
    rotateLogFiles(dir, 3) // e.g. the CLI
    log.info('y'.repeat(200))
    expect(files()).toEqual(['app.1.log', 'app.log'])
    expect(readFileSync(join(dir, 'app.log'), 'utf8')).toContain('y'.repeat(200))
  })

  it('still redacts tokens in every line, rotated or not', () => {
    const log = createLogger({ level: 'info', logDir: dir, maxBytes: 200, keep: 1 })
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ'
    for (let i = 0; i < 5; i++) log.info(`Authorization: Bearer ${jwt}`)
    const all = files().map((name) => readFileSync(join(dir, name), 'utf8')).join('')
    expect(all).not.toContain(jwt)
    expect(all.length).toBeGreaterThan(0)
  })

  it('rotateLogFiles tolerates gaps and keep = 0', () => {
    writeFileSync(join(dir, 'app.log'), 'a')
    writeFileSync(join(dir, 'app.2.log'), 'c')
    rotateLogFiles(dir, 3)
    expect(files()).toEqual(['app.1.log', 'app.3.log'])
    rotateLogFiles(dir, 0)
    expect(existsSync(join(dir, 'app.log'))).toBe(false)
  })
})
