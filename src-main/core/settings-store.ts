// Settings persisted as JSON in the data directory. Writes go to a temporary file that is renamed
// over the old one, so a crash never leaves half a file. A file that cannot be read as settings is
// moved aside (never deleted) and the defaults are used, with a notice for the user.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError, settingsSchema, zodIssues, type AppNotice, type Settings, type SettingsPatch } from '../contract'
import type { Logger } from './log'

export const settingsFileName = 'settings.json'

export class SettingsStore {
  readonly path: string
  readonly notices: AppNotice[] = []
  private current: Settings
  /** Values given for this run only (CLI flags); layered over the file, never written. */
  private overrides: SettingsPatch = {}

  constructor(
    private readonly dataDir: string,
    private readonly log: Logger,
  ) {
    this.path = join(dataDir, settingsFileName)
    this.current = this.load()
  }

  get(): Settings {
    const merged = { ...this.current, ...this.overrides }
    return structuredClone(merged)
  }

  /** Layers values over the saved settings for this process only; throws on invalid values. */
  override(patch: SettingsPatch): Settings {
    const parsed = settingsSchema.safeParse({ ...this.current, ...patch })
    if (!parsed.success) {
      throw new AppError('settings_invalid', 'These options are not valid.', zodIssues(parsed.error))
    }
    this.overrides = { ...patch }
    return this.get()
  }

  update(patch: SettingsPatch): Settings {
    const merged = { ...this.current, ...patch }
    const parsed = settingsSchema.safeParse(merged)
    if (!parsed.success) {
      throw new AppError('settings_invalid', 'These settings are not valid; nothing was saved.', zodIssues(parsed.error))
    }
    this.write(parsed.data)
    this.current = parsed.data
    return this.get()
  }

  private load(): Settings {
    const defaults = settingsSchema.parse({})
    if (!existsSync(this.path)) return defaults
    let problem: string
    try {
      const parsed = settingsSchema.safeParse(JSON.parse(readFileSync(this.path, 'utf8')))
      if (parsed.success) return parsed.data
      problem = zodIssues(parsed.error)
        .map((issue) => `${issue.path || '(root)'}: ${issue.message}`)
        .join('; ')
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error)
    }
    const aside = `${this.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`
    try {
      renameSync(this.path, aside)
    } catch (error) {
      this.log.error('Could not move the unreadable settings file aside', error)
    }
    this.log.warn(`Settings file was unreadable (${problem}); moved to ${aside}; using defaults`)
    this.notices.push({ kind: 'settings_reset', detail: aside })
    return defaults
  }

  private write(settings: Settings): void {
    mkdirSync(this.dataDir, { recursive: true })
    const temporary = `${this.path}.${process.pid}.tmp`
    writeFileSync(temporary, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 })
    renameSync(temporary, this.path)
  }
}
