// Native notifications for new alerts: one each for a few, one summary for many. A click opens the
// app on that alert (or on the list for a summary).
import { Notification } from 'electron'
import type { NotificationPlan } from '../core/alerts/notify-policy'

export function showNotifications(plan: NotificationPlan, onClick: (alertId: number | null) => void): number {
  if (plan.kind === 'none' || !Notification.isSupported()) return 0
  if (plan.kind === 'each') {
    for (const alert of plan.alerts) {
      const notification = new Notification({
        title: `${alert.severity === 'high' ? 'High: ' : ''}${alert.displayName}`,
        body: `${alert.summary}\n${alert.action}`,
        urgency: alert.severity === 'high' ? 'critical' : 'normal',
      })
      notification.on('click', () => onClick(alert.id))
      notification.show()
    }
    return plan.alerts.length
  }
  const apps = new Set(plan.alerts.map((alert) => alert.displayName))
  const notification = new Notification({
    title: `${plan.alerts.length} new alerts`,
    body: `${apps.size} application${apps.size === 1 ? '' : 's'}, the most severe ${plan.highest}. First: ${plan.alerts[0]!.summary}`,
    urgency: plan.highest === 'high' ? 'critical' : 'normal',
  })
  notification.on('click', () => onClick(null))
  notification.show()
  return 1
}
