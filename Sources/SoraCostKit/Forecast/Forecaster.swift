/// Forecasts where a month's spend will land, from daily spend history; pure, no I/O.
///
/// Method, in three sentences (also in docs/README-forecast.md):
/// 1. The daily rate is the mean spend of the trailing `windowDays` days up to and including the
///    as-of day, times a factor per weekday that is shrunk towards 1 unless the weekday pattern
///    clearly exceeds the noise.
/// 2. The projected remainder is that rate summed over the month's days after the as-of day
///    (and before any stop day), rounded to whole cents; the actual spend to date is exact.
/// 3. The 80% interval comes from replaying the same forecast on earlier as-of days with the
///    same number of days ahead and taking order-statistic percentiles of actual/predicted,
///    never narrower than a parametric interval from the daily residual spread,
///    `t₀.₉ · σ · √(h + h²/n)`; with too few replays it is that parametric interval widened by
///    a quarter (`ForecastInterval.unvalidatedWidening`).
public struct Forecaster: Sendable {
    /// Length of the trailing window the daily rate is taken from, days.
    public var windowDays: Int
    /// Fewest known days, up to and including the as-of day, for a projection.
    public var minimumHistoryDays: Int
    /// Fewest replayed past forecasts before their errors shape the interval (9 is the least
    /// that gives an 80% order-statistic interval).
    public var minimumPastErrors: Int

    public init(windowDays: Int = 28, minimumHistoryDays: Int = 7, minimumPastErrors: Int = 9) {
        precondition(windowDays >= 2 && minimumHistoryDays >= 2, "windows need at least two days")
        self.windowDays = windowDays
        self.minimumHistoryDays = minimumHistoryDays
        self.minimumPastErrors = max(minimumPastErrors, 9)
    }

    /// Forecasts `month` from `series`, made at the end of `asOf`.
    ///
    /// Days after `asOf` in the series are ignored. Days on or after `stopDay` (the first day the
    /// model can no longer be billed, e.g. the day after its retirement) are projected as zero;
    /// spend actually recorded on them still counts as actual. A month with no day left to
    /// project (complete, or wholly past `stopDay`) gives the actual spend with a zero-width
    /// interval, whatever the history.
    public func forecast(series: DailySeries, asOf: Day, month: Month, stopDay: Day? = nil) -> ForecastOutcome {
        let start = series.isEmpty ? asOf.advanced(by: 1) : series.start
        let engine = ForecastEngine(series: [series], start: start, through: asOf, settings: self)
        return engine.forecast(asOf: asOf, month: month, members: [0], stops: [stopDay], labels: [""])
    }

    /// Forecasts every key of `seriesByKey` and their total, made at the end of `asOf`.
    ///
    /// All keys share the earliest start among them: a key with no spend before its first day
    /// spent zero then, so every row and the total see the same history. `stopDays` gives a
    /// stop day per key (keys not listed never stop). The total sums the rows' actual and
    /// projected amounts exactly; its interval is computed on the combined spend.
    public func forecast(seriesByKey: [String: DailySeries], stopDays: [String: Day] = [:],
                         asOf: Day, month: Month) -> KeyedForecast {
        let keys = seriesByKey.keys.sorted()
        guard !keys.isEmpty else {
            return KeyedForecast(rows: [], total: forecast(series: DailySeries([]), asOf: asOf, month: month))
        }
        let parts = keys.map { seriesByKey[$0]! }
        let start = parts.filter { !$0.isEmpty }.map(\.start).min() ?? asOf.advanced(by: 1)
        let engine = ForecastEngine(series: parts, start: start, through: asOf, settings: self)
        let stops = keys.map { stopDays[$0] }
        let rows = keys.indices.map { index in
            KeyedForecast.Row(key: keys[index], outcome: engine.forecast(
                asOf: asOf, month: month, members: [index], stops: [stops[index]], labels: [""]))
        }
        let total = engine.forecast(asOf: asOf, month: month, members: Array(keys.indices),
                                    stops: stops, labels: keys.map { "\($0): " })
        return KeyedForecast(rows: rows, total: total)
    }
}
