/// Spend per calendar day, dense from `start`: a day with no entry spent exactly zero.
///
/// Amounts are exact `Money` (micro-units). The days are whatever calendar the caller priced the
/// ledger in (UTC or the report zone); the forecaster never converts them. `start` is the first
/// day the history is known for: days before it are not history at all (they do not count
/// towards the minimum), while days after the last entry are known-zero spend.
public struct DailySeries: Sendable, Equatable {
    /// The first known day; meaningless when `amounts` is empty.
    public let start: Day
    /// Spend on `start`, `start + 1`, … in order; never has gaps.
    public let amounts: [Money]

    /// A series from dense amounts beginning at `start`.
    public init(start: Day, amounts: [Money]) {
        self.start = start
        self.amounts = amounts
    }

    /// Builds a dense series from `(day, amount)` points in any order, filling gaps with zero.
    ///
    /// Several points on one day are added together. `start` and `end` can widen the known range
    /// beyond the points (a ledger that began before its first paid job, or a quiet last day);
    /// they never drop a point. With no points and no bounds the series is empty.
    public init(_ points: [(day: Day, amount: Money)], from start: Day? = nil, through end: Day? = nil) {
        let days = points.map(\.day) + [start, end].compactMap { $0 }
        guard let first = days.min(), let last = days.max() else {
            self.init(start: Day(index: 0), amounts: [])
            return
        }
        var dense = [Money](repeating: .zero, count: first.distance(to: last) + 1)
        for point in points {
            dense[first.distance(to: point.day)] += point.amount
        }
        self.init(start: first, amounts: dense)
    }

    public var isEmpty: Bool { amounts.isEmpty }

    /// The last known day, or nil for an empty series.
    public var end: Day? { amounts.isEmpty ? nil : start.advanced(by: amounts.count - 1) }

    /// Spend on `day`; zero outside the known range.
    public subscript(day: Day) -> Money {
        let offset = start.distance(to: day)
        return offset >= 0 && offset < amounts.count ? amounts[offset] : .zero
    }

    /// The exact spend over `days`, both ends included.
    public func total(_ days: ClosedRange<Day>) -> Money {
        guard let end, !amounts.isEmpty else { return .zero }
        let lower = max(days.lowerBound, start)
        let upper = min(days.upperBound, end)
        guard lower <= upper else { return .zero }
        return amounts[start.distance(to: lower)...start.distance(to: upper)].sum()
    }

    /// The element-wise sum of several series over the union of their ranges.
    public static func sum(_ series: [DailySeries]) -> DailySeries {
        let nonEmpty = series.filter { !$0.isEmpty }
        guard let first = nonEmpty.map(\.start).min(), let last = nonEmpty.compactMap(\.end).max() else {
            return DailySeries(start: Day(index: 0), amounts: [])
        }
        var dense = [Money](repeating: .zero, count: first.distance(to: last) + 1)
        for part in nonEmpty {
            let offset = first.distance(to: part.start)
            for (index, amount) in part.amounts.enumerated() {
                dense[offset + index] += amount
            }
        }
        return DailySeries(start: first, amounts: dense)
    }
}
