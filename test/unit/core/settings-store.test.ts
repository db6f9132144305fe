import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SettingsStore } from '../../../src-main/core/settings-store'
import { silentLogger } from '../../../src-main/core/log'
import { AppError } from '../../../src-main/contract'
import { makeTempDir } from '../../support/core'
import { rmSync } from 'node:fs'

let dir: string
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('SettingsStore', () => {
  it('starts from defaults and persists updates across instances', () => {
    dir = makeTempDir()
    const store = new SettingsStore(dir, silentLogger)
    expect(store.get()).toEqual({ locale: 'system', theme: 'system', tenant: { cloud: 'public' } })
    store.update({ locale: 'ko', tenant: { cloud: 'usgov', tenantId: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555' } })
    const reopened = new SettingsStore(dir, silentLogger)
    expect(reopened.get()).toMatchObject({ locale: 'ko', tenant: { cloud: 'usgov', tenantId: 'contoso.onmicrosoft.com' } })
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('refuses invalid values with issues and leaves the file untouched', () => {
    dir = makeTempDir()
    const store = new SettingsStore(dir, silentLogger)
    store.update({ theme: 'dark' })
    const before = readFileSync(store.path, 'utf8')
    expect(() => store.update({ tenant: { cloud: 'public', clientId: 'not-a-guid' } })).toThrow(AppError)
    try {
      store.update({ tenant: { cloud: 'public', tenantId: 'not a domain!' } })
    } catch (error) {
      expect((error as AppError).issues?.[0]?.path).toBe('tenant.tenantId')
    }
    expect(readFileSync(store.path, 'utf8')).toBe(before)
  })

  it.each([
    ['not JSON', '{ this is not json'],
    ['a wrong shape', JSON.stringify({ locale: 'fr', theme: 3 })],
    ['an empty file', ''],
  ])('moves %s aside, keeps it, and reports a notice', (_label, content) => {
    dir = makeTempDir()
    writeFileSync(join(dir, 'settings.json'), content)
    const store = new SettingsStore(dir, silentLogger)
    expect(store.get().locale).toBe('system')
    expect(store.notices).toHaveLength(1)
    const aside = store.notices[0]!.detail
    expect(existsSync(aside)).toBe(true)
    expect(readFileSync(aside, 'utf8')).toBe(content)
    expect(existsSync(join(dir, 'settings.json'))).toBe(false)
  })
})
