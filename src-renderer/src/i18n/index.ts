// vue-i18n in composition mode with the two shipped languages. The Settings value 'system' follows
// the OS language as Chromium reports it (navigator.languages).
import { createI18n } from 'vue-i18n'
import type { SupportedLocale } from '../../../src-main/contract/model'
import en from './locales/en'
import ko from './locales/ko'

export type MessageSchema = typeof en
export const supportedLocales: readonly SupportedLocale[] = ['en', 'ko']
export const messages: Record<SupportedLocale, MessageSchema> = { en, ko }

/** The first OS language we ship, by primary subtag (ko-KR → ko); English otherwise. */
export function localeFromLanguages(languages: readonly string[]): SupportedLocale {
  for (const language of languages) {
    const primary = language.toLowerCase().split(/[-_]/)[0]
    const match = supportedLocales.find((locale) => locale === primary)
    if (match) return match
  }
  return 'en'
}

export function systemLocale(): SupportedLocale {
  const languages = navigator.languages?.length ? navigator.languages : [navigator.language]
  return localeFromLanguages(languages)
}

export function resolveLocale(setting: 'system' | SupportedLocale | undefined): SupportedLocale {
  return !setting || setting === 'system' ? systemLocale() : setting
}

export function createAppI18n(locale: SupportedLocale = systemLocale()) {
  return createI18n<[MessageSchema], SupportedLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages,
    // A missing key is a bug the key test catches; no console noise at run time.
    missingWarn: false,
    fallbackWarn: false,
  })
}

export type AppI18n = ReturnType<typeof createAppI18n>
