// Dates and numbers in the UI language, through Intl, so 한국어 shows 2025. 11. 26. 오후 3:04.
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'

export function useFormatters() {
  const { locale } = useI18n({ useScope: 'global' })
  const dateTime = computed(
    () => new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'short' }),
  )
  const time = computed(() => new Intl.DateTimeFormat(locale.value, { timeStyle: 'short' }))
  const date = computed(() => new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium' }))
  const integer = computed(() => new Intl.NumberFormat(locale.value, { maximumFractionDigits: 0 }))
  return {
    formatDateTime: (value: Date) => dateTime.value.format(value),
    formatTime: (value: Date) => time.value.format(value),
    formatDate: (value: Date) => date.value.format(value),
    formatInteger: (value: number) => integer.value.format(value),
  }
}
