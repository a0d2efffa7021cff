/// The review's `forecast` section: for a month in progress its month-end forecast, for a closed
/// month the next month's, both made at the end of the as-of day with the 80% interval, through
/// the same entry points as `soracost forecast --month M --as-of D`.
enum ReviewForecast {
    static func section(month: Month, asOf: Day, zone: ReportZone, ledger: Ledger, pricer: Pricer,
                        shared: SharedUsageScan? = nil) throws -> ReportSection {
        let target = asOf >= month.lastDay ? month.next : month
        let history = try SpendHistory.load(ledger: ledger, pricer: pricer, through: cut(asOf: asOf, zone: zone),
                                            zone: zone, shared: shared)
        let outcome = history.forecast(month: target).total
        var table = ReportTable(columns: [
            ReportColumn(key: "month", header: "Month", kind: .text),
            ReportColumn(key: "as_of", header: "As of", kind: .date),
            ReportColumn(key: "actual_to_date", header: "Actual to date", kind: .money),
            ReportColumn(key: "expected", header: "Expected", kind: .money),
            ReportColumn(key: "low", header: "Low (80%)", kind: .money),
            ReportColumn(key: "high", header: "High (80%)", kind: .money),
            ReportColumn(key: "method", header: "Method", kind: .text),
        ])
        var notes = [target == month
            ? "The month is in progress: its month-end total, made at the end of \(asOf.iso)."
            : "The month is closed: the forecast is for \(target.iso), made at the end of \(asOf.iso)."]
        switch outcome {
        case .forecast(let forecast):
            table.append([.text(target.iso), .date(asOf), .money(forecast.actualToDate), .money(forecast.expectedTotal),
                          .money(forecast.low), .money(forecast.high), .text(forecast.methodName)])
            notes.append(forecast.methodDescription)
            notes += forecast.notes
        case .insufficientHistory(let available, let required):
            table.append([.text(target.iso), .date(asOf), .null, .null, .null, .null, .text("none")])
            notes.append("No forecast: " + ForecastReport.insufficientText(available: available, required: required))
        }
        notes.append("Jobs of retired models that never completed add nothing to the forecast.")
        return ReportSection(key: "forecast", heading: "Forecast", table: table, notes: notes)
    }

    /// The last instant the forecast reads: the end of the as-of day, as `SpendHistory.load(asOf:)`.
    static func cut(asOf: Day, zone: ReportZone) -> Int64 {
        zone.start(of: asOf.advanced(by: 1)) - 1
    }
}
