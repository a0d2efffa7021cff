/// The SVG chart of daily spend over a report's period, one stacked series per key value.
public enum DailySpend {
    /// A chart of every day of `days`, stacked by `dimension` (the first `--by` key, else model).
    ///
    /// Series come most expensive first, so the largest one sits at the bottom of every bar and
    /// takes the first color; ties go by name. A value that cost nothing over the period (only
    /// failed, pending or unpriced jobs) has no series. Jobs without a value form a `(none)`
    /// series.
    public static func chart(days: ClosedRange<Day>, zone: ReportZone, dimension: ReportDimension,
                             ledger: Ledger, pricer: Pricer) throws -> SVGChart {
        let query = UsageQuery(days: days, zone: zone, dimensions: [dimension], granularity: .day)
        let (rows, currency) = try query.run(ledger: ledger, pricer: pricer)
        return chart(days: days, zone: zone, dimension: dimension, rows: rows, currency: currency)
    }

    /// The chart from the rows of `UsageQuery` by `[dimension]` at day granularity over `days`.
    static func chart(days: ClosedRange<Day>, zone: ReportZone, dimension: ReportDimension,
                      rows: [UsageRow], currency: String) -> SVGChart {
        var amounts: [String: [Day: Money]] = [:]
        var totals: [String: Money] = [:]
        for row in rows {
            guard let day = row.bucket, row.measures.cost != .zero else { continue }
            let name = row.keys[0] ?? "(none)"
            amounts[name, default: [:]][day, default: .zero] += row.measures.cost
            totals[name, default: .zero] += row.measures.cost
        }
        let names = totals.keys.sorted { a, b in
            totals[a]! != totals[b]! ? totals[a]! > totals[b]! : a < b
        }
        let range = days.lowerBound == days.upperBound ? days.lowerBound.iso : "\(days.lowerBound.iso) to \(days.upperBound.iso)"
        return SVGChart(
            title: "Daily spend by \(dimension.description), \(range) (\(zone.identifier))",
            currency: currency,
            days: Array(days),
            series: names.map { SVGChart.Series(name: $0, amounts: amounts[$0]!) })
    }
}
