/// Choices that change how jobs are priced, set by command-line options.
public struct PricingOptions: Sendable, Equatable {
    /// Which instant decides a job's usage day, and so which rates apply.
    public enum UsageDate: String, Sendable, CaseIterable, Codable {
        /// The UTC day the job was created (the default: the request is what is billed).
        case createdAt = "created_at"
        /// The UTC day the job completed; jobs not completed fall back to `created_at`.
        case completedAt = "completed_at"
    }

    public var usageDate: UsageDate
    /// Bills (true) or never bills (false) failed jobs whatever the card says; nil follows the card.
    public var billFailedOverride: Bool?

    public init(usageDate: UsageDate = .createdAt, billFailedOverride: Bool? = nil) {
        self.usageDate = usageDate
        self.billFailedOverride = billFailedOverride
    }

    /// The UTC day whose rates apply to `job`.
    public func usageDay(of job: Job) -> Day {
        switch usageDate {
        case .createdAt: Day(unix: job.createdAt)
        case .completedAt: Day(unix: job.completedAt ?? job.createdAt)
        }
    }

    /// The SQL expression for the usage day index (days since 1970-01-01, UTC) on the `jobs`
    /// table, for reports that aggregate before pricing. Times are non-negative, so integer
    /// division is the floor.
    public var usageDaySQL: String {
        switch usageDate {
        case .createdAt: "(created_at / 86400)"
        case .completedAt: "(COALESCE(completed_at, created_at) / 86400)"
        }
    }
}
