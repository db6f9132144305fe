// Dates and numbers in the UI language, through Intl, so 한국어 shows 2025. 11. 26. 오후 3:04.
// The Intl objects are made once per language and shared: every table row (and its sparkline) uses
// these, and building four Intl formatters per component instance cost ~20 ms per sort of the
// Connected apps table, whose rows in view are new component instances after each sort. The
// collator that ranks names for sorting is shared the same way. The first Intl object of a kind
// costs ~10-15 ms (ICU loads its data), so the Connected apps page builds them while it waits for
// its data (warmIntl) instead of in the frame that shows the rows.
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'

interface Formatters {
  dateTime: Intl.DateTimeFormat
  time: Intl.DateTimeFormat
  date: Intl.DateTimeFormat
  integer: Intl.NumberFormat
}

const byLocale = new Map<string, Formatters>()

function formattersFor(locale: string): Formatters {
  let found = byLocale.get(locale)
  if (!found) {
    found = {
      dateTime: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
      time: new Intl.DateTimeFormat(locale, { timeStyle: 'short' }),
      date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }),
      integer: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
    }
    byLocale.set(locale, found)
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

/** Builds (and uses once, which loads ICU's data) the shared Intl objects of `locale`. */
export function warmIntl(locale: string): void {
  const { dateTime, time, date, integer } = formattersFor(locale)
  const moment = Date.now()
  dateTime.format(moment)
  time.format(moment)
  date.format(moment)
  integer.format(1234)
  collatorFor(locale).compare('a', 'b')
}

export function useFormatters() {
  const { locale } = useI18n({ useScope: 'global' })
  const formatters = computed(() => formattersFor(locale.value))
  return {
    formatDateTime: (value: Date) => formatters.value.dateTime.format(value),
    formatTime: (value: Date) => formatters.value.time.format(value),
    formatDate: (value: Date) => formatters.value.date.format(value),
    formatInteger: (value: number) => formatters.value.integer.format(value),
  }
}
