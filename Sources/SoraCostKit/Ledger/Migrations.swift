/// The ledger schema as ordered steps, applied inside one transaction and keyed on
/// `PRAGMA user_version` (https://www.sqlite.org/pragma.html#pragma_user_version).
///
/// Append new steps; never edit a step that has shipped. A ledger whose version is newer than
/// the last step here was written by a newer soracost and is refused rather than misread.
public enum Migrations {
    public struct Step: Sendable {
        public let version: Int
        public let sql: String
        /// Data conversion run after `sql`, in the same transaction (nil for most steps).
        let convert: (@Sendable (Database) throws -> Void)?

        init(version: Int, sql: String, convert: (@Sendable (Database) throws -> Void)? = nil) {
            self.version = version
            self.sql = sql
            self.convert = convert
        }
    }

    public static let steps: [Step] = [
        Step(version: 1, sql: """
            -- Sources: every file, stream or API account the ledger has read, with the checkpoint
            -- that makes re-imports incremental (byte offset and line number reached, and a hash
            -- of the file's head that tells a rotated or truncated file from an appended one).
            CREATE TABLE sources (
                id           INTEGER PRIMARY KEY,
                kind         TEXT NOT NULL,             -- file | stdin | api
                name         TEXT NOT NULL UNIQUE,      -- absolute path, 'stdin', or api:<provider>:<account>
                format       TEXT,
                device       INTEGER,
                inode        INTEGER,
                size         INTEGER,
                mtime        INTEGER,
                head_hash    TEXT,
                offset       INTEGER NOT NULL DEFAULT 0,
                line         INTEGER NOT NULL DEFAULT 0,
                last_read_at INTEGER
            );

            -- One row per job, keyed by provider and video id. Times are Unix seconds, UTC.
            CREATE TABLE jobs (
                id              INTEGER PRIMARY KEY,
                provider        TEXT NOT NULL,
                video_id        TEXT NOT NULL,
                account         TEXT,
                model           TEXT NOT NULL,
                status          TEXT NOT NULL,
                progress        INTEGER,
                seconds         INTEGER NOT NULL,
                width           INTEGER NOT NULL,
                height          INTEGER NOT NULL,
                created_at      INTEGER NOT NULL,
                completed_at    INTEGER,
                expires_at      INTEGER,
                remixed_from    TEXT,
                error_code      TEXT,
                error_message   TEXT,
                project         TEXT,
                user_name       TEXT,
                tags            TEXT,                   -- JSON object of string values, NULL if none
                is_batch        INTEGER NOT NULL DEFAULT 0,
                kind            TEXT NOT NULL DEFAULT 'create',
                segment_seconds INTEGER,
                prompt          TEXT,                   -- only stored with --keep-prompts
                first_seen      INTEGER NOT NULL,
                last_seen       INTEGER NOT NULL,
                first_source    INTEGER REFERENCES sources(id),
                last_source     INTEGER REFERENCES sources(id),
                UNIQUE (provider, video_id)
            );
            CREATE INDEX jobs_by_created ON jobs (created_at);
            CREATE INDEX jobs_by_status ON jobs (status) WHERE status IN ('queued', 'in_progress');

            -- The latest raw record of each job, kept out of the hot table.
            CREATE TABLE job_raw (
                job_id INTEGER PRIMARY KEY REFERENCES jobs(id),
                raw    TEXT NOT NULL
            );

            -- Every source that has seen a job, besides its first (jobs.first_source).
            CREATE TABLE job_sources (
                job_id    INTEGER NOT NULL,
                source_id INTEGER NOT NULL,
                PRIMARY KEY (job_id, source_id)
            ) WITHOUT ROWID;

            -- The audit trail: one row per import or sync run.
            CREATE TABLE imports (
                id          INTEGER PRIMARY KEY,
                command     TEXT NOT NULL,              -- import | sync
                target      TEXT NOT NULL,              -- what was read
                started_at  INTEGER NOT NULL,
                finished_at INTEGER,
                status      TEXT NOT NULL,              -- running | completed | failed
                new         INTEGER NOT NULL DEFAULT 0,
                updated     INTEGER NOT NULL DEFAULT 0,
                unchanged   INTEGER NOT NULL DEFAULT 0,
                rejected    INTEGER NOT NULL DEFAULT 0,
                conflicts   INTEGER NOT NULL DEFAULT 0,
                message     TEXT
            );

            -- Every rejected input line, kept for audit with where it came from and why.
            CREATE TABLE rejects (
                id        INTEGER PRIMARY KEY,
                import_id INTEGER REFERENCES imports(id),
                source    TEXT NOT NULL,
                line      INTEGER,
                field     TEXT,
                reason    TEXT NOT NULL,
                text      TEXT
            );

            -- True conflicts: the same job seen with different immutable facts (seconds, size, ...).
            -- The stored value is kept; the other sighting is recorded here and reported.
            CREATE TABLE conflicts (
                id        INTEGER PRIMARY KEY,
                job_id    INTEGER NOT NULL REFERENCES jobs(id),
                import_id INTEGER REFERENCES imports(id),
                field     TEXT NOT NULL,
                stored    TEXT,
                seen      TEXT,
                source    TEXT,
                line      INTEGER,
                UNIQUE (job_id, field, seen)
            );
            """),
        Step(version: 2, sql: """
            -- Where `soracost sync` stands with each API source (sources.kind = 'api'). Written in
            -- the same transaction as the jobs of each list page, so an interrupted sync resumes
            -- after the last committed page and never stores a page twice.
            CREATE TABLE sync_state (
                source_id        INTEGER PRIMARY KEY REFERENCES sources(id),
                cursor           TEXT,                  -- `after` id for the next page of the walk in progress
                pages_done       INTEGER NOT NULL DEFAULT 0,  -- list pages committed in that walk
                walk_in_progress INTEGER NOT NULL DEFAULT 0,  -- 1 while a walk is unfinished
                walk_full        INTEGER NOT NULL DEFAULT 0,  -- 1 when that walk must not stop early
                walk_started_at  INTEGER,               -- Unix seconds, UTC
                newest_id        TEXT,                  -- first id of the last walk's first page
                last_sync_at     INTEGER                -- when a walk last completed; NULL = never
            );
            """),
        Step(version: 3, sql: """
            -- Budget alerts: each threshold crossing `budget check` has announced, once per budget,
            -- period, threshold and basis. A new period has new keys, which re-arms every threshold.
            CREATE TABLE budget_alerts (
                budget       TEXT NOT NULL,             -- the budget's name in the budgets file
                period       TEXT NOT NULL,             -- 2026-09-14 | 2026-W38 | 2026-09 | 2026-Q3
                percent      INTEGER NOT NULL,
                basis        TEXT NOT NULL,             -- actual | forecast
                as_of        TEXT NOT NULL,             -- the as-of day of the run that announced it
                announced_at INTEGER NOT NULL,          -- Unix seconds (wall clock) of that run
                spend        TEXT NOT NULL,             -- the compared amount then, decimal
                amount       TEXT NOT NULL,             -- the budget amount then, decimal
                currency     TEXT NOT NULL,
                PRIMARY KEY (budget, period, percent, basis)
            ) WITHOUT ROWID;

            -- Webhook notifications: queued with the announcement, kept until delivered (and after,
            -- for audit). The webhook URL is a credential and is never stored: only its SHA-256,
            -- so each message goes to the webhook it was queued for.
            CREATE TABLE notification_outbox (
                id              INTEGER PRIMARY KEY,
                target_hash     TEXT NOT NULL,          -- hex SHA-256 of the webhook URL
                payload         TEXT NOT NULL,          -- the JSON body, compact
                created_at      INTEGER NOT NULL,
                attempts        INTEGER NOT NULL DEFAULT 0,
                last_attempt_at INTEGER,
                last_error      TEXT,                   -- HTTP status or curl error, URL redacted
                lease_until     INTEGER,                -- a run delivering it holds it until then
                delivered_at    INTEGER
            );
            CREATE INDEX notification_outbox_pending ON notification_outbox (target_hash, id)
                WHERE delivered_at IS NULL;
            """),
        Step(version: 4, sql: """
            -- The process of each import or sync run: a `running` run whose process is gone (killed,
            -- crashed) reads `interrupted`, and a second sync of one source sees the first is alive.
            -- Runs stored before this step have no pid and keep their status as stored.
            ALTER TABLE imports ADD COLUMN pid INTEGER;
            """),
        // Raw records move from one text row per job into zlib-compressed blocks (RawStore),
        // keeping every distinct record of a job.
        Step(version: 5, sql: """
            -- Raw records, zlib-compressed (compress2), about 64 KiB of records per block.
            CREATE TABLE raw_blocks (
                id   INTEGER PRIMARY KEY,
                size INTEGER NOT NULL,                  -- uncompressed bytes
                data BLOB NOT NULL
            );
            -- Every distinct raw record of each job (hash = FNV-1a 64 of its bytes), oldest first
            -- in (block, offset) order.
            CREATE TABLE job_raws (
                job_id INTEGER NOT NULL,
                hash   INTEGER NOT NULL,
                block  INTEGER NOT NULL,
                offset INTEGER NOT NULL,
                length INTEGER NOT NULL,
                PRIMARY KEY (job_id, hash)
            ) WITHOUT ROWID;
            """, convert: RawStore.migrateJobRaw),
        Step(version: 6, sql: """
            -- When each run's process started (Linux: /proc/PID/stat starttime), beside its pid: a
            -- pid reused by another process no longer keeps a dead run `running`. NULL where the
            -- system has no such clock, and for runs stored before this step (pid alone decides).
            ALTER TABLE imports ADD COLUMN pid_start INTEGER;
            """),
        // A leaner jobs table: the key holds canonical video ids as 16 bytes (VideoIDCodec), and
        // each job's first raw record is pointed to from its own row instead of a job_raws row.
        Step(version: 7, sql: """
            -- The job's first raw record in the raw-record store; job_raws keeps only the later
            -- distinct ones. Every record's hash becomes RawStore.hash (word-wise, not FNV-1a).
            ALTER TABLE jobs ADD COLUMN raw_hash INTEGER;
            ALTER TABLE jobs ADD COLUMN raw_block INTEGER;
            ALTER TABLE jobs ADD COLUMN raw_offset INTEGER;
            ALTER TABLE jobs ADD COLUMN raw_length INTEGER;
            UPDATE jobs SET (raw_hash, raw_block, raw_offset, raw_length) = (
                SELECT hash, block, offset, length FROM job_raws r WHERE r.job_id = jobs.id
                ORDER BY block, offset LIMIT 1);
            DELETE FROM job_raws WHERE (job_id, hash) IN (SELECT id, raw_hash FROM jobs WHERE raw_hash IS NOT NULL);
            """, convert: { database in
                try VideoIDCodec.migrate(database)
                try RawStore.rehashAll(database)
            }),
        // A rollup of the jobs per hour and price group, which reports read for long histories.
        Step(version: 8, sql: """
            -- The jobs counted per UTC hour of created_at (rounded down) and price group, kept in step
            -- with jobs by every write (UsageHours). segmented: the jobs with a segment_seconds;
            -- segmented_seconds: their seconds; segment_seconds: their segment seconds.
            CREATE TABLE usage_hours (
                hour              INTEGER NOT NULL,
                provider          TEXT NOT NULL,
                model             TEXT NOT NULL,
                width             INTEGER NOT NULL,
                height            INTEGER NOT NULL,
                status            TEXT NOT NULL,
                is_batch          INTEGER NOT NULL,
                kind              TEXT NOT NULL,
                jobs              INTEGER NOT NULL,
                seconds           INTEGER NOT NULL,
                segmented         INTEGER NOT NULL,
                segmented_seconds INTEGER NOT NULL,
                segment_seconds   INTEGER NOT NULL,
                PRIMARY KEY (hour, provider, model, width, height, status, is_batch, kind)
            ) WITHOUT ROWID;
            INSERT INTO usage_hours \(UsageHours.fromJobsSQL);
            """),
    ]

    public static var latestVersion: Int { steps.last?.version ?? 0 }

    /// The schema version stored in `database` (`PRAGMA user_version`).
    static func version(of database: Database) throws -> Int {
        Int(try database.scalarInt("PRAGMA user_version") ?? 0)
    }

    /// True when `database` needs a migration; refuses a newer schema and a foreign file (version
    /// 0 with tables of its own: another program's SQLite database is never migrated).
    ///
    /// Reads only, without a transaction: a reader never takes the write lock to learn this.
    static func isBehind(_ database: Database) throws -> Bool {
        let current = try version(of: database)
        if current > latestVersion {
            throw LedgerError.schemaTooNew(path: database.path, found: current, supported: latestVersion)
        }
        if current == 0, let tables = try database.scalarInt("SELECT count(*) FROM sqlite_master"), tables > 0 {
            throw LedgerError.notALedger(path: database.path,
                                         reason: "an SQLite database of another program, with tables of its own")
        }
        return current < latestVersion
    }

    /// Migrates `database` when it is behind; a current ledger is not locked at all.
    static func migrateIfBehind(_ database: Database) throws {
        if try isBehind(database) { try migrate(database) }
    }

    /// Brings `database` up to the latest version, or refuses a newer one.
    static func migrate(_ database: Database) throws {
        try database.transaction {
            let current = try version(of: database)
            if current > latestVersion {
                throw LedgerError.schemaTooNew(path: database.path, found: current, supported: latestVersion)
            }
            for step in steps where step.version > current {
                try database.execute(step.sql)
                try step.convert?(database)
                try database.execute("PRAGMA user_version = \(step.version)")
            }
        }
    }
}
