/// Usage that could not be priced.
public struct UnpricedUsage: Hashable, Sendable {
    public var jobs: Int
    /// Billable seconds of those jobs; extensions with an unknown segment add none.
    public var seconds: Int

    public init(jobs: Int = 0, seconds: Int = 0) {
        self.jobs = jobs
        self.seconds = seconds
    }
}

/// The price of a `UsageGroup`: what was billed, and what was pending, not billed or unpriced.
public struct GroupPrice: Sendable, Equatable {
    public var group: UsageGroup
    /// Exact cost of the billed jobs; zero when none was billed (check `billedJobs`).
    public var cost: Money
    /// Currency of `cost`; nil when nothing was billed.
    public var currency: String?
    /// The entry that priced the group, when one matched.
    public var rate: ResolvedRate?
    /// Unit rate after discounts; `cost == unitRate × billed units`.
    public var unitRate: Money?
    public var steps: [RateStep]
    public var billedJobs: Int
    public var billedSeconds: Int
    public var pendingJobs: Int
    public var notBilledJobs: Int
    public var unpriced: [UnpricedReason: UnpricedUsage]

    init(group: UsageGroup) {
        self.group = group
        self.cost = .zero
        self.steps = []
        self.billedJobs = 0
        self.billedSeconds = 0
        self.pendingJobs = 0
        self.notBilledJobs = 0
        self.unpriced = [:]
    }

    public var unpricedJobs: Int { unpriced.values.reduce(0) { $0 + $1.jobs } }
    public var unpricedSeconds: Int { unpriced.values.reduce(0) { $0 + $1.seconds } }
}

/// Running totals over priced jobs or groups, by currency, keeping unpriced usage apart.
///
/// Adding every job of a set one by one and adding the groups of the same set give equal totals.
public struct CostTotals: Sendable, Equatable {
    public var cost: [String: Money] = [:]
    public var billedJobs = 0
    public var billedSeconds = 0
    public var pendingJobs = 0
    public var notBilledJobs = 0
    public var unpriced: [UnpricedReason: UnpricedUsage] = [:]

    public init() {}

    public var unpricedJobs: Int { unpriced.values.reduce(0) { $0 + $1.jobs } }

    public mutating func add(_ result: PriceResult) {
        switch result.outcome {
        case .billed(let charge):
            cost[charge.currency, default: .zero] += charge.amount
            billedJobs += 1
            billedSeconds += result.billableSeconds ?? 0
        case .pending:
            pendingJobs += 1
        case .notBilled:
            notBilledJobs += 1
        case .unpriced(let reason, _):
            unpriced[reason, default: UnpricedUsage()].jobs += 1
            unpriced[reason, default: UnpricedUsage()].seconds += result.billableSeconds ?? 0
        }
    }

    public mutating func add(_ price: GroupPrice) {
        if let currency = price.currency {
            cost[currency, default: .zero] += price.cost
        }
        billedJobs += price.billedJobs
        billedSeconds += price.billedSeconds
        pendingJobs += price.pendingJobs
        notBilledJobs += price.notBilledJobs
        unpriced.merge(price.unpriced)
    }
}

extension Dictionary where Key == UnpricedReason, Value == UnpricedUsage {
    /// Adds `other`'s jobs and seconds reason by reason.
    public mutating func merge(_ other: [UnpricedReason: UnpricedUsage]) {
        for (reason, usage) in other {
            self[reason, default: UnpricedUsage()].jobs += usage.jobs
            self[reason, default: UnpricedUsage()].seconds += usage.seconds
        }
    }
}
