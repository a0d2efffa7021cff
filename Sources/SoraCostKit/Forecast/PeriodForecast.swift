/// A forecast of the total spend of a day range (a budget period), made at the end of `asOf`.
///
/// Amounts are `Money`: `actualToDate` exact, the projected parts whole cents;
/// `actualToDate <= low <= expectedTotal <= high`.
public struct PeriodForecast: Sendable, Equatable {
    public var days: ClosedRange<Day>
    public var asOf: Day
    /// Exact spend of the period's days up to and including `asOf`.
    public var actualToDate: Money
    public var expectedTotal: Money
    /// The 80% interval of the period total (for multi-month periods, the sum of the months').
    public var low: Money
    public var high: Money
    /// Retired components, interval fallback.
    public var notes: [String]
    /// Days projected, summed over the months of the period (the longest component's horizon).
    public var daysProjected = 0
    /// True when some month's interval came from the daily spread only (too few replays).
    public var intervalFromSpreadOnly = false
}

/// A period forecast, or why there is none.
public enum PeriodOutcome: Sendable, Equatable {
    case forecast(PeriodForecast)
    /// Fewer than `required` known days of history up to and including the as-of day.
    case insufficientHistory(daysAvailable: Int, required: Int)

    public var forecast: PeriodForecast? {
        if case .forecast(let value) = self { value } else { nil }
    }
}
