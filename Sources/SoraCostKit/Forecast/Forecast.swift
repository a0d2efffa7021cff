/// A month-end spend forecast made at the end of `asOf`, with an 80% prediction interval.
///
/// Every amount is `Money`. `actualToDate` is the exact sum of the month's days up to and
/// including `asOf`; the projected parts are rounded half-to-even to whole cents after the
/// statistical step, so `expectedTotal`, `low` and `high` are exact sums of the two and
/// `low <= expectedTotal <= high`, `low >= actualToDate` always hold.
public struct Forecast: Sendable, Equatable {
    public var month: Month
    /// The last day treated as actual; the forecast is made at the end of this day.
    public var asOf: Day
    /// Exact spend of the month's days up to and including `asOf`.
    public var actualToDate: Money
    /// Expected spend of the remaining days, whole cents, never negative.
    public var projectedRemainder: Money
    /// `actualToDate + projectedRemainder`.
    public var expectedTotal: Money
    /// Lower end of the 80% interval for the month total (10th percentile); `>= actualToDate`.
    public var low: Money
    /// Upper end of the 80% interval for the month total (90th percentile).
    public var high: Money
    /// Days of the month up to and including `asOf` (0 when `asOf` is before the month).
    public var daysElapsed: Int
    /// Days of the month after `asOf`.
    public var daysRemaining: Int
    /// Remaining days that were projected: fewer than `daysRemaining` when a stop day cuts them.
    public var daysProjected: Int
    /// Most own days any component's level was taken from (at most 21; 0 when nothing was projected).
    public var historyDaysUsed: Int
    /// Whether weekday factors moved the projection (false: a flat daily mean).
    public var weekdayAdjusted: Bool
    /// Where the interval came from.
    public var interval: IntervalSource
    /// Human-readable remarks for the report: stop days, interval fallback, month complete.
    public var notes: [String]

    /// How the 80% interval of a `Forecast` was obtained.
    public enum IntervalSource: Sendable, Equatable {
        /// No day was projected: the interval has zero width.
        case exact
        /// Empirical: replayed forecasts on earlier as-of days, `count` of them, widened to at least
        /// the parametric interval.
        case pastErrors(count: Int)
        /// From the daily noise only, widened by half: too few past forecasts to replay.
        case parametric
    }

    /// A short stable name of the method, for JSON and CSV output.
    public var methodName: String {
        switch interval {
        case .exact: "actual"
        case .pastErrors: "robust-level+replayed-errors"
        case .parametric: "robust-level+noise-floor"
        }
    }

    /// One sentence describing how this forecast was made.
    public var methodDescription: String {
        let rate = "Each provider and model projected from its own last \(historyDaysUsed) days or fewer "
            + "(robust mean, or a 42-day mean when spend is sparse; damped trend" + (weekdayAdjusted ? "; weekday factors)" : ")")
        switch interval {
        case .exact:
            return "Nothing left to project: the total is the actual spend."
        case .pastErrors(let count):
            return "\(rate); 80% interval from \(count) replays of this forecaster at the same horizon."
        case .parametric:
            return "\(rate); 80% interval from the daily noise, widened by half (too few past forecasts to replay)."
        }
    }
}

/// A forecast, or the reason there is none.
public enum ForecastOutcome: Sendable, Equatable {
    case forecast(Forecast)
    /// Fewer than `required` known days up to and including the as-of day.
    case insufficientHistory(daysAvailable: Int, required: Int)

    /// The forecast, if one was made.
    public var forecast: Forecast? {
        if case .forecast(let value) = self { value } else { nil }
    }
}

/// Per-key forecasts (`--by model|project`) and their total.
///
/// The total's `actualToDate`, `projectedRemainder` and `expectedTotal` are exactly the sums of
/// the rows', so a table adds up; its interval comes from the combined series and is narrower
/// than the sum of the rows' intervals when keys do not move together.
public struct KeyedForecast: Sendable, Equatable {
    /// One row per key, sorted by key.
    public var rows: [Row]
    public var total: ForecastOutcome

    public struct Row: Sendable, Equatable {
        public var key: String
        public var outcome: ForecastOutcome
    }
}
