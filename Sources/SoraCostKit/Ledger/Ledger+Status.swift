/// What the ledger holds, for `soracost status`.
public struct LedgerStatus: Sendable {
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

    public var path: String
    public var schemaVersion: Int
    public var jobs: Int64
    public var byStatus: [(status: String, jobs: Int64)]
    public var byProvider: [(provider: String, account: String?, jobs: Int64)]
    public var firstCreated: Int64?
    public var lastCreated: Int64?
    public var sources: [SourceLine]
    public var recentRuns: [RunLine]
    public var rejects: Int64
    public var conflicts: Int64
    /// Queued and in-progress jobs: counted, never billed yet.
    public var pendingJobs: Int64
    /// Unpriced jobs and seconds by reason under the card `status(pricer:)` was given (empty when
    /// everything is priced); nil when no pricer was given.
    public var unpriced: [UnpricedReason: UnpricedUsage]?
}

extension Ledger {
    /// With a `pricer`, also prices the ledger (one scan of the jobs) to count what it leaves
    /// unpriced.
    public func status(recentRuns: Int = 5, pricer: Pricer? = nil) throws -> LedgerStatus {
        let db = database
        // One scan of every job gives the counts by status, by provider and account, and (priced)
        // the unpriced usage; three SQL GROUP BYs took seconds on a million jobs.
        let scan = try UsageQuery(from: 0, to: Int64(Int32.max) * 4, dimensions: [.status, .provider, .account])
            .run(ledger: self, pricer: pricer ?? Pricer(card: EffectiveCard(user: nil))).rows
        var statusCounts: [String: Int64] = [:]
        var providerCounts: [[String?]: Int64] = [:]
        var unpriced: [UnpricedReason: UnpricedUsage] = [:]
        for row in scan {
            statusCounts[row.keys[0] ?? "", default: 0] += Int64(row.measures.jobs)
            providerCounts[[row.keys[1], row.keys[2]], default: 0] += Int64(row.measures.jobs)
            unpriced.merge(row.measures.unpriced)
        }
        let byStatus = statusCounts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let byProvider = providerCounts
            .map { (provider: $0.key[0] ?? "", account: $0.key[1], jobs: $0.value) }
            .sorted { ($0.provider, $0.account ?? "") < ($1.provider, $1.account ?? "") }
        let span = try db.prepare("SELECT MIN(created_at), MAX(created_at), COUNT(*) FROM jobs")
            .rows { ($0.int64OrNil(0), $0.int64OrNil(1), $0.int64(2)) }[0]
        let sources = try db.prepare("""
            SELECT s.name, s.kind, s.format, s.line, s.last_read_at,
                   (SELECT COUNT(*) FROM job_sources j WHERE j.source_id = s.id) + COALESCE(f.jobs, 0)
            FROM sources s
            LEFT JOIN (SELECT first_source, COUNT(*) AS jobs FROM jobs GROUP BY first_source) f ON f.first_source = s.id
            ORDER BY s.name
            """).rows {
                LedgerStatus.SourceLine(name: $0.text(0) ?? "", kind: $0.text(1) ?? "", format: $0.text(2),
                                        lines: $0.int64(3), jobs: $0.int64(5), lastReadAt: $0.int64OrNil(4))
            }
        let runs = try db.prepare("""
            SELECT id, command, target, started_at, status, new, updated, unchanged, rejected, conflicts
            FROM imports ORDER BY id DESC LIMIT ?
            """).rows([.int(Int64(recentRuns))]) { row in
                var counts = ImportCounts()
                counts.new = row.int(5)
                counts.updated = row.int(6)
                counts.unchanged = row.int(7)
                counts.rejected = row.int(8)
                counts.conflicts = row.int(9)
                return LedgerStatus.RunLine(id: row.int64(0), command: row.text(1) ?? "", target: row.text(2) ?? "",
                                            startedAt: row.int64(3), status: row.text(4) ?? "", counts: counts)
            }
        return LedgerStatus(
            path: path, schemaVersion: Int(try db.scalarInt("PRAGMA user_version") ?? 0), jobs: span.2,
            byStatus: byStatus, byProvider: byProvider, firstCreated: span.0, lastCreated: span.1,
            sources: sources, recentRuns: runs,
            rejects: try db.scalarInt("SELECT COUNT(*) FROM rejects") ?? 0,
            conflicts: try db.scalarInt("SELECT COUNT(*) FROM conflicts") ?? 0,
            pendingJobs: byStatus.filter { JobStatus(rawValue: $0.0)?.isTerminal == false }.reduce(0) { $0 + $1.1 },
            unpriced: pricer == nil ? nil : unpriced)
    }
}
