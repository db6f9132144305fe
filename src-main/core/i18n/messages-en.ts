// English texts the main process shows itself: tray, native notifications, the application menu,
// dialogs, and the one-line alert summaries. The renderer has its own (vue-i18n) catalogue; this one
// is deliberately small. `{name}` is a placeholder; an entry with `one`/`other` is chosen by the
// plural rule of the language for the `count` parameter. Korean (messages-ko.ts) has the same keys
// and placeholders (test/unit/core/main-i18n.test.ts).
export const en = {
  'tray.tooltip.syncing': '{product}: syncing…',
  'tray.tooltip.signedOut': '{product}: signed out',
  'tray.tooltip.error': '{product}: last sync failed — {error}',
  'tray.tooltip.alerts': {
    one: '{product}: {count} open alert',
    other: '{product}: {count} open alerts',
  },
  'tray.tooltip.ok': '{product}: all well',
  'tray.menu.open': 'Open {product}',
  'tray.menu.syncNow': 'Sync now',
  'tray.menu.syncing': 'Syncing…',
  'tray.menu.recentAlerts': 'Recent alerts',
  'tray.menu.recentAlertsOpen': 'Recent alerts ({count} open)',
  'tray.menu.noAlerts': 'No alerts',
  'tray.menu.allAlerts': 'All alerts…',
  'tray.menu.pausedUntil': 'Alerts paused until {time} — resume',
  'tray.menu.pause': 'Pause alerts',
  'tray.menu.pauseHour': 'For 1 hour',
  'tray.menu.pauseTomorrow': 'Until tomorrow',
  'tray.menu.settings': 'Settings…',
  'tray.menu.quit': 'Quit',

  'notification.titleHigh': 'High: {app}',
  'notification.summaryTitle': '{count} new alerts',
  'notification.summaryBody': {
    one: '{count} application, the most severe {severity}. First: {first}',
    other: '{count} applications, the most severe {severity}. First: {first}',
  },
  'severity.info': 'info',
  'severity.low': 'low',
  'severity.medium': 'medium',
  'severity.high': 'high',

  'closeToTray.message': '{product} keeps running in the system tray',
  'closeToTray.detail':
    'It syncs in the background and notifies you of new alerts. Use the tray icon to open it again or to quit. You can turn this off in Alerts → Alert settings.',

  'menu.file': '&File',
  'menu.exit': 'E&xit',
  'menu.view': 'View',
  'menu.viewWindows': '&View',
  'menu.help': 'Help',
  'menu.helpWindows': '&Help',
  'menu.about': 'About {product}',
  'menu.checkUpdates': 'Check for Updates…',
  'menu.openLogs': 'Open Logs Folder',
  'menu.docs.mdeApi': 'Defender for Endpoint API Documentation',
  'menu.docs.signInLogs': 'Microsoft Entra Sign-in Logs',
  'menu.docs.portal': 'Microsoft Defender Portal',
  'update.available': '{product} {latest} is available.',
  'update.running': 'You are running {current}.',
  'update.download': 'Download: {url}',
  'update.current': '{product} is up to date.',
  'update.currentDetail': 'Version {current} is the latest release.',
  'update.failed': 'Could not check for updates.',
  'update.disabled': 'Update checks are off.',
  'update.disabledDetail': 'No release feed is configured for this build.',
  'dialog.ok': 'OK',

  'credential.secret': 'secret',
  'credential.certificate': 'certificate',
  'permissionKind.application': 'application',
  'permissionKind.delegated': 'delegated',

  'alert.usageSpike.summary':
    '{app}: {observed} sign-ins to MDE in 24 h, {factor}× its usual {baseline}.',
  'alert.usageSpike.action':
    'Check with the app owner whether a change (new job, new deployment, missing token cache) explains it; if nobody does, review the app’s recent sign-ins and consider disabling it.',
  'alert.failureBurst.summary':
    '{app}: {observed} failed sign-ins to MDE in 24 h, usually {baseline}.',
  'alert.failureBurst.action':
    'Open the app’s recent failures: an expired or rotated secret, a disabled app or Conditional Access are the usual causes; fix the credential or ask the owner.',
  'alert.newApp.summary': {
    one: '{app} is newly connected to MDE with {count} permission.',
    other: '{app} is newly connected to MDE with {count} permissions.',
  },
  'alert.newApp.summaryHighRisk': {
    one: '{app} is newly connected to MDE with {count} permission, including a high-risk one.',
    other: '{app} is newly connected to MDE with {count} permissions, including a high-risk one.',
  },
  'alert.newApp.action':
    'Confirm who added it and why; if nobody expects it, remove its MDE permissions in Entra ID.',
  'alert.appRemoved.summary': '{app} no longer holds any MDE permission (or was deleted).',
  'alert.appRemoved.action':
    'Nothing to do if this was planned; otherwise check with the owner that the integration is not now broken.',
  'alert.permissionGranted.summary': '{app} was granted {permission} ({kind}).',
  'alert.permissionGranted.summaryCritical':
    '{app} was granted {permission} ({kind}) — a response action on every device.',
  'alert.permissionGranted.action':
    'Check that the grant was expected and is the least the app needs.',
  'alert.permissionGranted.actionCritical':
    'Verify the grant with its approver now; if it is not expected, revoke it in Entra ID (Enterprise applications → Permissions).',
  'alert.dormantApp.summary': {
    one: '{app} has not signed in to MDE for {days} days but still holds {count} permission.',
    other: '{app} has not signed in to MDE for {days} days but still holds {count} permissions.',
  },
  'alert.dormantApp.summaryNever': {
    one: '{app} has no sign-in to MDE in {days} days of history but still holds {count} permission.',
    other:
      '{app} has no sign-in to MDE in {days} days of history but still holds {count} permissions.',
  },
  'alert.dormantApp.action':
    'If the integration is retired, remove its MDE permissions (or the app); unused access is attack surface.',
  'alert.credentialExpiring.summary': {
    one: '{app}: its last valid {kind} expires in {count} day ({date}).',
    other: '{app}: its last valid {kind} expires in {count} days ({date}).',
  },
  'alert.credentialExpiring.summaryExpired':
    '{app}: every credential has expired (the last on {date}); its sign-ins to MDE fail.',
  'alert.credentialExpiring.action':
    'Add a new secret or certificate before then and update the integration.',
  'alert.credentialExpiring.actionExpired':
    'Add a new secret or certificate and update the integration, or remove the app if it is retired.',
  'alert.newCountry.summary':
    '{app} signed in to MDE from {country} for the first time (usually {usual}).',
  'alert.newCountry.action':
    'Ask the owner whether the app moved (new region, new host); if not, treat its credential as leaked and rotate it.',
} as const
