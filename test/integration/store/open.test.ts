// Opening real files: creation, pragmas, migrations, refusal of a newer schema, and recovery from
// corrupted, truncated and foreign files (moved aside with their -wal/-shm, reported, never deleted).
import {
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src-main/contract/errors'
import {
  APPLICATION_ID,
  HISTORY_FILE,
  LATEST_VERSION,
  openStore,
} from '../../../src-main/core/store'
import {
  guid,
  iso,
  signIn,
  TENANT_A,
  tempDirsPerTest,
  recordingLog,
} from '../../unit/store/helpers'
import { runMigrations } from '../../../src-main/core/store/open'

const { directory } = tempDirsPerTest()

const now = () => new Date('2025-03-10T12:34:56.789Z')

/** A store with real history in it, closed, so the file can be damaged. Returns the file's path. */
function populated(dir: string, events = 20_000): string {
  const store = openStore({ dataDir: dir, log: recordingLog(), now })
  const start = Date.parse('2025-03-01T00:00:00Z') / 1000
  for (let batch = 0; batch < events / 1_000; batch++) {
    store.ingestSignIns(
      TENANT_A,
      Array.from({ length: 1_000 }, (_, index) =>
        signIn({
          id: guid(),
          appId: `app-${index % 7}`,
          createdDateTime: iso(start + batch * 1_000 + index),
        }),
      ),
    )
  }
  store.close()
  return join(dir, HISTORY_FILE)
}

function pragma(path: string, name: string): unknown {
  const db = new DatabaseSync(path, { readOnly: true })
  try {
    return Object.values(db.prepare(`PRAGMA ${name}`).get() ?? {})[0]
  } finally {
    db.close()
  }
}

describe('openStore', () => {
  it('creates a new file with WAL, our application id and the latest schema', () => {
    const dir = directory()
    const store = openStore({ dataDir: join(dir, 'nested', 'data'), log: recordingLog(), now })
    expect(store.openReport).toMatchObject({
      status: 'created',
      schemaVersion: LATEST_VERSION,
      migratedFrom: 0,
      problem: null,
      movedTo: null,
    })
    const path = store.path
    store.close()
    expect(pragma(path, 'journal_mode')).toBe('wal')
    expect(pragma(path, 'application_id')).toBe(APPLICATION_ID)
    expect(pragma(path, 'user_version')).toBe(LATEST_VERSION)

    const again = openStore({ dataDir: join(dir, 'nested', 'data'), log: recordingLog(), now })
    expect(again.openReport).toMatchObject({
      status: 'opened',
      schemaVersion: LATEST_VERSION,
      migratedFrom: LATEST_VERSION,
    })
    again.close()
  })

  it('initialises an empty file and an empty SQLite database in place (nothing to lose)', () => {
    const dir = directory()
    writeFileSync(join(dir, HISTORY_FILE), '')
    const fromEmptyFile = openStore({ dataDir: dir, log: recordingLog(), now })
    expect(fromEmptyFile.openReport.problem).toBeNull()
    fromEmptyFile.close()

    const other = directory()
    new DatabaseSync(join(other, HISTORY_FILE)).close()
    const fromEmptyDatabase = openStore({ dataDir: other, log: recordingLog(), now })
    expect(fromEmptyDatabase.openReport).toMatchObject({
      status: 'opened',
      migratedFrom: 0,
      schemaVersion: LATEST_VERSION,
      problem: null,
    })
    fromEmptyDatabase.close()
    expect(readdirSync(other).filter((name) => name.includes('corrupt'))).toEqual([])
  })

  it('refuses a file from a newer app version, leaving it byte-for-byte unchanged', () => {
    const dir = directory()
    const path = populated(dir, 1_000)
    const db = new DatabaseSync(path)
    db.exec(`PRAGMA user_version = ${LATEST_VERSION + 1}`)
    db.close()
    const before = readFileSync(path)
    let thrown: unknown
    try {
      openStore({ dataDir: dir, log: recordingLog(), now })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(AppError)
    expect((thrown as AppError).message).toMatch(
      new RegExp(
        `newer version of Defender Connected Apps.*schema ${LATEST_VERSION + 1}.*Update the app.*unchanged`,
      ),
    )
    expect(readFileSync(path).equals(before)).toBe(true)
    expect(readdirSync(dir).filter((name) => name.includes('corrupt'))).toEqual([])
  })

  const cases: Array<{ name: string; problem: string; damage: (path: string) => void }> = [
    {
      name: 'a file that is not SQLite at all',
      problem: 'not_sqlite',
      damage: (path) => writeFileSync(path, 'id,count\n1,2\n'.repeat(500)),
    },
    {
      name: "another application's SQLite database",
      problem: 'foreign',
      damage: (path) => {
        const db = new DatabaseSync(path)
        db.exec('CREATE TABLE bookmarks (url TEXT); INSERT INTO bookmarks VALUES (1)')
        db.close()
      },
    },
    {
      name: 'a SQLite database with a different application id',
      problem: 'foreign',
      damage: (path) => {
        const db = new DatabaseSync(path)
        db.exec('PRAGMA application_id = 1234')
        db.close()
      },
    },
    {
      name: 'a truncated history file',
      problem: 'truncated',
      damage: (path) => truncateSync(path, Math.floor(statSync(path).size / 2)),
    },
    {
      name: 'a history file cut inside its header',
      problem: 'truncated',
      damage: (path) => truncateSync(path, 50),
    },
    {
      name: 'a history file with garbage written over its pages',
      problem: 'corrupt',
      damage: (path) => {
        const bytes = readFileSync(path)
        // Keep page 1 (header and schema) intact; scribble over the middle of the file.
        for (let offset = 8_192; offset < bytes.length - 4_096; offset += 4_096 * 3)
          bytes.fill(0x5a, offset + 100, offset + 2_000)
        writeFileSync(path, bytes)
      },
    },
  ]
  for (const { name, problem, damage } of cases) {
    it(`moves ${name} aside (with its -wal/-shm), reports it and starts a new store`, () => {
      const dir = directory()
      const path =
        problem === 'foreign' || problem === 'not_sqlite' ? join(dir, HISTORY_FILE) : populated(dir)
      if (problem === 'foreign' || problem === 'not_sqlite') writeFileSync(path, '')
      damage(path)
      // Leftover WAL and shared-memory files must travel with the file they belong to.
      writeFileSync(`${path}-wal`, 'stale wal')
      writeFileSync(`${path}-shm`, 'stale shm')
      const damaged = readFileSync(path)
      const log = recordingLog()
      const store = openStore({ dataDir: dir, log, now })
      const report = store.openReport
      expect(report.status).toBe('recovered')
      expect(report.problem).toBe(problem)
      expect(report.movedTo).toBe(`${path}.corrupt-2025-03-10T12-34-56-789Z`)
      expect(report.message).toMatch(
        /moved aside to .*corrupt-.*History will be rebuilt from the cloud on the next sync/,
      )
      expect(readFileSync(report.movedTo!).equals(damaged)).toBe(true)
      expect(readFileSync(`${report.movedTo}-wal`, 'utf8')).toBe('stale wal')
      // The shared-memory index is rebuilt by whoever opens the file next; it only has to travel along.
      expect(existsSync(`${report.movedTo}-shm`)).toBe(true)
      expect(
        log.lines.some((line) => line.startsWith('warn ') && line.includes(report.movedTo!)),
      ).toBe(true)
      // The new store works.
      expect(
        store.ingestSignIns(TENANT_A, [
          signIn({ appId: 'a', createdDateTime: '2025-03-01T00:00:00Z' }),
        ]).inserted,
      ).toBe(1)
      store.close()
      const reopened = openStore({ dataDir: dir, log: recordingLog(), now })
      expect(reopened.openReport.status).toBe('opened')
      expect(reopened.listApps(TENANT_A)).toHaveLength(1)
      reopened.close()
    })
  }

  it('never overwrites an earlier moved-aside file', () => {
    const dir = directory()
    const path = join(dir, HISTORY_FILE)
    writeFileSync(path, 'not a database, first time')
    openStore({ dataDir: dir, log: recordingLog(), now }).close()
    // The new store itself gets replaced by garbage, at the same clock time.
    writeFileSync(path, 'not a database, second time')
    for (const suffix of ['-wal', '-shm'])
      if (existsSync(path + suffix)) writeFileSync(path + suffix, '')
    const second = openStore({ dataDir: dir, log: recordingLog(), now })
    expect(second.openReport.movedTo).toMatch(/corrupt-2025-03-10T12-34-56-789Z-2$/)
    second.close()
    const aside = readdirSync(dir)
      .filter((name) => /corrupt-2025-03-10T12-34-56-789Z(-2)?$/.test(name))
      .sort()
    expect(aside.map((name) => readFileSync(join(dir, name), 'utf8'))).toEqual([
      'not a database, first time',
      'not a database, second time',
    ])
  })
})

describe('runMigrations', () => {
  it('applies pending migrations in order, each atomically with its version bump', () => {
    const dir = directory()
    const db = new DatabaseSync(join(dir, 'scratch.sqlite'))
    const log = recordingLog()
    const applied: number[] = []
    const list = [
      {
        version: 2,
        name: 'second',
        up: (target: DatabaseSync) => (applied.push(2), target.exec('CREATE TABLE b (x)')),
      },
      {
        version: 1,
        name: 'first',
        up: (target: DatabaseSync) => (applied.push(1), target.exec('CREATE TABLE a (x)')),
      },
    ]
    expect(runMigrations(db, log, list)).toEqual({ from: 0, to: 2 })
    expect(applied).toEqual([1, 2])
    // Nothing pending: nothing runs.
    expect(runMigrations(db, log, list)).toEqual({ from: 2, to: 2 })
    expect(applied).toEqual([1, 2])

    // A migration that fails half-way leaves no trace and the version where it was.
    const failing = {
      version: 3,
      name: 'broken',
      up: (target: DatabaseSync) => {
        target.exec('CREATE TABLE c (x)')
        throw new Error('boom')
      },
    }
    expect(() => runMigrations(db, log, [...list, failing])).toThrow('boom')
    expect(db.prepare('PRAGMA user_version').get()?.user_version).toBe(2)
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'c'").get()?.n).toBe(0)
    db.close()
  })
})
