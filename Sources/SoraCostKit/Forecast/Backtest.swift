/// Replays the forecaster over past months and scores it, next to the naive run rate, against
/// what actually happened.
///
/// For every month the history covers completely and every as-of day in `days` (by default 3 …
/// 28), the forecast is made as `soracost forecast` makes it during that day once its newest job
/// is on it (same engine, components, stop days; fit on the complete days before, the day
/// counting `max(spend, projection)`; `SpendHistory.forecast(month:)`'s total), and its expected
/// total and 80% interval are compared with the month's actual total. The naive baseline is
/// spend to date ÷ days elapsed × days in the month. Pure and fast: the fits are made once.
public enum Backtest {
    /// Horizon bands the score is broken down by (days of the month the forecast was made at).
    public static let bands: [ClosedRange<Int>] = [3...7, 8...14, 15...21, 22...28]

    /// Scores the forecaster on a ledger history (its components, through its as-of day).
    public static func run(history: SpendHistory, months: [Month]? = nil, days: ClosedRange<Int> = 3...28,
                           forecaster: Forecaster = Forecaster()) -> BacktestResult {
        let series = history.components.isEmpty ? [history.total] : history.components.map(\.series)
        let stops = history.components.isEmpty ? [nil] : history.components.map(\.stopDay)
        return run(components: series, stops: stops, start: history.start, end: history.asOf,
                   months: months, days: days, forecaster: forecaster)
    }

    /// Scores the forecaster on one series (its first through its last day).
    public static func run(series: DailySeries, months: [Month]? = nil, days: ClosedRange<Int> = 3...28,
                           forecaster: Forecaster = Forecaster()) -> BacktestResult {
        run(components: [series], stops: [nil], start: series.isEmpty ? nil : series.start,
            end: series.end ?? series.start, months: months, days: days, forecaster: forecaster)
    }

    static func run(components: [DailySeries], stops: [Day?], start: Day?, end: Day, months: [Month]?,
                    days: ClosedRange<Int>, forecaster: Forecaster) -> BacktestResult {
        guard let start, start <= end else {
            return BacktestResult(months: [], monthsSkipped: months ?? [], days: days, overall: Score(), bands: [])
        }
        let covered = coveredMonths(from: start, through: end)
        let candidates = (months.map { Array(Set($0)).sorted() }) ?? covered
        let engine = ForecastEngine(series: components, start: start, through: end, settings: forecaster)
        let members = Array(components.indices)
        let labels = [String](repeating: "", count: components.count)
        var scored: [Month] = []
        var skipped: [Month] = []
        var overall = Score()
        var bandScores = bands.map { _ in Score() }
        for month in candidates {
            let actual = components.map { $0.total(month.days) }.sum()
            guard covered.contains(month), actual.micros > 0 else {
                skipped.append(month)
                continue
            }
            scored.append(month)
            for dayOfMonth in days where dayOfMonth <= month.dayCount {
                let asOf = month.firstDay.advanced(by: dayOfMonth - 1)
                var score = Score()
                switch engine.forecast(asOf: asOf, month: month, members: members, stops: stops, labels: labels, partial: true) {
                case .insufficientHistory:
                    score.skipped = 1
                case .forecast(let forecast):
                    let truth = Double(actual.micros)
                    let naive = Double(forecast.actualToDate.micros) / Double(dayOfMonth) * Double(month.dayCount)
                    score.add(error: Double(forecast.expectedTotal.micros - actual.micros).magnitude / truth,
                              naiveError: (naive - truth).magnitude / truth,
                              covered: forecast.low <= actual && actual <= forecast.high,
                              belowLow: actual < forecast.low, belowNaive: truth < naive)
                }
                overall.merge(score)
                for (index, band) in bands.enumerated() where band.contains(dayOfMonth) {
                    bandScores[index].merge(score)
                }
            }
        }
        return BacktestResult(months: scored, monthsSkipped: skipped, days: days, overall: overall,
                              bands: zip(bands, bandScores).filter { $0.0.overlaps(days) }.map {
                                  BacktestResult.Band(days: $0.0.clamped(to: days), score: $0.1)
                              })
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

    /// Running sums of a set of scored forecasts.
    public struct Score: Sendable, Equatable {
        public var forecasts = 0
        /// As-of days skipped for too little history.
        public var skipped = 0
        var errorSum = 0.0
        var naiveErrorSum = 0.0
        var inside = 0
        var underLow = 0
        var underNaive = 0

        /// `belowLow`: the actual total came under the interval's low end, which a `forecast`
        /// budget threshold takes as evidence; `belowNaive`: under the naive run rate, which a
        /// naive alert would take.
        mutating func add(error: Double, naiveError: Double, covered: Bool, belowLow: Bool, belowNaive: Bool) {
            forecasts += 1
            errorSum += error
            naiveErrorSum += naiveError
            inside += covered ? 1 : 0
            underLow += belowLow ? 1 : 0
            underNaive += belowNaive ? 1 : 0
        }

        mutating func merge(_ other: Score) {
            forecasts += other.forecasts
            skipped += other.skipped
            errorSum += other.errorSum
            naiveErrorSum += other.naiveErrorSum
            inside += other.inside
            underLow += other.underLow
            underNaive += other.underNaive
        }

        /// Mean absolute percentage error of the expected month total (0.05 is 5%).
        public var mape: Double? { forecasts > 0 ? errorSum / Double(forecasts) : nil }
        /// The same for the naive run rate.
        public var naiveMAPE: Double? { forecasts > 0 ? naiveErrorSum / Double(forecasts) : nil }
        /// `1 − mape / naiveMAPE`: how much smaller the forecaster's error is.
        public var improvement: Double? {
            guard let mape, let naiveMAPE, naiveMAPE > 0 else { return nil }
            return 1 - mape / naiveMAPE
        }
        /// Share of forecasts whose 80% interval held the actual month total.
        public var coverage: Double? { forecasts > 0 ? Double(inside) / Double(forecasts) : nil }
        /// Share of forecasts whose 80% interval's low end was above the actual total: how often a
        /// `forecast` budget threshold at an amount in between would have fired and been wrong
        /// (nominally 10%).
        public var belowLowEnd: Double? { forecasts > 0 ? Double(underLow) / Double(forecasts) : nil }
        /// The same for the naive run rate: how often an alert on the naive projection would.
        public var belowNaive: Double? { forecasts > 0 ? Double(underNaive) / Double(forecasts) : nil }
    }
}

/// The score of a backtest, overall and per horizon band. Coverage near 0.8 means the interval
/// is honest; an improvement above 0 means the forecaster beats the naive run rate.
public struct BacktestResult: Sendable, Equatable {
    /// Months scored, in order.
    public var months: [Month]
    /// Months requested (or covered) but not scored: not fully in the history, or zero spend.
    public var monthsSkipped: [Month]
    /// The days of month forecasts were made at the end of.
    public var days: ClosedRange<Int>
    public var overall: Backtest.Score
    public var bands: [Band]

    public struct Band: Sendable, Equatable {
        public var days: ClosedRange<Int>
        public var score: Backtest.Score
    }
}
