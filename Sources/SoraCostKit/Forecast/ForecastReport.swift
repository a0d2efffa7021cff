/// The report documents of `soracost forecast` and `soracost forecast --backtest`, printed by the
/// shared renderers in every format.
public enum ForecastReport {
    /// The month-end forecast of `history` for `month`: the summary is the total, the table has a
    /// row per `--by` value (or the single total row) with actual, projected, expected and the
    /// 80% interval. With too little history the money the forecast would invent is left blank
    /// and the row says `insufficient history: N of 7 days`; actual spend is still shown.
    public static func document(history: SpendHistory, month: Month, forecast keyed: KeyedForecast) -> ReportDocument {
        let zone = history.zone.identifier
        let actualTotal = history.actual(in: month.days)
        var summary: [ReportFact] = []
        switch keyed.total {
        case .forecast(let total):
            summary = [
                ReportFact(key: "actual_to_date", label: "Actual to date", value: .money(total.actualToDate)),
                ReportFact(key: "projected_remainder", label: "Projected remainder", value: .money(total.projectedRemainder)),
                ReportFact(key: "expected_total", label: "Expected month total", value: .money(total.expectedTotal)),
                ReportFact(key: "low_80", label: "80% interval, low", value: .money(total.low)),
                ReportFact(key: "high_80", label: "80% interval, high", value: .money(total.high)),
                ReportFact(key: "method", label: "Method", value: .text(total.methodName)),
            ]
        case .insufficientHistory(let available, let required):
            summary = [
                ReportFact(key: "actual_to_date", label: "Actual to date", value: .money(actualTotal)),
                ReportFact(key: "forecast", label: "Forecast",
                           value: .text(insufficientText(available: available, required: required))),
            ]
        }

        var columns: [ReportColumn] = []
        if let dimension = history.dimension {
            columns.append(ReportColumn(key: dimension.columnKey, header: dimension.description.prefix(1).uppercased() + dimension.description.dropFirst(), kind: .text))
        }
        columns += [
            ReportColumn(key: "actual_to_date", header: "Actual to date", kind: .money),
            ReportColumn(key: "projected", header: "Projected", kind: .money),
            ReportColumn(key: "expected", header: "Expected", kind: .money),
            ReportColumn(key: "low_80", header: "Low (80%)", kind: .money),
            ReportColumn(key: "high_80", header: "High (80%)", kind: .money),
            ReportColumn(key: "days_projected", header: "Days projected", kind: .integer),
            ReportColumn(key: "note", header: "Note", kind: .text),
        ]
        /// The total's notes are the document's notes; a row's own notes go in its cell.
        func cells(_ outcome: ForecastOutcome, actual: Money, isTotal: Bool) -> [ReportCell] {
            switch outcome {
            case .forecast(let f):
                let note: ReportCell = isTotal || f.notes.isEmpty ? .null : .text(f.notes.joined(separator: "; "))
                return [.money(f.actualToDate), .money(f.projectedRemainder), .money(f.expectedTotal), .money(f.low),
                        .money(f.high), .integer(f.daysProjected), note]
            case .insufficientHistory(let available, let required):
                return [.money(actual), .null, .null, .null, .null, .null,
                        .text(insufficientText(available: available, required: required))]
            }
        }
        var table = ReportTable(columns: columns)
        if history.dimension != nil {
            for row in keyed.rows {
                let actual = history.components.filter { $0.key == row.key }.map { $0.series.total(month.days) }.sum()
                table.append([.text(row.key)] + cells(row.outcome, actual: actual, isTotal: false))
            }
            table.setTotal([.text("Total")] + cells(keyed.total, actual: actualTotal, isTotal: true))
        } else {
            table.append(cells(keyed.total, actual: actualTotal, isTotal: true))
        }

        var notes: [String] = []
        if let total = keyed.total.forecast {
            notes.append(total.methodDescription)
            notes += total.notes
        }
        if history.unpricedJobs > 0 {
            notes.append("\(history.unpricedJobs) job\(history.unpricedJobs == 1 ? "" : "s") (\(history.unpricedSeconds) s) "
                + "in the history have no price and count as zero; see `soracost rates check`")
        }
        if history.start == nil {
            notes.append("the ledger holds no jobs yet")
        }
        let elapsed = min(max(month.firstDay.distance(to: history.forecastDay) + 1, 0), month.dayCount)
        return ReportDocument(
            title: "Sora spend forecast, \(month.iso)",
            subtitle: "As of \(history.asOf.iso) (\(zone)): \(elapsed) of \(month.dayCount) days with actual spend"
                + (history.forecastDayIsPartial ? ", \(history.forecastDay.iso) in progress" : ""),
            period: month.days, currency: history.currency, summary: summary,
            sections: [ReportSection(key: "forecast", heading: history.dimension.map { "Month-end forecast by \($0)" }
                                        ?? "Month-end forecast", table: table)],
            notes: notes,
            metadata: [
                ReportFact(key: "tool", label: "Tool", value: .text("soracost \(SoraCostVersion.current)")),
                ReportFact(key: "as_of", label: "As of (end of day)", value: .date(history.asOf)),
                ReportFact(key: "time_zone", label: "Time zone", value: .text(zone)),
            ])
    }

    /// The backtest of the forecaster on `history` (the ledger's components, the same forecast
    /// `soracost forecast` prints): MAPE, the naive run rate's MAPE, the improvement and the 80%
    /// coverage, per horizon band and overall.
    public static func backtestDocument(history: SpendHistory, result: BacktestResult) -> ReportDocument {
        var table = ReportTable(columns: [
            ReportColumn(key: "days_of_month", header: "As of days", kind: .text),
            ReportColumn(key: "forecasts", header: "Forecasts", kind: .integer),
            ReportColumn(key: "skipped", header: "Skipped (history)", kind: .integer),
            ReportColumn(key: "mape", header: "MAPE", kind: .percent),
            ReportColumn(key: "naive_mape", header: "Naive MAPE", kind: .percent),
            ReportColumn(key: "improvement", header: "Improvement", kind: .percent),
            ReportColumn(key: "coverage_80", header: "80% coverage", kind: .percent),
        ])
        func cells(_ label: String, _ score: Backtest.Score) -> [ReportCell] {
            [.text(label), .integer(score.forecasts), .integer(score.skipped), percentCell(score.mape),
             percentCell(score.naiveMAPE), percentCell(score.improvement), percentCell(score.coverage)]
        }
        for band in result.bands {
            table.append(cells("\(band.days.lowerBound)–\(band.days.upperBound)", band.score))
        }
        table.setTotal(cells("\(result.days.lowerBound)–\(result.days.upperBound)", result.overall))
        var notes = [
            "Each forecast is the one `soracost forecast` prints at the end of that day (same components, "
                + "levels, trend and interval). MAPE: mean absolute percentage error of the expected month total; "
                + "naive: spend to date ÷ days elapsed × days in the month; improvement: 1 − MAPE ÷ naive MAPE; "
                + "coverage: share of forecasts whose 80% interval held the actual total (near 80% is honest).",
            "The budget alert rule: a `forecast` threshold is reached when the 80% interval's low end reaches "
                + "the amount. Actual below the low end is how often such an alert, for an amount between the "
                + "actual total and the low end, would have been wrong (nominally 10%); actual below the naive "
                + "projection is the same for an alert on the naive run rate.",
        ]
        if let first = result.months.first, let last = result.months.last {
            notes.append("months scored: \(first.iso == last.iso ? first.iso : "\(first.iso) to \(last.iso)") "
                + "(every month the history covers completely)")
        }
        if !result.monthsSkipped.isEmpty {
            notes.append("months not scored (incomplete in the history, or no spend): "
                + result.monthsSkipped.map(\.iso).joined(separator: ", "))
        }
        let span = history.start.map { "\($0.iso) to \(history.asOf.iso)" } ?? "empty"
        let zone = history.zone.identifier
        return ReportDocument(
            title: "Forecast backtest",
            subtitle: "History \(span) (\(zone)): \(result.months.count) month\(result.months.count == 1 ? "" : "s") scored",
            period: history.start.flatMap { $0 <= history.asOf ? $0...history.asOf : nil },
            currency: history.currency,
            summary: [
                ReportFact(key: "months_scored", label: "Months scored", value: .integer(result.months.count)),
                ReportFact(key: "forecasts", label: "Forecasts scored", value: .integer(result.overall.forecasts)),
                ReportFact(key: "skipped_insufficient_history", label: "Skipped (insufficient history)",
                           value: .integer(result.overall.skipped)),
                ReportFact(key: "mape", label: "MAPE", value: percentCell(result.overall.mape)),
                ReportFact(key: "naive_mape", label: "Naive run-rate MAPE", value: percentCell(result.overall.naiveMAPE)),
                ReportFact(key: "improvement", label: "Improvement over naive", value: percentCell(result.overall.improvement)),
                ReportFact(key: "coverage_80", label: "80% interval coverage", value: percentCell(result.overall.coverage)),
                ReportFact(key: "actual_below_low_80", label: "Actual below the 80% low end",
                           value: percentCell(result.overall.belowLowEnd)),
                ReportFact(key: "actual_below_naive", label: "Actual below the naive projection",
                           value: percentCell(result.overall.belowNaive)),
            ],
            sections: [ReportSection(key: "by_horizon", heading: "By day of month the forecast was made", table: table)],
            notes: notes,
            metadata: [
                ReportFact(key: "tool", label: "Tool", value: .text("soracost \(SoraCostVersion.current)")),
                ReportFact(key: "time_zone", label: "Time zone", value: .text(zone)),
            ])
    }

    /// `insufficient history: 3 of 7 days`.
    public static func insufficientText(available: Int, required: Int) -> String {
        "insufficient history: \(max(available, 0)) of \(required) days"
    }

    /// A statistical fraction (0.083 is 8.3%) as a percentage cell, through whole basis points so
    /// that no binary float reaches a cell; blank when there is none.
    static func percentCell(_ fraction: Double?) -> ReportCell {
        guard let fraction, fraction.isFinite else { return .null }
        return .percent(.basisPoints(Int64((fraction * 10_000).rounded())))
    }
}
