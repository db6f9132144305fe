// The main process's texts in the UI language: tray, notifications, menu, dialogs, alert one-liners.
export * from './alert-text'
export * from './translate'
