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
        var from = readStart(first: first, days: days, rule: rule)
        var rows = try spend(ledger: ledger, pricer: pricer, from: zone.start(of: from), to: cut + 1, zone: zone,
                             filter: filter, shared: shared)
        while true {
            let found = anomalies(of: rows, first: first, asOf: zone.day(of: cut), days: days, rule: rule)
            // A run of flagged days that began before `days` was walked back to its first day,
            // whose flag read the window before it: read what it reached past, and look again.
            guard from > first, let reached = found.map({ $0.runStart.advanced(by: -1 - rule.window) }).min(),
                  reached < from else { return found }
            let earlier = max(first, min(reached, from.advanced(by: -rule.window)))
            rows += try spend(ledger: ledger, pricer: pricer, from: zone.start(of: earlier), to: zone.start(of: from),
                              zone: zone, filter: filter, shared: shared)
            from = earlier
        }
    }

    /// The first day whose spend the anomalies of `days` are read from: the baseline window
    /// before them (the ledger's first day `first` if later).
    ///
    /// A day's flag reads its own spend and the `rule.window` days before it. A run of flagged
    /// days that began before `days` is walked back to its first day, which may reach further:
    /// `scan` then reads the days before, a window at a time, so the anomalies are exactly those
    /// of the whole history, however old the ledger, while the usual review reads by user and
    /// project only the days its own tables read (the month and the month before).
    static func readStart(first: Day, days: ClosedRange<Day>, rule: AnomalyRule = AnomalyRule()) -> Day {
        max(first, days.lowerBound.advanced(by: -rule.window))
    }

    /// The spend of instants `from..<to` by day, user and project.
    private static func spend(ledger: Ledger, pricer: Pricer, from: Int64, to: Int64, zone: ReportZone,
                              filter: JobFilter?, shared: SharedUsageScan?) throws -> [UsageRow] {
        var query = UsageQuery(from: from, to: to, zone: zone, dimensions: seriesDimensions, granularity: .day)
        query.filter = filter
        return try query.run(ledger: ledger, pricer: pricer, shared: shared).rows
    }

    /// The anomalies of `days` in `rows` (spend by day, user and project, of every day from some
    /// day on through `asOf`); `first` is the history's first day, where every series starts (a
    /// baseline does not reach before it), as `SpendHistory` reads it.
    static func anomalies(of rows: [UsageRow], first: Day, asOf: Day, days: ClosedRange<Day>,
                          rule: AnomalyRule) -> [SeriesAnomaly] {
        // The total and each user's and project's series are summed from the rows.
        var total: [(day: Day, amount: Money)] = []
        var byKey: [String: [(day: Day, amount: Money)]] = [:]
        for row in rows {
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
        let last = min(days.upperBound, asOf)
        guard days.lowerBound <= last else { return [] }
        return series.flatMap { name, values in
            anomalies(in: values, days: days.lowerBound...last, rule: rule)
                .map { SeriesAnomaly(series: name, anomaly: $0.anomaly, runStart: $0.runStart) }
        }
    }
}
