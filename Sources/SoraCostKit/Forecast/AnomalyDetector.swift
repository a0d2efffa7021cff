/// The anomaly rule (docs/README-forecast.md, "Anomalies"), measured in research/forecast: a day
/// whose spend is far above its own trailing baseline.
///
/// The baseline is the 28 days before the day (the day itself excluded). A series with fewer
/// than 14 spending days in it is too new to have a baseline and is never flagged. With
/// `med` the baseline's median and `mad` its median absolute deviation, the scale is
/// `max(1.4826·mad, 0.05·med, 1 micro)` and `z = (x − med)/scale`. A day is flagged when all
/// hold: `med ≥ $1`, `z ≥ 5`, `x ≥ 2·med` and `x − med ≥ $10`. On the research histories this
/// flagged 1 of 12,416 ordinary series-days (a genuine level jump) and every ×3 or larger spike.
public struct AnomalyRule: Sendable, Equatable {
    public var window = 28
    public var minimumSpendingDays = 14
    public var minimumZ = 5.0
    public var minimumRatio = 2.0
    public var minimumExcess = Money(micros: 10_000_000)
    public var minimumBaseline = Money(micros: 1_000_000)

    public init() {}

    /// The anomaly of `series` on `day`, or nil when the day is ordinary (or has no baseline).
    public func anomaly(in series: DailySeries, on day: Day) -> Anomaly? {
        var baseline: [Double] = []
        var spending = 0
        for offset in 1...window {
            let amount = series[day.advanced(by: -offset)].micros
            guard day.advanced(by: -offset) >= series.start else { break }
            baseline.append(Double(amount))
            if amount > 0 { spending += 1 }
        }
        guard spending >= minimumSpendingDays else { return nil }
        let spend = series[day]
        let x = Double(spend.micros)
        let median = RobustStatistics.median(baseline)
        let scale = max(1.4826 * RobustStatistics.mad(baseline, median: median), 0.05 * median, 1)
        let z = (x - median) / scale
        guard median >= Double(minimumBaseline.micros), z >= minimumZ, x >= minimumRatio * median,
              x - median >= Double(minimumExcess.micros) else { return nil }
        return Anomaly(day: day, spend: spend, baseline: Money.projected(micros: median), z: z)
    }
}

/// One flagged day.
public struct Anomaly: Sendable, Equatable {
    public var day: Day
    public var spend: Money
    /// The baseline's median daily spend, whole cents.
    public var baseline: Money
    public var z: Double
}

/// Applies `AnomalyRule` over days; the monthly review and `budget check` share it.
public enum AnomalyDetector {
    /// The flagged days of `series` within `days`, each with the first day of its run of
    /// consecutive flagged days (the run is one anomaly: announced once, like a crossing).
    public static func anomalies(in series: DailySeries, days: ClosedRange<Day>,
                                 rule: AnomalyRule = AnomalyRule()) -> [(anomaly: Anomaly, runStart: Day)] {
        guard !series.isEmpty else { return [] }
        var result: [(anomaly: Anomaly, runStart: Day)] = []
        var day = days.lowerBound
        while day <= days.upperBound {
            if let anomaly = rule.anomaly(in: series, on: day) {
                var start = day
                while let last = result.last, last.anomaly.day == start.advanced(by: -1) {
                    start = last.runStart
                    break
                }
                if start == day {
                    // A run may have begun before `days`: walk back over flagged days.
                    while rule.anomaly(in: series, on: start.advanced(by: -1)) != nil { start = start.advanced(by: -1) }
                }
                result.append((anomaly, start))
            }
            day = day.advanced(by: 1)
        }
        return result
    }
}

/// A flagged day of one spend series.
public struct SeriesAnomaly: Sendable, Equatable {
    /// `total`, `user=ana@example.com` or `project=marketing`.
    public var series: String
    public var anomaly: Anomaly
    /// The first day of the run of consecutive flagged days this one belongs to.
    public var runStart: Day
}

extension AnomalyDetector {
    /// The anomalies within `days` (through the instant `cut`, Unix seconds) of the total spend
    /// of the jobs `filter` selects, and of each user's and each project's own spend: the series
    /// `budget check` watches for a budget's scope and the monthly review for the whole ledger.
    public static func scan(ledger: Ledger, pricer: Pricer, through cut: Int64, zone: ReportZone = .utc,
                            filter: JobFilter? = nil, days: ClosedRange<Day>,
                            rule: AnomalyRule = AnomalyRule()) throws -> [SeriesAnomaly] {
        var series: [(String, DailySeries)] = []
        let total = try SpendHistory.load(ledger: ledger, pricer: pricer, through: cut, zone: zone, filter: filter)
        series.append(("total", total.total))
        for dimension in [ReportDimension.user, .project] {
            let history = try SpendHistory.load(ledger: ledger, pricer: pricer, through: cut, zone: zone,
                                                dimension: dimension, filter: filter)
            for key in history.keys where key != SpendHistory.noneKey {
                let parts = history.components.filter { $0.key == key }.map(\.series)
                series.append(("\(dimension)=\(key)", DailySeries.sum(parts)))
            }
        }
        let last = min(days.upperBound, zone.day(of: cut))
        guard days.lowerBound <= last else { return [] }
        return series.flatMap { name, values in
            anomalies(in: values, days: days.lowerBound...last, rule: rule)
                .map { SeriesAnomaly(series: name, anomaly: $0.anomaly, runStart: $0.runStart) }
        }
    }
}
