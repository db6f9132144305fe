/// <reference types="vite/client" />
// English and Korean must offer the same keys with the same placeholders, and every key the
// renderer's code asks for must exist. A missing key would show the raw key to the admin.
// (Sources are read through Vite's import.meta.glob: this project has no Node types, like the renderer.)
import { describe, expect, it } from 'vitest'
import en from '../../../src-renderer/src/i18n/locales/en'
import ko from '../../../src-renderer/src/i18n/locales/ko'
import { leaves } from './support/message-leaves'

// Distinct names: a plural message repeats {count} once per form, and Korean has a single form.
const placeholders = (text: string) =>
  [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort()

// Every renderer source except the message files themselves, as text, keyed by path.
const rendererSources: Record<string, string> = import.meta.glob(
  ['../../../src-renderer/src/**/*.{ts,vue}', '!../../../src-renderer/src/i18n/locales/**'],
  { query: '?raw', import: 'default', eager: true },
)

const enLeaves = leaves(en)
const koLeaves = leaves(ko)

// t('a.b'), $t('a.b'), te('a.b'), the cached texts' fixed/fill/plural('a.b') (i18n/cached-text.ts),
// and route meta `titleKey: 'a.b'` — the ways the code names keys.
const keyUsePattern =
  /(?:\$t|\bt|\bte|\bfixed|\bfill|\bplural)\(\s*'([^']+)'|titleKey:\s*'([^']+)'/g

describe('UI messages', () => {
  it('has the same keys in English and Korean', () => {
    const missingInKo = [...enLeaves.keys()].filter((key) => !koLeaves.has(key))
    const extraInKo = [...koLeaves.keys()].filter((key) => !enLeaves.has(key))
    expect({ missingInKo, extraInKo }).toEqual({ missingInKo: [], extraInKo: [] })
  })

  it('uses the same placeholders in both languages', () => {
    const mismatched = [...enLeaves].filter(([key, text]) => {
      const korean = koLeaves.get(key)
      return korean !== undefined && placeholders(text).join() !== placeholders(korean).join()
    })
    expect(mismatched.map(([key]) => key)).toEqual([])
  })

  it('has no empty message', () => {
    const empty = [...enLeaves, ...koLeaves].filter(([, text]) => text.trim() === '')
    expect(empty).toEqual([])
  })

  it('defines every key the renderer code uses', () => {
    const used = new Map<string, string>()
    for (const [file, source] of Object.entries(rendererSources)) {
      for (const match of source.matchAll(keyUsePattern)) {
        used.set(match[1] ?? match[2] ?? '', file.replace('../../../src-renderer/src/', ''))
      }
    }
    expect(used.size).toBeGreaterThan(50)
    const undefinedKeys = [...used]
      .filter(([key]) => !enLeaves.has(key))
      .map(([key, file]) => `${key} (${file})`)
    expect(undefinedKeys).toEqual([])
  })

  it('catches a key the code uses but the messages lack', () => {
    // Guards the scanner itself: if the pattern stopped matching, the test above would pass vacuously.
    const sample = `<p>{{ t('apps.lead') }}</p> {{ $t('nav.nowhere') }} text.fill('apps.nowhere', {})`
    const keys = [...sample.matchAll(keyUsePattern)].map((m) => m[1] ?? m[2])
    expect(keys).toEqual(['apps.lead', 'nav.nowhere', 'apps.nowhere'])
    expect(keys.filter((key) => !enLeaves.has(key ?? ''))).toEqual(['nav.nowhere', 'apps.nowhere'])
  })
})
