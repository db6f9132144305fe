// Redaction applied to everything that is logged or shown: tokens must never leave main's memory.

const patterns: Array<[RegExp, string]> = [
  // JWTs (access and id tokens): three base64url segments, the first starting with {"
  [/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
  // OAuth fields in JSON, form bodies and query strings
  [
    /("?(?:access_token|refresh_token|id_token|client_secret|client_assertion|code_verifier|code|device_code|assertion|password)"?\s*[:=]\s*"?)([^"&\s,}]+)/gi,
    '$1[redacted]',
  ],
  // Authorization headers
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[redacted]'],
  // Opaque refresh tokens issued by Entra start with a version marker like 0.A or 1.A
  [/\b[01]\.A[A-Za-z0-9_-]{40,}[A-Za-z0-9._-]*/g, '[redacted-token]'],
]

export function redact(text: string): string {
  let out = text
  for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement)
  return out
}
