/// A length of time an estimate is stated for, in days as an exact fraction.
///
/// Months are not one length, and published figures pick different ones: "$20/week ≈ $80/month"
/// counts four weeks, a 30-day month makes it $85.71, the average Gregorian month
/// (365.25 / 12 = 30.4375 days) $86.96, and a calendar month its own day count. Each figure
/// carries its basis so a reader sees which is which.
public struct EstimateBasis: Sendable, Equatable {
    /// The JSON member and column key: `per_day`, `per_month_30d`, ...
    public var key: String
    /// What people read: `Per 30-day month`.
    public var label: String
    /// The length spelled out: `30 days`, `2026-12: 31 days`, `365.25/12 = 30.4375 days`.
    public var length: String
    /// Days in the period as `numerator / denominator`.
    public var numerator: Int64
    public var denominator: Int64

    public static let day = EstimateBasis(key: "per_day", label: "Per day", length: "1 day", numerator: 1, denominator: 1)
    public static let week = EstimateBasis(key: "per_week", label: "Per week", length: "7 days", numerator: 7, denominator: 1)
    public static let fourWeeks = EstimateBasis(key: "per_4_weeks", label: "Per 4 weeks",
                                                length: "28 days (the published \"per week × 4\" month)",
                                                numerator: 28, denominator: 1)
    public static let month30 = EstimateBasis(key: "per_month_30d", label: "Per 30-day month", length: "30 days",
                                              numerator: 30, denominator: 1)
    /// 365.25 / 12 = 30.4375 = 487 / 16 days.
    public static let averageMonth = EstimateBasis(key: "per_average_month", label: "Per average month",
                                                   length: "365.25/12 = 30.4375 days", numerator: 487, denominator: 16)

    /// The calendar month `month`, its own number of days.
    public static func calendarMonth(_ month: Month) -> EstimateBasis {
        EstimateBasis(key: "per_calendar_month", label: "Per calendar month \(month.iso)",
                      length: "\(month.iso): \(month.dayCount) days", numerator: Int64(month.dayCount), denominator: 1)
    }

    /// Every figure an estimate shows after the per-job amount, shortest first.
    public static func all(calendarMonth month: Month) -> [EstimateBasis] {
        [.day, .week, .fourWeeks, .month30, .calendarMonth(month), .averageMonth]
    }
}

/// An amount for one basis, and whether it is exact.
///
/// A figure is `amount × numerator / denominator` with integers only; when the division leaves a
/// remainder (per week → per day is ÷ 7) it is rounded half-to-even to the micro-unit once, and
/// `isExact` is false so the document can say so. Multiplications are always exact.
public struct EstimateFigure: Sendable, Equatable {
    public var basis: EstimateBasis
    public var amount: Money
    public var isExact: Bool

    public init(basis: EstimateBasis, amount: Money, isExact: Bool) {
        self.basis = basis
        self.amount = amount
        self.isExact = isExact
    }

    /// `amount × numerator / denominator`, rounded half-to-even to the micro-unit; nil when the
    /// result does not fit in an Int64 of micro-units.
    static func scale(_ amount: Money, by numerator: Int64, over denominator: Int64) -> (amount: Money, isExact: Bool)? {
        precondition(denominator > 0 && numerator >= 0, "an estimate scales by a non-negative fraction")
        let product = amount.micros.multipliedFullWidth(by: numerator)
        // The quotient fits when |product| < denominator × 2^63; check before dividing, which traps.
        let limit = denominator.multipliedFullWidth(by: Int64.max)
        let magnitude = amount.micros.magnitude.multipliedFullWidth(by: numerator.magnitude)
        guard (magnitude.high, magnitude.low) < (UInt64(limit.high), limit.low) else { return nil }
        let (_, remainder) = denominator.dividingFullWidth(product)
        return (amount.scaled(by: numerator, over: denominator), remainder == 0)
    }
}
