// An alert's one-line summary and what to do, worded in a language from its structured fields
// (rule, app name, observed value, baseline, params). Alerts are stored as those fields, so the
// tray and the notifications word them in the current UI language, like the renderer does; the
// English summary/action kept in the stored payload are for logs, the CLI and CSV exports, and are
// the fallback for a payload (from an older version) that lacks a field a sentence needs.
import type { AlertView } from '../../contract/alerts'
import type { MessageKey, MessageParams, Translator } from './translate'

export type AlertWords = Pick<
  AlertView,
  'rule' | 'displayName' | 'observed' | 'baseline' | 'params'
> &
  Partial<Pick<AlertView, 'summary' | 'action'>>

const listLength = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.split(', ').length : 0

function kindWord(tr: Translator, kind: unknown): string {
  switch (kind) {
    case 'secret':
      return tr.t('credential.secret')
    case 'certificate':
      return tr.t('credential.certificate')
    case 'application':
      return tr.t('permissionKind.application')
    case 'delegated':
      return tr.t('permissionKind.delegated')
    default:
      return typeof kind === 'string' ? kind : ''
  }
}

/** The message keys and parameters of an alert's sentences. */
function sentences(
  alert: AlertWords,
  tr: Translator,
): { summary: [MessageKey, MessageParams]; action: MessageKey } {
  const p = alert.params
  const app = alert.displayName
  const observed = alert.observed
  const baseline = alert.baseline ?? ''
  const has = (name: string) => (p[name] === undefined ? {} : { [name]: p[name]! })
  switch (alert.rule) {
    case 'usageSpike':
      return {
        summary: ['alert.usageSpike.summary', { app, observed, baseline, ...has('factor') }],
        action: 'alert.usageSpike.action',
      }
    case 'failureBurst':
      return {
        summary: ['alert.failureBurst.summary', { app, observed, baseline }],
        action: 'alert.failureBurst.action',
      }
    case 'newApp':
      return {
        summary: [
          p.risk === 'high' ? 'alert.newApp.summaryHighRisk' : 'alert.newApp.summary',
          { app, count: listLength(p.permissions) },
        ],
        action: 'alert.newApp.action',
      }
    case 'appRemoved':
      return { summary: ['alert.appRemoved.summary', { app }], action: 'alert.appRemoved.action' }
    case 'permissionGranted': {
      const critical = p.critical === 1
      const words = {
        app,
        ...has('permission'),
        ...(p.kind === undefined ? {} : { kind: kindWord(tr, p.kind) }),
      }
      return critical
        ? {
            summary: ['alert.permissionGranted.summaryCritical', words],
            action: 'alert.permissionGranted.actionCritical',
          }
        : {
            summary: ['alert.permissionGranted.summary', words],
            action: 'alert.permissionGranted.action',
          }
    }
    case 'dormantApp':
      return {
        summary: [
          p.lastSeen === 'never' ? 'alert.dormantApp.summaryNever' : 'alert.dormantApp.summary',
          { app, days: observed, count: listLength(p.permissions) },
        ],
        action: 'alert.dormantApp.action',
      }
    case 'credentialExpiring': {
      const date: MessageParams =
        typeof p.endDateTime === 'string' ? { date: p.endDateTime.slice(0, 10) } : {}
      return p.expired === 1
        ? {
            summary: ['alert.credentialExpiring.summaryExpired', { app, ...date }],
            action: 'alert.credentialExpiring.actionExpired',
          }
        : {
            summary: [
              'alert.credentialExpiring.summary',
              {
                app,
                ...date,
                count: observed,
                ...(p.kind === undefined ? {} : { kind: kindWord(tr, p.kind) }),
              },
            ],
            action: 'alert.credentialExpiring.action',
          }
    }
    case 'newCountry':
      return {
        summary: ['alert.newCountry.summary', { app, ...has('country'), ...has('usual') }],
        action: 'alert.newCountry.action',
      }
  }
}

/** Summary and action in the translator's language (the stored English where a field is missing). */
export function describeAlert(
  alert: AlertWords,
  tr: Translator,
): { summary: string; action: string } {
  const { summary, action } = sentences(alert, tr)
  if (!tr.complete(summary[0], summary[1]) && alert.summary)
    return { summary: alert.summary, action: alert.action ?? tr.t(action) }
  return { summary: tr.t(summary[0], summary[1]), action: tr.t(action) }
}
