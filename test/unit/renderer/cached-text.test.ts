// The cached translations the Connected apps table builds its rows with must give exactly what
// vue-i18n's t() gives, in both languages, for every message and for hostile parameter values.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createAppI18n } from '../../../src-renderer/src/i18n'
import { cachedText, type Translate } from '../../../src-renderer/src/i18n/cached-text'
import en from '../../../src-renderer/src/i18n/locales/en'
import { leaves, type Messages } from './support/message-leaves'

const names = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))]
const messages = [...leaves(en as Messages)]
const withParameters = messages.filter(([, text]) => names(text).length > 0 && !text.includes('|'))
const plurals = messages.filter(([, text]) => text.includes('|'))

// Text Graph may send as an app's name: markup, braces, vue-i18n's own syntax, NUL, the markers
// cached-text splits with, RTL, emoji.
const hostile = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '<img src=x onerror=alert(1)>',
    '{name}',
    '@:apps.lead',
    'a | b',
    '\u0000',
    '\u00000\u0000',
    '\uE0000\uE001',
    '\u202eevil',
    '🛡️ Sentinel',
    "=cmd|' /C calc'!A0",
    '',
  ),
)

function translator(locale: 'en' | 'ko'): { t: Translate; calls: () => number } {
  const { t } = createAppI18n(locale).global
  let count = 0
  return {
    t: ((key, named, plural) => {
      count++
      return plural === undefined
        ? (t as Translate)(key, named ?? {})
        : (t as Translate)(key, named ?? {}, plural)
    }) as Translate,
    calls: () => count,
  }
}

describe('cached translations', () => {
  it('covers the messages the table uses', () => {
    expect(withParameters.map(([key]) => key)).toEqual(
      expect.arrayContaining([
        'apps.table.failed',
        'apps.table.trendLabel',
        'apps.actions.copyIdFor',
        'apps.actions.openSettingsFor',
      ]),
    )
    expect(plurals.map(([key]) => key)).toEqual(
      expect.arrayContaining(['apps.credentials.expiresIn', 'apps.credentials.expiredAgo']),
    )
  })

  for (const locale of ['en', 'ko'] as const) {
    it(`fill gives what t() gives for every message with parameters (${locale})`, () => {
      const { t } = translator(locale)
      const text = cachedText(t)
      fc.assert(
        fc.property(fc.array(hostile, { minLength: 3, maxLength: 3 }), (values) => {
          for (const [key, message] of withParameters) {
            const named = Object.fromEntries(
              names(message).map((name, i) => [name, values[i % 3]!]),
            )
            expect(text.fill(key, named), key).toBe(t(key, named))
          }
        }),
        { numRuns: 40 },
      )
    })

    it(`fixed and plural give what t() gives (${locale})`, () => {
      const { t } = translator(locale)
      const text = cachedText(t)
      for (const [key, message] of messages) {
        if (names(message).length === 0 && !message.includes('|'))
          expect(text.fixed(key), key).toBe(t(key))
      }
      for (const [key] of plurals) {
        for (const count of [0, 1, 2, 5, 21]) {
          const named = { days: String(count), count: String(count) }
          expect(text.plural(key, named, count), `${key} ${count}`).toBe(t(key, named, count))
          expect(text.plural(key, named, count), `${key} ${count} again`).toBe(t(key, named, count))
        }
      }
    })
  }

  it('translates each text once and splits each message once', () => {
    const { t, calls } = translator('en')
    const text = cachedText(t)
    for (let i = 0; i < 100; i++) {
      text.fixed('apps.table.never')
      text.fill('apps.actions.copyIdFor', { name: `App ${i}` })
      text.plural('apps.credentials.expiresIn', { days: '3' }, 3)
    }
    expect(calls()).toBe(3)
    expect(text.fill('apps.actions.copyIdFor', { name: 'Contoso <b>' })).toBe(
      'Copy the application ID of Contoso <b>',
    )
  })

  it('translates in full a message that changes or cuts its parameters', () => {
    let count = 0
    // A message that keeps only the first two characters of its parameter, and upper-cases it.
    const t: Translate = (key, named) => {
      count++
      return `${key}: ${String(named?.name ?? '')
        .slice(0, 2)
        .toUpperCase()}`
    }
    const text = cachedText(t)
    expect(text.fill('k', { name: 'contoso' })).toBe('k: CO')
    expect(text.fill('k', { name: 'fabrikam' })).toBe('k: FA')
    expect(count).toBe(3) // the split attempt, then each call in full
  })

  it('translates in full when asked with other parameters than it was split with', () => {
    const { t } = translator('en')
    const text = cachedText(t)
    expect(text.fill('apps.table.failed', { count: '3' })).toBe('3 failed')
    expect(text.fill('apps.table.failed', { other: 'x' } as Record<string, string>)).toBe(
      t('apps.table.failed', { other: 'x' }),
    )
    // A later call with one more name than the split knows is translated in full too.
    let calls = 0
    const counted: Translate = (key, named) => {
      calls++
      return `${key}: ${String(named?.count ?? '')} ${String(named?.extra ?? '')}`
    }
    const strict = cachedText(counted)
    expect(strict.fill('k', { count: '1' })).toBe('k: 1 ')
    expect(strict.fill('k', { count: '2', extra: 'x' })).toBe('k: 2 x')
    expect(calls).toBe(2)
  })
})
