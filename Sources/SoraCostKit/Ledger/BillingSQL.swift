/// The billing rules of `Price/BillingRules.swift` that must also run inside a ledger query (to
/// range-scan an index, or to filter before rows leave SQLite), generated from the same data the
/// Swift functions read. `BillingSQLTests` runs both over every combination.
enum BillingSQL {
    /// The usage instant of a job (`UsageDate.instant(of:)`): the first recorded of its instants.
    /// Plain `created_at` (the default) lets SQLite range-scan the `jobs_by_created` index.
    static func instant(_ usageDate: PricingOptions.UsageDate) -> String {
        let columns = usageDate.instants.map { column(of: $0).name }
        return columns.count == 1 ? columns[0] : "COALESCE(\(columns.joined(separator: ", ")))"
    }

    static func column(of instant: JobInstant) -> JobColumn {
        switch instant {
        case .createdAt: .createdAt
        case .completedAt: .completedAt
        }
    }

    /// True where `column` holds `base` or a dated snapshot of it (`ModelName.billsAs`), ignoring
    /// ASCII case. The date must be a real one: `date(d, '+0 days')` normalizes `2025-02-29` to
    /// `2025-03-01` (a bare `date(d)` echoes it), so only a real date comes back unchanged.
    static func billsAs(column: String, base: String) -> SQL {
        let suffix = ModelName.snapshotDateLength + 1
        let separator = String(decoding: [ModelName.snapshotSeparator], as: UTF8.self)
        let glob = (0..<ModelName.snapshotDateLength)
            .map { ModelName.snapshotDateDashes.contains($0) ? "-" : "[0-9]" }.joined()
        let date = "substr(\(column), -\(ModelName.snapshotDateLength))"
        return """
            (lower(\(raw: column)) = lower(\(base)) OR (length(\(base)) > 0 AND length(\(raw: column)) = length(\(base)) + \(raw: String(suffix)) \
            AND lower(substr(\(raw: column), 1, length(\(base)) + 1)) = lower(\(base)) || \(separator) \
            AND \(raw: date) GLOB '\(raw: glob)' AND date(\(raw: date), '+0 days') = \(raw: date)))
            """
    }

    /// `('queued', 'in_progress')`: the statuses that are not terminal yet (`JobStatus.isTerminal`).
    static var unfinishedStatuses: SQL {
        let statuses = JobStatus.allCases.filter { !$0.isTerminal }.map { "\($0.rawValue)" as SQL }
        return "(" + SQL.joined(statuses, separator: ", ") + ")"
    }
}
