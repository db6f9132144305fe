// Export against a real SQLite store: the file read back through csv-parse equals the truth computed
// from the ingested events (hour, day, month); cancel, failures and refusals leave no file behind.
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { join, resolve } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterEach, describe, expect, it } from 'vitest'
import {
  alertColumns,
  exportCsvFile,
  inventoryColumns,
  restoreCell,
  STALE_TEMPORARY_MS,
  usageColumns,
  writeFileAtomically,
  type ExportFileRequest,
} from '../../../src-main/core/export'
import type { SignInEvent } from '../../../src-main/core/sources/types'
import type { Store } from '../../../src-main/core/store'
import type { Granularity } from '../../../src-main/core/store/types'
import {
  connectedApp,
  guid,
  seededRandom,
  signIn,
  tempDir,
  tempStore,
  TENANT_A,
  TENANT_B,
} from '../store/helpers'

const hostileNames = [
  '=HYPERLINK("http://evil.test","click")',
  "+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(1,2)',
  '\tTabbed',
  'Quote "me", please',
  'Multi\nline\r\nname',
  '<script>alert(1)</script>',
  '보안 센터 커넥터',
  "'already quoted",
]

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

interface Seeded {
  store: Store
  dir: string
  events: SignInEvent[]
  apps: string[]
}

/** Hostile-named apps with random sign-ins over ~75 days that cross two month boundaries. */
function seeded(): Seeded {
  const context = tempStore({ at: '2025-03-20T00:00:00Z' })
  cleanups.push(() => context.done())
  const random = seededRandom(8)
  const apps = hostileNames.map(() => guid(random))
  context.store.applyDiscovery(
    TENANT_A,
    apps.map((appId, index) =>
      connectedApp({ appId, displayName: hostileNames[index]!, applicationPermissions: [] }),
    ),
    new Date('2025-03-19T00:00:00Z'),
  )
  const start = Date.parse('2025-01-05T00:00:00Z') / 1000
  const events: SignInEvent[] = []
  for (let index = 0; index < 6_000; index++) {
    const seconds = start + Math.floor(random() * 75 * 86_400)
    events.push(
      signIn({
        appId: apps[Math.floor(random() * apps.length)]!,
        createdDateTime: new Date(seconds * 1000).toISOString().replace('.000Z', 'Z'),
        errorCode: random() < 0.1 ? 7000215 : 0,
      }),
    )
  }
  // Another tenant's data must never leak into TENANT_A's file.
  events.sort((a, b) => a.createdDateTime.localeCompare(b.createdDateTime))
  context.store.ingestSignIns(TENANT_A, events)
  context.store.ingestSignIns(
    TENANT_B,
    events.slice(0, 100).map((event) => ({ ...event, id: guid() })),
  )
  return { store: context.store, dir: context.dir, events, apps }
}

function bucketStart(seconds: number, granularity: Granularity): string {
  const date = new Date(seconds * 1000)
  const start =
    granularity === 'hour'
      ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), date.getUTCHours())
      : granularity === 'day'
        ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())
        : Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)
  return new Date(start).toISOString().replace('.000Z', 'Z')
}

/** Truth straight from the events, independent of the store's rollups and iterator. */
function truth(
  events: SignInEvent[],
  granularity: Granularity,
  from?: Date,
  to?: Date,
): Map<string, [number, number]> {
  const map = new Map<string, [number, number]>()
  for (const event of events) {
    const seconds = Date.parse(event.createdDateTime) / 1000
    const key = `${bucketStart(seconds, granularity)}|${event.appId}`
    if (
      from &&
      Date.parse(key.slice(0, 20)) < Date.parse(bucketStart(from.getTime() / 1000, granularity))
    )
      continue
    if (to && seconds >= to.getTime() / 1000) continue
    const cell = map.get(key) ?? [0, 0]
    cell[0]++
    if (event.errorCode !== 0) cell[1]++
    map.set(key, cell)
  }
  return map
}

const read = (path: string): string[][] =>
  parse(readFileSync(path, 'utf8'), { bom: true, relaxColumnCount: false })

function request(overrides: Partial<ExportFileRequest> & { path: string }): ExportFileRequest {
  return {
    tenantId: TENANT_A,
    what: 'usage',
    now: new Date('2025-03-20T00:00:00Z'),
    overwrite: false,
    bom: true,
    ...overrides,
  }
}

const leftovers = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.partial'))

describe('usage export round trip', () => {
  it.each(['hour', 'day', 'month'] as const)(
    'per %s equals the events exactly, hostile names neutralised',
    async (granularity) => {
      const { store, dir, events, apps } = seeded()
      const path = join(dir, `usage-${granularity}.csv`)
      const outcome = await exportCsvFile(store, request({ path, granularity }))
      const rows = read(path)
      expect(rows[0]).toEqual([...usageColumns])
      const expected = truth(events, granularity)
      expect(outcome).toMatchObject({ status: 'done', rows: expected.size })
      expect(rows.length - 1).toBe(expected.size)
      const names = new Map(apps.map((appId, index) => [appId, hostileNames[index]!]))
      let previous = ''
      for (const [tenant, appId, name, start, rowGranularity, signIns, failures] of rows.slice(1)) {
        expect(tenant).toBe(TENANT_A)
        expect(rowGranularity).toBe(granularity)
        expect(`${start}|${appId}` >= previous).toBe(true) // time, then app order
        previous = `${start}|${appId}`
        expect([Number(signIns), Number(failures)]).toEqual(expected.get(`${start}|${appId}`))
        expect(restoreCell(name!)).toBe(names.get(appId!))
        expect(/^[=+\-@\t\r]/.test(name!)).toBe(false)
      }
      const total = rows.slice(1).reduce((sum, row) => sum + Number(row[5]), 0)
      expect(total).toBe(events.length)
    },
  )

  it('applies the date range, the app filter and a local-time column', async () => {
    const { store, dir, events, apps } = seeded()
    const path = join(dir, 'range.csv')
    const from = new Date('2025-02-01T00:00:00Z')
    const to = new Date('2025-02-08T00:00:00Z')
    const picked = apps.slice(0, 3)
    await exportCsvFile(
      store,
      request({ path, granularity: 'day', from, to, appIds: picked, localTimeZone: 'Asia/Seoul' }),
    )
    const rows = read(path)
    expect(rows[0]).toEqual([...usageColumns, 'period_start_local'])
    const expected = truth(
      events.filter((event) => picked.includes(event.appId)),
      'day',
      from,
      to,
    )
    expect(rows.length - 1).toBe(expected.size)
    for (const row of rows.slice(1)) {
      expect([Number(row[5]), Number(row[6])]).toEqual(expected.get(`${row[3]}|${row[1]}`))
      expect(row[7]).toBe(`${row[3]!.slice(0, 10)}T09:00:00+09:00`)
    }
  })

  it('writes only the header for an empty range', async () => {
    const { store, dir } = seeded()
    const path = join(dir, 'empty.csv')
    const outcome = await exportCsvFile(
      store,
      request({
        path,
        from: new Date('2030-01-01T00:00:00Z'),
        to: new Date('2030-02-01T00:00:00Z'),
      }),
    )
    expect(outcome).toMatchObject({ status: 'done', rows: 0 })
    expect(readFileSync(path, 'utf8')).toBe(`\uFEFF${usageColumns.join(',')}\r\n`)
  })

  it('writes UTF-8 with a BOM by default and without one when asked, Korean names intact', async () => {
    const { store, dir } = seeded()
    await exportCsvFile(store, request({ path: join(dir, 'bom.csv') }))
    await exportCsvFile(store, request({ path: join(dir, 'plain.csv'), bom: false }))
    const withBom = readFileSync(join(dir, 'bom.csv'))
    const plain = readFileSync(join(dir, 'plain.csv'))
    expect([...withBom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(plain.subarray(0, 9).toString()).toBe('tenant_id')
    expect(withBom.subarray(3).equals(plain)).toBe(true)
    expect(plain.toString('utf8')).toContain('보안 센터 커넥터')
  })
})

describe('inventory and alerts', () => {
  it('exports the inventory with permissions and credential expiry', async () => {
    const { store, dir, apps } = seeded()
    store.applyDiscovery(
      TENANT_A,
      apps.map((appId, index) =>
        connectedApp({
          appId,
          displayName: hostileNames[index]!,
          applicationPermissions:
            index === 0
              ? [
                  {
                    assignmentId: 'a1',
                    appRoleId: 'r1',
                    value: 'Machine.Isolate',
                    createdDateTime: '2025-01-01T00:00:00Z',
                  },
                ]
              : [],
          credentials:
            index === 0
              ? [
                  {
                    keyId: 'k1',
                    kind: 'secret',
                    displayName: '=evil',
                    startDateTime: '2025-01-01T00:00:00Z',
                    endDateTime: '2025-04-01T00:00:00Z',
                  },
                ]
              : [],
        }),
      ),
      new Date('2025-03-19T12:00:00Z'),
    )
    const path = join(dir, 'inventory.csv')
    const outcome = await exportCsvFile(
      store,
      request({ path, what: 'inventory', localTimeZone: 'UTC' }),
    )
    const rows = read(path)
    expect(rows[0]).toEqual([...inventoryColumns, 'last_seen_local'])
    expect(outcome.rows).toBe(apps.length)
    const first = rows.find((row) => row[1] === apps[0])!
    const column = (name: string) => first[rows[0]!.indexOf(name)]
    expect(column('application_permissions')).toBe('Machine.Isolate')
    expect(column('risk')).toBe('high')
    expect(column('next_credential_expiry')).toBe('2025-04-01T00:00:00Z')
    expect(column('credential_status')).toBe('expiring') // 12 days left
    expect(restoreCell(column('app_name')!)).toBe(hostileNames[0])
  })

  it('exports alerts oldest first with their details as JSON', async () => {
    const { store, dir, apps } = seeded()
    store.insertAlert({
      tenantId: TENANT_A,
      appId: apps[1]!,
      rule: 'spike',
      severity: 'high',
      dedupeKey: 'k1',
      payload: { note: '=cmd' },
      createdAt: new Date('2025-03-01T00:00:00Z'),
    })
    store.insertAlert({
      tenantId: TENANT_A,
      appId: null,
      rule: 'new_app',
      severity: 'low',
      dedupeKey: 'k2',
      payload: null,
      createdAt: new Date('2025-03-02T00:00:00Z'),
    })
    const path = join(dir, 'alerts.csv')
    await exportCsvFile(store, request({ path, what: 'alerts' }))
    const rows = read(path)
    expect(rows[0]).toEqual([...alertColumns])
    expect(rows.slice(1).map((row) => row[4])).toEqual(['spike', 'new_app'])
    expect(JSON.parse(rows[1]![8]!)).toEqual({ note: '=cmd' })
    expect(restoreCell(rows[1]![6]!)).toBe(hostileNames[1])
  })
})

describe('files: cancel, overwrite, failures', () => {
  it('cancel mid-export leaves no file and no temporary file', async () => {
    const { store, dir } = seeded()
    const path = join(dir, 'cancelled.csv')
    const controller = new AbortController()
    let progressCalls = 0
    const outcome = await exportCsvFile(
      store,
      request({
        path,
        signal: controller.signal,
        onProgress: () => {
          progressCalls++
          controller.abort()
        },
      }),
    )
    expect(progressCalls).toBe(1)
    expect(outcome.status).toBe('cancelled')
    expect(existsSync(path)).toBe(false)
    expect(leftovers(dir)).toEqual([])
  })

  it('cancel before the start writes nothing', async () => {
    const { store, dir } = seeded()
    const outcome = await exportCsvFile(
      store,
      request({ path: join(dir, 'never.csv'), signal: AbortSignal.abort() }),
    )
    expect(outcome.status).toBe('cancelled')
    expect(readdirSync(dir).filter((name) => name.includes('never'))).toEqual([])
  })

  it('refuses to overwrite unless told, leaving the existing file as it was', async () => {
    const { store, dir } = seeded()
    const path = join(dir, 'existing.csv')
    writeFileSync(path, 'keep me')
    await expect(exportCsvFile(store, request({ path }))).rejects.toMatchObject({
      code: 'file_exists',
    })
    expect(readFileSync(path, 'utf8')).toBe('keep me')
    await exportCsvFile(store, request({ path, overwrite: true }))
    expect(readFileSync(path, 'utf8').startsWith('\uFEFFtenant_id,')).toBe(true)
    expect(leftovers(dir)).toEqual([])
  })

  it('does not replace a file that appeared while exporting', async () => {
    const { dir } = tempDir()
    const path = join(dir, 'race.csv')
    await expect(
      writeFileAtomically(path, { overwrite: false }, async (sink) => {
        await sink.write('new')
        writeFileSync(path, 'theirs')
      }),
    ).rejects.toMatchObject({ code: 'file_exists' })
    expect(readFileSync(path, 'utf8')).toBe('theirs')
    expect(leftovers(dir)).toEqual([])
  })

  it('a failure mid-write keeps the old file and removes the temporary one', async () => {
    const { dir } = tempDir()
    const path = join(dir, 'old.csv')
    writeFileSync(path, 'old data')
    await expect(
      writeFileAtomically(path, { overwrite: true }, async (sink) => {
        await sink.write('partial')
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })
      }),
    ).rejects.toMatchObject({
      code: 'export_failed',
      message: expect.stringMatching(/disk is full/),
    })
    expect(readFileSync(path, 'utf8')).toBe('old data')
    expect(leftovers(dir)).toEqual([])
  })

  it.each([
    [
      'a missing folder',
      (dir: string) => join(dir, 'no-such-folder', 'x.csv'),
      /folder does not exist/,
    ],
    [
      'a path through a file',
      (dir: string) => (writeFileSync(join(dir, 'file'), ''), join(dir, 'file', 'x.csv')),
      /not a folder/,
    ],
    [
      'a folder as the target',
      (dir: string) => (mkdirSync(join(dir, 'folder')), join(dir, 'folder')),
      /is a folder/,
    ],
  ])('gives a clear error for %s', async (_label, makePath, message) => {
    const { store, dir } = seeded()
    await expect(
      exportCsvFile(store, request({ path: makePath(dir), overwrite: true })),
    ).rejects.toMatchObject({ code: 'export_failed', message: expect.stringMatching(message) })
    expect(leftovers(dir)).toEqual([])
  })

  // Root may write to any folder, so as root there is no read-only folder to provoke the failure with
  // (the path-through-a-file case above covers a failing create for every user).
  const isRoot = process.getuid?.() === 0
  it.skipIf(isRoot)(
    `gives a clear error for a read-only folder${isRoot ? ' (skipped: running as root, which ignores folder permissions)' : ''}`,
    async () => {
      const { store, dir } = seeded()
      const locked = join(dir, 'locked')
      mkdirSync(locked)
      chmodSync(locked, 0o500)
      try {
        await expect(
          exportCsvFile(store, request({ path: join(locked, 'x.csv') })),
        ).rejects.toMatchObject({
          code: 'export_failed',
          message: expect.stringMatching(/permission denied/),
        })
      } finally {
        chmodSync(locked, 0o700)
      }
    },
  )
})

describe('temporary files left by a crash', () => {
  const days = (count: number) => new Date(Date.now() - count * 24 * 3_600_000)
  const age = (path: string, when: Date) => utimesSync(path, when, when)

  it('are removed by the next export to that folder, once old enough; everything else is left alone', async () => {
    const { store, dir } = seeded()
    const stale = join(dir, '.usage.csv.0123456789ab.partial')
    const staleOther = join(dir, '.report.csv.a1b2c3d4e5f6.partial')
    const fresh = join(dir, '.usage.csv.ffffffffffff.partial')
    // The user's files: not our pattern (no dot, wrong random part, another suffix), or a folder.
    const unrelated = [
      'notes.partial',
      '.usage.csv.partial',
      '.usage.csv.0123456789AB.partial',
      '.usage.csv.0123456789ab.partial.txt',
      'usage.csv.0123456789ab.partial',
    ]
    for (const name of [stale, staleOther, fresh, ...unrelated.map((name) => join(dir, name))])
      writeFileSync(name, 'half a file')
    const folderLikeOurs = join(dir, '.old.csv.000000000000.partial')
    mkdirSync(folderLikeOurs)
    for (const path of [
      stale,
      staleOther,
      folderLikeOurs,
      ...unrelated.map((name) => join(dir, name)),
    ])
      age(path, days(3))
    age(fresh, new Date(Date.now() - STALE_TEMPORARY_MS + 3_600_000)) // an hour short of stale: maybe an export running now

    await exportCsvFile(store, request({ path: join(dir, 'usage.csv') }))

    expect(existsSync(stale)).toBe(false)
    expect(existsSync(staleOther)).toBe(false)
    expect(existsSync(fresh)).toBe(true)
    expect(existsSync(folderLikeOurs)).toBe(true)
    for (const name of unrelated) expect(readFileSync(join(dir, name), 'utf8')).toBe('half a file')
    expect(readFileSync(join(dir, 'usage.csv'), 'utf8').startsWith('\uFEFFtenant_id,')).toBe(true)
  })

  it('a process killed mid-export leaves only its temporary file, which a later export cleans up', async () => {
    const { store, dir } = seeded()
    const target = join(dir, 'crash.csv')
    // A real crash: a child process starts an export, writes part of it, and is killed (SIGKILL, no cleanup).
    const script = join(dir, 'crash.mts')
    const fileSink = resolve(import.meta.dirname, '../../../src-main/core/export/file-sink.ts')
    writeFileSync(
      script,
      `import { writeFileAtomically } from ${JSON.stringify(fileSink)}
await writeFileAtomically(${JSON.stringify(target)}, { overwrite: false }, async (sink) => {
  await sink.write('tenant_id,app_id\\r\\n'.repeat(10_000))
  await new Promise((done) => setTimeout(done, 50))
  process.kill(process.pid, 'SIGKILL')
})
`,
    )
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], {
      cwd: resolve(import.meta.dirname, '../../..'),
      encoding: 'utf8',
    })
    expect(child.signal).toBe('SIGKILL')
    expect(existsSync(target)).toBe(false)
    const left = leftovers(dir)
    expect(left).toHaveLength(1)
    expect(left[0]).toMatch(/^\.crash\.csv\.[0-9a-f]{12}\.partial$/)
    expect(readFileSync(join(dir, left[0]!), 'utf8').startsWith('tenant_id,app_id')).toBe(true)

    // The next export right away keeps it (it could be an export still running) ...
    await exportCsvFile(store, request({ path: join(dir, 'first.csv') }))
    expect(leftovers(dir)).toEqual(left)
    // ... and once it is a day old, the next export to that folder removes it.
    age(join(dir, left[0]!), days(2))
    await exportCsvFile(store, request({ path: join(dir, 'second.csv') }))
    expect(leftovers(dir)).toEqual([])
    expect(existsSync(join(dir, 'second.csv'))).toBe(true)
  })
})

describe('alerts beyond the old 10,000-row listing cap', () => {
  it('streams every alert in the range, oldest first, across chunk boundaries with equal times', async () => {
    const { store, dir, apps } = seeded()
    const total = 10_500
    const base = Date.parse('2025-02-01T00:00:00Z')
    // Seven alerts per second, so many chunk boundaries (every 1,000 rows) fall inside one second.
    for (let index = 0; index < total; index++) {
      store.insertAlert({
        tenantId: TENANT_A,
        appId: index % 5 === 0 ? null : apps[index % apps.length]!,
        rule: 'usageSpike',
        severity: 'medium',
        dedupeKey: `k${index}`,
        payload: { index },
        createdAt: new Date(base + Math.floor(index / 7) * 1000),
      })
    }
    store.insertAlert({
      tenantId: TENANT_B,
      appId: null,
      rule: 'other',
      severity: 'low',
      dedupeKey: 'b',
      payload: null,
      createdAt: new Date(base),
    })
    const path = join(dir, 'alerts.csv')
    const outcome = await exportCsvFile(store, request({ path, what: 'alerts' }))
    expect(outcome).toMatchObject({ status: 'done', rows: total })
    const rows = read(path).slice(1)
    expect(rows.map((row) => JSON.parse(row[8]!) as { index: number })).toEqual(
      Array.from({ length: total }, (_, index) => ({ index })),
    )
    expect(new Set(rows.map((row) => row[1])).size).toBe(total)
    expect(rows.every((row) => row[0] === TENANT_A)).toBe(true)

    // A range: created_at in [from, to), where both ends fall inside a run of equal times.
    const from = new Date(base + 700 * 1000)
    const to = new Date(base + 1400 * 1000)
    const ranged = join(dir, 'alerts-range.csv')
    const inRange = await exportCsvFile(store, request({ path: ranged, what: 'alerts', from, to }))
    const indexes = read(ranged)
      .slice(1)
      .map((row) => (JSON.parse(row[8]!) as { index: number }).index)
    expect(indexes).toEqual(Array.from({ length: 700 * 7 }, (_, index) => 700 * 7 + index))
    expect(inRange.rows).toBe(4_900)

    // Ends inside a second: created_at (whole seconds) must be >= from and < to in milliseconds.
    const inside = join(dir, 'alerts-inside.csv')
    await exportCsvFile(
      store,
      request({
        path: inside,
        what: 'alerts',
        from: new Date(base + 700_500),
        to: new Date(base + 701_500),
      }),
    )
    const insideIndexes = read(inside)
      .slice(1)
      .map((row) => (JSON.parse(row[8]!) as { index: number }).index)
    expect(insideIndexes).toEqual(Array.from({ length: 7 }, (_, index) => 701 * 7 + index))
  })
})
