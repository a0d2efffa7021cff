/// Forecasts where a month's spend will land, from daily spend history; pure, no I/O.
///
/// The method (docs/README-forecast.md, measured in `research/forecast`):
/// 1. **Weekday factors**, one set shared by every component, from the total spend of the last
///    56 complete days: each day's ratio to its centred 7-day mean, the median per weekday,
///    shrunk towards 1 by n/(n+1), normalised to mean 1 (all 1 until each weekday has 2 ratios).
/// 2. **Level per component (provider × model, × `--by` key) from its own days**: the mean of
///    its last full week of own days, raw (each weekday once, so no factor noise), each day
///    capped at the week's median + 3 · 1.4826 · MAD so a spike is damped; with fewer than 7
///    own days, the trimmed mean (⌊n/5⌋ cut at each end) of those days deseasonalised, so a
///    model that started 5 days ago is projected from those 5 days. A sparse component (spend
///    on under 80% of those days) takes the plain mean of its last up to 42 own days instead.
/// 3. **Damped trend**: with 42 own days or more, the growth between the trimmed means of the
///    last 28 days and the up to 28 before, halved and capped at ±1% a day.
/// 4. **Projection**: `level · (1+g)^i · factor(weekday)` for each day `i` after the last
///    complete day, each component rounded to cents on its own; retired models stop.
/// 5. **80% interval**: the 80th percentile of `|ln(actual/predicted)|` of this same forecaster
///    replayed at the same horizon on up to 60 earlier origins, never narrower than a noise
///    floor; with under 20 replays, 1.5 × the floor.
public struct Forecaster: Sendable {
    /// Fewest complete days of history before a projection is made.
    public var minimumHistoryDays: Int

    public init(minimumHistoryDays: Int = 7) {
        precondition(minimumHistoryDays >= 1, "a forecast needs at least one day")
        self.minimumHistoryDays = minimumHistoryDays
    }

    /// Days of total spend the weekday factors come from.
    static let weekdayWindow = 56
    /// Ratios each weekday needs before factors are used.
    static let weekdayMinimum = 2
    /// Recent own days the level comes from: the last full week, not deseasonalised.
    static let levelWindow = 7
    /// A day of that week counts at most its median plus this many robust standard deviations.
    static let burstCap = 3.0
    /// Share of spend days in that week under which a component is sparse, and the own days
    /// whose plain mean is then its level.
    static let sparseDensity = 0.8
    static let sparseWindow = 42
    /// Days behind a level, for the interval's noise floor.
    static let noiseWindow = 21
    /// Block length of the trend estimate, and the fewest days of the older block.
    static let trendWindow = 28
    static let trendMinimumOld = 14
    /// Share of the measured growth used, and its cap per day.
    static let trendDamping = 0.5
    static let trendCap = 0.01
    /// Replays: first origin index, most recent origins used, fewest for an empirical interval.
    static let firstReplayOrigin = 13
    static let maximumReplays = 60
    static let minimumReplays = 20
    /// Fallback interval: the noise floor widened by this factor.
    static let fallbackWidening = 1.5
    /// The standard normal 90th percentile.
    static let z90 = 1.2815515655446004

    /// Forecasts `month` from `series`, made at the end of `asOf`.
    ///
    /// Days after `asOf` in the series are ignored. Days on or after `stopDay` (the first day the
    /// model can no longer be billed) are projected as zero. A month with no day left to project
    /// gives the actual spend with a zero-width interval, whatever the history.
    public func forecast(series: DailySeries, asOf: Day, month: Month, stopDay: Day? = nil) -> ForecastOutcome {
        let start = series.isEmpty ? asOf.advanced(by: 1) : series.start
        let engine = ForecastEngine(series: [series], start: start, through: asOf, settings: self)
        return engine.forecast(asOf: asOf, month: month, members: [0], stops: [stopDay], labels: [""])
    }

    /// Forecasts every key of `seriesByKey` and their total, made at the end of `asOf`.
    ///
    /// All keys share the earliest start among them. The total sums the rows' actual and
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
