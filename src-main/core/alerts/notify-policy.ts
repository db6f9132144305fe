// Which new alerts become native notifications, and how: pause, quiet hours and the minimum
// severity hold them back (they stay in the alert list); many at once become one summary.
import { alertSeverityValues, type AlertsAppSettings, type AlertView } from '../../contract'
import { localDayHour } from './profile'

/** More than this many alerts at once are announced by one summary notification. */
export const SUMMARY_THRESHOLD = 3

export type NotificationPlan =
  | { kind: 'none'; reason: 'nothing' | 'disabled' | 'paused' | 'quietHours' | 'belowSeverity' }
  /** A few: one notification each, most severe first. */
  | { kind: 'each'; alerts: AlertView[] }
  | { kind: 'summary'; alerts: AlertView[]; highest: AlertView['severity'] }

const rank = (severity: AlertView['severity']) => alertSeverityValues.indexOf(severity)

function minutes(clock: string): number {
  const [hours, mins] = clock.split(':').map(Number)
  return (hours ?? 0) * 60 + (mins ?? 0)
}

/** Quiet hours may wrap midnight (22:00–07:00). Start inclusive, end exclusive. */
export function inQuietHours(settings: AlertsAppSettings, now: Date, timeZone: string): boolean {
  const { quietHours } = settings
  if (!quietHours.enabled) return false
  const start = minutes(quietHours.start)
  const end = minutes(quietHours.end)
  if (start === end) return false
  const { hour } = localDayHour(now.getTime(), timeZone)
  const minute = Number(new Intl.DateTimeFormat('en-US', { timeZone, minute: '2-digit' }).format(now))
  const at = hour * 60 + minute
  return start < end ? at >= start && at < end : at >= start || at < end
}

export function isPaused(settings: AlertsAppSettings, now: Date): boolean {
  return settings.pausedUntil !== null && Date.parse(settings.pausedUntil) > now.getTime()
}

export function planNotifications(
  alerts: readonly AlertView[],
  settings: AlertsAppSettings,
  now: Date,
  timeZone: string,
): NotificationPlan {
  if (alerts.length === 0) return { kind: 'none', reason: 'nothing' }
  if (!settings.notifications) return { kind: 'none', reason: 'disabled' }
  if (isPaused(settings, now)) return { kind: 'none', reason: 'paused' }
  if (inQuietHours(settings, now, timeZone)) return { kind: 'none', reason: 'quietHours' }
  const shown = alerts.filter((alert) => rank(alert.severity) >= rank(settings.notifyMinSeverity))
  if (shown.length === 0) return { kind: 'none', reason: 'belowSeverity' }
  const ordered = [...shown].sort((a, b) => rank(b.severity) - rank(a.severity))
  if (ordered.length <= SUMMARY_THRESHOLD) return { kind: 'each', alerts: ordered }
  return { kind: 'summary', alerts: ordered, highest: ordered[0]!.severity }
}

/** "Pause alerts": for an hour, or until tomorrow 08:00 local time. */
export function pauseUntil(choice: 'hour' | 'tomorrow', now: Date, timeZone: string): Date {
  if (choice === 'hour') return new Date(now.getTime() + 3_600_000)
  // Step hour by hour to the next local 08:00 after the next local midnight (DST-safe).
  const today = localDayHour(now.getTime(), timeZone).day
  let at = Math.ceil(now.getTime() / 3_600_000) * 3_600_000
  for (let step = 0; step < 60; step++, at += 3_600_000) {
    const local = localDayHour(at, timeZone)
    if (local.day > today && local.hour >= 8) return new Date(at)
  }
  return new Date(now.getTime() + 86_400_000)
}
