// The explained states of Connected apps, as the panel shows them: consent missing and role missing
// each give their own remedy and not the other's; a 403 Graph did not explain gives both and says it
// could not tell which. The core's detail is English (Graph's and the core's messages are), so its
// label says so in either language, it is marked lang="en", and it stays inert text.
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import AppsStatePanel, {
  type AppsState,
} from '../../../src-renderer/src/components/apps/AppsStatePanel.vue'
import { createAppI18n } from '../../../src-renderer/src/i18n'
import en from '../../../src-renderer/src/i18n/locales/en'
import ko from '../../../src-renderer/src/i18n/locales/ko'
import { createAppRouter } from '../../../src-renderer/src/router'

const messages = { en, ko } as const
type Locale = keyof typeof messages

let unmount: (() => void) | null = null
afterEach(() => {
  unmount?.()
  unmount = null
})

function panel(state: AppsState, locale: Locale, detail: string | null = null) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const wrapper = mount(AppsStatePanel, {
    props: { state, detail },
    global: { plugins: [pinia, createAppRouter(createMemoryHistory()), createAppI18n(locale)] },
    attachTo: document.body,
  })
  unmount = () => wrapper.unmount()
  return wrapper
}

describe.each(['en', 'ko'] as const)('the state panel (%s)', (locale) => {
  const m = messages[locale].apps.states

  it('explains consent missing with the consent remedy only', () => {
    const text = panel('consent_missing', locale).text()
    expect(text).toContain(m.consent.title)
    expect(text).toContain(m.consent.todo)
    for (const other of [m.role.todo, m.permission.role, m.permission.unsure])
      expect(text).not.toContain(other)
  })

  it('explains role missing with the role remedy only', () => {
    const text = panel('role_missing', locale).text()
    expect(text).toContain(m.role.title)
    expect(text).toContain(m.role.todo)
    for (const other of [m.consent.todo, m.permission.consent, m.permission.unsure])
      expect(text).not.toContain(other)
  })

  it('gives both remedies for a 403 Graph did not explain, saying it could not tell which', () => {
    const text = panel('permission_missing', locale).text()
    expect(text).toContain(m.permission.title)
    for (const shown of [m.permission.unsure, m.permission.consent, m.permission.role])
      expect(text).toContain(shown)
  })

  it('labels the core’s English detail as English, and keeps markup in it inert', () => {
    const detail =
      'Graph refused reading the sign-in logs (Authentication_RequestFromUnsupportedUserRole). <img src=x onerror="window.__pwned=1">'
    const wrapper = panel('role_missing', locale, detail)
    const paragraph = wrapper.get('[data-testid="state-detail"]')
    expect(paragraph.text()).toBe(`${m.technicalDetail} ${detail}`)
    const message = wrapper.get('[data-testid="state-detail-message"]')
    expect(message.attributes('lang')).toBe('en')
    expect(message.text()).toBe(detail)
    expect(paragraph.find('img').exists()).toBe(false)
    // The old label ("Details:" / "자세히:") read as if the English text were a translation.
    expect(paragraph.text()).not.toContain(m.detail.replace(' {message}', ''))
  })

  it('shows no detail paragraph without a detail', () => {
    expect(panel('consent_missing', locale).find('[data-testid="state-detail"]').exists()).toBe(
      false,
    )
  })
})

it('says in Korean that the detail is the English original', () => {
  expect(ko.apps.states.technicalDetail).toContain('영어')
  expect(en.apps.states.technicalDetail).toContain('in English')
})
