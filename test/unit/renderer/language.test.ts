// The UI language follows the setting ('system' = the OS language) and switches live.
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { localeFromLanguages } from '../../../src-renderer/src/i18n'
import { createFakeBridge } from './support/fake-bridge'
import { mountApp } from './support/mount-app'

describe('language', () => {
  let unmount: () => void = () => {}
  afterEach(() => unmount())

  it('maps OS languages to the first one we ship, by primary subtag', () => {
    expect(localeFromLanguages(['ko-KR', 'en-US'])).toBe('ko')
    expect(localeFromLanguages(['fr-FR', 'ko'])).toBe('ko')
    expect(localeFromLanguages(['en-GB'])).toBe('en')
    expect(localeFromLanguages(['de-DE', 'ja'])).toBe('en')
    expect(localeFromLanguages([])).toBe('en')
  })

  it('switches the whole UI to Korean when 한국어 is picked, and saves the choice', async () => {
    const bridge = createFakeBridge()
    const { wrapper } = await mountApp(bridge, '/settings')
    unmount = () => wrapper.unmount()
    expect(wrapper.find('h1').text()).toBe('Settings')

    await wrapper.find('input[name="locale"][value="ko"]').setValue(true)
    await flushPromises()

    expect(bridge.settings.locale).toBe('ko')
    expect(wrapper.find('h1').text()).toBe('설정')
    expect(wrapper.find('nav').text()).toContain('연결된 앱')
    expect(document.documentElement.lang).toBe('ko')
    expect(wrapper.find('[data-testid="appearance-status"]').text()).toBe('저장됨')
  })

  it('starts in the saved language and goes back to the system language on "system"', async () => {
    const bridge = createFakeBridge({ settings: { locale: 'ko' } })
    const { wrapper } = await mountApp(bridge, '/apps')
    unmount = () => wrapper.unmount()
    expect(wrapper.find('h1').text()).toBe('연결된 앱')

    await wrapper.find('a[href="#/settings"], a[href="/settings"]').trigger('click')
    // Settings loads when first opened: wait for its form, not just a turn of promises.
    await vi.waitFor(() => expect(wrapper.find('input[name="locale"]').exists()).toBe(true))
    await wrapper.find('input[name="locale"][value="system"]').setValue(true)
    await flushPromises()
    // happy-dom reports en-US as the OS language.
    expect(wrapper.find('h1').text()).toBe('Settings')
    expect(document.documentElement.lang).toBe('en')
  })
})
