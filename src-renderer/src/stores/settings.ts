// The user's settings as main stores them. Every change goes through updateSettings, so main's
// validation is the only one; its ApiError (with per-field issues) is handed back to the form.
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { Settings, SettingsPatch } from '../../../src-main/contract/model'
import { useApiClient } from '../api/client'

export const useSettingsStore = defineStore('settings', () => {
  const settings = shallowRef<Settings | null>(null)

  async function load(): Promise<Settings> {
    const loaded = await useApiClient().getSettings()
    settings.value = loaded
    return loaded
  }

  /** Saves a patch; throws the ApiError main answered with, leaving the current settings as they were. */
  async function update(patch: SettingsPatch): Promise<Settings> {
    const saved = await useApiClient().updateSettings(patch)
    settings.value = saved
    return saved
  }

  /** Settings pushed by main (settingsChanged), e.g. after another window or the CLI changed them. */
  function apply(pushed: Settings): void {
    settings.value = pushed
  }

  return { settings, load, update, apply }
})
