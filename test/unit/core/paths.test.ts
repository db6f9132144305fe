import { describe, expect, it } from 'vitest'
import { defaultAppDataRoot, resolveDataDir } from '../../../src-main/core/paths'

describe('data directory', () => {
  it('follows each OS convention, like Electron userData', () => {
    expect(resolveDataDir({ platform: 'win32', env: { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, homeDir: 'C:\\Users\\a' })).toMatch(
      /Roaming.Defender Connected Apps$/,
    )
    expect(resolveDataDir({ platform: 'darwin', env: {}, homeDir: '/Users/a' })).toBe(
      '/Users/a/Library/Application Support/Defender Connected Apps',
    )
    expect(resolveDataDir({ platform: 'linux', env: {}, homeDir: '/home/a' })).toBe('/home/a/.config/Defender Connected Apps')
    expect(defaultAppDataRoot({ platform: 'linux', env: { XDG_CONFIG_HOME: '/xdg' }, homeDir: '/home/a' })).toBe('/xdg')
  })

  it('ignores a relative XDG_CONFIG_HOME as the spec requires', () => {
    expect(defaultAppDataRoot({ platform: 'linux', env: { XDG_CONFIG_HOME: 'rel' }, homeDir: '/home/a' })).toBe('/home/a/.config')
  })

  it('lets an override and DCA_DATA_DIR win, override first', () => {
    const environment = { platform: 'linux' as const, env: { DCA_DATA_DIR: '/env-dir' }, homeDir: '/home/a' }
    expect(resolveDataDir(environment)).toBe('/env-dir')
    expect(resolveDataDir(environment, '/flag-dir')).toBe('/flag-dir')
  })
})
