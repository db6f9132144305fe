// The history database's schema as numbered migrations. `PRAGMA user_version` holds the number of
// the last one applied; each runs in its own IMMEDIATE transaction together with the version bump,
// so a crash leaves the file at a whole version, never between two.
//
// Conventions (why they are what they are):
// - Every row carries `tenant_id` (the Entra tenant GUID, or the demo tenant's id) and every query
//   filters on it first, so two tenants in one file never mix.
// - Times are INTEGER Unix seconds (UTC): compact, cheap to compare and to bucket (`hour - hour % 3600`).
// - The big tables (sign_ins, rollups) are WITHOUT ROWID, clustered on the key every lookup uses, so a
//   row is stored once instead of in a rowid table plus a unique index.
// - Event types are stored as small integers (their index in `signInEventTypes`).
// - Raw sign-ins (the only table whose size is the event count) name their tenant and app by small
//   integer keys and a GUID id by its 16 bytes (migration 4): a third of the bytes per row.
import type { DatabaseSync } from 'node:sqlite'
import { AppError } from '../../contract/errors'
import { storedSignInId } from '../sources/sign-in-id'

/** `PRAGMA application_id` of our files: "DCAH" (Defender Connected Apps History). */
export const APPLICATION_ID = 0x44434148

export interface Migration {
  version: number
  name: string
  up(db: DatabaseSync): void
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    up(db) {
      db.exec(`
        PRAGMA application_id = ${APPLICATION_ID};

        CREATE TABLE tenants (
          tenant_id          TEXT PRIMARY KEY,
          display_name       TEXT,
          created_at         INTEGER NOT NULL,
          -- Raw events before this time were pruned; rollups of those hours are frozen (never recomputed).
          raw_pruned_before  INTEGER NOT NULL DEFAULT 0
        ) STRICT;

        -- Discovery snapshot: one row per client app ever seen holding an MDE permission.
        CREATE TABLE apps (
          tenant_id               TEXT NOT NULL REFERENCES tenants(tenant_id) ON DELETE CASCADE,
          app_id                  TEXT NOT NULL,
          service_principal_id    TEXT NOT NULL,
          display_name            TEXT NOT NULL,
          publisher               TEXT,
          app_owner_org_id        TEXT,
          owned_by_tenant         INTEGER NOT NULL,
          sp_type                 TEXT NOT NULL,
          enabled                 INTEGER NOT NULL,
          sign_in_audience        TEXT,
          created_date_time       INTEGER,
          first_seen              INTEGER NOT NULL,
          last_seen_in_discovery  INTEGER NOT NULL,
          removed_at              INTEGER,
          PRIMARY KEY (tenant_id, app_id)
        ) STRICT, WITHOUT ROWID;

        -- Application permissions are keyed by app role id; delegated ones by consent + scope, so a
        -- grant rewritten with the same scopes is not a change but a scope added to it is.
        CREATE TABLE permissions (
          tenant_id   TEXT NOT NULL,
          app_id      TEXT NOT NULL,
          kind        TEXT NOT NULL CHECK (kind IN ('application', 'delegated')),
          perm_key    TEXT NOT NULL,
          value       TEXT NOT NULL,
          consent     TEXT,
          grant_id    TEXT NOT NULL,
          first_seen  INTEGER NOT NULL,
          revoked_at  INTEGER,
          PRIMARY KEY (tenant_id, app_id, kind, perm_key),
          FOREIGN KEY (tenant_id, app_id) REFERENCES apps(tenant_id, app_id) ON DELETE CASCADE
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE credentials (
          tenant_id        TEXT NOT NULL,
          app_id           TEXT NOT NULL,
          key_id           TEXT NOT NULL,
          kind             TEXT NOT NULL CHECK (kind IN ('secret', 'certificate')),
          display_name     TEXT,
          start_date_time  INTEGER,
          end_date_time    INTEGER NOT NULL,
          first_seen       INTEGER NOT NULL,
          removed_at       INTEGER,
          PRIMARY KEY (tenant_id, app_id, key_id),
          FOREIGN KEY (tenant_id, app_id) REFERENCES apps(tenant_id, app_id) ON DELETE CASCADE
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE owners (
          tenant_id            TEXT NOT NULL,
          app_id               TEXT NOT NULL,
          owner_id             TEXT NOT NULL,
          display_name         TEXT NOT NULL,
          owner_type           TEXT NOT NULL CHECK (owner_type IN ('user', 'servicePrincipal')),
          user_principal_name  TEXT,
          first_seen           INTEGER NOT NULL,
          removed_at           INTEGER,
          PRIMARY KEY (tenant_id, app_id, owner_id),
          FOREIGN KEY (tenant_id, app_id) REFERENCES apps(tenant_id, app_id) ON DELETE CASCADE
        ) STRICT, WITHOUT ROWID;

        -- Raw sign-in events. Kept for the retention window only; the rollups below are the permanent
        -- history. Keyed by (created, Graph id) with INSERT OR IGNORE, so re-fetching overlapping pages
        -- never double counts: a sign-in's createdDateTime never changes, so the pair names the event
        -- exactly as the id alone does. Leading with the time (not the random GUID) clusters the
        -- B-tree in time order: a 1,000-event page dirties a few dozen leaf pages instead of ~1,000,
        -- which is what makes ingest fast (docs/BENCHMARKS.md), and the same key serves every time-range
        -- read (last 24 h, recompute, pruning) without a second index.
        CREATE TABLE sign_ins (
          tenant_id       TEXT NOT NULL REFERENCES tenants(tenant_id) ON DELETE CASCADE,
          created         INTEGER NOT NULL,
          id              TEXT NOT NULL,
          app_id          TEXT NOT NULL,
          event_type      INTEGER NOT NULL CHECK (event_type BETWEEN 0 AND 3),
          error_code      INTEGER NOT NULL,
          failure_reason  TEXT,
          ip              TEXT,
          country         TEXT,
          upn             TEXT,
          PRIMARY KEY (tenant_id, created, id)
        ) STRICT, WITHOUT ROWID;

        -- Per-app activity known from sign-ins (also apps discovery never listed, e.g. unknown clients).
        -- last_event only grows, so "last seen" survives pruning exactly.
        CREATE TABLE event_apps (
          tenant_id     TEXT NOT NULL REFERENCES tenants(tenant_id) ON DELETE CASCADE,
          app_id        TEXT NOT NULL,
          display_name  TEXT NOT NULL,
          first_event   INTEGER NOT NULL,
          last_event    INTEGER NOT NULL,
          PRIMARY KEY (tenant_id, app_id)
        ) STRICT, WITHOUT ROWID;

        -- Hourly rollups: the history kept for good and what export reads. hour = Unix seconds of the
        -- UTC hour's start. sign_ins counts every event; failures those with a non-zero error code.
        -- Clustered time-first like sign_ins: an ingest batch updates one or two hours of many apps,
        -- which then sit on a few adjacent pages (app-first, each app's row was on its own page and
        -- the commit wrote hundreds of pages). Every read is a time range anyway (trend, series,
        -- export); a one-app series filters the range's rows, which stays cheap at hundreds of apps.
        CREATE TABLE rollups (
          tenant_id  TEXT NOT NULL REFERENCES tenants(tenant_id) ON DELETE CASCADE,
          hour       INTEGER NOT NULL CHECK (hour % 3600 = 0),
          app_id     TEXT NOT NULL,
          sign_ins   INTEGER NOT NULL CHECK (sign_ins >= 0),
          failures   INTEGER NOT NULL CHECK (failures >= 0 AND failures <= sign_ins),
          PRIMARY KEY (tenant_id, hour, app_id)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE checkpoints (
          tenant_id   TEXT NOT NULL REFERENCES tenants(tenant_id) ON DELETE CASCADE,
          source      TEXT NOT NULL,
          high_water  INTEGER,
          updated_at  INTEGER NOT NULL,
          PRIMARY KEY (tenant_id, source)
        ) STRICT;

        -- In-progress slices of a resumable backfill, one row each so concurrent workers never
        -- rewrite each other's progress.
        CREATE TABLE checkpoint_slices (
          tenant_id   TEXT NOT NULL,
          source      TEXT NOT NULL,
          slice_from  INTEGER NOT NULL,
          slice_to    INTEGER NOT NULL CHECK (slice_to > slice_from),
          cursor      TEXT,
          done        INTEGER NOT NULL DEFAULT 0,
          updated_at  INTEGER NOT NULL,
          PRIMARY KEY (tenant_id, source, slice_from, slice_to),
          FOREIGN KEY (tenant_id, source) REFERENCES checkpoints(tenant_id, source) ON DELETE CASCADE
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE alerts (
          id               INTEGER PRIMARY KEY,
          tenant_id        TEXT NOT NULL REFERENCES tenants(tenant_id) ON DELETE CASCADE,
          app_id           TEXT,
          rule             TEXT NOT NULL,
          severity         TEXT NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high')),
          created_at       INTEGER NOT NULL,
          acknowledged_at  INTEGER,
          payload          TEXT NOT NULL CHECK (json_valid(payload)),
          dedupe_key       TEXT NOT NULL,
          UNIQUE (tenant_id, dedupe_key)
        ) STRICT;
        CREATE INDEX alerts_by_time ON alerts (tenant_id, created_at);

        -- Per-tenant key/value state (JSON values).
        CREATE TABLE tenant_state (
          tenant_id   TEXT NOT NULL REFERENCES tenants(tenant_id) ON DELETE CASCADE,
          key         TEXT NOT NULL,
          value       TEXT NOT NULL CHECK (json_valid(value)),
          updated_at  INTEGER NOT NULL,
          PRIMARY KEY (tenant_id, key)
        ) STRICT, WITHOUT ROWID;
      `)
    },
  },
  {
    version: 2,
    name: 'Log Analytics aggregates and usage coverage',
    up(db) {
      db.exec(`
        -- Hourly sign-ins per app as a Log Analytics workspace counted them (server-side KQL
        -- aggregation), kept as received: the evidence behind the rollup hours that came from the
        -- workspace instead of raw Graph events. Same key and clustering as rollups.
        CREATE TABLE la_hourly (
          tenant_id   TEXT NOT NULL REFERENCES tenants(tenant_id) ON DELETE CASCADE,
          hour        INTEGER NOT NULL CHECK (hour % 3600 = 0),
          app_id      TEXT NOT NULL,
          sign_ins    INTEGER NOT NULL CHECK (sign_ins >= 0),
          failures    INTEGER NOT NULL CHECK (failures >= 0 AND failures <= sign_ins),
          PRIMARY KEY (tenant_id, hour, app_id)
        ) STRICT, WITHOUT ROWID;

        -- Which source the rollups of a span of time came from, one span per tenant and source:
        -- 'graph' / 'demo' (raw events, [covered_from, covered_to) fully fetched) and 'logAnalytics'
        -- (aggregates, the hours before the raw events' span). The dashboard's "data source and
        -- coverage" label and the Log Analytics checkpoint read it. covered_from is a whole hour.
        CREATE TABLE usage_coverage (
          tenant_id     TEXT NOT NULL REFERENCES tenants(tenant_id) ON DELETE CASCADE,
          source        TEXT NOT NULL,
          covered_from  INTEGER NOT NULL CHECK (covered_from % 3600 = 0),
          covered_to    INTEGER NOT NULL CHECK (covered_to >= covered_from),
          updated_at    INTEGER NOT NULL,
          PRIMARY KEY (tenant_id, source)
        ) STRICT;

        -- History synced before this version came from raw events only. Its first hour may hold only
        -- the tail of that hour (the backfill started mid-hour), so raw coverage starts an hour later.
        INSERT INTO usage_coverage (tenant_id, source, covered_from, covered_to, updated_at)
          SELECT r.tenant_id,
                 COALESCE((SELECT c.source FROM checkpoints c WHERE c.tenant_id = r.tenant_id
                           ORDER BY c.source LIMIT 1), 'graph'),
                 MIN(r.hour) + 3600,
                 MAX(r.hour) + 3600,
                 CAST(strftime('%s', 'now') AS INTEGER)
          FROM rollups r GROUP BY r.tenant_id;
      `)
    },
  },
  {
    version: 3,
    name: 'daily rollups kept exact by triggers',
    up(db) {
      db.exec(`
        -- The hourly rollups summed per UTC day and app (store/daily.ts): what the 30-day trend and
        -- daily series read. A day's rows are exact unless the day is marked in daily_dirty.
        CREATE TABLE daily_rollups (
          tenant_id  TEXT NOT NULL REFERENCES tenants(tenant_id) ON DELETE CASCADE,
          day        INTEGER NOT NULL CHECK (day % 86400 = 0),
          app_id     TEXT NOT NULL,
          sign_ins   INTEGER NOT NULL CHECK (sign_ins >= 0),
          failures   INTEGER NOT NULL CHECK (failures >= 0 AND failures <= sign_ins),
          PRIMARY KEY (tenant_id, day, app_id)
        ) STRICT, WITHOUT ROWID;
        -- One app's days (its daily series) without reading every app's.
        CREATE INDEX daily_rollups_by_app ON daily_rollups (tenant_id, app_id, day);

        -- Days whose hourly rollups changed since their daily rows were computed. Written by the
        -- triggers below in the writer's transaction, so no path that writes rollups can miss it.
        -- No foreign key: a tenant's cascade delete marks its days while the tenant row goes.
        CREATE TABLE daily_dirty (
          tenant_id  TEXT NOT NULL,
          day        INTEGER NOT NULL,
          PRIMARY KEY (tenant_id, day)
        ) STRICT, WITHOUT ROWID;

        INSERT INTO daily_rollups (tenant_id, day, app_id, sign_ins, failures)
          SELECT tenant_id, hour - hour % 86400, app_id, sum(sign_ins), sum(failures)
          FROM rollups GROUP BY tenant_id, hour - hour % 86400, app_id;

        -- ON CONFLICT DO NOTHING rather than INSERT OR IGNORE: a trigger's OR clause is overridden
        -- by the firing statement's (an upsert's), which would make a repeated mark an error.
        CREATE TRIGGER rollups_mark_insert AFTER INSERT ON rollups BEGIN
          INSERT INTO daily_dirty (tenant_id, day) VALUES (NEW.tenant_id, NEW.hour - NEW.hour % 86400)
            ON CONFLICT DO NOTHING;
        END;
        CREATE TRIGGER rollups_mark_update AFTER UPDATE ON rollups BEGIN
          INSERT INTO daily_dirty (tenant_id, day) VALUES (NEW.tenant_id, NEW.hour - NEW.hour % 86400)
            ON CONFLICT DO NOTHING;
        END;
        CREATE TRIGGER rollups_mark_move AFTER UPDATE OF tenant_id, hour ON rollups BEGIN
          INSERT INTO daily_dirty (tenant_id, day) VALUES (OLD.tenant_id, OLD.hour - OLD.hour % 86400)
            ON CONFLICT DO NOTHING;
        END;
        CREATE TRIGGER rollups_mark_delete AFTER DELETE ON rollups BEGIN
          INSERT INTO daily_dirty (tenant_id, day) VALUES (OLD.tenant_id, OLD.hour - OLD.hour % 86400)
            ON CONFLICT DO NOTHING;
        END;
      `)
    },
  },
  {
    version: 4,
    name: 'smaller raw sign-ins: integer tenant and app keys, GUID ids as 16 bytes',
    up(db) {
      // The one conversion of an id to its stored form (sign-in-id.ts), as ingest uses it.
      db.function('dca_stored_sign_in_id', { deterministic: true }, (id) =>
        storedSignInId(String(id)),
      )
      db.exec(`
        -- A small integer per tenant for the raw sign-ins' key (a 36-character GUID there was most of
        -- each row, and every B-tree comparison compared it first). An INTEGER PRIMARY KEY is a
        -- column of its own, so VACUUM never renumbers it; AUTOINCREMENT never reuses the key of a
        -- deleted tenant, so a key held in memory can never come to mean another tenant. Deleting
        -- the tenant deletes its key, which deletes its raw sign-ins and app keys (cascades).
        CREATE TABLE tenant_keys (
          tenant_key  INTEGER PRIMARY KEY AUTOINCREMENT,
          tenant_id   TEXT NOT NULL UNIQUE REFERENCES tenants(tenant_id) ON DELETE CASCADE
        ) STRICT;

        -- The app ids of a tenant's raw sign-ins, one small integer each (same guarantees). No
        -- foreign key from sign_ins to here: checking one costs a lookup per inserted row, and
        -- deleting a key would scan sign_ins; keys are only ever written from this table, in the
        -- same transaction, and only go with their tenant.
        CREATE TABLE sign_in_apps (
          app_key     INTEGER PRIMARY KEY AUTOINCREMENT,
          tenant_key  INTEGER NOT NULL REFERENCES tenant_keys(tenant_key) ON DELETE CASCADE,
          app_id      TEXT NOT NULL,
          UNIQUE (tenant_key, app_id)
        ) STRICT;

        -- Raw sign-in events, as migration 1 describes them (kept for the retention window, keyed by
        -- (created, Graph id) with INSERT OR IGNORE, clustered in time order), with the tenant and
        -- app as keys into the tables above, and the id as its 16 bytes when it is a canonical GUID
        -- (what Graph sends) or as its text otherwise (Graph data is untrusted; a text id never
        -- equals a GUID's bytes, and the bytes read back as exactly the text they came from).
        CREATE TABLE sign_ins_v4 (
          tenant_key      INTEGER NOT NULL REFERENCES tenant_keys(tenant_key) ON DELETE CASCADE,
          created         INTEGER NOT NULL,
          id              ANY NOT NULL CHECK (typeof(id) = 'text' OR (typeof(id) = 'blob' AND length(id) = 16)),
          app_key         INTEGER NOT NULL,
          event_type      INTEGER NOT NULL CHECK (event_type BETWEEN 0 AND 3),
          error_code      INTEGER NOT NULL,
          failure_reason  TEXT,
          ip              TEXT,
          country         TEXT,
          upn             TEXT,
          PRIMARY KEY (tenant_key, created, id)
        ) STRICT, WITHOUT ROWID;

        INSERT INTO tenant_keys (tenant_id) SELECT tenant_id FROM tenants ORDER BY tenant_id;
        INSERT INTO sign_in_apps (tenant_key, app_id)
          SELECT k.tenant_key, d.app_id FROM (SELECT DISTINCT tenant_id, app_id FROM sign_ins) d
          JOIN tenant_keys k ON k.tenant_id = d.tenant_id ORDER BY 1, 2;
        -- CROSS JOIN fixes the loop order: the old table scanned once in its key order (tenant keys
        -- were numbered in tenant id order, so rows arrive nearly in the new key order too), two
        -- index lookups per row. Left to itself the planner chose one scan of the tenant's rows
        -- per app (a minute for a million rows, against about three seconds).
        INSERT INTO sign_ins_v4 (tenant_key, created, id, app_key, event_type, error_code,
            failure_reason, ip, country, upn)
          SELECT k.tenant_key, s.created, dca_stored_sign_in_id(s.id), a.app_key, s.event_type,
            s.error_code, s.failure_reason, s.ip, s.country, s.upn
          FROM sign_ins s CROSS JOIN tenant_keys k ON k.tenant_id = s.tenant_id
            CROSS JOIN sign_in_apps a ON a.tenant_key = k.tenant_key AND a.app_id = s.app_id;
      `)
      // Every row must have come across (the joins cannot drop one while foreign keys hold, which
      // they always have); if not, the migration's transaction is rolled back and the file kept.
      const count = (table: string) =>
        Number(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()?.n)
      const before = count('sign_ins')
      const after = count('sign_ins_v4')
      if (before !== after)
        throw new AppError(
          'internal',
          `The history file could not be upgraded: ${before - after} of its ${before} raw sign-ins belong to no known tenant, so the file is damaged. It was left unchanged (schema 3); move it aside to start a new history, which the next sync rebuilds from the cloud.`,
        )
      db.exec(`
        DROP TABLE sign_ins;
        ALTER TABLE sign_ins_v4 RENAME TO sign_ins;
      `)
    },
  },
]

export const LATEST_VERSION = migrations.reduce(
  (max, migration) => Math.max(max, migration.version),
  0,
)
