// "Open application settings" in each cloud: the enterprise application and app registration pages
// of the Azure portal, pinned to the tenant, exactly as Microsoft's deep links look (the project's
// REFERENCE.md, "Portal deep links" and "National clouds"), and each one passes the safe shell's
// allow-list unchanged (the shell hands the browser the URL it built, not a normalised variant).
import { describe, expect, it } from 'vitest'
import type { CloudName, TenantConfig } from '../../../src-main/contract/model'
import { cloudEndpoints } from '../../../src-main/core/auth/clouds'
import {
  appRegistrationUrl,
  enterpriseAppUrl,
  portalUrlFor,
} from '../../../src-main/core/portal-links'
import { createSafeShell } from '../../../src-main/core/safe-shell'
import { checkExternalUrl } from '../../../src-main/core/safe-url'

const tenantId = '7b0f2c1e-4d3a-4f5b-9c8d-1e2f3a4b5c6d'
const servicePrincipalId = '3c4d5e6f-7081-4293-a4b5-c6d7e8f90a1b'
const appId = '9e8d7c6b-5a49-4837-8261-504f3e2d1c0b'

const cases: { name: string; config: TenantConfig; portal: string }[] = [
  { name: 'public', config: { cloud: 'public', tenantId }, portal: 'https://portal.azure.com' },
  { name: 'usgov', config: { cloud: 'usgov', tenantId }, portal: 'https://portal.azure.us' },
  { name: 'usgovdod', config: { cloud: 'usgovdod', tenantId }, portal: 'https://portal.azure.us' },
  { name: 'china', config: { cloud: 'china', tenantId }, portal: 'https://portal.azure.cn' },
  {
    // A custom cloud names its portal (here a sovereign stamp's, with the trailing slash an admin types).
    name: 'custom with a portal',
    config: {
      cloud: 'custom',
      tenantId,
      custom: {
        authorityHost: 'https://login.microsoftonline.us',
        graphEndpoint: 'https://graph.microsoft.us',
        portalUrl: 'https://portal.azure.us/',
      },
    },
    portal: 'https://portal.azure.us',
  },
  {
    // Without one it falls back to the public portal (custom.portalUrl is optional).
    name: 'custom without a portal',
    config: {
      cloud: 'custom',
      tenantId,
      custom: {
        authorityHost: 'https://login.example.test',
        graphEndpoint: 'https://graph.example.test',
      },
    },
    portal: 'https://portal.azure.com',
  },
]

function shellRecorder() {
  const launched: string[] = []
  const warnings: string[] = []
  const shell = createSafeShell({
    launch: async (url) => void launched.push(url),
    log: { error() {}, info() {}, debug() {}, warn: (message) => warnings.push(message) },
  })
  return { shell, launched, warnings }
}

describe.each(cases)('portal links in the $name cloud', ({ config, portal }) => {
  const portalUrl = portalUrlFor(cloudEndpoints(config))

  it('uses the cloud’s Azure portal', () => {
    expect(portalUrl).toBe(portal)
  })

  it('builds the enterprise application page pinned to the tenant, and the shell opens it as built', async () => {
    const url = enterpriseAppUrl(portalUrl, tenantId, servicePrincipalId, appId)
    expect(url).toBe(
      `${portal}/${tenantId}/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Overview/objectId/${servicePrincipalId}/appId/${appId}`,
    )
    expect(checkExternalUrl(url)).toEqual({ allowed: true, url })
    const { shell, launched, warnings } = shellRecorder()
    await shell.open(url)
    expect(launched).toEqual([url])
    expect(warnings).toEqual([])
  })

  it('builds the app registration page pinned to the tenant, and the shell opens it as built', async () => {
    const url = appRegistrationUrl(portalUrl, tenantId, appId)
    expect(url).toBe(
      `${portal}/${tenantId}/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${appId}/isMSAApp~/false`,
    )
    expect(checkExternalUrl(url)).toEqual({ allowed: true, url })
    const { shell, launched } = shellRecorder()
    await shell.open(url)
    expect(launched).toEqual([url])
  })
})

describe('portal links', () => {
  it('cover every cloud the settings accept', () => {
    const clouds: CloudName[] = ['public', 'usgov', 'usgovdod', 'china', 'custom']
    expect(new Set(cases.map((c) => c.config.cloud))).toEqual(new Set(clouds))
  })

  it('default to the public portal when no cloud is known (the demo tenant)', () => {
    expect(portalUrlFor(null)).toBe('https://portal.azure.com')
  })

  it('pin a tenant named by its verified domain as typed', () => {
    expect(
      appRegistrationUrl('https://portal.azure.cn', 'contoso.partner.onmschina.cn', appId),
    ).toBe(
      `https://portal.azure.cn/contoso.partner.onmschina.cn/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${appId}/isMSAApp~/false`,
    )
  })

  it('keep IDs from Graph inside their path segment: a slash or # cannot change the blade', () => {
    const hostile = '../../#view/Microsoft_AAD_IAM/Evil'
    const enterprise = enterpriseAppUrl('https://portal.azure.com', tenantId, hostile, appId)
    expect(enterprise).toBe(
      `https://portal.azure.com/${tenantId}/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Overview/objectId/..%2F..%2F%23view%2FMicrosoft_AAD_IAM%2FEvil/appId/${appId}`,
    )
    const registration = appRegistrationUrl('https://portal.azure.com', 'x/#y', hostile)
    expect(new URL(registration).pathname).toBe('/x%2F%23y/')
    expect(new URL(registration).hash).toBe(
      '#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/..%2F..%2F%23view%2FMicrosoft_AAD_IAM%2FEvil/isMSAApp~/false',
    )
    expect(checkExternalUrl(enterprise)).toEqual({ allowed: true, url: enterprise })
  })

  it('a custom cloud’s own portal host is refused by the shell with the reason, not opened', async () => {
    const portalUrl = portalUrlFor(
      cloudEndpoints({
        cloud: 'custom',
        tenantId,
        custom: {
          authorityHost: 'https://127.0.0.1:8443',
          graphEndpoint: 'https://127.0.0.1:8443/graph',
          portalUrl: 'https://127.0.0.1:8443',
        },
      }),
    )
    const { shell, launched } = shellRecorder()
    await expect(
      shell.open(enterpriseAppUrl(portalUrl, tenantId, servicePrincipalId, appId)),
    ).rejects.toMatchObject({
      code: 'url_not_allowed',
      message: expect.stringContaining('not on the allow-list'),
    })
    expect(launched).toEqual([])
  })
})
