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

    /// The UTC day whose rates apply to `job`: the day of its usage instant.
    public func usageDay(of job: Job) -> Day {
        Day(unix: usageDate.instant(of: job))
    }
}
