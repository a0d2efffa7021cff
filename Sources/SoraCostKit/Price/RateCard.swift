/// A rate card: the prices one company pays, as data.
///
/// The JSON form is documented in docs/README-pricing.md. A card from a file is only ever
/// returned whole and valid: `parse(text:sourceName:)` and `load(path:)` collect every problem
/// and throw them together, so a user fixes a card in one pass.
public struct RateCard: Sendable, Equatable {
    /// The only `version` this soracost reads.
    public static let formatVersion = 1

    /// The file name (or `built-in`) used in messages and in `rates show`.
    public var sourceName: String
    public var defaults: RateDefaults
    public var entries: [RateEntry]
    /// Estimate rates (the card's `estimates`) for combinations that have no price: never used to
    /// price a job, only to show an estimated accrual for unpriced usage, apart from the cost.
    /// Each is read like an entry, its `estimate` in the place of `rate`.
    public var estimates: [RateEntry]

    public init(sourceName: String, defaults: RateDefaults = RateDefaults(), entries: [RateEntry],
                estimates: [RateEntry] = []) {
        self.sourceName = sourceName
        self.defaults = defaults
        self.entries = entries
        self.estimates = estimates
    }

    /// The file format: a JSON object with `version` and a list of `entries`.
    static let format = ConfigFormat(
        name: "rate card", version: formatVersion,
        members: ["version", "description", "currency", "batch_discount_percent", "discount_percent", "bill_failed",
                  "entries", "estimates"],
        list: "entries", listNoun: "rates", itemNoun: "entry")

    /// Reads and parses the card at `path`; issues name the path as given.
    public static func load(path: String) throws(RateCardError) -> RateCard {
        try format.load(path: path) { RateCardParser(root: $0).card() }
    }

    /// Parses and validates a card; throws every issue found, not just the first.
    public static func parse(text: String, sourceName: String) throws(RateCardError) -> RateCard {
        try format.parse(text: text, source: sourceName) { RateCardParser(root: $0).card() }
    }

    /// Every problem with this card's values: negative rates, empty periods, malformed currencies,
    /// percents outside 0–100, invalid sizes and overlapping periods for one provider/model/size.
    /// Empty when the card is usable.
    public func validate() -> [RateCardIssue] {
        RateCardValidator.issues(in: self)
    }
}

/// Card-level values that entries inherit unless they set their own.
public struct RateDefaults: Sendable, Equatable {
    public var currency: String?
    public var batchDiscount: RatePercent?
    public var discount: RatePercent?
    public var billFailed: Bool?

    public init(currency: String? = nil, batchDiscount: RatePercent? = nil, discount: RatePercent? = nil,
                billFailed: Bool? = nil) {
        self.currency = currency
        self.batchDiscount = batchDiscount
        self.discount = discount
        self.billFailed = billFailed
    }
}
