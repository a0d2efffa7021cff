/// The billing rules that decide which jobs count where, each written once as data that both the
/// Swift functions below and the ledger's SQL builder (`Ledger/BillingSQL.swift`) read; a test
/// runs the two over every combination and proves they agree.

/// A job instant a rule may read.
public enum JobInstant: Sendable, CaseIterable {
    case createdAt
    case completedAt

    func value(of job: Job) -> Int64? {
        switch self {
        case .createdAt: job.createdAt
        case .completedAt: job.completedAt
        }
    }
}

extension PricingOptions.UsageDate {
    /// The instants that date a job's usage, the first one recorded winning; the last is always
    /// `createdAt`, which every job has.
    public var instants: [JobInstant] {
        switch self {
        case .createdAt: [.createdAt]
        case .completedAt: [.completedAt, .createdAt]
        }
    }

    /// The instant (Unix seconds) that places `job` in a report period and, in whole UTC days,
    /// picks its rates.
    public func instant(of job: Job) -> Int64 {
        for field in instants {
            if let value = field.value(of: job) { return value }
        }
        return job.createdAt
    }
}

/// Which recorded length a per-second rate bills.
public enum BilledLength: Sendable {
    /// The job's `seconds`: the whole video it produced.
    case seconds
    /// The job's `segmentSeconds`: only the new segment an extension added; unknown when not
    /// recorded, and then the job cannot be priced per second.
    case segmentSeconds

    /// The rule: an extension bills its new segment, every other kind its whole length.
    public static func of(_ kind: RequestKind) -> BilledLength {
        kind == .extension ? .segmentSeconds : .seconds
    }
}

extension ModelName {
    /// A dated snapshot is `<base><separator><YYYY-MM-DD>` with a real calendar date and a
    /// non-empty base; it bills as its base model.
    public static let snapshotSeparator: UInt8 = UInt8(ascii: "-")
    /// `YYYY-MM-DD`: ten characters, digits but for the two dashes.
    public static let snapshotDateLength = 10
    /// The positions of the dashes within the date.
    static let snapshotDateDashes: Set<Int> = [4, 7]

    /// Whether `model` bills as `base`: it is `base` or a dated snapshot of it, ignoring case.
    public static func billsAs(_ model: String, base: String) -> Bool {
        model.lowercased() == base.lowercased() || snapshotBase(of: model)?.lowercased() == base.lowercased()
    }
}
