/// The calendar period a budget's amount is for. Periods are counted in the check's time zone
/// (UTC unless `--tz`), weeks are ISO weeks (Monday to Sunday), quarters start in January,
/// April, July and October.
public enum BudgetPeriod: String, Sendable, CaseIterable {
    case day, week, month, quarter

    /// The period holding `day`.
    public func interval(containing day: Day) -> BudgetInterval {
        switch self {
        case .day:
            return BudgetInterval(label: day.iso, days: day...day)
        case .week:
            let monday = day.weekStart
            // The ISO week-numbering year is the year of the week's Thursday (ISO 8601).
            let thursday = monday.advanced(by: 3)
            let year = thursday.civil.year
            let week = Day(year: year, month: 1, day: 1).distance(to: thursday) / 7 + 1
            return BudgetInterval(label: "\(year)-W\(week < 10 ? "0" : "")\(week)", days: monday...monday.advanced(by: 6))
        case .month:
            let month = day.month
            return BudgetInterval(label: month.iso, days: month.days)
        case .quarter:
            let (year, month, _) = day.civil
            let first = Month(year: year, month: (month - 1) / 3 * 3 + 1)
            return BudgetInterval(label: "\(year)-Q\((month - 1) / 3 + 1)", days: first.firstDay...first.next.next.lastDay)
        }
    }
}

/// One concrete period of a budget: `2026-09-14`, `2026-W38`, `2026-09` or `2026-Q3`, and its
/// days. The label is what alert state is keyed on, so a new label re-arms every threshold.
public struct BudgetInterval: Hashable, Sendable {
    public var label: String
    public var days: ClosedRange<Day>
}
