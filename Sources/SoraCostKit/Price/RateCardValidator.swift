/// The value rules every rate card must meet, whether parsed from a file or built in code.
enum RateCardValidator {
    /// The highest rate a card may give: 1,000 a second (or a generation), ten thousand times
    /// the dearest published rate. With it a job of a day's video costs under 0.1 billion and a
    /// ledger would need about 100,000 such jobs to reach the 9.2 trillion Money can hold, so a
    /// valid card cannot overflow a realistic ledger; a typo such as "800000000000" is refused.
    static let maximumRate = Money(micros: 1_000 * Money.microsPerUnit)

    /// Every issue in `card`, whose entries are numbered by their position.
    static func issues(in card: RateCard) -> [RateCardIssue] {
        let numbered = Array(zip(card.entries.indices, card.entries))
        return cardIssues(card) + numbered.flatMap { entryIssues($1, index: $0, source: card.sourceName) }
            + overlaps(numbered, source: card.sourceName)
    }

    /// Issues with the card-level defaults.
    static func cardIssues(_ card: RateCard) -> [RateCardIssue] {
        var issues: [RateCardIssue] = []
        if let currency = card.defaults.currency, !isCurrencyCode(currency) {
            issues.append(RateCardIssue(source: card.sourceName, field: "currency", message: currencyMessage(currency)))
        }
        for (field, percent) in [("batch_discount_percent", card.defaults.batchDiscount),
                                 ("discount_percent", card.defaults.discount)] {
            if let percent, !(RatePercent.zero...RatePercent.hundred).contains(percent) {
                issues.append(RateCardIssue(source: card.sourceName, field: field, message: "\(percent) is outside 0–100%"))
            }
        }
        return issues
    }

    /// Issues with one entry's own values; `index` is its position in the file.
    static func entryIssues(_ entry: RateEntry, index: Int, source: String) -> [RateCardIssue] {
        var issues: [RateCardIssue] = []
        func issue(_ field: String, _ message: String) {
            issues.append(RateCardIssue(source: source, item: .entry(index), field: field, message: message))
        }
        if entry.provider.trimmingCharactersWhitespace().isEmpty {
            issue("provider", "must not be empty")
        }
        if entry.model.text.trimmingCharactersWhitespace().isEmpty {
            issue("model", "must not be empty; use \"*\" for every model")
        }
        if let sizes = entry.sizes {
            if sizes.isEmpty {
                issue("sizes", "is empty; omit \"sizes\" to price every size")
            }
            for size in sizes where size.width <= 0 || size.height <= 0 {
                issue("sizes", "\(size) is not a positive size")
            }
        }
        if entry.rate < .zero {
            issue("rate", "must not be negative (\(entry.rate))")
        } else if entry.rate > maximumRate {
            issue("rate", "\(entry.rate) is above the limit of \(maximumRate) per \(entry.unit.rawValue)")
        }
        if let currency = entry.currency, !isCurrencyCode(currency) {
            issue("currency", currencyMessage(currency))
        }
        if let from = entry.effectiveFrom, let to = entry.effectiveTo, from >= to {
            issue("effective_to", "\(to) must be after effective_from \(from) (the end date is exclusive)")
        }
        for (field, percent) in [("batch_discount_percent", entry.batchDiscount), ("discount_percent", entry.discount)] {
            if let percent, !(RatePercent.zero...RatePercent.hundred).contains(percent) {
                issue(field, "\(percent) is outside 0–100%")
            }
        }
        return issues
    }

    /// Pairs of entries that would both price the same provider, model and size on some day with
    /// equal specificity, so neither could win. Entries with and without `sizes` do not conflict:
    /// the one with sizes is more specific.
    static func overlaps(_ entries: [(index: Int, entry: RateEntry)], source: String) -> [RateCardIssue] {
        struct Key: Hashable {
            var provider: String
            var model: String
            var anySize: Bool
        }
        var groups: [Key: [Int]] = [:]
        var order: [Key] = []
        for (position, (_, entry)) in entries.enumerated() {
            let key = Key(provider: entry.provider.lowercased(), model: entry.model.text.lowercased(),
                          anySize: entry.sizes == nil)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(position)
        }

        var issues: [RateCardIssue] = []
        for key in order {
            let positions = groups[key] ?? []
            for (n, later) in positions.enumerated() {
                for earlier in positions[..<n] {
                    let a = entries[earlier].entry, b = entries[later].entry
                    guard periodsOverlap(a, b) else { continue }
                    let shared: String
                    if key.anySize {
                        shared = "any size"
                    } else {
                        let sizesA = Set((a.sizes ?? []).map(\.unoriented))
                        let common = (b.sizes ?? []).map(\.unoriented).filter { sizesA.contains($0) }
                        guard let first = common.first else { continue }
                        shared = first.description
                    }
                    issues.append(RateCardIssue(
                        source: source, item: .entry(entries[later].index), field: "effective_from",
                        message: "period \(b.periodText) overlaps entries[\(entries[earlier].index)] (\(a.provider) \(a.model), "
                            + "\(shared), \(a.periodText)); one provider, model and size can have only one rate a day, "
                            + "so end the earlier period where the later one starts"))
                }
            }
        }
        return issues
    }

    private static func periodsOverlap(_ a: RateEntry, _ b: RateEntry) -> Bool {
        let start = max(a.effectiveFrom?.index ?? Int.min, b.effectiveFrom?.index ?? Int.min)
        let end = min(a.effectiveTo?.index ?? Int.max, b.effectiveTo?.index ?? Int.max)
        return start < end
    }

    /// An ISO 4217 alphabetic code: three upper-case ASCII letters such as `USD` or `EUR`.
    static func isCurrencyCode(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 3 && bytes.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }

    private static func currencyMessage(_ text: String) -> String {
        "\(JSONText.quote(text)) is not an ISO 4217 currency code of three capital letters, such as \"USD\""
    }
}
