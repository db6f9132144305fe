// Gaps in the tenant's set-up end the CLI with exit code 4 and a hint; consent and role missing each
// get the fix that applies to them, and a 403 Graph did not explain points at both.
import { describe, expect, it } from 'vitest'
import { tenantGapHint } from '../../../src-main/cli/run'
import { errorCodes } from '../../../src-main/contract/errors'

describe('tenantGapHint', () => {
  it('tells consent and role missing apart', () => {
    const consent = tenantGapHint('consent_missing')
    const role = tenantGapHint('role_missing')
    expect(consent).toMatch(/admin consent/)
    expect(consent).not.toMatch(/role/)
    expect(role).toMatch(/Reports Reader, Security Reader or Global Reader/)
    expect(role).not.toMatch(/consent/)
    expect(tenantGapHint('permission_missing')).toMatch(/consent.*role/)
  })

  it('covers exactly the tenant gaps, each pointing at the permissions guide', () => {
    const gaps = errorCodes.filter((code) => tenantGapHint(code) !== null)
    expect(gaps.sort()).toEqual(
      [
        'consent_missing',
        'licence_missing',
        'mde_not_provisioned',
        'permission_missing',
        'role_missing',
      ].sort(),
    )
    for (const code of gaps) expect(tenantGapHint(code)).toContain('docs/PERMISSIONS.md')
  })
})
