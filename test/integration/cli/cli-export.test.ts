// `export` on the command line: the demo history round-trips through csv-parse exactly; a tenant's
// history exports with its cloud unreachable (no connection is even tried); bad flags, existing
// files and unwritable paths give one-line errors and leave nothing behind.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { exitCodes, runCli } from '../../../src-main/cli/run'
import { usageColumns } from '../../../src-main/core/export'
import { silentLogger } from '../../../src-main/core/log'
import { openStore } from '../../../src-main/core/store'
import { makeTempDir } from '../../support/core'
import { connectedApp, signIn } from '../../unit/store/helpers'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function tempDir(): string {
  const dir = makeTempDir('dca-cli-export-')
  dirs.push(dir)
  return dir
}

async function cli(...args: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) })
  return { code, stdout, stderr }
}

const readCsv = (path: string): string[][] => parse(readFileSync(path, 'utf8'), { bom: true, relaxColumnCount: false })

describe('CLI export', () => {
  it('exports the synced demo history per hour, day and month; each equals the store exactly', async () => {
    const dir = tempDir()
    expect((await cli('sync', '--demo', '--days', '3', '--data-dir', dir)).code).toBe(exitCodes.ok)
    const store = openStore({ dataDir: dir, log: silentLogger })
    const tenantId = store.listTenants()[0]!.tenantId
    for (const granularity of ['hour', 'day', 'month'] as const) {
      const out = join(dir, `usage-${granularity}.csv`)
      const result = await cli('export', '--demo', '--data-dir', dir, '--out', out, '--granularity', granularity, '--json')
      expect(result.code, result.stderr).toBe(exitCodes.ok)
      const rows = readCsv(out)
      expect(rows[0]).toEqual([...usageColumns])
      const expected = [...store.iterateRollups({ tenantId, granularity })].map((row) => [
        tenantId,
        row.appId,
        row.displayName ?? '',
        row.start.toISOString().replace('.000Z', 'Z'),
        granularity,
        String(row.signIns),
        String(row.failures),
      ])
      expect(rows.slice(1)).toEqual(expected)
      expect(JSON.parse(result.stdout)).toMatchObject({ status: 'done', rows: expected.length })
    }
    store.close()
  })

  it('exports a tenant’s history with the network unavailable, never connecting to the cloud', async () => {
    const dir = tempDir()
    const tenantId = '11111111-2222-4333-8444-555555555555'
    const appId = '99999999-8888-4777-8666-555555555555'
    const store = openStore({ dataDir: dir, log: silentLogger })
    store.applyDiscovery(tenantId, [connectedApp({ appId, displayName: '=Evil "SIEM", 한국어' })], new Date('2025-03-01T00:00:00Z'))
    store.ingestSignIns(tenantId, [
      signIn({ appId, createdDateTime: '2025-03-01T10:15:00Z' }),
      signIn({ appId, createdDateTime: '2025-03-01T10:45:00Z', errorCode: 7000215 }),
      signIn({ appId, createdDateTime: '2025-03-02T01:00:00Z' }),
    ])
    store.close()
    // A listener that counts connections stands in for "the cloud": any attempt would show.
    let connections = 0
    const server: Server = createServer((socket) => {
      connections++
      socket.destroy()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as { port: number }).port
    const cloud = `https://127.0.0.1:${port}`
    try {
      const out = join(dir, 'offline.csv')
      const result = await cli(
        'export', '--data-dir', dir, '--out', out, '--granularity', 'day', '--local-time', 'Asia/Seoul',
        '--tenant', tenantId, '--client-id', '00000000-1111-4222-8333-444444444444', '--cloud', 'custom', '--authority-host', cloud, '--graph-endpoint', cloud,
      )
      expect(result.code, result.stderr).toBe(exitCodes.ok)
      expect(readCsv(out)).toEqual([
        [...usageColumns, 'period_start_local'],
        [tenantId, appId, `'=Evil "SIEM", 한국어`, '2025-03-01T00:00:00Z', 'day', '2', '1', '2025-03-01T09:00:00+09:00'],
        [tenantId, appId, `'=Evil "SIEM", 한국어`, '2025-03-02T00:00:00Z', 'day', '1', '0', '2025-03-02T09:00:00+09:00'],
      ])
      expect(connections).toBe(0)
    } finally {
      server.close()
    }
  })

  it('refuses to replace a file without --force, and replaces it with --force', async () => {
    const dir = tempDir()
    await cli('sync', '--demo', '--days', '1', '--data-dir', dir)
    const out = join(dir, 'existing.csv')
    writeFileSync(out, 'precious')
    const refused = await cli('export', '--demo', '--data-dir', dir, '--out', out)
    expect(refused.code).toBe(exitCodes.failure)
    expect(refused.stderr).toMatch(/^error: .*existing\.csv already exists.*\nhint: add --force/)
    expect(readFileSync(out, 'utf8')).toBe('precious')
    expect((await cli('export', '--demo', '--data-dir', dir, '--out', out, '--force')).code).toBe(exitCodes.ok)
    expect(readFileSync(out, 'utf8').startsWith('\uFEFFtenant_id,')).toBe(true)
    expect(readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([])
  })

  it('writes inventory and alerts, and --no-bom drops the byte order mark', async () => {
    const dir = tempDir()
    await cli('sync', '--demo', '--days', '1', '--data-dir', dir)
    const inventory = join(dir, 'inventory.csv')
    expect((await cli('export', '--demo', '--data-dir', dir, '--out', inventory, '--what', 'inventory', '--no-bom')).code).toBe(exitCodes.ok)
    const text = readFileSync(inventory, 'utf8')
    expect(text.startsWith('tenant_id,app_id,app_name,publisher,last_seen')).toBe(true)
    const alerts = join(dir, 'alerts.csv')
    expect((await cli('export', '--demo', '--data-dir', dir, '--out', alerts, '--what', 'alerts')).code).toBe(exitCodes.ok)
    expect(readCsv(alerts)[0]).toEqual(['tenant_id', 'alert_id', 'created_at', 'severity', 'rule', 'app_id', 'app_name', 'acknowledged_at', 'details'])
  })

  it.each([
    [['export'], /--out FILE/],
    [['export', '--out', 'x.csv', '--what', 'everything'], /--what must be usage, inventory, alerts/],
    [['export', '--out', 'x.csv', '--granularity', 'week'], /--granularity must be hour, day or month/],
    [['export', '--out', 'x.csv', '--what', 'inventory', '--granularity', 'day'], /--granularity applies to --what usage only/],
    [['export', '--out', 'x.csv', '--from', '2025-13-01'], /--from must be an ISO 8601 date/],
    [['export', '--out', 'x.csv', '--from', '2025-01-01T10:00'], /--from must be an ISO 8601 date/],
    [['export', '--out', 'x.csv', '--from', '2025-02-01', '--to', '2025-01-01'], /--from must be before --to/],
    [['export', '--out', 'x.csv', '--what', 'inventory', '--from', '2025-01-01'], /--from and --to apply to usage and alerts/],
    [['export', '--out', 'x.csv', '--apps', 'abc'], /--apps must be application \(client\) IDs.*"abc" is not a GUID/],
    [['export', '--out', 'x.csv', '--local-time', 'Mars/Base'], /--local-time must be an IANA time zone/],
    [['export', 'now', '--out', 'x.csv'], /"export" takes no arguments/],
  ])('rejects %j with a one-line error and exit 2', async (args, message) => {
    const dir = tempDir()
    const result = await cli(...args, '--demo', '--data-dir', dir)
    expect(result.code).toBe(exitCodes.usage)
    expect(result.stderr.split('\n')[0]).toMatch(message)
    expect(existsSync(join(dir, 'x.csv'))).toBe(false)
  })

  it('says clearly when the folder does not exist, writing nothing', async () => {
    const dir = tempDir()
    await cli('sync', '--demo', '--days', '1', '--data-dir', dir)
    const result = await cli('export', '--demo', '--data-dir', dir, '--out', join(dir, 'missing', 'x.csv'))
    expect(result.code).toBe(exitCodes.failure)
    expect(result.stderr).toMatch(/^error: Could not write to the folder .*missing: the folder does not exist/)
    expect(result.stderr).toMatch(/hint: nothing was written; the local history is unchanged/)
  })
})
