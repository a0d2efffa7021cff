/// Why usage has no price. Reports show such usage as unpriced, never as $0.
public enum UnpricedReason: String, Sendable, CaseIterable, Codable, Comparable {
    /// No entry for the job's provider and model (or the model's snapshot base).
    case unknownModel = "unknown_model"
    /// The model is priced, but not at this size in either orientation.
    case unknownSize = "unknown_size"
    /// The model and size are priced, but no entry is in force on the usage day.
    case noRateOnDate = "no_rate_on_date"
    /// A per-second rate applies to an extension whose newly generated segment was never
    /// recorded; its `seconds` is the stitched total, which would overbill.
    case extensionSegmentUnknown = "extension_segment_unknown"

    /// A sentence for reports and `explain`.
    public var explanation: String {
        switch self {
        case .unknownModel: "no rate card entry for this provider and model"
        case .unknownSize: "the model is priced, but not at this size"
        case .noRateOnDate: "the model and size are priced, but no rate is in force on the usage day"
        case .extensionSegmentUnknown: "extension whose new segment length was not recorded; its seconds are the stitched total"
        }
    }

    public static func < (lhs: UnpricedReason, rhs: UnpricedReason) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A discount that changed a unit rate.
public struct RateStep: Sendable, Equatable {
    public enum Modifier: String, Sendable, Codable {
        case batch
        case negotiated
    }

    public var modifier: Modifier
    public var percent: RatePercent
    /// The unit rate after this step.
    public var unitRate: Money
}

/// The charge for billed usage.
public struct PriceCharge: Sendable, Equatable {
    public var amount: Money
    public var currency: String
    public var rate: ResolvedRate
    /// Units billed: seconds for a per-second rate, jobs for a per-generation rate.
    public var quantity: Int
    /// The unit rate after every discount; `amount == unitRate × quantity` exactly.
    public var unitRate: Money
    public var steps: [RateStep]

    /// `8 s × $0.10/s = $0.80; batch −50% = $0.40`.
    public var arithmetic: String {
        let unit = rate.entry.unit
        let quantityText = switch unit {
        case .second: "\(quantity) s"
        case .generation: quantity == 1 ? "1 generation" : "\(quantity) generations"
        }
        let base = rate.entry.rate
        var text = "\(quantityText) × \(base.formatted(currency))\(unit.suffix) = \((base * Int64(quantity)).formatted(currency))"
        for step in steps {
            text += "; \(step.modifier.rawValue) −\(step.percent) = \((step.unitRate * Int64(quantity)).formatted(currency))"
        }
        return text
    }
}

/// How one job is priced.
public enum PriceOutcome: Sendable, Equatable {
    /// Completed (or failed, where the card bills failures) and priced.
    case billed(PriceCharge)
    /// Queued or in progress: shown in reports, not billed yet.
    case pending
    /// Failed, and failures are not billed; carries the rate that would apply, if any.
    case notBilled(ResolvedRate?)
    /// Billable but without a price; carries the rate found, if the reason is the job's own data.
    case unpriced(UnpricedReason, ResolvedRate?)

    /// `billed`, `pending`, `not_billed` or `unpriced`, for JSON and CSV.
    public var name: String {
        switch self {
        case .billed: "billed"
        case .pending: "pending"
        case .notBilled: "not_billed"
        case .unpriced: "unpriced"
        }
    }
}

/// The price of one job.
public struct PriceResult: Sendable, Equatable {
    public var outcome: PriceOutcome
    /// The UTC day whose rates apply.
    public var usageDay: Day
    /// Seconds a per-second rate bills: the new segment of an extension, else the job's seconds;
    /// nil for an extension whose segment was not recorded.
    public var billableSeconds: Int?

    public init(outcome: PriceOutcome, usageDay: Day, billableSeconds: Int?) {
        self.outcome = outcome
        self.usageDay = usageDay
        self.billableSeconds = billableSeconds
    }

    /// The amount billed, or nil unless billed: unpriced and pending jobs have no cost, not $0.
    public var cost: Money? {
        if case .billed(let charge) = outcome { return charge.amount }
        return nil
    }

    public var unpricedReason: UnpricedReason? {
        if case .unpriced(let reason, _) = outcome { return reason }
        return nil
    }
}

extension Money {
    /// `$0.10` for USD, `0.10 EUR` otherwise; exact, never rounded (see `decimalString`).
    public func formatted(_ currency: String) -> String {
        currency == "USD" ? (micros < 0 ? "-$" + (-self).decimalString : "$" + decimalString) : "\(decimalString) \(currency)"
    }
}
