import { describe, expect, it } from 'vitest'
import { redact } from '../../../src-main/core/redact'

const jwt = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL2dyYXBoIn0.c2lnbmF0dXJlLXBhcnQ'
const refresh = '1.AXEA' + 'x'.repeat(120)

describe('redact', () => {
  it.each([
    [`token ${jwt} used`, jwt],
    [`{"access_token":"abc123opaque","expires_in":3599}`, 'abc123opaque'],
    [`grant_type=refresh_token&refresh_token=${refresh}&client_id=x`, refresh],
    [`Authorization: Bearer opaque.token-value`, 'opaque.token-value'],
    [`client_secret=Sup3r~Secret.Value`, 'Sup3r~Secret.Value'],
    [`stray ${refresh} in a message`, refresh],
  ])('removes the secret from %s', (input, secret) => {
    const output = redact(input)
    expect(output).not.toContain(secret)
    expect(output).toContain('[redacted')
  })

  it('keeps ordinary text, GUIDs and URLs intact', () => {
    const text = 'App 7f1c9a8e-1234-4bcd-9abc-0123456789ab signed in from https://portal.azure.com/#view/x'
    expect(redact(text)).toBe(text)
  })
})
