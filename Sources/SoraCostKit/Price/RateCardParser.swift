/// Turns the JSON text of a rate card into a `RateCard`, collecting every issue on the way.
///
/// Structure and types are checked here (unknown members, missing fields, unknown units, dates
/// and decimals that do not parse); value rules shared with cards built in code are checked by
/// `RateCardValidator` on the entries that parsed. What every config file shares (JSON, the
/// top-level object, `version`, comments) is `ConfigFormat`'s.
struct RateCardParser {
    /// The card's top-level object, already checked by `RateCard.format`.
    let root: ConfigReader
    var log: ConfigLog { root.log }

    static let entryMembers = ["provider", "model", "sizes", "unit", "rate", "currency", "effective_from",
                               "effective_to", "source", "batch_discount_percent", "discount_percent", "bill_failed"]

    static let estimateMembers = ["provider", "model", "sizes", "unit", "estimate", "source"]

    /// The card's `estimates`: optional; each an object like an entry with `estimate` for `rate`.
    func estimates() -> [RateEntry] {
        guard let values = root.read("estimates", expected: "an array of estimates", { $0.arrayValue }) else { return [] }
        var estimates: [RateEntry] = []
        for (index, value) in values.enumerated() {
            let reader = ConfigReader(value: value, log: log, item: ConfigItem(list: "estimates", index: index, isNamed: false))
            guard case .object = value else {
                reader.issue(nil, "each estimate must be a JSON object, not \(value.typeName)")
                continue
            }
            reader.checkMembers(Self.estimateMembers)
            let provider = reader.string("provider", missing: "missing")
            let model = reader.string("model", missing: "missing")
            let sizes = sizeList(reader)
            var unit: RateUnit?
            if let text = reader.string("unit", missing: "missing") {
                unit = RateUnit(rawValue: text)
                if unit == nil { reader.issue("unit", "unknown unit \(JSONText.quote(text)); use \"second\" or \"generation\"") }
            }
            let estimate = money(reader, "estimate")
            let source = reader.string("source") ?? ""
            guard let provider, let model, let unit, let estimate else { continue }
            if estimate < .zero { reader.issue("estimate", "must not be negative") }
            estimates.append(RateEntry(provider: provider, model: model, sizes: sizes, unit: unit, rate: estimate, source: source))
        }
        return estimates
    }

    /// The card: every entry whose required members parsed (issues may still exist).
    func card() -> RateCard {
        _ = root.string("description")

        let defaults = RateDefaults(
            currency: root.string("currency"),
            batchDiscount: percent(root, "batch_discount_percent"),
            discount: percent(root, "discount_percent"),
            billFailed: root.bool("bill_failed"))
        for issue in RateCardValidator.cardIssues(RateCard(sourceName: log.source, defaults: defaults, entries: [])) {
            log.add(issue)
        }

        var entries: [(index: Int, entry: RateEntry)] = []
        RateCard.format.forEachItem(of: root) { index, reader in
            let before = log.count
            guard let entry = parseEntry(reader) else { return }
            RateCardValidator.entryIssues(entry, index: index, source: log.source).forEach(log.add)
            // An entry whose period or sizes failed to parse was read without them, so it
            // looks wider than written: keep it out of the overlap check to avoid false reports.
            let misread = log.issues[before...].contains { issue in
                guard let field = issue.field else { return true }
                return field.hasPrefix("effective_") || field.hasPrefix("sizes")
            }
            if !misread { entries.append((index, entry)) }
        }

        let card = RateCard(sourceName: log.source, defaults: defaults, entries: entries.map(\.entry), estimates: estimates())
        RateCardValidator.overlaps(entries, source: log.source).forEach(log.add)
        return card
    }

    /// The entry if its required members parsed; members that failed are left out (and reported).
    private func parseEntry(_ entry: ConfigReader) -> RateEntry? {
        entry.checkMembers(RateCardParser.entryMembers)

        let provider = entry.string("provider", missing: "missing")
        let model = entry.string("model", missing: "missing")
        let sizes = sizeList(entry)
        var unit: RateUnit?
        if let text = entry.string("unit", missing: "missing") {
            unit = RateUnit(rawValue: text)
            if unit == nil {
                entry.issue("unit", "unknown unit \(JSONText.quote(text)); use \"second\" or \"generation\"")
            }
        }
        let rate = money(entry, "rate")
        let currency = entry.string("currency")
        let from = day(entry, "effective_from")
        let to = day(entry, "effective_to")
        let source = entry.string("source") ?? ""
        let batch = percent(entry, "batch_discount_percent")
        let discount = percent(entry, "discount_percent")
        let billFailed = entry.bool("bill_failed")

        guard let provider, let model, let unit, let rate else { return nil }
        return RateEntry(provider: provider, model: model, sizes: sizes, unit: unit, rate: rate,
                         currency: currency, effectiveFrom: from, effectiveTo: to, source: source,
                         batchDiscount: batch, discount: discount, billFailed: billFailed)
    }

    // MARK: - Fields

    /// A rate from a decimal string or a JSON number, read from its text so it stays exact.
    private func money(_ object: ConfigReader, _ key: String) -> Money? {
        guard let text = object.decimalText(key, expected: "a decimal string such as \"0.10\" or a number",
                                            missing: "missing", nullable: false) else { return nil }
        guard let amount = Money(decimal: text) else {
            object.issue(key, "\(JSONText.quote(text)) is not a plain decimal with at most six decimals, such as \"0.10\"")
            return nil
        }
        return amount
    }

    private func percent(_ object: ConfigReader, _ key: String) -> RatePercent? {
        guard let text = object.decimalText(key, expected: "a number of percent such as 50") else { return nil }
        guard let percent = RatePercent(decimal: text) else {
            object.issue(key, "\(text) is not a percentage with at most two decimals, such as 50 or 12.5")
            return nil
        }
        return percent
    }

    private func day(_ object: ConfigReader, _ key: String) -> Day? {
        guard let text = object.string(key) else { return nil }
        guard let day = Day(iso: text) else {
            object.issue(key, "\(JSONText.quote(text)) is not a calendar date YYYY-MM-DD")
            return nil
        }
        return day
    }

    private func sizeList(_ object: ConfigReader) -> [RateSize]? {
        guard let items = object.read("sizes", expected: "an array of sizes such as [\"720x1280\"]", { $0.arrayValue })
        else { return nil }
        var sizes: [RateSize] = []
        var valid = true
        for (position, item) in items.enumerated() {
            if case .string(let text) = item, let size = RateSize(text) {
                sizes.append(size)
            } else {
                valid = false
                object.issue("sizes[\(position)]", "\(item.compactText) is not a size WIDTHxHEIGHT such as \"720x1280\"")
            }
        }
        return valid ? sizes : nil
    }
}
