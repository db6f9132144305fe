// Dates and numbers in the UI language, through Intl, so 한국어 shows 2025. 11. 26. 오후 3:04.
// The Intl objects are made once per language and shared: every table row (and its sparkline) uses
// these, and building four Intl formatters per component instance cost ~20 ms per sort of the
// Connected apps table, whose rows in view are new component instances after each sort. The
// collator that ranks names for sorting is shared the same way. The first Intl object of a kind
// costs ~10-15 ms (ICU loads its data), so the Connected apps page builds them while it waits for
// its data (warmIntl) instead of in the frame that shows the rows.
import { useI18n } from 'vue-i18n'

// Each made when first asked for: a page that shows no time of day builds no time format.
const formatOptions = {
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  time: { timeStyle: 'short' },
  date: { dateStyle: 'medium' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>
type DateFormatKind = keyof typeof formatOptions

const dateFormats = new Map<string, Intl.DateTimeFormat>()
const integerFormats = new Map<string, Intl.NumberFormat>()

function dateFormat(locale: string, kind: DateFormatKind): Intl.DateTimeFormat {
  const key = `${kind} ${locale}`
  let found = dateFormats.get(key)
  if (!found) {
    found = new Intl.DateTimeFormat(locale, formatOptions[kind])
    dateFormats.set(key, found)
  }
  return found
}

function integerFormat(locale: string): Intl.NumberFormat {
  let found = integerFormats.get(locale)
  if (!found) {
    found = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })
    integerFormats.set(locale, found)
  }
  return found
}

const collators = new Map<string, Intl.Collator>()

/** The collator names are sorted with (numeric: "App 9" before "App 10"; case and accents aside). */
export function collatorFor(locale: string): Intl.Collator {
  let found = collators.get(locale)
  if (!found) {
    found = new Intl.Collator(locale, { sensitivity: 'base', numeric: true })
    collators.set(locale, found)
  }
  return found
}

/**
 * Builds (and uses once, which loads ICU's data) the shared Intl objects the Connected apps
 * dashboard shows: the collator, dates with and without the time, integers.
 */
export function warmIntl(locale: string): void {
  const moment = Date.now()
  dateFormat(locale, 'dateTime').format(moment)
  dateFormat(locale, 'date').format(moment)
  integerFormat(locale).format(1234)
  collatorFor(locale).compare('a', 'b')
}

export function useFormatters() {
  const { locale } = useI18n({ useScope: 'global' })
  return {
    formatDateTime: (value: Date) => dateFormat(locale.value, 'dateTime').format(value),
    formatTime: (value: Date) => dateFormat(locale.value, 'time').format(value),
    formatDate: (value: Date) => dateFormat(locale.value, 'date').format(value),
    formatInteger: (value: number) => integerFormat(locale.value).format(value),
  }
}
