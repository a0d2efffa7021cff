/// Prices jobs, one at a time or as pre-aggregated groups, against an effective rate card.
///
/// Billing rules:
/// - queued and in-progress jobs are pending: shown, never billed;
/// - failed jobs bill only if `billFailedOverride` says so, else if the matching entry (or, with
///   no entry, the card) says so; otherwise they are not billed;
/// - a per-second rate bills billable seconds (an extension's recorded new segment, else the
///   job's seconds); an extension without a recorded segment is unpriced;
/// - a per-generation rate bills one unit per job, extensions included;
/// - remixes and edits bill at their own model and size like any job;
/// - batch jobs take the batch discount, then every job takes the negotiated discount.
/// Single-job and group pricing share the unit rate, so a group costs exactly its jobs' sum.
public struct Pricer: Sendable {
    public let card: EffectiveCard
    public let options: PricingOptions

    public init(card: EffectiveCard, options: PricingOptions = PricingOptions()) {
        self.card = card
        self.options = options
    }

    public func price(_ job: Job) -> PriceResult {
        let day = options.usageDay(of: job)
        let billable = UsageGroup.billableSeconds(of: job)
        func result(_ outcome: PriceOutcome) -> PriceResult {
            PriceResult(outcome: outcome, usageDay: day, billableSeconds: billable)
        }

        guard job.status.isTerminal else { return result(.pending) }
        let lookup = card.lookup(provider: job.provider, model: ModelName(job.model), width: job.width,
                                 height: job.height, on: day)
        if job.status == .failed, !billsFailed(lookup.rate) { return result(.notBilled(lookup.rate)) }
        let rate: ResolvedRate
        switch lookup {
        case .found(let found): rate = found
        case .unpriced(let reason): return result(.unpriced(reason, nil))
        }

        let quantity: Int
        switch rate.entry.unit {
        case .second:
            guard let billable else { return result(.unpriced(.extensionSegmentUnknown, rate)) }
            quantity = billable
        case .generation:
            quantity = 1
        }
        let (unitRate, steps) = rate.unitRate(isBatch: job.isBatch)
        return result(.billed(PriceCharge(amount: unitRate * Int64(quantity), currency: rate.currency, rate: rate,
                                          quantity: quantity, unitRate: unitRate, steps: steps)))
    }

    /// Prices `jobs` jobs of one group. `seconds` are their billable seconds and
    /// `extensionsWithoutSegment` how many of them are extensions with no recorded segment (they
    /// add nothing to `seconds`); see `UsageCounts`.
    public func price(group: UsageGroup, jobs: Int, seconds: Int, extensionsWithoutSegment: Int) -> GroupPrice {
        price(group: group, jobs: jobs, seconds: seconds, extensionsWithoutSegment: extensionsWithoutSegment) {
            card.lookup(provider: group.provider, model: ModelName(group.model), width: group.width,
                        height: group.height, on: group.usageDay)
        }
    }

    /// `price(group:jobs:seconds:extensionsWithoutSegment:)` with the card's answer for the
    /// group's provider, model, size and usage day supplied by `lookup` (called only for a
    /// terminal status), so a caller pricing many groups that share them can look it up once.
    func price(group: UsageGroup, jobs: Int, seconds: Int, extensionsWithoutSegment: Int,
               lookup: () -> RateLookup) -> GroupPrice {
        var price = GroupPrice(group: group)
        guard jobs > 0 else { return price }
        guard group.status.isTerminal else {
            price.pendingJobs = jobs
            return price
        }
        let lookup = lookup()
        price.rate = lookup.rate
        if group.status == .failed, !billsFailed(lookup.rate) {
            price.notBilledJobs = jobs
            return price
        }
        let rate: ResolvedRate
        switch lookup {
        case .found(let found):
            rate = found
        case .unpriced(let reason):
            price.unpriced[reason] = UnpricedUsage(jobs: jobs, seconds: seconds)
            return price
        }

        let units: Int
        switch rate.entry.unit {
        case .second:
            units = seconds
            price.billedJobs = jobs - extensionsWithoutSegment
            if extensionsWithoutSegment > 0 {
                price.unpriced[.extensionSegmentUnknown] = UnpricedUsage(jobs: extensionsWithoutSegment, seconds: 0)
            }
        case .generation:
            units = jobs
            price.billedJobs = jobs
        }
        price.billedSeconds = seconds
        guard price.billedJobs > 0 else { return price }
        let (unitRate, steps) = rate.unitRate(isBatch: group.isBatch)
        price.unitRate = unitRate
        price.steps = steps
        price.currency = rate.currency
        price.cost = unitRate * Int64(units)
        return price
    }

    public func price(group: UsageGroup, counts: UsageCounts) -> GroupPrice {
        price(group: group, jobs: counts.jobs, seconds: counts.seconds,
              extensionsWithoutSegment: counts.extensionsWithoutSegment)
    }

    /// Why `job` would be unpriced, or nil if it is billed, pending or not billed.
    public func unpricedReason(for job: Job) -> UnpricedReason? {
        price(job).unpricedReason
    }

    private func billsFailed(_ rate: ResolvedRate?) -> Bool {
        options.billFailedOverride ?? rate?.billFailed ?? card.defaultBillFailed
    }
}
