extension UsageReport {
    /// The report in `format`: CSV is the main table alone; JSON is the document with the main
    /// table's `rows` and `total` at the top; table and Markdown print the whole document.
    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .csv: CSVRenderer().render(table: main.table)
        case .json: jsonValue.prettyText
        case .table, .md, .html: format.render(document)
        }
    }

    /// Schema `soracost.report/1` (docs/README-formats.md) with the members of a usage report
    /// after `currency`: `report` (daily, weekly, monthly), `review` (true for the monthly review),
    /// `time_zone`, `group_by` (the `--by` keys as given), `columns` (the row members in order),
    /// `rows` and `total`.
    ///
    /// Each row holds the bucket (`date`, `week` or `month`), the `--by` keys (null where a job has
    /// none) and the measures: counts as numbers, `cost` as a decimal string, `share` as a
    /// one-decimal percentage string. `total` holds the measures alone: it has no bucket and no
    /// keys.
    public var jsonValue: JSONValue {
        guard case .object(var members) = JSONReportRenderer.value(of: document) else {
            preconditionFailure("a report document is a JSON object")
        }
        let table = main.table
        let measureCount = UsageColumns.measures.count
        let measureColumns = Array(table.columns.suffix(measureCount))
        let extra: [(String, JSONValue)] = [
            ("report", .string(request.cadence.rawValue)),
            ("review", .bool(request.isMonthlyReview)),
            ("time_zone", .string(request.zone.identifier)),
            ("group_by", .array(request.dimensions.map { .string($0.description) })),
            ("columns", .array(table.columns.map { .string($0.key) })),
            ("rows", .array(JSONReportRenderer.rowObjects(of: table))),
            ("total", table.total.map { JSONReportRenderer.row(measureColumns, Array($0.suffix(measureCount))) } ?? .null),
        ]
        let at = (members.firstIndex { $0.0 == "currency" } ?? members.count - 1) + 1
        members.insert(contentsOf: extra, at: at)
        return .object(members)
    }
}
