/// A job that illustrates an unpriced group: its video id and UTC usage day.
public struct UnpricedExample: Hashable, Sendable, Comparable {
    public var videoID: String
    public var usageDay: Day

    public init(videoID: String, usageDay: Day) {
        self.videoID = videoID
        self.usageDay = usageDay
    }

    /// Oldest first, then by id, so the examples shown are stable from run to run.
    public static func < (lhs: UnpricedExample, rhs: UnpricedExample) -> Bool {
        (lhs.usageDay, lhs.videoID) < (rhs.usageDay, rhs.videoID)
    }
}

/// Unpriced usage of one provider, model and size for one reason: what a rate card lacks.
public struct UnpricedGroup: Hashable, Sendable {
    public var reason: UnpricedReason
    public var provider: String
    public var model: String
    public var width: Int
    public var height: Int
    public var jobs: Int
    /// Billable seconds; extensions without a recorded segment add none (their length is unknown).
    public var seconds: Int
    /// First and last UTC usage day of the group's jobs.
    public var firstDay: Day
    public var lastDay: Day
    /// A few of its jobs, oldest first.
    public var examples: [UnpricedExample]

    /// `WIDTHxHEIGHT`, as the API writes it.
    public var size: String { "\(width)x\(height)" }
}

/// What a rate card leaves unpriced in a ledger, for `rates check` and `status`.
public struct UnpricedUsageReport: Sendable, Equatable {
    /// Every job priced under the card: billed, pending, not billed and unpriced by reason.
    public var totals: CostTotals
    /// The unpriced usage by reason, provider, model and size, in that order.
    public var groups: [UnpricedGroup]
}

extension Ledger {
    /// Prices the whole ledger by groups and returns what stays unpriced, with up to
    /// `examples` example jobs per group, oldest first and at most two a day (0 for counts only,
    /// as `status` wants).
    ///
    /// One `GROUP BY` pass aggregates the jobs by everything that decides a price (provider,
    /// model, size, status, batch, kind, UTC usage day), so the work in Swift is per group, not
    /// per job; each aggregate row also carries the smallest and largest video id, of all its
    /// jobs and of its extensions without a segment, which serve as examples without a second
    /// query. Totals equal pricing every job one by one (`Pricer.price(group:...)` is linear).
    public func unpricedUsage(pricer: Pricer, examples: Int = 3) throws -> UnpricedUsageReport {
        let noSegment = UsageGroup.extensionWithoutSegmentSQL
        // The example ids cost about a third of the query's time, so counts-only callers skip them.
        let exampleColumns = examples > 0
            ? "MIN(video_id), MAX(video_id), MIN(CASE WHEN \(noSegment) THEN video_id END), MAX(CASE WHEN \(noSegment) THEN video_id END)"
            : "NULL, NULL, NULL, NULL"
        let statement = try database.prepare("""
            SELECT provider, model, width, height, status, is_batch, kind, \(pricer.options.usageDaySQL) AS usage_day,
                   COUNT(*), SUM(\(UsageGroup.billableSecondsSQL)), SUM(\(noSegment)), \(exampleColumns)
            FROM jobs
            GROUP BY provider, model, width, height, status, is_batch, kind, usage_day
            """)

        struct Key: Hashable {
            var reason: UnpricedReason
            var provider: String
            var model: String
            var width: Int
            var height: Int
        }
        var totals = CostTotals()
        var groups: [Key: UnpricedGroup] = [:]

        try statement.bind([])
        while try statement.step() {
            let group = UsageGroup(
                provider: statement.text(0) ?? "", model: statement.text(1) ?? "",
                width: statement.int(2), height: statement.int(3),
                status: JobStatus(rawValue: statement.text(4) ?? "") ?? .queued,
                isBatch: statement.int(5) != 0,
                kind: RequestKind(rawValue: statement.text(6) ?? "") ?? .create,
                usageDay: Day(index: statement.int(7)))
            let price = pricer.price(group: group, jobs: statement.int(8), seconds: statement.int(9),
                                     extensionsWithoutSegment: statement.int(10))
            totals.add(price)
            for (reason, usage) in price.unpriced where usage.jobs > 0 {
                // Only the extensions without a segment are unpriced for that reason; for any
                // other reason the whole aggregate row is.
                let ids = reason == .extensionSegmentUnknown
                    ? [statement.text(13), statement.text(14)] : [statement.text(11), statement.text(12)]
                let key = Key(reason: reason, provider: group.provider, model: group.model,
                              width: group.width, height: group.height)
                var entry = groups[key] ?? UnpricedGroup(
                    reason: reason, provider: group.provider, model: group.model, width: group.width,
                    height: group.height, jobs: 0, seconds: 0, firstDay: group.usageDay, lastDay: group.usageDay,
                    examples: [])
                entry.jobs += usage.jobs
                entry.seconds += usage.seconds
                entry.firstDay = min(entry.firstDay, group.usageDay)
                entry.lastDay = max(entry.lastDay, group.usageDay)
                if examples > 0 {
                    let found = Set(ids.compactMap { $0 }).map { UnpricedExample(videoID: $0, usageDay: group.usageDay) }
                    entry.examples = Array(Set(entry.examples + found).sorted().prefix(examples))
                }
                groups[key] = entry
            }
        }
        statement.reset()

        let ordered = groups.values.sorted {
            ($0.reason, $0.provider, $0.model, $0.width, $0.height) < ($1.reason, $1.provider, $1.model, $1.width, $1.height)
        }
        return UnpricedUsageReport(totals: totals, groups: ordered)
    }
}
