// The main process's message catalogue: English and Korean offer the same keys, the same plural
// shape and the same placeholders; the translator picks plural forms and fills parameters; every
// rule's alert one-liner is complete in both languages, and an old payload falls back to its
// stored English.
import { describe, expect, it } from 'vitest'
import { alertRuleIds, type AlertRuleId } from '../../../src-main/contract'
import {
  catalogues,
  describeAlert,
  localeFromLanguages,
  resolveMainLocale,
  translator,
  type AlertWords,
  type Message,
} from '../../../src-main/core/i18n'
import { en } from '../../../src-main/core/i18n/messages-en'
import { ko } from '../../../src-main/core/i18n/messages-ko'

const forms = (message: Message): string[] =>
  typeof message === 'string' ? [message] : [message.one, message.other]
const placeholders = (message: Message) =>
  [
    ...new Set(
      forms(message).flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1])),
    ),
  ]
    .sort()
    .join()

describe('main-process messages', () => {
  it('has the same keys in English and Korean', () => {
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort())
    expect(Object.keys(en).length).toBeGreaterThan(60)
  })

  it('uses the same placeholders and plural shape in both languages', () => {
    const mismatched = Object.entries(en).filter(([key, message]) => {
      const korean = ko[key as keyof typeof en]
      return placeholders(message) !== placeholders(korean) || typeof message !== typeof korean
    })
    expect(mismatched.map(([key]) => key)).toEqual([])
  })

  it('has no empty text, and Korean is not English copied', () => {
    for (const catalogue of Object.values(catalogues)) {
      expect(
        Object.values(catalogue)
          .flatMap(forms)
          .filter((text) => text.trim() === ''),
      ).toEqual([])
    }
    const copied = Object.keys(en).filter((key) => {
      const english = forms(en[key as keyof typeof en]).join()
      return (
        english === forms(ko[key as keyof typeof en]).join() &&
        /[a-z]{4}/.test(english.replace(/\{\w+\}/g, ''))
      )
    })
    expect(copied).toEqual([])
  })

  it('chooses plural forms and formats numbers per language', () => {
    const english = translator('en')
    expect(english.t('tray.tooltip.alerts', { product: 'P', count: 1 })).toBe('P: 1 open alert')
    expect(english.t('tray.tooltip.alerts', { product: 'P', count: 1200 })).toBe(
      'P: 1,200 open alerts',
    )
    expect(translator('ko').t('tray.tooltip.alerts', { product: 'P', count: 2 })).toBe(
      'P: 미확인 알림 2건',
    )
    // A parameter the caller did not give stays visible rather than vanishing.
    expect(english.t('tray.menu.open')).toBe('Open {product}')
  })

  it('follows the setting, and the OS languages for "system"', () => {
    expect(resolveMainLocale('ko', ['en-US'])).toBe('ko')
    expect(resolveMainLocale('en', ['ko-KR'])).toBe('en')
    expect(resolveMainLocale('system', ['ko-KR', 'en-US'])).toBe('ko')
    expect(resolveMainLocale('system', ['fr-FR', 'de'])).toBe('en')
    expect(localeFromLanguages(['ko_KR'])).toBe('ko')
  })
})

const samples: Record<AlertRuleId, AlertWords> = {
  usageSpike: {
    rule: 'usageSpike',
    displayName: 'Sentinel',
    observed: 4700,
    baseline: 31,
    params: { factor: 151.6, zScore: 40, baselineDays: 14 },
  },
  failureBurst: {
    rule: 'failureBurst',
    displayName: 'Sentinel',
    observed: 300,
    baseline: 2,
    params: { factor: 150 },
  },
  newApp: {
    rule: 'newApp',
    displayName: 'Tool',
    observed: 'Machine.Isolate',
    baseline: 'not connected',
    params: { permissions: 'Machine.Isolate, Alert.Read.All', risk: 'high' },
  },
  appRemoved: {
    rule: 'appRemoved',
    displayName: 'Tool',
    observed: 'removed',
    baseline: 'connected',
    params: {},
  },
  permissionGranted: {
    rule: 'permissionGranted',
    displayName: 'Tool',
    observed: 'Machine.Isolate',
    baseline: 'not granted',
    params: { permission: 'Machine.Isolate', kind: 'application', risk: 'high', critical: 1 },
  },
  dormantApp: {
    rule: 'dormantApp',
    displayName: 'Old',
    observed: 20,
    baseline: 14,
    params: { days: 14, lastSeen: '2025-05-01T00:00:00.000Z', permissions: 'Alert.Read.All' },
  },
  credentialExpiring: {
    rule: 'credentialExpiring',
    displayName: 'Old',
    observed: 5,
    baseline: 14,
    params: { endDateTime: '2025-06-07T00:00:00.000Z', kind: 'secret', keyId: 'k', expired: 0 },
  },
  newCountry: {
    rule: 'newCountry',
    displayName: 'Tool',
    observed: 'DE',
    baseline: 'KR',
    params: { country: 'DE', usual: 'KR', signIns: 3 },
  },
}

describe('alert one-liners', () => {
  it('words every rule completely in both languages', () => {
    for (const rule of alertRuleIds) {
      for (const locale of ['en', 'ko'] as const) {
        const { summary, action } = describeAlert(samples[rule], translator(locale))
        expect(summary, `${rule} ${locale}`).not.toMatch(/\{\w+\}/)
        expect(summary, `${rule} ${locale}`).toContain(samples[rule].displayName)
        expect(action.length, `${rule} ${locale}`).toBeGreaterThan(10)
        if (locale === 'ko') expect(summary + action, rule).toMatch(/[가-힣]/)
      }
    }
    expect(describeAlert(samples.usageSpike, translator('en')).summary).toBe(
      'Sentinel: 4,700 sign-ins to MDE in 24 h, 151.6× its usual 31.',
    )
    expect(describeAlert(samples.usageSpike, translator('ko')).summary).toBe(
      'Sentinel: 24시간 동안 MDE 로그인 4,700건, 평소 31건의 151.6배입니다.',
    )
    expect(describeAlert(samples.credentialExpiring, translator('ko')).summary).toContain('비밀')
  })

  it('falls back to the stored English when an old payload lacks a field the sentence needs', () => {
    const old = {
      ...samples.usageSpike,
      params: {},
      summary: 'Sentinel: 4700 sign-ins (stored)',
      action: 'Check.',
    }
    expect(describeAlert(old, translator('ko'))).toEqual({
      summary: 'Sentinel: 4700 sign-ins (stored)',
      action: 'Check.',
    })
  })

  it('keeps an app name with braces as it is', () => {
    const odd = { ...samples.newCountry, displayName: '{country} tool' }
    expect(describeAlert(odd, translator('en')).summary).toBe(
      '{country} tool signed in to MDE from DE for the first time (usually KR).',
    )
  })
})
