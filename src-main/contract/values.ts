// Enumerated setting values without zod, so the renderer can list them (pickers) without pulling
// the schema library into its bundle. model.ts builds the schemas from these.

export const localeSettingValues = ['system', 'en', 'ko'] as const
export const themeSettingValues = ['system', 'light', 'dark'] as const
export const cloudNames = ['public', 'usgov', 'usgovdod', 'china', 'custom'] as const
export type CloudName = (typeof cloudNames)[number]
export type SupportedLocale = 'en' | 'ko'
