/// Jobs that price identically, as a report aggregates them before pricing.
///
/// Every job in a group has the same rate and modifiers, so pricing the group once gives exactly
/// the sum of pricing its jobs one by one. `usageDay` is a UTC day chosen by
/// `PricingOptions.usageDate`; a report in another zone still groups by this UTC day for pricing.
public struct UsageGroup: Hashable, Sendable {
    public var provider: String
    public var model: String
    public var width: Int
    public var height: Int
    public var status: JobStatus
    public var isBatch: Bool
    public var kind: RequestKind
    public var usageDay: Day

    public init(provider: String, model: String, width: Int, height: Int, status: JobStatus, isBatch: Bool,
                kind: RequestKind, usageDay: Day) {
        self.provider = provider
        self.model = model
        self.width = width
        self.height = height
        self.status = status
        self.isBatch = isBatch
        self.kind = kind
        self.usageDay = usageDay
    }

    /// The group `job` belongs to.
    public init(job: Job, options: PricingOptions) {
        self.init(provider: job.provider, model: job.model, width: job.width, height: job.height,
                  status: job.status, isBatch: job.isBatch, kind: job.kind, usageDay: options.usageDay(of: job))
    }

    /// Seconds a per-second rate bills for `job` (`BilledLength`): the recorded new segment of
    /// an extension, else the job's seconds; nil for an extension whose segment is unknown.
    public static func billableSeconds(of job: Job) -> Int? {
        switch BilledLength.of(job.kind) {
        case .seconds: job.seconds
        case .segmentSeconds: job.segmentSeconds
        }
    }
}

/// The counts a group is priced from.
public struct UsageCounts: Hashable, Sendable {
    public var jobs: Int
    /// Billable seconds (`UsageGroup.billableSeconds(of:)`); extensions without a recorded segment
    /// add nothing here.
    public var seconds: Int
    /// Extensions whose new segment is unknown (counted in `jobs` too).
    public var extensionsWithoutSegment: Int

    public init(jobs: Int = 0, seconds: Int = 0, extensionsWithoutSegment: Int = 0) {
        self.jobs = jobs
        self.seconds = seconds
        self.extensionsWithoutSegment = extensionsWithoutSegment
    }

    public mutating func add(_ job: Job) {
        jobs += 1
        if let seconds = UsageGroup.billableSeconds(of: job) {
            self.seconds += seconds
        } else {
            extensionsWithoutSegment += 1
        }
    }

    /// `jobs` grouped and counted in memory, for callers without SQL at hand.
    public static func aggregate(_ jobs: some Sequence<Job>, options: PricingOptions) -> [UsageGroup: UsageCounts] {
        var groups: [UsageGroup: UsageCounts] = [:]
        for job in jobs {
            groups[UsageGroup(job: job, options: options), default: UsageCounts()].add(job)
        }
        return groups
    }
}
