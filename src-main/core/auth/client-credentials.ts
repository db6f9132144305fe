// App-only tokens for unattended runs (scheduled CLI exports): the app's own permissions, from
// AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH (a PEM
// file with the private key and the certificate), the variable names Azure SDKs use.
import { X509Certificate, createPrivateKey } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { ConfidentialClientApplication, ServerError, type Configuration } from '@azure/msal-node'
import { AppError, guidSchema, tenantIdSchema } from '../../contract'
import type { Logger } from '../log'
import { redact } from '../redact'
import type { TokenProvider, TokenResource } from './auth-service'
import { authorityFor, type CloudEndpoints } from './clouds'

export interface ClientCredentialsConfig {
  tenantId: string
  clientId: string
  credential: { kind: 'secret'; secret: string } | { kind: 'certificate'; path: string }
}

/** Reads the AZURE_* variables; throws AppError naming what is missing or malformed. */
export function clientCredentialsFromEnv(env: Record<string, string | undefined>): ClientCredentialsConfig {
  const missing = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID'].filter((name) => !env[name])
  if (!env.AZURE_CLIENT_SECRET && !env.AZURE_CLIENT_CERTIFICATE_PATH) missing.push('AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH')
  if (missing.length) {
    throw new AppError('auth_not_configured', `Client credentials need ${missing.join(', ')} in the environment.`)
  }
  const tenant = tenantIdSchema.safeParse(env.AZURE_TENANT_ID)
  if (!tenant.success) throw new AppError('auth_not_configured', 'AZURE_TENANT_ID must be a tenant GUID or verified domain.')
  const client = guidSchema.safeParse(env.AZURE_CLIENT_ID)
  if (!client.success) throw new AppError('auth_not_configured', 'AZURE_CLIENT_ID must be the application (client) ID, a GUID.')
  return {
    tenantId: tenant.data,
    clientId: client.data,
    credential: env.AZURE_CLIENT_CERTIFICATE_PATH
      ? { kind: 'certificate', path: env.AZURE_CLIENT_CERTIFICATE_PATH }
      : { kind: 'secret', secret: env.AZURE_CLIENT_SECRET! },
  }
}

function loadCertificate(path: string): { thumbprintSha256: string; privateKey: string; x5c: string } {
  let pem: string
  try {
    pem = readFileSync(path, 'utf8')
  } catch (error) {
    throw new AppError('auth_not_configured', `Cannot read AZURE_CLIENT_CERTIFICATE_PATH (${(error as NodeJS.ErrnoException).code ?? 'error'}): ${path}`)
  }
  const certificatePem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0]
  const keyPem = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/.exec(pem)?.[0]
  if (!certificatePem || !keyPem) {
    throw new AppError('auth_not_configured', 'AZURE_CLIENT_CERTIFICATE_PATH must be a PEM file holding both the private key and the certificate.')
  }
  const certificate = new X509Certificate(certificatePem)
  // MSAL signs the assertion with PKCS#8; accept PKCS#1 files too.
  const privateKey = createPrivateKey(keyPem).export({ format: 'pem', type: 'pkcs8' }).toString()
  return { thumbprintSha256: certificate.fingerprint256.replaceAll(':', ''), privateKey, x5c: certificatePem }
}

export class ClientCredentialsTokenProvider implements TokenProvider {
  readonly caller = 'app' as const
  private readonly cca: ConfidentialClientApplication

  constructor(
    private readonly cloud: CloudEndpoints,
    readonly config: ClientCredentialsConfig,
    private readonly log: Logger,
  ) {
    const auth: Configuration['auth'] = {
      clientId: config.clientId,
      authority: authorityFor(cloud, config.tenantId),
      ...(cloud.wellKnown ? {} : { knownAuthorities: [new URL(cloud.authorityHost).host] }),
      ...(config.credential.kind === 'secret'
        ? { clientSecret: config.credential.secret }
        : { clientCertificate: loadCertificate(config.credential.path) }),
    }
    this.cca = new ConfidentialClientApplication({
      auth,
      system: {
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: 1,
          loggerCallback: (_level, message) => log.debug(`msal: ${redact(message)}`),
        },
      },
    })
  }

  async getAccessToken(resource: TokenResource, _signal?: AbortSignal, options?: { forceRefresh?: boolean }): Promise<string> {
    const base = resource === 'graph' ? this.cloud.graphEndpoint : this.cloud.logAnalyticsResource
    try {
      const result = await this.cca.acquireTokenByClientCredential({
        scopes: [`${base}/.default`],
        ...(options?.forceRefresh ? { skipCache: true } : {}),
      })
      if (!result) throw new AppError('auth_failed', 'Entra ID returned no token for the client credentials.')
      return result.accessToken
    } catch (error) {
      if (error instanceof AppError) throw error
      if (error instanceof ServerError) {
        const code = /AADSTS\d+/.exec(error.errorMessage)?.[0] ?? error.errorCode
        this.log.warn(`Client credentials refused: ${code}`)
        const hint =
          code === 'AADSTS7000215' ? 'the client secret is wrong'
          : code === 'AADSTS7000222' ? 'the client secret has expired'
          : code === 'AADSTS700027' ? 'the certificate is not registered on the app'
          : code === 'AADSTS700016' ? 'the application is not found in the tenant'
          : `Entra ID answered ${code}`
        throw new AppError('auth_failed', `Client credentials sign-in failed: ${hint}.`)
      }
      this.log.error('Client credentials sign-in failed', error)
      throw new AppError('auth_failed', 'Client credentials sign-in failed: Entra ID could not be reached. Check the network and the cloud settings.')
    }
  }
}
