/// The review's `anomalies` section: the days, users or projects the anomaly rule flags.
///
/// This tree has no anomaly rule yet (issue 12 adds `AnomalyDetector` in Forecast/): the section
/// is present with its columns, no rows and a note, so its JSON key is stable. Swapping in the
/// detector changes only the body of `section(month:asOf:zone:ledger:pricer:)`, which is already
/// given what a detector reads.
enum ReviewAnomalies {
    static func section(month: Month, asOf: Day, zone: ReportZone, ledger: Ledger, pricer: Pricer) -> ReportSection {
        let table = ReportTable(columns: [
            ReportColumn(key: "kind", header: "Kind", kind: .text),
            ReportColumn(key: "name", header: "Name", kind: .text),
            ReportColumn(key: "day", header: "Day", kind: .date),
            ReportColumn(key: "cost", header: "Cost", kind: .money),
            ReportColumn(key: "expected", header: "Expected", kind: .money),
            ReportColumn(key: "reason", header: "Reason", kind: .text),
        ])
        return ReportSection(key: "anomalies", heading: "Anomalies", table: table,
                             notes: ["anomaly detection: see issue 12"])
    }
}
