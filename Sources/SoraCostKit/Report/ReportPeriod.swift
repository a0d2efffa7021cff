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

    /// The period the command-line options ask for.
    ///
    /// `--month YYYY-MM` is that month; `--since DATE` (with `--until DATE`, else up to `today`)
    /// is that span, both ends inclusive; neither is the month holding `today`. `today` is the
    /// `--as-of` day, else the current day in the report's time zone, so a test or a golden file
    /// never depends on the clock.
    public static func resolve(month: String?, since: String?, until: String?,
                               today: Day) throws(ReportPeriodError) -> ReportPeriod {
        if let month {
            guard since == nil, until == nil else { throw .monthWithRange }
            guard let parsed = Month(iso: month) else { throw .badMonth(month) }
            return ReportPeriod(month: parsed)
        }
        guard let since else {
            if until != nil { throw .untilWithoutSince }
            return ReportPeriod(month: today.month)
        }
        guard let first = Day(iso: since) else { throw .badDate(option: "--since", given: since) }
        var last = today
        if let until {
            guard let parsed = Day(iso: until) else { throw .badDate(option: "--until", given: until) }
            last = parsed
        }
        guard first <= last else { throw .emptyRange(since: first, until: last) }
        return ReportPeriod(days: first...last)
    }
}

/// Options that name no valid period; the CLI reports them as usage errors (exit 64).
public enum ReportPeriodError: Error, Equatable, CustomStringConvertible {
    case monthWithRange
    case untilWithoutSince
    case badMonth(String)
    case badDate(option: String, given: String)
    case emptyRange(since: Day, until: Day)

    public var description: String {
        switch self {
        case .monthWithRange: "use either --month or --since/--until, not both"
        case .untilWithoutSince: "--until needs --since (the first day of the report)"
        case .badMonth(let given): "--month: '\(given)' is not a month YYYY-MM"
        case .badDate(let option, let given): "\(option): '\(given)' is not a date YYYY-MM-DD"
        case .emptyRange(let since, let until):
            "--since \(since.iso) is after --until \(until.iso); both days are inclusive"
        }
    }
}
