/// The ledger's priced daily spend up to an as-of day, split the way forecasts need it: by
/// provider and base model (so each can stop on the day its rate card ends), and optionally by
/// one report dimension (`--by`).
///
/// This is the adapter between the ledger and the pure forecaster. Spend is priced by
/// `UsageQuery` at day granularity in the report zone, restricted by an optional `JobFilter`
/// (a budget's scope). History starts on the ledger's first day in that zone, taken over **all**
/// jobs, not only the scope's: a project that began later spent zero before, which is known, not
/// missing. Every component is dense over the same days, through the as-of day; nothing after
/// the as-of day is read.
public struct SpendHistory: Sendable {
    /// One provider × base model (× dimension value) slice of the spend.
    public struct Component: Sendable, Equatable {
        /// The `--by` value, `(none)` where the ledger has none; nil without a dimension.
        public var key: String?
        public var provider: String
        /// Base model: dated snapshots are billed, and reported, as their base model.
        public var model: String
        public var series: DailySeries
        /// First day nothing is projected for this slice (`EffectiveCard.stopDay`); nil: never.
        public var stopDay: Day?

        /// `openai/sora-2`, the prefix of this component's forecast notes.
        public var label: String { "\(provider)/\(model)" }
    }

    /// The zone the days are counted in.
    public let zone: ReportZone
    /// The last day of the history; forecasts are made at its end.
    public let asOf: Day
    /// The ledger's first day with a job (in `zone`), or nil for an empty ledger.
    public let start: Day?
    /// The ledger's last day with a job (in `zone`), or nil for an empty ledger; may be after
    /// `asOf`.
    public let lastDataDay: Day?
    public let dimension: ReportDimension?
    /// Sorted by key, provider, model.
    public let components: [Component]
    /// The currency of every amount (`USD` when nothing was priced).
    public let currency: String
    /// Jobs and seconds in the history that no rate card prices; they count as zero spend.
    public let unpricedJobs: Int
    public let unpricedSeconds: Int
    /// The data clock: the newest usage instant at or before the cut (Unix seconds), nil when
    /// there is none. Forecasts are made during its day, from the complete days before it
    /// (`forecastDay`), so their answer changes only when the data does.
    public var dataInstant: Int64?
    /// Unpriced jobs per day, for counts over a budget's period.
    public var unpricedJobsByDay: [Day: Int] = [:]

    /// The day the forecast is made during: the data clock's day, else the as-of day.
    public var forecastDay: Day { dataInstant.map { min(zone.day(of: $0), asOf) } ?? asOf }
    /// Whether `forecastDay` is in progress (data through `dataInstant` only).
    public var forecastDayIsPartial: Bool { dataInstant != nil }

    public init(zone: ReportZone = .utc, asOf: Day, start: Day?, lastDataDay: Day? = nil,
                dimension: ReportDimension? = nil, components: [Component], currency: String = "USD",
                unpricedJobs: Int = 0, unpricedSeconds: Int = 0) {
        self.zone = zone
        self.asOf = asOf
        self.start = start
        self.lastDataDay = lastDataDay
        self.dimension = dimension
        self.components = components
        self.currency = currency
        self.unpricedJobs = unpricedJobs
        self.unpricedSeconds = unpricedSeconds
    }

    /// The key used for a `--by` value the ledger does not have (no project, no tag).
    public static let noneKey = "(none)"

    /// Reads and prices the ledger's history through the end of `asOf` in `zone`.
    ///
    /// - Parameter filter: the jobs that count (a budget's scope); the history
    ///   still starts on the ledger's first day.
    public static func load(ledger: Ledger, pricer: Pricer, asOf: Day, zone: ReportZone = .utc,
                            dimension: ReportDimension? = nil,
                            filter: JobFilter? = nil) throws -> SpendHistory {
        try load(ledger: ledger, pricer: pricer, through: zone.start(of: asOf.advanced(by: 1)) - 1, zone: zone,
                 dimension: dimension, filter: filter)
    }

    /// Reads and prices the ledger's history up to and including the instant `cut` (Unix
    /// seconds): jobs whose usage instant is later do not exist for this history.
    public static func load(ledger: Ledger, pricer: Pricer, through cut: Int64, zone: ReportZone = .utc,
                            dimension: ReportDimension? = nil,
                            filter: JobFilter? = nil) throws -> SpendHistory {
        try load(ledger: ledger, pricer: pricer, through: cut, zone: zone, dimension: dimension, filter: filter, shared: nil)
    }

    /// `load(ledger:pricer:through:zone:dimension:filter:)` with its rows from `shared` when given.
    static func load(ledger: Ledger, pricer: Pricer, through cut: Int64, zone: ReportZone, dimension: ReportDimension? = nil,
                     filter: JobFilter? = nil, shared: SharedUsageScan?) throws -> SpendHistory {
        let asOf = zone.day(of: cut)
        guard let span = try ledger.usageSpan(pricer.options.usageDate, through: cut) else {
            return SpendHistory(zone: zone, asOf: asOf, start: nil, dimension: dimension, components: [])
        }
        var query = UsageQuery(from: zone.start(of: zone.day(of: span.lowerBound)), to: cut + 1, zone: zone,
                               dimensions: [.provider, .model] + (dimension.map { [$0] } ?? []), granularity: .day)
        query.filter = filter
        let (rows, currency) = try query.run(ledger: ledger, pricer: pricer, shared: shared)
        return SpendHistory(rows: rows, currency: currency, pricer: pricer, cut: cut, zone: zone, span: span,
                            dimension: dimension)
    }

    /// The history made of `rows`, a day-granular `UsageQuery`'s rows by provider, model and
    /// then `dimension` (other keys after those are ignored), through the instant `cut`; `span`
    /// is the first and last usage instant of the ledger's jobs up to `cut`.
    init(rows: [UsageRow], currency: String, pricer: Pricer, cut: Int64, zone: ReportZone, span: ClosedRange<Int64>,
         dimension: ReportDimension?) {
        let asOf = zone.day(of: cut)
        let (start, lastDataDay) = (zone.day(of: span.lowerBound), zone.day(of: span.upperBound))
        struct Slice: Hashable {
            var key: String?
            var provider: String
            var model: String
        }
        var points: [Slice: [(day: Day, amount: Money)]] = [:]
        var unpriced = UsageMeasures()
        var unpricedByDay: [Day: Int] = [:]
        for row in rows {
            guard let day = row.bucket else { continue }
            if row.measures.unpricedJobs > 0 { unpricedByDay[day, default: 0] += row.measures.unpricedJobs }
            let slice = Slice(key: dimension == nil ? nil : (row.keys[2] ?? SpendHistory.noneKey),
                              provider: row.keys[0] ?? "", model: row.keys[1] ?? "")
            points[slice, default: []].append((day, row.measures.cost))
            unpriced.unpricedJobs += row.measures.unpricedJobs
            unpriced.unpricedSeconds += row.measures.unpricedSeconds
        }
        let components = points.map { slice, points in
            Component(key: slice.key, provider: slice.provider, model: slice.model,
                      series: DailySeries(points, from: start, through: asOf),
                      stopDay: pricer.card.stopDay(provider: slice.provider, model: slice.model))
        }.sorted { a, b in
            ((a.key ?? ""), a.provider, a.model) < ((b.key ?? ""), b.provider, b.model)
        }
        self.init(zone: zone, asOf: asOf, start: start, lastDataDay: lastDataDay, dimension: dimension,
                  components: components, currency: currency, unpricedJobs: unpriced.unpricedJobs,
                  unpricedSeconds: unpriced.unpricedSeconds)
        dataInstant = span.upperBound
        unpricedJobsByDay = unpricedByDay
    }

    /// The first and last day (in `zone`) of the ledger's jobs, by the instant that decides their
    /// usage day (`--usage-date`); nil for an empty ledger.
    public static func dataSpan(ledger: Ledger, pricer: Pricer, zone: ReportZone = .utc) throws -> ClosedRange<Day>? {
        guard let span = try ledger.usageSpan(pricer.options.usageDate) else { return nil }
        let (first, last) = (span.lowerBound, span.upperBound)
        return zone.day(of: first)...zone.day(of: last)
    }

    /// All components added together, from the history's start through `asOf`.
    public var total: DailySeries {
        guard let start, start <= asOf else { return DailySeries([]) }
        return DailySeries.sum(components.map(\.series) + [DailySeries([], from: start, through: asOf)])
    }

    /// The exact spend of `days` that lie on or before `asOf`.
    public func actual(in days: ClosedRange<Day>) -> Money {
        guard days.lowerBound <= asOf else { return .zero }
        let known = days.lowerBound...min(days.upperBound, asOf)
        return components.map { $0.series.total(known) }.sum()
    }

    /// The `--by` values in order, each once.
    public var keys: [String] {
        var seen = Set<String>()
        return components.compactMap(\.key).filter { seen.insert($0).inserted }
    }
}
