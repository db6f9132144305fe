// Compact JWS (RS256/PS256) with node:crypto: the fake Entra signs, the fake Graph verifies.
import { constants, createHash, createPublicKey, sign, verify } from 'node:crypto'
import type { KeyObject } from 'node:crypto'

export function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url')
}

export interface JwtParts {
  header: Record<string, unknown>
  payload: Record<string, unknown>
  signingInput: string
  signature: Buffer
}

export function signJwt(
  payload: Record<string, unknown>,
  privateKey: KeyObject,
  kid: string,
): string {
  const header = { typ: 'JWT', alg: 'RS256', kid }
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`
  return `${signingInput}.${base64url(sign('sha256', Buffer.from(signingInput), privateKey))}`
}

/** Splits and parses a compact JWT; null when it is not one. Does not verify. */
export function decodeJwt(token: string): JwtParts | null {
  const parts = token.split('.')
  if (parts.length !== 3) return null
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >
    if (
      typeof header !== 'object' ||
      header === null ||
      typeof payload !== 'object' ||
      payload === null
    )
      return null
    return {
      header,
      payload,
      signingInput: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2]!, 'base64url'),
    }
  } catch {
    return null
  }
}

export function verifyJwtSignature(parts: JwtParts, publicKey: KeyObject): boolean {
  const data = Buffer.from(parts.signingInput)
  switch (parts.header['alg']) {
    case 'RS256':
      return verify('sha256', data, publicKey, parts.signature)
    case 'PS256':
      return verify(
        'sha256',
        data,
        {
          key: publicKey,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
        },
        parts.signature,
      )
    default:
      return false
  }
}

export function jwkFor(privateOrPublic: KeyObject, kid: string): Record<string, unknown> {
  const jwk = createPublicKey(privateOrPublic).export({ format: 'jwk' })
  return { ...jwk, kid, use: 'sig', alg: 'RS256' }
}

export function sha256Base64url(text: string): string {
  return createHash('sha256').update(text).digest('base64url')
}
