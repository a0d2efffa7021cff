/// Failed jobs of a period counted per error code, aggregated by the ledger.
///
/// Jobs are placed in the period exactly as `UsageQuery` places them (by the usage-date
/// instant), so the counts add up to the `failed` measure of the same period. With the default
/// usage date the filter is a range on `created_at`, answered from the `jobs_by_created` index.
public struct FailureQuery: Sendable {
    /// Instants from `from` (inclusive) to `to` (exclusive), Unix seconds.
    public var from: Int64
    public var to: Int64

    public init(from: Int64, to: Int64) {
        self.from = from
        self.to = to
    }

    /// The local days `days` in `zone`.
    public init(days: ClosedRange<Day>, zone: ReportZone = .utc) {
        self.init(from: zone.start(of: days.lowerBound), to: zone.start(of: days.upperBound.advanced(by: 1)))
    }

    /// One code's count: `code` is nil for failed jobs whose error recorded no code.
    public struct Row: Sendable, Equatable {
        public var code: String?
        public var jobs: Int
        /// The seconds of video those jobs asked for (none of it delivered).
        public var seconds: Int

        public init(code: String?, jobs: Int, seconds: Int) {
            self.code = code
            self.jobs = jobs
            self.seconds = seconds
        }
    }

    /// The codes, most frequent first, ties by code (no code last).
    public func run(ledger: Ledger, options: PricingOptions) throws -> [Row] {
        let rows = try ledger.failureCounts(from: from, to: to, usageDate: options.usageDate).map {
            Row(code: $0.code, jobs: $0.jobs, seconds: $0.seconds)
        }
        return FailureQuery.ordered(rows)
    }

    /// Most frequent first, ties by code (no code last).
    static func ordered(_ rows: [Row]) -> [Row] {
        rows.sorted { a, b in
            if a.jobs != b.jobs { return a.jobs > b.jobs }
            switch (a.code, b.code) {
            case let (x?, y?): return x < y
            case (nil, _): return false
            case (_, nil): return true
            }
        }
    }
}
