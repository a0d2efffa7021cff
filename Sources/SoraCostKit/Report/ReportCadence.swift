/// How `soracost report daily|weekly|monthly` buckets time.
public enum ReportCadence: String, Sendable, CaseIterable {
    case daily, weekly, monthly

    public var granularity: ReportGranularity {
        switch self {
        case .daily: .day
        case .weekly: .week
        case .monthly: .month
        }
    }

    /// The snake_case key of the bucket column in CSV and JSON: `date`, `week` or `month`.
    public var columnKey: String {
        switch self {
        case .daily: "date"
        case .weekly: "week"
        case .monthly: "month"
        }
    }

    /// The bucket column's label; a week is named by its Monday (ISO 8601 weeks).
    public var columnHeader: String {
        switch self {
        case .daily: "Date"
        case .weekly: "Week of"
        case .monthly: "Month"
        }
    }

    /// `day`, `week`, `month`, as in "Spend by day".
    public var noun: String {
        switch self {
        case .daily: "day"
        case .weekly: "week"
        case .monthly: "month"
        }
    }

    /// The cell naming a bucket: the day, the Monday of the week, or the month.
    public func cell(_ bucket: Day) -> ReportCell {
        self == .monthly ? .month(bucket.month) : .date(bucket)
    }

    /// The first day of every bucket that overlaps `days`, in order; the first and last week or
    /// month may reach outside the period, but rows only count the period's own days.
    public func buckets(in days: ClosedRange<Day>) -> [Day] {
        var out: [Day] = []
        var cursor = granularity.bucket(of: days.lowerBound) ?? days.lowerBound
        while cursor <= days.upperBound {
            out.append(cursor)
            switch self {
            case .daily: cursor = cursor.advanced(by: 1)
            case .weekly: cursor = cursor.advanced(by: 7)
            case .monthly: cursor = cursor.month.next.firstDay
            }
        }
        return out
    }
}
