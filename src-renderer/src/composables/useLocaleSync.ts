// Keeps vue-i18n's locale and <html lang> in step with the language setting and, for 'system',
// with the OS language (Chromium fires 'languagechange' when it changes).
import { onBeforeUnmount, watchEffect, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { resolveLocale, systemLocale } from '../i18n'
import { useSettingsStore } from '../stores/settings'

export function useLocaleSync(): void {
  const { locale } = useI18n({ useScope: 'global' })
  const settings = useSettingsStore()
  const osLocale = ref(systemLocale())
  const onLanguageChange = () => (osLocale.value = systemLocale())
  window.addEventListener('languagechange', onLanguageChange)
  onBeforeUnmount(() => window.removeEventListener('languagechange', onLanguageChange))

  watchEffect(() => {
    const setting = settings.settings?.locale ?? 'system'
    const resolved = setting === 'system' ? osLocale.value : resolveLocale(setting)
    locale.value = resolved
    document.documentElement.lang = resolved
  })
}
