/// The review's `anomalies` section: the days of the month whose spend, in total or of one user
/// or project, is far above its own baseline, by the one anomaly rule `budget check` uses
/// (`AnomalyRule`, docs/README-forecast.md).
enum ReviewAnomalies {
    static func section(month: Month, asOf: Day, zone: ReportZone, ledger: Ledger, pricer: Pricer,
                        shared: SharedUsageScan? = nil) throws -> ReportSection {
        var table = ReportTable(columns: [
            ReportColumn(key: "kind", header: "Kind", kind: .text),
            ReportColumn(key: "name", header: "Name", kind: .text),
            ReportColumn(key: "day", header: "Day", kind: .date),
            ReportColumn(key: "cost", header: "Cost", kind: .money),
            ReportColumn(key: "expected", header: "Expected", kind: .money),
            ReportColumn(key: "reason", header: "Reason", kind: .text),
        ])
        let cut = ReviewBudgets.cut(month: month, asOf: asOf, zone: zone)
        let found = try AnomalyDetector.scan(ledger: ledger, pricer: pricer, through: cut, zone: zone, days: month.days,
                                             shared: shared)
        for flagged in found.sorted(by: { ($0.anomaly.day, $0.series) < ($1.anomaly.day, $1.series) }) {
            let parts = flagged.series.split(separator: "=", maxSplits: 1).map(String.init)
            let ratio = ReportRatio(numerator: flagged.anomaly.spend.micros,
                                    denominator: max(flagged.anomaly.baseline.micros, 1) * 100).oneDecimalText
            let reason = "at \(ratio.map { "\($0)× " } ?? "")the median of its 28 days before, robust z \(Int(flagged.anomaly.z.rounded()))"
                + (flagged.runStart < flagged.anomaly.day ? "; flagged since \(flagged.runStart.iso)" : "")
            table.append([.text(parts[0]), parts.count > 1 ? .text(parts[1]) : .null, .date(flagged.anomaly.day),
                          .money(flagged.anomaly.spend), .money(flagged.anomaly.baseline), .text(reason)])
        }
        let note = found.isEmpty
            ? "No day of the month is far above its own baseline (total, per user, per project)."
            : "Flagged: cost at least twice the median of the 28 days before it, $10 above it, and 5 robust deviations out."
        return ReportSection(key: "anomalies", heading: "Anomalies", table: table, notes: [note])
    }
}
