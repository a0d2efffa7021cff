/// What the ledger stores about itself and its imports, for `soracost status`; the counts of
/// jobs by status, provider and price come from the report scan (`Report/LedgerStatus.swift`).
public struct LedgerFigures: Sendable {
    public struct SourceLine: Sendable {
        public var name: String
        public var kind: String
        public var format: String?
        public var lines: Int64
        public var jobs: Int64
        public var lastReadAt: Int64?
    }

    public struct RunLine: Sendable {
        public var id: Int64
        public var command: String
        public var target: String
        public var startedAt: Int64
        public var status: String
        public var counts: ImportCounts
    }

    public var schemaVersion: Int
    public var jobs: Int64
    /// Unix seconds of the first and last job created; nil for an empty ledger.
    public var firstCreated: Int64?
    public var lastCreated: Int64?
    public var sources: [SourceLine]
    /// Newest first.
    public var recentRuns: [RunLine]
    public var rejects: Int64
    public var conflicts: Int64
}

extension Ledger {
    /// The stored figures, with the `recentRuns` newest import and sync runs.
    public func figures(recentRuns: Int = 5) throws -> LedgerFigures {
        let span = try database.rows("SELECT MIN(created_at) AS first, MAX(created_at) AS last, COUNT(*) AS jobs FROM jobs" as SQL) {
            (NamedRow($0).int64OrNil("first"), NamedRow($0).int64OrNil("last"), NamedRow($0).int64("jobs"))
        }[0]
        let sources = try database.rows("""
            SELECT s.name, s.kind, s.format, s.line, s.last_read_at,
                   (SELECT COUNT(*) FROM job_sources j WHERE j.source_id = s.id) + COALESCE(f.jobs, 0) AS jobs
            FROM sources s
            LEFT JOIN (SELECT first_source, COUNT(*) AS jobs FROM jobs GROUP BY first_source) f ON f.first_source = s.id
            ORDER BY s.name
            """ as SQL) { row in
                let named = NamedRow(row)
                return LedgerFigures.SourceLine(
                    name: named.text("name") ?? "", kind: named.text("kind") ?? "", format: named.text("format"),
                    lines: named.int64("line"), jobs: named.int64("jobs"), lastReadAt: named.int64OrNil("last_read_at"))
            }
        let runs = try database.rows("""
            SELECT id, command, target, started_at, status, new, updated, unchanged, rejected, conflicts, pid, pid_start
            FROM imports ORDER BY id DESC LIMIT \(recentRuns)
            """) { row in
                let named = NamedRow(row)
                var counts = ImportCounts()
                counts.new = named.int("new")
                counts.updated = named.int("updated")
                counts.unchanged = named.int("unchanged")
                counts.rejected = named.int("rejected")
                counts.conflicts = named.int("conflicts")
                return LedgerFigures.RunLine(
                    id: named.int64("id"), command: named.text("command") ?? "", target: named.text("target") ?? "",
                    startedAt: named.int64("started_at"), status: Ledger.shownStatus(named.text("status") ?? "", pid: named.int64OrNil("pid"),
                                               start: named.int64OrNil("pid_start")),
                    counts: counts)
            }
        return LedgerFigures(
            schemaVersion: Int(try database.scalarInt("PRAGMA user_version") ?? 0), jobs: span.2,
            firstCreated: span.0, lastCreated: span.1, sources: sources, recentRuns: runs,
            rejects: try database.scalarInt("SELECT COUNT(*) FROM rejects") ?? 0,
            conflicts: try database.scalarInt("SELECT COUNT(*) FROM conflicts") ?? 0)
    }
}
