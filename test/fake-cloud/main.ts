// Runs the fake Microsoft cloud on its own: `npm run fake-cloud -- --size medium`.
// Prints the endpoints, the CA path and the test sign-ins so the app or the CLI can be pointed at it.
import { chmodSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { demoSizeNames } from '../../src-main/core/demo'
import type { DemoSize } from '../../src-main/core/demo'
import { DEFAULT_PASSWORD } from './directory'
import { startFakeCloud } from './server'

const usage = `Usage: npm run fake-cloud -- [options]
  --size <${demoSizeNames.join('|')}>  demo tenant size (default small)
  --seed <text>         demo tenant seed (default contoso)
  --port <n>            port on 127.0.0.1 (default: a free one)
  --now <iso>           the clock's start (default: this hour)
  --time-scale <x>      clock speed; 0 freezes it (default 1)
  --no-throttle         turn the 5 requests / 10 s reports budget off
  --licence <P2|P1|free>
  --no-mde              the tenant has no WindowsDefenderATP service principal
  --log                 print one line per request (never tokens)`

function fail(message: string): never {
  console.error(`fake-cloud: ${message}\n\n${usage}`)
  process.exit(2)
}

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'small' },
    seed: { type: 'string', default: 'contoso' },
    port: { type: 'string', default: '0' },
    now: { type: 'string' },
    'time-scale': { type: 'string', default: '1' },
    'no-throttle': { type: 'boolean', default: false },
    licence: { type: 'string', default: 'P2' },
    'no-mde': { type: 'boolean', default: false },
    log: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  strict: true,
})
if (values.help) {
  console.log(usage)
  process.exit(0)
}
if (!(demoSizeNames as string[]).includes(values.size))
  fail(`--size must be one of ${demoSizeNames.join(', ')}`)
const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be a port number')
const timeScale = Number(values['time-scale'])
if (!Number.isFinite(timeScale) || timeScale < 0) fail('--time-scale must be a number ≥ 0')
if (values.now !== undefined && !Number.isFinite(Date.parse(values.now)))
  fail('--now must be an ISO date')
if (!['P2', 'P1', 'free'].includes(values.licence)) fail('--licence must be P2, P1 or free')

const cloud = await startFakeCloud({
  port,
  timeScale,
  logRequests: values.log,
  ...(values.now ? { now: values.now } : {}),
  ...(values['no-throttle'] ? { throttle: false as const } : {}),
  tenants: [
    {
      seed: values.seed,
      size: values.size as DemoSize,
      licence: values.licence as 'P2',
      mde: !values['no-mde'],
    },
  ],
})
const tenant = cloud.tenants[0]!
const automation = tenant.clients.find((c) => c.kind === 'confidential')!
const publicClient = tenant.clients.find((c) => c.kind === 'public')!

// Credentials go to files readable only by this user, never to the terminal.
const dir = dirname(cloud.caPath)
const secretPath = join(dir, 'automation-secret.txt')
writeFileSync(
  secretPath,
  `${automation.secrets.find((s) => new Date(s.endDateTime).getTime() > cloud.clock.now())!.value}\n`,
  { mode: 0o600 },
)
const certPath = join(dir, 'automation-certificate.pem')
writeFileSync(
  certPath,
  `${automation.certificates[0]!.privateKeyPem ?? ''}${automation.certificates[0]!.certPem}`,
  { mode: 0o600 },
)
chmodSync(secretPath, 0o600)

console.log(`Fake Microsoft cloud (test only) — ${tenant.displayName}, size ${values.size}, ${tenant.demo.apps.length - 1} connected apps
  Authority host     ${cloud.url}            (AZURE_AUTHORITY_HOST; MSAL knownAuthorities: ['${cloud.host}'])
  Authority          ${cloud.authority(tenant.id)}
  Graph              ${cloud.graphUrl}        (v1.0 and beta; scope ${cloud.graphUrl}/.default)
  Log Analytics      ${cloud.logAnalyticsUrl}/v1/workspaces/${tenant.logAnalyticsWorkspaceId}/query
  CA certificate     ${cloud.caPath}
                     NODE_EXTRA_CA_CERTS=${cloud.caPath}
                     Chromium: --ignore-certificate-errors-spki-list=${cloud.serverSpkiSha256}
  Tenant             ${tenant.id} (${tenant.domain}), licence ${tenant.licence}${tenant.mdeProvisioned ? '' : ', no MDE'}
  Public client      ${publicClient.clientId} (interactive, device code; loopback redirect)
  Automation client  ${automation.clientId}
                     AZURE_CLIENT_SECRET from ${secretPath}
                     AZURE_CLIENT_CERTIFICATE_PATH=${certPath}
  Users (password ${DEFAULT_PASSWORD}):
${tenant.users.map((u) => `    ${u.userPrincipalName.padEnd(40)} ${u.directoryRoles.join(', ') || 'no directory role'}`).join('\n')}
  Clock              ${cloud.clock.date().toISOString()} × ${timeScale}
Ctrl+C stops it.`)

let closing = false
const stop = () => {
  if (closing) return
  closing = true
  void cloud.close().then(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
