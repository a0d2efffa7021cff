/// The measure columns every usage table ends with, in the order CSV and JSON promise:
/// `jobs, completed, failed, pending, seconds, cost, unpriced_jobs, unpriced_seconds, share`.
public enum UsageColumns {
    public static let measures: [ReportColumn] = [
        ReportColumn(key: "jobs", header: "Jobs", kind: .integer),
        ReportColumn(key: "completed", header: "Completed", kind: .integer),
        ReportColumn(key: "failed", header: "Failed", kind: .integer),
        ReportColumn(key: "pending", header: "Pending", kind: .integer),
        ReportColumn(key: "seconds", header: "Billed s", kind: .integer),
        ReportColumn(key: "cost", header: "Cost", kind: .money),
        ReportColumn(key: "unpriced_jobs", header: "Unpriced jobs", kind: .integer),
        ReportColumn(key: "unpriced_seconds", header: "Unpriced s", kind: .integer),
        ReportColumn(key: "share", header: "Share", kind: .percent),
    ]

    /// The cells of `measures`, matching `measures` above; `share` is the row's cost over
    /// `periodCost` (blank when the period cost nothing).
    public static func cells(_ measures: UsageMeasures, periodCost: Money) -> [ReportCell] {
        [
            .integer(measures.jobs), .integer(measures.completed), .integer(measures.failed),
            .integer(measures.pending), .integer(measures.seconds), .money(measures.cost),
            .integer(measures.unpricedJobs), .integer(measures.unpricedSeconds),
            .percent(measures.cost, of: periodCost),
        ]
    }

    /// One column per `--by` key.
    public static func keys(_ dimensions: [ReportDimension]) -> [ReportColumn] {
        dimensions.map { ReportColumn(key: $0.columnKey, header: $0.header, kind: .text) }
    }

    /// The cells of a row's key values; a job without a value (no project, no such tag) has an
    /// empty cell: empty in CSV, `null` in JSON.
    public static func keyCells(_ keys: [String?]) -> [ReportCell] {
        keys.map { $0.map(ReportCell.text) ?? .null }
    }
}
