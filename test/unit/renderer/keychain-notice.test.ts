// The "no system keychain" notice speaks the UI language: main sends why as a code, and its own
// English sentence is never mixed into the Korean UI (docs/screenshots/cloud-role_missing-ko-dark.png
// showed "(the E2E run keeps tokens in memory)" inside the Korean sentence).
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { keychainProblems, type AppNotice } from '../../../src-main/contract/model'
import NoticeList from '../../../src-renderer/src/components/NoticeList.vue'
import { createAppI18n } from '../../../src-renderer/src/i18n'
import ko from '../../../src-renderer/src/i18n/locales/ko'
import en from '../../../src-renderer/src/i18n/locales/en'

const englishReason =
  'no Secret Service (such as GNOME Keyring or KWallet) is reachable in this session (Cannot autolaunch D-Bus)'

function noticeText(locale: 'en' | 'ko', notice: AppNotice): string {
  const wrapper = mount(NoticeList, {
    props: { notices: [notice] },
    global: { plugins: [createAppI18n(locale)] },
  })
  const text = wrapper.find('.notice__text').text()
  wrapper.unmount()
  return text
}

describe('the keychain notice', () => {
  it.each(keychainProblems.map((problem) => [problem]))(
    'words %s in Korean, without main’s English sentence',
    (problem) => {
      const text = noticeText('ko', {
        kind: 'keychain_unavailable',
        detail: englishReason,
        keychainProblem: problem,
      })
      expect(text).toContain(ko.notices.keychainProblem[problem])
      expect(text).toContain('시스템 키체인을 사용할 수 없어')
      expect(text).not.toContain('reachable')
      expect(text).not.toContain('Cannot autolaunch')
    },
  )

  it('words the same code in English from the English catalogue', () => {
    const text = noticeText('en', {
      kind: 'keychain_unavailable',
      detail: englishReason,
      keychainProblem: 'module_missing',
    })
    expect(text).toContain(en.notices.keychainProblem.module_missing)
    expect(text).not.toContain('Cannot autolaunch')
  })

  it('without a code, shows main’s sentence in English only and the plain sentence in Korean', () => {
    const notice: AppNotice = {
      kind: 'keychain_unavailable',
      detail: 'the E2E run keeps tokens in memory',
    }
    expect(noticeText('en', notice)).toContain('(the E2E run keeps tokens in memory)')
    const korean = noticeText('ko', notice)
    expect(korean).toBe(ko.notices.keychainUnavailable)
    expect(korean).not.toMatch(/[A-Za-z]{3,}/)
  })
})
