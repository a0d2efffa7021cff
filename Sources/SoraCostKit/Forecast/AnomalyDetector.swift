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
        try scan(ledger: ledger, pricer: pricer, through: cut, zone: zone, filter: filter, days: days, rule: rule,
                 shared: nil)
    }

    /// The keys of the series besides the total: each user's and each project's spend.
    static let seriesDimensions: [ReportDimension] = [.user, .project]

    /// `scan(ledger:pricer:through:zone:filter:days:rule:)` with its rows from `shared` when given.
    static func scan(ledger: Ledger, pricer: Pricer, through cut: Int64, zone: ReportZone, filter: JobFilter? = nil,
                     days: ClosedRange<Day>, rule: AnomalyRule = AnomalyRule(),
                     shared: SharedUsageScan?) throws -> [SeriesAnomaly] {
        guard days.lowerBound <= min(days.upperBound, zone.day(of: cut)),
              let span = try ledger.usageSpan(pricer.options.usageDate, through: cut) else { return [] }
        let first = zone.day(of: span.lowerBound)
        let from = readStart(first: first, days: days, rule: rule)
        let found = try scan(ledger: ledger, pricer: pricer, through: cut, zone: zone, filter: filter, days: days,
                             rule: rule, first: first, from: from, shared: shared)
        // A run that began long before `days` walked back past what was read: read it all.
        guard from > first, found.contains(where: { $0.runStart.advanced(by: -1 - rule.window) < from }) else {
            return found
        }
        return try scan(ledger: ledger, pricer: pricer, through: cut, zone: zone, filter: filter, days: days,
                        rule: rule, first: first, from: first, shared: shared)
    }

    /// The first day whose spend the anomalies of `days` are read from: a baseline window and a
    /// half before them (the ledger's first day `first` if later).
    ///
    /// A day's flag reads its own spend and the `rule.window` days before it, so the days of
    /// `days` need one window before them; the half window leaves room for a run of flagged days
    /// that began before `days` (walked back to its first day; a run rarely outlasts half a
    /// window, as the baseline's median catches up with a new level). A longer run is read again
    /// from `first` by `scan`, so the anomalies are exactly those of the whole history, however
    /// old the ledger, while the usual review reads only its last months by user and project.
    static func readStart(first: Day, days: ClosedRange<Day>, rule: AnomalyRule = AnomalyRule()) -> Day {
        max(first, days.lowerBound.advanced(by: -(rule.window + rule.window / 2)))
    }

    /// The anomalies of `days` from the spend of days `from` on; `first` is the history's first
    /// day (the start of every series, as a baseline may not reach before it).
    static func scan(ledger: Ledger, pricer: Pricer, through cut: Int64, zone: ReportZone, filter: JobFilter?,
                             days: ClosedRange<Day>, rule: AnomalyRule, first: Day, from: Day,
                             shared: SharedUsageScan?) throws -> [SeriesAnomaly] {
        // One scan by user and project, day by day; the total and each user's and project's
        // series are summed from it (each starting on the ledger's first day up to `cut`, as
        // `SpendHistory` reads it, so a baseline reaches back as far as the data does).
        let asOf = zone.day(of: cut)
        var query = UsageQuery(from: zone.start(of: from), to: cut + 1, zone: zone, dimensions: seriesDimensions,
                               granularity: .day)
        query.filter = filter
        var total: [(day: Day, amount: Money)] = []
        var byKey: [String: [(day: Day, amount: Money)]] = [:]
        for row in try query.run(ledger: ledger, pricer: pricer, shared: shared).rows {
            guard let day = row.bucket else { continue }
            let point = (day: day, amount: row.measures.cost)
            total.append(point)
            if let user = row.keys[0] { byKey["user=\(user)", default: []].append(point) }
            if let project = row.keys[1] { byKey["project=\(project)", default: []].append(point) }
        }
        // The order `budget check` announces in: the total, then users, then projects, each by name.
        let named = byKey.keys.sorted { ($0.hasPrefix("project=") ? 1 : 0, $0) < ($1.hasPrefix("project=") ? 1 : 0, $1) }
        let series = [("total", DailySeries(total, from: first, through: asOf))]
            + named.map { ($0, DailySeries(byKey[$0] ?? [], from: first, through: asOf)) }
        let last = min(days.upperBound, zone.day(of: cut))
        guard days.lowerBound <= last else { return [] }
        return series.flatMap { name, values in
            anomalies(in: values, days: days.lowerBound...last, rule: rule)
                .map { SeriesAnomaly(series: name, anomaly: $0.anomaly, runStart: $0.runStart) }
        }
    }
}
