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

    public init(totals: CostTotals, groups: [UnpricedGroup]) {
        self.totals = totals
        self.groups = groups
    }
}
