/// A key reports can group by (`--by`).
public enum ReportDimension: Hashable, Sendable, CustomStringConvertible {
    case model, size, resolution, provider, account, project, user, status, kind
    case tag(String)

    /// Parses `model`, `tag:campaign`, ...
    public init?(_ text: String) {
        let lower = text.lowercased()
        if lower.hasPrefix("tag:") {
            let key = String(text.dropFirst(4))
            guard !key.isEmpty else { return nil }
            self = .tag(key)
            return
        }
        switch lower {
        case "model": self = .model
        case "size": self = .size
        case "resolution": self = .resolution
        case "provider": self = .provider
        case "account": self = .account
        case "project": self = .project
        case "user": self = .user
        case "status": self = .status
        case "kind": self = .kind
        default: return nil
        }
    }

    public static let names = "model, size, resolution, provider, account, project, user, status, kind, tag:KEY"

    public var description: String {
        switch self {
        case .model: "model"
        case .size: "size"
        case .resolution: "resolution"
        case .provider: "provider"
        case .account: "account"
        case .project: "project"
        case .user: "user"
        case .status: "status"
        case .kind: "kind"
        case .tag(let key): "tag:\(key)"
        }
    }

    /// Column key for tables and JSON: `model`, `tag_campaign`, ...
    public var columnKey: String {
        switch self {
        case .tag(let key):
            // ASCII only: a column key must match [a-z][a-z0-9_]*, and `é` is a letter too.
            "tag_" + String(key.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        default: description
        }
    }

    /// The ledger column a scan reads for this dimension; nil for those derived from the price
    /// group (model, size, resolution, provider, status, kind).
    var usageKey: UsageKey? {
        switch self {
        case .account: .account
        case .project: .project
        case .user: .user
        case .tag(let key): .tag(key)
        case .model, .size, .resolution, .provider, .status, .kind: nil
        }
    }
}

/// How rows are bucketed in time.
public enum ReportGranularity: String, Sendable, CaseIterable {
    case day, week, month, total

    /// The first day of the bucket holding `day` (ISO weeks start on Monday).
    public func bucket(of day: Day) -> Day? {
        switch self {
        case .day: day
        case .week: day.weekStart
        case .month: day.month.firstDay
        case .total: nil
        }
    }
}

/// Usage and cost of one row of a report.
public struct UsageMeasures: Sendable, Equatable {
    public var jobs = 0
    public var completed = 0
    /// Completed jobs that were billed: `completed` less the unpriced ones, the divisor of a cost
    /// per video (`MonthlyReview.costPerVideo`).
    public var billedCompleted = 0
    public var failed = 0
    public var pending = 0
    /// Billed seconds of video.
    public var seconds = 0
    public var cost = Money.zero
    public var unpricedJobs = 0
    public var unpricedSeconds = 0
    public var unpriced: [UnpricedReason: UnpricedUsage] = [:]
    /// Stitched seconds of the extensions unpriced because their new segment was not recorded
    /// (`UnpricedReason.extensionSegmentUnknown`, counted in `unpricedJobs` with 0 seconds): the
    /// upper bound of what they could bill. Pending, unbilled and otherwise unpriced extensions
    /// add nothing.
    public var stitchedSeconds = 0

    public init() {}

    /// Unpriced seconds plus the stitched seconds of extensions without a segment: the most
    /// seconds the unpriced jobs could bill.
    public var unpricedSecondsUpperBound: Int { unpricedSeconds + stitchedSeconds }

    public mutating func add(_ other: UsageMeasures) {
        jobs += other.jobs
        completed += other.completed
        billedCompleted += other.billedCompleted
        failed += other.failed
        pending += other.pending
        seconds += other.seconds
        cost += other.cost
        unpricedJobs += other.unpricedJobs
        unpricedSeconds += other.unpricedSeconds
        unpriced.merge(other.unpriced)
        stitchedSeconds += other.stitchedSeconds
    }

    mutating func add(_ price: GroupPrice, jobs count: Int) {
        jobs += count
        switch price.group.status {
        case .completed:
            completed += count
            billedCompleted += price.billedJobs
        case .failed: failed += count
        case .queued, .inProgress: pending += count
        }
        seconds += price.billedSeconds
        cost += price.cost
        unpricedJobs += price.unpricedJobs
        unpricedSeconds += price.unpricedSeconds
        unpriced.merge(price.unpriced)
    }
}

/// One row: a time bucket (nil for `.total`) and the values of the `--by` keys.
public struct UsageRow: Sendable, Equatable {
    public var bucket: Day?
    /// One value per dimension, in the order asked; nil where the ledger has none.
    public var keys: [String?]
    public var measures: UsageMeasures
}

/// Errors that stop a report.
public enum ReportError: Error, Equatable, CustomStringConvertible {
    case mixedCurrencies([String])

    public var description: String {
        switch self {
        case .mixedCurrencies(let list):
            "rate cards price this period in several currencies (\(list.joined(separator: ", "))); report one provider at a time with a filter"
        }
    }
}

/// Aggregates and prices the ledger's jobs for reports, forecasts and budgets.
///
/// The jobs are grouped by everything that decides a price (provider, model, size, status,
/// batch, kind and UTC usage day) plus the report's time bucket and `--by` keys, in one pass
/// (`UsageScan`); each group is then priced once. A million jobs become a few thousand groups,
/// and the result is exactly the sum of pricing each job alone.
public struct UsageQuery: Sendable {
    /// Instants from `from` (inclusive) to `to` (exclusive), Unix seconds.
    public var from: Int64
    public var to: Int64
    public var zone: ReportZone
    public var dimensions: [ReportDimension]
    public var granularity: ReportGranularity
    /// The jobs that count (a budget's scope); nil for every job.
    public var filter: JobFilter?

    public init(from: Int64, to: Int64, zone: ReportZone = .utc, dimensions: [ReportDimension] = [],
                granularity: ReportGranularity = .total, filter: JobFilter? = nil) {
        self.from = from
        self.to = to
        self.zone = zone
        self.dimensions = dimensions
        self.granularity = granularity
        self.filter = filter
    }

    /// The local days `first...last` in `zone`.
    public init(days: ClosedRange<Day>, zone: ReportZone = .utc, dimensions: [ReportDimension] = [],
                granularity: ReportGranularity = .total) {
        self.init(from: zone.start(of: days.lowerBound), to: zone.start(of: days.upperBound.advanced(by: 1)),
                  zone: zone, dimensions: dimensions, granularity: granularity)
    }

    /// Runs the query: rows sorted by bucket then keys, and the currency of the costs.
    public func run(ledger: Ledger, pricer: Pricer) throws -> (rows: [UsageRow], currency: String) {
        let scan = try UsageScan(parts: [UsageScan.Part(from: from, to: to, zone: zone, dimensions: dimensions)],
                                 filter: filter, ledger: ledger, pricer: pricer)
        return try scan.rows(part: 0, dimensions: dimensions, granularity: granularity)
    }

    /// Dated snapshots are reported under their base model, as they are billed.
    static func baseModel(_ name: String) -> String {
        ModelName.snapshotBase(of: name) ?? name
    }

    /// Sums rows into one total.
    public static func total(_ rows: [UsageRow]) -> UsageMeasures {
        var total = UsageMeasures()
        for row in rows { total.add(row.measures) }
        return total
    }
}
