/// The current row of a read of the `usage_hours` rollup: the jobs of one hour and price group.
struct UsageHourCursor: UsageGroupRow {
    /// The select list after the price group's columns, in order.
    private enum Position: Int32 {
        case jobs = 8, seconds, segmented, segmentedSeconds, segmentSeconds
    }

    let statement: Statement

    /// The hour's first instant, Unix seconds.
    var instant: Int64 { statement.int64(0) * 3600 }
    /// The jobs of the row and their seconds.
    var jobs: Int { statement.int(Position.jobs.rawValue) }
    var seconds: Int { statement.int(Position.seconds.rawValue) }
    /// Of those, the jobs with a recorded segment, their seconds and their segment seconds.
    var segmented: Int { statement.int(Position.segmented.rawValue) }
    var segmentedSeconds: Int { statement.int(Position.segmentedSeconds.rawValue) }
    var segmentSeconds: Int { statement.int(Position.segmentSeconds.rawValue) }

    func key(_ index: Int) -> UnsafeRawBufferPointer? { nil }
}

extension Ledger {
    /// Calls `body` with every row of the `usage_hours` rollup for the hours that begin in
    /// `from..<to` (Unix seconds, whole hours), in no particular order.
    func forEachUsageHour(from: Int64, to: Int64, _ body: (UsageHourCursor) throws -> Void) throws {
        let statement = try database.prepare("""
            SELECT hour, provider, model, width, height, status, is_batch, kind, jobs, seconds, segmented,
                segmented_seconds, segment_seconds
            FROM usage_hours WHERE hour >= \(UsageHours.hour(of: from)) AND hour < \(UsageHours.hour(of: to))
            """ as SQL)
        let cursor = UsageHourCursor(statement: statement)
        while try statement.step() { try body(cursor) }
        statement.reset()
    }

    /// Runs `body`'s reads on one snapshot of the ledger: a savepoint, which is a read transaction
    /// of its own outside a transaction and nests inside one
    /// (https://www.sqlite.org/lang_savepoint.html).
    func onOneSnapshot<T>(_ body: () throws -> T) throws -> T {
        try database.execute("SAVEPOINT snapshot")
        do {
            let result = try body()
            try database.execute("RELEASE snapshot")
            return result
        } catch {
            try? database.execute("ROLLBACK TO snapshot")
            try? database.execute("RELEASE snapshot")
            throw error
        }
    }

    /// The rows of the `usage_hours` rollup that differ from the jobs counted afresh (each side's
    /// differing rows, as text): empty when the rollup is exact, as every write keeps it (the
    /// tests check it after writes, rollbacks and kills).
    func usageHoursDrift() throws -> [String] {
        let columns = "hour, provider, model, width, height, status, is_batch, kind, jobs, seconds, segmented, "
            + "segmented_seconds, segment_seconds"
        let fresh = "SELECT \(columns) FROM (\(UsageHours.fromJobsSQL))"
        let stored = "SELECT \(columns) FROM usage_hours"
        return try database.rows("""
            SELECT 'stored' AS side, * FROM (\(raw: stored) EXCEPT \(raw: fresh))
            UNION ALL SELECT 'jobs', * FROM (\(raw: fresh) EXCEPT \(raw: stored))
            """) { statement in
            (0..<14).map { statement.text(Int32($0)) ?? "NULL" }.joined(separator: "|")
        }
    }
}
