/// Replays the forecaster over past months and scores it against what actually happened.
///
/// For every month the series covers completely and every as-of day 1 … (last − 1) of it, the
/// forecast is made with data up to the end of that day only, and its expected total and 80%
/// interval are compared with the month's actual total. Pure; about a year of daily data takes
/// milliseconds because window fits are computed once for the whole series.
public enum Backtest {
    /// Scores `forecaster` on `series`.
    ///
    /// - Parameter months: the months to score; nil scores every month the series covers from
    ///   its first to its last day. Requested months that are not fully covered, or whose actual
    ///   total is zero (a percentage error is undefined), are listed in `monthsSkipped`.
    public static func run(series: DailySeries, months: [Month]? = nil,
                           forecaster: Forecaster = Forecaster()) -> BacktestResult {
        guard let end = series.end else {
            return BacktestResult(months: [], monthsSkipped: months ?? [], forecasts: 0,
                                  skippedInsufficientHistory: 0, mape: nil, coverage: nil, rows: [])
        }
        let covered = coveredMonths(from: series.start, through: end)
        let candidates = (months.map { Array(Set($0)).sorted() }) ?? covered
        let engine = ForecastEngine(series: [series], start: series.start, through: end, settings: forecaster)

        var scored: [Month] = []
        var skippedMonths: [Month] = []
        var tallies: [Tally] = []
        for month in candidates {
            let actual = series.total(month.days)
            guard covered.contains(month), actual.micros > 0 else {
                skippedMonths.append(month)
                continue
            }
            scored.append(month)
            for dayOfMonth in 1..<month.dayCount {
                while tallies.count < dayOfMonth { tallies.append(Tally()) }
                let asOf = month.firstDay.advanced(by: dayOfMonth - 1)
                switch engine.forecast(asOf: asOf, month: month, members: [0], stops: [nil], labels: [""]) {
                case .insufficientHistory:
                    tallies[dayOfMonth - 1].skipped += 1
                case .forecast(let forecast):
                    let error = Double(forecast.expectedTotal.micros - actual.micros).magnitude
                    tallies[dayOfMonth - 1].add(
                        absolutePercentageError: error / Double(actual.micros),
                        covered: forecast.low <= actual && actual <= forecast.high)
                }
            }
        }

        let rows = tallies.enumerated().map { offset, tally in
            BacktestResult.Row(dayOfMonth: offset + 1, forecasts: tally.count,
                               skippedInsufficientHistory: tally.skipped,
                               mape: tally.mape, coverage: tally.coverage)
        }
        let overall = tallies.reduce(into: Tally()) { $0.merge($1) }
        return BacktestResult(months: scored, monthsSkipped: skippedMonths, forecasts: overall.count,
                              skippedInsufficientHistory: overall.skipped, mape: overall.mape,
                              coverage: overall.coverage, rows: rows)
    }

    /// Months whose every day lies within `start...end`, in order.
    static func coveredMonths(from start: Day, through end: Day) -> [Month] {
        var month = start.civil.day == 1 ? start.month : start.month.next
        var result: [Month] = []
        while month.lastDay <= end {
            result.append(month)
            month = month.next
        }
        return result
    }

    /// Running sums for one day of month (or all of them).
    struct Tally {
        var count = 0
        var skipped = 0
        var errorSum = 0.0
        var inside = 0

        mutating func add(absolutePercentageError: Double, covered: Bool) {
            count += 1
            errorSum += absolutePercentageError
            inside += covered ? 1 : 0
        }

        mutating func merge(_ other: Tally) {
            count += other.count
            skipped += other.skipped
            errorSum += other.errorSum
            inside += other.inside
        }

        var mape: Double? { count > 0 ? errorSum / Double(count) : nil }
        var coverage: Double? { count > 0 ? Double(inside) / Double(count) : nil }
    }
}

/// The score of a backtest: how far month-end forecasts were off, and how often the 80%
/// interval held the actual total.
///
/// `mape` and `coverage` are fractions (0.08 is 8%), nil when no forecast was made. Coverage
/// near 0.8 means the interval is honest; well below means it is too narrow, near 1 too wide.
public struct BacktestResult: Sendable, Equatable {
    /// Months scored, in order.
    public var months: [Month]
    /// Months requested (or covered) but not scored: not fully in the series, or zero spend.
    public var monthsSkipped: [Month]
    /// Forecasts made and scored.
    public var forecasts: Int
    /// As-of days skipped for too little history.
    public var skippedInsufficientHistory: Int
    /// Mean absolute percentage error of the expected month total, over all forecasts.
    public var mape: Double?
    /// Share of forecasts whose 80% interval contained the actual month total.
    public var coverage: Double?
    /// One row per as-of day of month, 1 … 30 (a forecast on the last day has nothing to project).
    public var rows: [Row]

    /// The score of the forecasts made at the end of one day of the month.
    public struct Row: Sendable, Equatable {
        /// Day of month the forecasts were made at the end of (1 … 30).
        public var dayOfMonth: Int
        public var forecasts: Int
        public var skippedInsufficientHistory: Int
        public var mape: Double?
        public var coverage: Double?
    }
}
