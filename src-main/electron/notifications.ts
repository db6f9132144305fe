// Native notifications for new alerts: one each for a few, one summary for many, worded in the UI
// language (core/i18n). A click opens the app on that alert (or on the list for a summary).
import { Notification } from 'electron'
import type { NotificationPlan } from '../core/alerts/notify-policy'
import { describeAlert, translator, type Translator } from '../core/i18n'

export function showNotifications(
  plan: NotificationPlan,
  onClick: (alertId: number | null) => void,
  texts: Translator = translator('en'),
): number {
  if (plan.kind === 'none' || !Notification.isSupported()) return 0
  if (plan.kind === 'each') {
    for (const alert of plan.alerts) {
      const { summary, action } = describeAlert(alert, texts)
      const notification = new Notification({
        title:
          alert.severity === 'high'
            ? texts.t('notification.titleHigh', { app: alert.displayName })
            : alert.displayName,
        body: `${summary}\n${action}`,
        urgency: alert.severity === 'high' ? 'critical' : 'normal',
      })
      notification.on('click', () => onClick(alert.id))
      notification.show()
    }
    return plan.alerts.length
  }
  const apps = new Set(plan.alerts.map((alert) => alert.displayName))
  const notification = new Notification({
    title: texts.t('notification.summaryTitle', { count: plan.alerts.length }),
    body: texts.t('notification.summaryBody', {
      count: apps.size,
      severity: texts.t(`severity.${plan.highest}`),
      first: describeAlert(plan.alerts[0]!, texts).summary,
    }),
    urgency: plan.highest === 'high' ? 'critical' : 'normal',
  })
  notification.on('click', () => onClick(null))
  notification.show()
  return 1
}
