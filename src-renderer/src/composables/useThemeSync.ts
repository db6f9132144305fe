// Applies the theme as data-theme on <html>: the Settings override, or the OS preference
// (prefers-color-scheme), followed live when the OS switches.
import { onBeforeUnmount, ref, watchEffect } from 'vue'
import { useSettingsStore } from '../stores/settings'

export type AppliedTheme = 'light' | 'dark'

export function useThemeSync(): void {
  const settings = useSettingsStore()
  const query = window.matchMedia?.('(prefers-color-scheme: dark)')
  const osPrefersDark = ref(query?.matches ?? false)
  const onChange = (event: MediaQueryListEvent) => (osPrefersDark.value = event.matches)
  query?.addEventListener('change', onChange)
  onBeforeUnmount(() => query?.removeEventListener('change', onChange))

  watchEffect(() => {
    const setting = settings.settings?.theme ?? 'system'
    const applied: AppliedTheme =
      setting === 'system' ? (osPrefersDark.value ? 'dark' : 'light') : setting
    const root = document.documentElement
    root.dataset.theme = applied
    // Native controls (scrollbars, selects) follow too; CSSOM, so the CSP's style-src allows it.
    root.style.colorScheme = applied
  })
}
