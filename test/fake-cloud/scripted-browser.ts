// A scripted "system browser" for the fake Entra's sign-in page, over plain HTTP requests: open the
// authorize URL, submit the sign-in form as a user, then deliver the auto-submitting form_post to
// the app's loopback redirect URI, as a browser would. For tests that cannot hand the URL to a real
// browser (the renderer E2E run has one Chromium, for the app's window). Only the fake cloud's own
// pages are understood; anything else is an error that says what came back.
import { httpsJson } from './network-client'

export interface ScriptedSignIn {
  userPrincipalName: string
  password: string
  /** Tick "Consent on behalf of your organisation" when the page offers it. */
  consent?: boolean
  /** Press Cancel instead of Sign in. */
  cancel?: boolean
}

export interface ScriptedSignInResult {
  /** Where the form_post went (the app's loopback listener). */
  redirectUri: string
  /** The fields Entra posted back: `code` and `state`, or `error` and `error_description`. */
  fields: Record<string, string>
  /** The loopback listener's HTTP status and page text. */
  loopbackStatus: number
  loopbackText: string
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

function attribute(tag: string, name: string): string | null {
  const match = tag.match(new RegExp(`\\s${name}="([^"]*)"`))
  return match ? unescapeHtml(match[1]!) : null
}

/** The first form of a page: its action and its hidden fields. */
function firstForm(html: string): { action: string; hidden: Record<string, string> } | null {
  const form = html.match(/<form\b[^>]*>/)
  if (!form) return null
  const action = attribute(form[0], 'action')
  if (!action) return null
  const hidden: Record<string, string> = {}
  for (const input of html.matchAll(/<input\b[^>]*>/g)) {
    if (attribute(input[0], 'type') !== 'hidden') continue
    const name = attribute(input[0], 'name')
    if (name) hidden[name] = attribute(input[0], 'value') ?? ''
  }
  return { action, hidden }
}

function pageError(html: string): string {
  const alert = html.match(/<p id="error"[^>]*>([^<]*)<\/p>/)
  return alert
    ? unescapeHtml(alert[1]!)
    : html
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 300)
}

/**
 * Plays the browser for one interactive sign-in against the fake Entra: `authorizeUrl` is what the
 * app asked the system browser to open. Resolves once the app's loopback listener has answered.
 */
export async function signInWithScriptedBrowser(
  authorizeUrl: string,
  caPem: string,
  user: ScriptedSignIn,
): Promise<ScriptedSignInResult> {
  const authorize = await httpsJson('GET', authorizeUrl, caPem)
  const signInForm = firstForm(authorize.text)
  if (authorize.status !== 200 || !signInForm || !('tx' in signInForm.hidden)) {
    throw new Error(
      `the authorize URL did not answer with the sign-in page (${authorize.status}): ${pageError(authorize.text)}`,
    )
  }
  const fields = new URLSearchParams({
    ...signInForm.hidden,
    username: user.userPrincipalName,
    password: user.password,
    action: user.cancel ? 'cancel' : 'signin',
  })
  if (user.consent) fields.set('consent', 'organization')
  const submitted = await httpsJson('POST', signInForm.action, caPem, {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
  })
  const post = firstForm(submitted.text)
  if (submitted.status !== 200 || !post || 'tx' in post.hidden) {
    throw new Error(
      `the sign-in page did not let ${user.userPrincipalName} through (${submitted.status}): ${pageError(submitted.text)}`,
    )
  }
  const redirect = new URL(post.action)
  if (redirect.protocol !== 'http:' || !['localhost', '127.0.0.1'].includes(redirect.hostname)) {
    throw new Error(`Entra posted back to ${redirect.origin}, not to a loopback listener`)
  }
  const loopback = await fetch(redirect, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(post.hidden),
    redirect: 'follow',
  })
  return {
    redirectUri: post.action,
    fields: post.hidden,
    loopbackStatus: loopback.status,
    loopbackText: await loopback.text(),
  }
}
