/// Writing a rate card back as JSON in the format `RateCard.parse` reads, so `rates show --json`
/// can hand users the built-in card as a starting point for their own.
extension RateCard {
    /// The card as a JSON object; rates are decimal strings so they stay exact.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("version", .number(String(RateCard.formatVersion)))]
        if let currency = defaults.currency { members.append(("currency", .string(currency))) }
        if let batch = defaults.batchDiscount { members.append(("batch_discount_percent", .number(batch.number))) }
        if let discount = defaults.discount { members.append(("discount_percent", .number(discount.number))) }
        if let billFailed = defaults.billFailed { members.append(("bill_failed", .bool(billFailed))) }
        members.append(("entries", .array(entries.map(\.json))))
        return .object(members)
    }
}

extension RateEntry {
    /// The entry as a JSON object with only the members it sets.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("provider", .string(provider)),
            ("model", .string(model.text)),
        ]
        if let sizes { members.append(("sizes", .array(sizes.map { .string($0.description) }))) }
        members.append(("unit", .string(unit.rawValue)))
        members.append(("rate", .string(rate.decimalString)))
        if let currency { members.append(("currency", .string(currency))) }
        if let effectiveFrom { members.append(("effective_from", .string(effectiveFrom.iso))) }
        if let effectiveTo { members.append(("effective_to", .string(effectiveTo.iso))) }
        if !source.isEmpty { members.append(("source", .string(source))) }
        if let batchDiscount { members.append(("batch_discount_percent", .number(batchDiscount.number))) }
        if let discount { members.append(("discount_percent", .number(discount.number))) }
        if let billFailed { members.append(("bill_failed", .bool(billFailed))) }
        return .object(members)
    }
}
