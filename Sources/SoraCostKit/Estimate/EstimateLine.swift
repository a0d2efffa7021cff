/// How often a line's `count` jobs run: per day, per week, or per 30-day month.
///
/// `month` means a 30-day month, the one fixed length: a count per calendar month would make the
/// daily rate depend on which month, and `--month` already shows any calendar month's figure.
public enum EstimatePer: String, Sendable, CaseIterable, Codable {
    case day, week, month

    /// Days in one period: 1, 7 or 30.
    public var days: Int64 {
        switch self {
        case .day: 1
        case .week: 7
        case .month: 30
        }
    }

    /// `a day`, `a week`, `a 30-day month`.
    public var phrase: String {
        switch self {
        case .day: "a day"
        case .week: "a week"
        case .month: "a 30-day month"
        }
    }
}

/// One hypothetical workload: `count` jobs of one model, size and length per day, week or month.
///
/// A line is what an engineer plans, not a job the ledger holds; `Estimator` prices it as a
/// completed job (and, with a failure share, a failed one) on one day through the `Pricer`.
public struct EstimateLine: Sendable, Equatable {
    /// The scenario line's name; nil for a single `estimate` from the command line.
    public var name: String?
    /// Who serves the jobs (`openai`, `azure`, a gateway), as rate cards name providers.
    public var provider: String
    public var model: String
    public var size: RateSize
    /// Seconds of output video per job (for a per-second rate, the billed seconds).
    public var seconds: Int
    /// Jobs per `per`.
    public var count: Int
    public var per: EstimatePer
    /// Jobs run through the Batch API (the card's batch discount applies).
    public var isBatch: Bool
    /// The share of the jobs that fail; they cost what the card bills for a failed job (nothing
    /// unless it bills failures).
    public var failureShare: RatePercent

    public init(name: String? = nil, provider: String = "openai", model: String, size: RateSize, seconds: Int,
                count: Int, per: EstimatePer, isBatch: Bool = false, failureShare: RatePercent = .zero) {
        self.name = name
        self.provider = provider
        self.model = model
        self.size = size
        self.seconds = seconds
        self.count = count
        self.per = per
        self.isBatch = isBatch
        self.failureShare = failureShare
    }

    /// `sora-2 1280x720, 8 s, 10 a day` with `batch` and the failure share when they apply.
    public var summary: String {
        var text = "\(model) \(size), \(seconds) s, \(count) \(per.phrase)"
        if provider.lowercased() != "openai" { text += " on \(provider)" }
        if isBatch { text += ", batch" }
        if failureShare != .zero { text += ", \(failureShare) failing" }
        return text
    }

    /// A hypothetical job of this line on `day`, with `status`: what the pricer prices.
    func job(on day: Day, status: JobStatus) -> Job {
        Job(provider: provider, videoID: "estimate", model: model, status: status, seconds: seconds,
            width: size.width, height: size.height, createdAt: day.unixStart, completedAt: day.unixStart,
            isBatch: isBatch)
    }
}
