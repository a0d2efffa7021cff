/// Which card an entry came from.
public enum RateOrigin: String, Sendable, Codable {
    case builtIn = "built-in"
    case user
}

/// A rate card entry as the pricer uses it: where it came from, with the card defaults filled in.
public struct ResolvedRate: Sendable, Equatable {
    public var entry: RateEntry
    public var origin: RateOrigin
    /// The card's source name: `built-in` or the user card's path.
    public var cardName: String
    /// Zero-based index of the entry in its card.
    public var index: Int
    public var currency: String
    public var batchDiscount: RatePercent
    public var discount: RatePercent
    public var billFailed: Bool

    init(entry: RateEntry, card: RateCard, origin: RateOrigin, index: Int) {
        self.entry = entry
        self.origin = origin
        self.cardName = card.sourceName
        self.index = index
        self.currency = entry.currency ?? card.defaults.currency ?? "USD"
        self.batchDiscount = entry.batchDiscount ?? card.defaults.batchDiscount ?? .zero
        self.discount = entry.discount ?? card.defaults.discount ?? .zero
        self.billFailed = entry.billFailed ?? card.defaults.billFailed ?? false
    }

    /// `built-in entries[0]` or `rates/company.json entries[3]`.
    public var label: String { "\(cardName) entries[\(index)]" }

    /// The price of one unit for a job, with each discount that applied in order: batch first,
    /// then negotiated.
    ///
    /// Discounts scale the unit rate, rounding half-to-even to the micro-unit at each step (exact
    /// for whole percents on whole-cent rates). Pricing the rate rather than each job's total keeps
    /// cost linear in units, so a group of jobs costs exactly the sum of its jobs.
    public func unitRate(isBatch: Bool) -> (rate: Money, steps: [RateStep]) {
        var rate = entry.rate
        var steps: [RateStep] = []
        if isBatch, batchDiscount != .zero {
            rate = batchDiscount.discounting(rate)
            steps.append(RateStep(modifier: .batch, percent: batchDiscount, unitRate: rate))
        }
        if discount != .zero {
            rate = discount.discounting(rate)
            steps.append(RateStep(modifier: .negotiated, percent: discount, unitRate: rate))
        }
        return (rate, steps)
    }
}

/// The outcome of looking up a rate for a provider, model, size and day.
public enum RateLookup: Sendable, Equatable {
    case found(ResolvedRate)
    case unpriced(UnpricedReason)

    public var rate: ResolvedRate? {
        if case .found(let rate) = self { return rate }
        return nil
    }
}

/// The built-in card with an optional user card layered over it.
///
/// Among the entries in force on the job's usage day whose provider, model and size match, the
/// most specific wins, compared in this order:
/// 1. model: exact name > exact name of a dated snapshot's base model > glob, and among globs the
///    one with more literal characters;
/// 2. size: entries listing sizes > entries for any size;
/// 3. card: user > built-in;
/// 4. position: the earlier entry in its card.
public struct EffectiveCard: Sendable {
    public let builtIn: RateCard
    public let user: RateCard?
    /// Every entry, user card first, each card in its own order.
    public let entries: [ResolvedRate]
    /// Whether failed jobs bill when no entry matches them: the user card's default, else the
    /// built-in card's, else false.
    public let defaultBillFailed: Bool
    /// Entries by lower-cased provider, in `entries` order.
    private let byProvider: [String: [ResolvedRate]]

    /// The environment variable naming a user rate card when `--rates` is not given.
    public static let environmentVariable = "SORACOST_RATES"

    public init(builtIn: RateCard = BuiltInRates.card, user: RateCard? = nil) {
        self.builtIn = builtIn
        self.user = user
        var all: [ResolvedRate] = []
        if let user {
            all += user.entries.enumerated().map { ResolvedRate(entry: $1, card: user, origin: .user, index: $0) }
        }
        all += builtIn.entries.enumerated().map { ResolvedRate(entry: $1, card: builtIn, origin: .builtIn, index: $0) }
        self.entries = all
        self.defaultBillFailed = user?.defaults.billFailed ?? builtIn.defaults.billFailed ?? false
        self.byProvider = Dictionary(grouping: all) { $0.entry.provider.lowercased() }
    }

    /// The built-in card plus the user card named by `ratesPath` (the `--rates` option), else by
    /// `SORACOST_RATES` in `environment`, else none. Empty counts as unset.
    public static func load(ratesPath: String?, environment: [String: String]) throws(RateCardError) -> EffectiveCard {
        guard let path = resolvePath(explicit: ratesPath, environment: environment) else { return EffectiveCard() }
        return EffectiveCard(user: try RateCard.load(path: path))
    }

    /// The user card's path: `explicit` (the `--rates` option), else a non-empty
    /// `$SORACOST_RATES`, else nil.
    public static func resolvePath(explicit: String?, environment: [String: String]) -> String? {
        ConfigFormat.resolvePath(explicit: explicit, variable: environmentVariable, environment: environment)
    }

    /// The entries in force on `day`, in `entries` order.
    public func entries(inForceOn day: Day) -> [ResolvedRate] {
        entries.filter { $0.entry.isInForce(on: day) }
    }

    /// The rate for a job of this provider, model and size on a UTC usage day, or why there is none.
    ///
    /// Reasons are checked from the broadest: no entry for the provider and model (`unknownModel`),
    /// none of those for this size in either orientation (`unknownSize`), none of those in force
    /// on the day (`noRateOnDate`).
    public func lookup(provider: String, model: String, width: Int, height: Int, on day: Day) -> RateLookup {
        lookup(provider: provider, model: ModelName(model), width: width, height: height, on: day)
    }

    func lookup(provider: String, model: ModelName, width: Int, height: Int, on day: Day) -> RateLookup {
        let candidates = byProvider[provider.lowercased()] ?? []
        var sawModel = false
        var sawSize = false
        var best: (rate: ResolvedRate, rank: Rank)?
        for (position, candidate) in candidates.enumerated() {
            guard let match = candidate.entry.model.match(model) else { continue }
            sawModel = true
            guard candidate.entry.matchesSize(width: width, height: height) else { continue }
            sawSize = true
            guard candidate.entry.isInForce(on: day) else { continue }
            let rank = Rank(model: match, hasSizes: candidate.entry.sizes != nil,
                            isUser: candidate.origin == .user, position: position)
            if let current = best, rank < current.rank { continue }
            best = (candidate, rank)
        }
        if let best { return .found(best.rate) }
        return .unpriced(!sawModel ? .unknownModel : !sawSize ? .unknownSize : .noRateOnDate)
    }

    /// Why a job of this provider, model and size on `day` has no rate, or nil if it has one.
    /// For `rates check`: status and extension segments are the pricer's concern, not the card's.
    public func unpricedReason(provider: String, model: String, width: Int, height: Int, on day: Day) -> UnpricedReason? {
        if case .unpriced(let reason) = lookup(provider: provider, model: model, width: width, height: height, on: day) {
            return reason
        }
        return nil
    }

    /// Specificity of a matching entry; greater wins.
    private struct Rank: Comparable {
        var model: ModelMatch
        var hasSizes: Bool
        var isUser: Bool
        /// Position in `entries`; earlier wins, so it compares reversed.
        var position: Int

        static func < (lhs: Rank, rhs: Rank) -> Bool {
            if lhs.model != rhs.model { return lhs.model < rhs.model }
            if lhs.hasSizes != rhs.hasSizes { return !lhs.hasSizes }
            if lhs.isUser != rhs.isUser { return !lhs.isUser }
            return lhs.position > rhs.position
        }
    }
}
