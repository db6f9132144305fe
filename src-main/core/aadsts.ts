// What the AADSTS codes most often seen on app sign-ins mean, and what to do about them.

const meanings: Record<number, string> = {
  7000215: 'Invalid client secret: the app presented a secret that is wrong. Update the secret in the app.',
  7000222: 'Expired client secret: the app presented a secret past its end date. Add a new secret and update the app.',
  700016: 'Application not found in the tenant: the app was deleted or the client ID is wrong.',
  7000112: 'The application is disabled in this tenant.',
  700027: 'The client assertion (certificate) is invalid or its certificate is not registered on the app.',
  700082: 'The refresh token expired from inactivity: the user must sign in again.',
  50076: 'Multi-factor authentication is required (Conditional Access or per-user MFA).',
  50079: 'The user must enrol in multi-factor authentication.',
  53003: 'Blocked by a Conditional Access policy.',
  50126: 'Invalid username or password.',
  50173: 'The grant was revoked (password change or session revocation): sign in again.',
  65001: 'Consent is missing for the requested permissions.',
  90002: 'Tenant not found.',
  7000218: 'The request needs a client assertion or secret (public client flows are off).',
  500011: 'The resource principal was not found in the tenant (Defender for Endpoint not provisioned?).',
}

export function describeSignInError(code: number): string | null {
  if (code === 0) return null
  return meanings[code] ?? null
}
