/// Reading jobs for the exports: by usage instant, as reports place them in a period.
extension Ledger {
    /// Calls `body` with every job whose usage instant (`UsageDate.instant(of:)`, the instant
    /// reports and pricing date a job by) falls in `from..<to` (Unix seconds) and that `filter`
    /// lets through, in usage order (then storage order), streaming rows so memory stays flat
    /// however large the ledger: with the default `created_at` the `jobs_by_created` index gives
    /// that order without a sort, and the page cache is held to 2 MiB, since each page is read once.
    public func forEachJob(usageFrom from: Int64, to: Int64, usageDate: PricingOptions.UsageDate,
                           matching filter: JobFilter? = nil, _ body: (Job) throws -> Void) throws {
        let instant = BillingSQL.instant(usageDate)
        var sql: SQL = """
            SELECT \(raw: Ledger.jobColumns) FROM jobs WHERE \(raw: instant) >= \(from) AND \(raw: instant) < \(to)
            """
        if let condition = filter?.condition { sql += " AND (\(condition))" }
        sql += " ORDER BY \(raw: instant), id"
        let statement = try database.prepare(sql)
        let row = JobRow(statement, layout: Ledger.jobLayout)
        try database.withCacheSize(kibibytes: 2048) {
            while try statement.step() {
                try body(Ledger.job(from: row))
            }
        }
        statement.reset()
    }
}
