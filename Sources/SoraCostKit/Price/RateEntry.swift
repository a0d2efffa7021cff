/// What one unit of a rate buys.
public enum RateUnit: String, Sendable, CaseIterable, Codable {
    /// Per second of output video (for an extension: per second of the newly generated segment).
    case second
    /// Per job, whatever its length.
    case generation

    /// The short form used after a rate: `/s`, `/generation`.
    public var suffix: String {
        switch self {
        case .second: "/s"
        case .generation: "/generation"
        }
    }
}

/// One priced line of a rate card: who served it, which model and sizes, the rate, and the
/// period it is in force.
///
/// The period is half-open: from `effectiveFrom` (inclusive, nil = since always) to `effectiveTo`
/// (exclusive, nil = open). Days are UTC calendar days of the job's usage date. Modifiers left nil
/// fall back to the card's defaults and then to no discount and failed jobs not billed.
public struct RateEntry: Sendable, Equatable {
    /// Provider name as jobs carry it (`openai`, `azure`, a gateway); matched ignoring case.
    public var provider: String
    public var model: ModelPattern
    /// The sizes this rate applies to in either orientation; nil means any size.
    public var sizes: [RateSize]?
    public var unit: RateUnit
    /// Price of one unit, in micro-units of `currency`.
    public var rate: Money
    /// ISO 4217 code; nil takes the card's default currency, and then USD.
    public var currency: String?
    public var effectiveFrom: Day?
    public var effectiveTo: Day?
    /// Where the price comes from: a price page, a contract, an invoice.
    public var source: String
    /// Batch discount applied to batch jobs.
    public var batchDiscount: RatePercent?
    /// Negotiated discount applied to every job this entry prices.
    public var discount: RatePercent?
    /// Whether failed jobs are billed like completed ones.
    public var billFailed: Bool?

    public init(
        provider: String, model: String, sizes: [RateSize]? = nil, unit: RateUnit, rate: Money,
        currency: String? = nil, effectiveFrom: Day? = nil, effectiveTo: Day? = nil, source: String = "",
        batchDiscount: RatePercent? = nil, discount: RatePercent? = nil, billFailed: Bool? = nil
    ) {
        self.provider = provider
        self.model = ModelPattern(model)
        self.sizes = sizes
        self.unit = unit
        self.rate = rate
        self.currency = currency
        self.effectiveFrom = effectiveFrom
        self.effectiveTo = effectiveTo
        self.source = source
        self.batchDiscount = batchDiscount
        self.discount = discount
        self.billFailed = billFailed
    }

    /// Whether the entry is in force on `day`: `effectiveFrom <= day < effectiveTo`.
    public func isInForce(on day: Day) -> Bool {
        if let from = effectiveFrom, day < from { return false }
        if let to = effectiveTo, day >= to { return false }
        return true
    }

    /// Whether the entry prices a video of `width`×`height`, in either orientation.
    public func matchesSize(width: Int, height: Int) -> Bool {
        guard let sizes else { return true }
        return sizes.contains { $0.matches(width: width, height: height) }
    }

    /// The period for messages: `2025-10-06 to 2026-09-25 (exclusive)`, `from 2026-03-01`, `always`.
    public var periodText: String {
        switch (effectiveFrom, effectiveTo) {
        case let (from?, to?): "\(from) to \(to) (exclusive)"
        case let (from?, nil): "from \(from), open-ended"
        case let (nil, to?): "until \(to) (exclusive)"
        case (nil, nil): "always"
        }
    }

    /// The sizes for messages: `720x1280, 1280x720`, or `any size`.
    public var sizesText: String {
        sizes.map { $0.map(\.description).joined(separator: ", ") } ?? "any size"
    }
}
