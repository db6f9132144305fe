// Dates and numbers follow the UI language, not the OS's, through Intl.
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { useFormatters } from '../../../src-renderer/src/composables/useFormatters'
import { createAppI18n } from '../../../src-renderer/src/i18n'

const moment = new Date('2025-11-26T12:00:00Z') // midday UTC: 26 November in every usual time zone

function formatIn(locale: 'en' | 'ko') {
  const i18n = createAppI18n(locale)
  let result = { dateTime: '', time: '', integer: '' }
  const Probe = defineComponent({
    setup() {
      const { formatDateTime, formatTime, formatInteger } = useFormatters()
      result = {
        dateTime: formatDateTime(moment),
        time: formatTime(moment),
        integer: formatInteger(1234567),
      }
      return () => h('span')
    },
  })
  mount(Probe, { global: { plugins: [i18n] } }).unmount()
  return result
}

describe('formatters', () => {
  it('format in English', () => {
    const { dateTime, integer } = formatIn('en')
    expect(dateTime).toMatch(/Nov 26, 2025/)
    expect(integer).toBe('1,234,567')
  })

  it('format in Korean', () => {
    const { dateTime, time } = formatIn('ko')
    expect(dateTime).toMatch(/2025\. 11\. 26\./)
    expect(time).toMatch(/오전|오후/)
  })
})
