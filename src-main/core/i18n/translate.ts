// The main process's own small message catalogue (tray, notifications, menu, dialogs, alert
// one-liners) in the UI language: the settings' `locale`, or for 'system' the OS languages.
import type { SupportedLocale } from '../../contract/model'
import type { localeSettingValues } from '../../contract/values'
import { en } from './messages-en'
import { ko } from './messages-ko'

type LocaleSetting = (typeof localeSettingValues)[number]
export type MessageKey = keyof typeof en
/** A text, or one per plural category of the `count` parameter. */
export type Message = string | { one: string; other: string }
export type Catalogue = Record<MessageKey, Message>
export type MessageParams = Record<string, string | number>

export const catalogues: Record<SupportedLocale, Catalogue> = { en, ko }
export const mainLocales = Object.keys(catalogues) as SupportedLocale[]

export interface Translator {
  locale: SupportedLocale
  t(key: MessageKey, params?: MessageParams): string
  /** True when `params` supply every placeholder of the message (in every plural form). */
  complete(key: MessageKey, params: MessageParams): boolean
  /** Dates and times the way this language writes them. */
  dateTime(date: Date, timeZone?: string): string
}

/** The first OS language we ship, by primary subtag (ko-KR → ko); English otherwise. */
export function localeFromLanguages(languages: readonly string[]): SupportedLocale {
  for (const language of languages) {
    const primary = language.toLowerCase().split(/[-_]/)[0]
    const match = mainLocales.find((locale) => locale === primary)
    if (match) return match
  }
  return 'en'
}

/** This process's OS language as Node sees it (Electron passes its own list instead). */
export function processLanguages(): string[] {
  return [Intl.DateTimeFormat().resolvedOptions().locale]
}

export function resolveMainLocale(
  setting: LocaleSetting | undefined,
  systemLanguages: readonly string[],
): SupportedLocale {
  return !setting || setting === 'system' ? localeFromLanguages(systemLanguages) : setting
}

const translators = new Map<SupportedLocale, Translator>()

export function translator(locale: SupportedLocale): Translator {
  let value = translators.get(locale)
  if (value) return value
  const catalogue = catalogues[locale]
  const plurals = new Intl.PluralRules(locale)
  const numbers = new Intl.NumberFormat(locale)
  value = {
    locale,
    t(key, params = {}) {
      const message = catalogue[key] ?? en[key]
      const text =
        typeof message === 'string'
          ? message
          : plurals.select(Number(params.count ?? 0)) === 'one'
            ? message.one
            : message.other
      return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
        const value = params[name]
        if (value === undefined) return whole
        return typeof value === 'number' ? numbers.format(value) : value
      })
    },
    complete(key, params) {
      const message = catalogue[key] ?? en[key]
      const texts = typeof message === 'string' ? [message] : [message.one, message.other]
      return texts.every((text) =>
        [...text.matchAll(/\{(\w+)\}/g)].every((match) => params[match[1]!] !== undefined),
      )
    },
    dateTime(date, timeZone) {
      return new Intl.DateTimeFormat(locale, {
        dateStyle: 'medium',
        timeStyle: 'short',
        ...(timeZone ? { timeZone } : {}),
      }).format(date)
    },
  }
  translators.set(locale, value)
  return value
}
