import { describe, expect, it } from 'vitest'
import { checkExternalUrl } from '../../../src-main/core/safe-url'
import { createSafeShell } from '../../../src-main/core/safe-shell'
import { AppError } from '../../../src-main/contract'

const allowed = [
  'https://portal.azure.com/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Overview/objectId/1/appId/2',
  'https://portal.azure.com/00000000-0000-0000-0000-000000000001/#view/x',
  'https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps',
  'https://security.microsoft.com/interoperability/apis',
  'https://portal.azure.us/#view/x',
  'https://portal.azure.cn/#view/x',
  'https://learn.microsoft.com/en-us/defender-endpoint/api/apis-intro',
]

const refused: Array<[string, RegExp]> = [
  ['javascript:alert(1)', /scheme javascript:/],
  ['file:///etc/passwd', /scheme file:/],
  ['http://portal.azure.com/', /scheme http:/],
  ['https://portal.azure.com.evil.test/', /not on the allow-list/],
  ['https://portal-azure.com/', /not on the allow-list/],
  ['https://evilportal.azure.com/', /not on the allow-list/],
  ['https://portal.azure.com@evil.test/', /not on the allow-list|credentials/],
  ['https://user:pw@portal.azure.com/', /credentials/],
  ['https://portal.azure.com:8443/', /not on the allow-list/],
  ['data:text/html,<script>alert(1)</script>', /scheme data:/],
  ['not a url', /not a valid absolute URL/],
  ['', /not a valid absolute URL/],
]

describe('checkExternalUrl', () => {
  it.each(allowed)('allows %s', (url) => {
    expect(checkExternalUrl(url)).toMatchObject({ allowed: true })
  })

  it.each(refused)('refuses %s', (url, reason) => {
    const check = checkExternalUrl(url)
    expect(check.allowed).toBe(false)
    if (!check.allowed) expect(check.reason).toMatch(reason)
  })

  it('allows an extra origin exactly, port included, and nothing else on that host', () => {
    const extra = ['https://127.0.0.1:4443']
    expect(checkExternalUrl('https://127.0.0.1:4443/tenant/oauth2/v2.0/authorize?x=1', extra).allowed).toBe(true)
    expect(checkExternalUrl('https://127.0.0.1:4444/', extra).allowed).toBe(false)
    expect(checkExternalUrl('http://127.0.0.1:4443/', extra).allowed).toBe(false)
  })
})

describe('createSafeShell', () => {
  it('launches allowed URLs and refuses the rest with a logged reason', async () => {
    const launched: string[] = []
    const warnings: string[] = []
    const shell = createSafeShell({
      launch: async (url) => {
        launched.push(url)
      },
      log: { error() {}, info() {}, debug() {}, warn: (message) => warnings.push(message) },
    })
    await shell.open('https://portal.azure.com/#view/x')
    await expect(shell.open('https://portal.azure.com.evil.test/')).rejects.toBeInstanceOf(AppError)
    await expect(shell.open('javascript:alert(1)')).rejects.toMatchObject({ code: 'url_not_allowed' })
    expect(launched).toEqual(['https://portal.azure.com/#view/x'])
    expect(warnings).toHaveLength(2)
  })
})
