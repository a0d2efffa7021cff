/// Turns the JSON text of a rate card into a `RateCard`, collecting every issue on the way.
///
/// Structure and types are checked here (unknown members, missing fields, unknown units, dates
/// and decimals that do not parse); value rules shared with cards built in code are checked by
/// `RateCardValidator` on the entries that parsed. Members whose name starts with `_` are
/// comments and ignored.
struct RateCardParser {
    let sourceName: String
    private(set) var issues: [RateCardIssue] = []

    static let cardMembers = ["version", "description", "currency", "batch_discount_percent", "discount_percent",
                              "bill_failed", "entries"]
    static let entryMembers = ["provider", "model", "sizes", "unit", "rate", "currency", "effective_from",
                               "effective_to", "source", "batch_discount_percent", "discount_percent", "bill_failed"]

    init(sourceName: String) {
        self.sourceName = sourceName
    }

    /// The card if the text is a JSON object of the right shape (issues may still exist), else nil.
    mutating func parse(text: String) -> RateCard? {
        let root: JSONValue
        do {
            root = try JSONValue.parse(text)
        } catch {
            let (line, column) = RateCardParser.lineAndColumn(ofByte: error.offset, in: text)
            issues.append(RateCardIssue(source: sourceName, line: line, column: column,
                                        message: "invalid JSON: \(error.reason)"))
            return nil
        }
        guard case .object(let members) = root else {
            issue(nil, nil, "a rate card must be a JSON object with \"version\" and \"entries\", not \(root.typeName)")
            return nil
        }
        checkMembers(members, allowed: RateCardParser.cardMembers, entry: nil)

        switch root["version"] {
        case nil:
            issue(nil, "version", "missing; write \"version\": \(RateCard.formatVersion)")
        case .number(let text)? where text == String(RateCard.formatVersion):
            break
        case let value?:
            issue(nil, "version", "unsupported version \(value.compactText); this soracost reads version \(RateCard.formatVersion)")
        }
        _ = string(root, "description", entry: nil)

        let defaults = RateDefaults(
            currency: string(root, "currency", entry: nil),
            batchDiscount: percent(root, "batch_discount_percent", entry: nil),
            discount: percent(root, "discount_percent", entry: nil),
            billFailed: bool(root, "bill_failed", entry: nil))
        issues += RateCardValidator.cardIssues(RateCard(sourceName: sourceName, defaults: defaults, entries: []))

        var entries: [(index: Int, entry: RateEntry)] = []
        switch root["entries"] {
        case nil:
            issue(nil, "entries", "missing; list the rates in \"entries\": [...]")
        case .array(let items)?:
            for (index, item) in items.enumerated() {
                let before = issues.count
                guard let entry = parseEntry(item, index: index) else { continue }
                issues += RateCardValidator.entryIssues(entry, index: index, source: sourceName)
                // An entry whose period or sizes failed to parse was read without them, so it
                // looks wider than written: keep it out of the overlap check to avoid false reports.
                let misread = issues[before...].contains { issue in
                    guard let field = issue.field else { return true }
                    return field.hasPrefix("effective_") || field.hasPrefix("sizes")
                }
                if !misread { entries.append((index, entry)) }
            }
        case let value?:
            issue(nil, "entries", "must be an array of entries, not \(value.typeName)")
        }

        let card = RateCard(sourceName: sourceName, defaults: defaults, entries: entries.map(\.entry))
        issues += RateCardValidator.overlaps(entries, source: sourceName)
        return card
    }

    /// The entry if its required members parsed; members that failed are left out (and reported).
    private mutating func parseEntry(_ value: JSONValue, index: Int) -> RateEntry? {
        guard case .object(let members) = value else {
            issue(index, nil, "each entry must be a JSON object, not \(value.typeName)")
            return nil
        }
        checkMembers(members, allowed: RateCardParser.entryMembers, entry: index)

        let provider = requiredString(value, "provider", entry: index)
        let model = requiredString(value, "model", entry: index)
        let sizes = sizeList(value, entry: index)
        var unit: RateUnit?
        if let text = requiredString(value, "unit", entry: index) {
            unit = RateUnit(rawValue: text)
            if unit == nil {
                issue(index, "unit", "unknown unit \(JSONText.quote(text)); use \"second\" or \"generation\"")
            }
        }
        let rate = money(value, "rate", entry: index)
        let currency = string(value, "currency", entry: index)
        let from = day(value, "effective_from", entry: index)
        let to = day(value, "effective_to", entry: index)
        let source = string(value, "source", entry: index) ?? ""
        let batch = percent(value, "batch_discount_percent", entry: index)
        let discount = percent(value, "discount_percent", entry: index)
        let billFailed = bool(value, "bill_failed", entry: index)

        guard let provider, let model, let unit, let rate else { return nil }
        return RateEntry(provider: provider, model: model, sizes: sizes, unit: unit, rate: rate,
                         currency: currency, effectiveFrom: from, effectiveTo: to, source: source,
                         batchDiscount: batch, discount: discount, billFailed: billFailed)
    }

    // MARK: - Fields

    private mutating func checkMembers(_ members: [(String, JSONValue)], allowed: [String], entry: Int?) {
        var seen: Set<String> = []
        for (key, _) in members where !key.hasPrefix("_") {
            if !seen.insert(key).inserted {
                issue(entry, key, "appears more than once")
            } else if !allowed.contains(key) {
                issue(entry, key, "unknown member; expected one of \(allowed.joined(separator: ", ")) (prefix a comment with _)")
            }
        }
    }

    private mutating func requiredString(_ object: JSONValue, _ key: String, entry: Int?) -> String? {
        guard object[key] != nil else {
            issue(entry, key, "missing")
            return nil
        }
        return string(object, key, entry: entry)
    }

    private mutating func string(_ object: JSONValue, _ key: String, entry: Int?) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let value?:
            issue(entry, key, "must be a string, not \(value.typeName)")
            return nil
        }
    }

    private mutating func bool(_ object: JSONValue, _ key: String, entry: Int?) -> Bool? {
        switch object[key] {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case let value?:
            issue(entry, key, "must be true or false, not \(value.typeName)")
            return nil
        }
    }

    /// A rate from a decimal string or a JSON number, read from its text so it stays exact.
    private mutating func money(_ object: JSONValue, _ key: String, entry: Int?) -> Money? {
        let text: String
        switch object[key] {
        case nil:
            issue(entry, key, "missing")
            return nil
        case .string(let value)?: text = value
        case .number(let value)?: text = value
        case let value?:
            issue(entry, key, "must be a decimal string such as \"0.10\" or a number, not \(value.typeName)")
            return nil
        }
        guard let amount = Money(decimal: text) else {
            issue(entry, key, "\(JSONText.quote(text)) is not a plain decimal with at most six decimals, such as \"0.10\"")
            return nil
        }
        return amount
    }

    private mutating func percent(_ object: JSONValue, _ key: String, entry: Int?) -> RatePercent? {
        let text: String
        switch object[key] {
        case nil, .null?: return nil
        case .string(let value)?: text = value
        case .number(let value)?: text = value
        case let value?:
            issue(entry, key, "must be a number of percent such as 50, not \(value.typeName)")
            return nil
        }
        guard let percent = RatePercent(decimal: text) else {
            issue(entry, key, "\(text) is not a percentage with at most two decimals, such as 50 or 12.5")
            return nil
        }
        return percent
    }

    private mutating func day(_ object: JSONValue, _ key: String, entry: Int?) -> Day? {
        guard let text = string(object, key, entry: entry) else { return nil }
        guard let day = Day(iso: text) else {
            issue(entry, key, "\(JSONText.quote(text)) is not a calendar date YYYY-MM-DD")
            return nil
        }
        return day
    }

    private mutating func sizeList(_ object: JSONValue, entry: Int?) -> [RateSize]? {
        switch object["sizes"] {
        case nil, .null?: return nil
        case .array(let items)?:
            var sizes: [RateSize] = []
            var valid = true
            for (position, item) in items.enumerated() {
                if case .string(let text) = item, let size = RateSize(text) {
                    sizes.append(size)
                } else {
                    valid = false
                    issue(entry, "sizes[\(position)]", "\(item.compactText) is not a size WIDTHxHEIGHT such as \"720x1280\"")
                }
            }
            return valid ? sizes : nil
        case let value?:
            issue(entry, "sizes", "must be an array of sizes such as [\"720x1280\"], not \(value.typeName)")
            return nil
        }
    }

    private mutating func issue(_ entry: Int?, _ field: String?, _ message: String) {
        issues.append(RateCardIssue(source: sourceName, entryIndex: entry, field: field, message: message))
    }

    /// One-based line and column (in characters) of a UTF-8 byte offset into `text`.
    static func lineAndColumn(ofByte offset: Int, in text: String) -> (line: Int, column: Int) {
        let utf8 = Array(text.utf8)
        let end = min(max(offset, 0), utf8.count)
        var line = 1
        var lineStart = 0
        for position in 0..<end where utf8[position] == UInt8(ascii: "\n") {
            line += 1
            lineStart = position + 1
        }
        let column = String(decoding: utf8[lineStart..<end], as: UTF8.self).count + 1
        return (line, column)
    }
}
