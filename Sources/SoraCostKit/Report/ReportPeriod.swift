/// The days a report covers, both ends inclusive, counted in the report's time zone.
public struct ReportPeriod: Sendable, Equatable {
    public var days: ClosedRange<Day>

    public init(days: ClosedRange<Day>) {
        self.days = days
    }

    public init(month: Month) {
        days = month.days
    }

    /// The calendar month the period is exactly, if it is one: such a monthly report is the
    /// monthly review.
    public var month: Month? {
        let month = days.lowerBound.month
        return month.days == days ? month : nil
    }

    public var dayCount: Int { days.lowerBound.distance(to: days.upperBound) + 1 }

    /// `September 2026` for a whole month, else `2026-09-03 to 2026-09-17`.
    public var name: String {
        if let month { return ReportPeriod.monthName(month) }
        if days.lowerBound == days.upperBound { return days.lowerBound.iso }
        return "\(days.lowerBound.iso) to \(days.upperBound.iso)"
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]

    /// `September 2026`.
    public static func monthName(_ month: Month) -> String {
        "\(monthNames[month.month - 1]) \(month.year)"
    }

    /// The period a report asks for.
    ///
    /// A `month` is that month; a `since` day (with an `until` day, else up to `today`) is that
    /// span, both ends inclusive; neither is the month holding `today`. `today` is given (the
    /// CLI passes `--as-of`, else the current day in the report's time zone), so a test or a
    /// golden file never depends on the clock.
    public static func resolve(month: Month?, since: Day?, until: Day?,
                               today: Day) throws(ReportPeriodError) -> ReportPeriod {
        if let month {
            guard since == nil, until == nil else { throw .monthWithRange }
            return ReportPeriod(month: month)
        }
        guard let since else {
            if until != nil { throw .untilWithoutSince }
            return ReportPeriod(month: today.month)
        }
        let last = until ?? today
        guard since <= last else { throw .emptyRange(since: since, until: last) }
        return ReportPeriod(days: since...last)
    }
}

/// A combination of bounds that names no period; the CLI reports it as a usage error (exit 64),
/// naming its own options.
public enum ReportPeriodError: Error, Equatable, CustomStringConvertible {
    /// Both a calendar month and a day range.
    case monthWithRange
    /// A last day without a first day.
    case untilWithoutSince
    /// The first day is after the last day.
    case emptyRange(since: Day, until: Day)

    public var description: String {
        switch self {
        case .monthWithRange: "give either a calendar month or a range of days, not both"
        case .untilWithoutSince: "a last day needs a first day"
        case .emptyRange(let since, let until):
            "the first day \(since.iso) is after the last day \(until.iso); both days are inclusive"
        }
    }
}
