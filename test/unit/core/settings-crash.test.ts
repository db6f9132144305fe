// Crash safety of the settings file, as an installed app needs it: a write is a temporary file
// renamed over the old one, so an interrupted write leaves the previous settings intact; a file
// that is damaged anyway is moved aside, never deleted, and the defaults are used.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src-main/core/log'
import { SettingsStore } from '../../../src-main/core/settings-store'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dca-settings-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('settings crash safety', () => {
  it('leaves no temporary file behind and the saved file is complete JSON', () => {
    const store = new SettingsStore(dir, silentLogger)
    store.update({ locale: 'ko' })
    expect(readdirSync(dir)).toEqual(['settings.json'])
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ locale: 'ko' })
  })

  it('keeps the previous settings when a write died before its rename', () => {
    new SettingsStore(dir, silentLogger).update({ locale: 'ko' })
    // What a crash mid-write leaves: a half-written temporary file next to the intact original.
    writeFileSync(join(dir, 'settings.json.4242.tmp'), '{"locale": "e')
    const reopened = new SettingsStore(dir, silentLogger)
    expect(reopened.get().locale).toBe('ko')
    expect(reopened.notices).toEqual([])
  })

  it('moves a damaged file aside, keeps it, and starts from defaults with a notice', () => {
    writeFileSync(join(dir, 'settings.json'), '{"locale": "e')
    const store = new SettingsStore(dir, silentLogger)
    expect(store.notices).toHaveLength(1)
    expect(existsSync(join(dir, 'settings.json'))).toBe(false)
    const aside = readdirSync(dir).find((name) => name.startsWith('settings.json.corrupt-'))!
    expect(readFileSync(join(dir, aside), 'utf8')).toBe('{"locale": "e')
  })
})
