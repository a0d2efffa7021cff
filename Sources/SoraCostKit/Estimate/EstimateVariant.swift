/// One alternative a scenario is compared under: other model, size, provider, batch, or rate card.
///
/// Written `key=value[,key=value...]`: `model=sora-2`, `size=1280x720`, `provider=azure`,
/// `batch=true`, `rates=other.json`, or several at once, `model=sora-2,size=1280x720`. A model or
/// size may name what it replaces, `model=sora-2-pro:sora-2`, so only lines of that model (or
/// size, either orientation) change; without it every line changes.
public struct EstimateVariant: Sendable, Equatable {
    /// How the variant was written, used as its column heading.
    public var label: String
    /// (from, to): lines of model `from` (nil: every line) use model `to`.
    public var model: (from: String?, to: String)?
    public var size: (from: RateSize?, to: RateSize)?
    public var provider: String?
    public var batch: Bool?
    /// A rate card layered over the built-in one instead of the user's card.
    public var ratesPath: String?

    public static func == (lhs: EstimateVariant, rhs: EstimateVariant) -> Bool { lhs.label == rhs.label }

    /// Parses `key=value[,key=value...]`; the error says what is wrong with which part.
    public init(parsing text: String) throws(EstimateVariantError) {
        label = text
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        for part in parts {
            guard let equals = part.firstIndex(of: "=") else { throw EstimateVariantError(text: text, part: String(part), reason: "expected key=value") }
            let key = part[..<equals].trimmingCharacters(), value = part[part.index(after: equals)...].trimmingCharacters()
            guard !value.isEmpty else { throw EstimateVariantError(text: text, part: String(part), reason: "the value is empty") }
            func pair(_ value: String) -> (String?, String) {
                guard let colon = value.lastIndex(of: ":") else { return (nil, value) }
                return (String(value[..<colon]), String(value[value.index(after: colon)...]))
            }
            switch key {
            case "model":
                let (from, to) = pair(value)
                guard !to.isEmpty, from?.isEmpty != true else {
                    throw EstimateVariantError(text: text, part: String(part), reason: "write model=NEW or model=OLD:NEW")
                }
                model = (from, to)
            case "size":
                let (fromText, toText) = pair(value)
                guard let to = RateSize(toText) else {
                    throw EstimateVariantError(text: text, part: String(part), reason: "\(toText) is not WIDTHxHEIGHT such as 1280x720")
                }
                var from: RateSize?
                if let fromText {
                    guard let parsed = RateSize(fromText) else {
                        throw EstimateVariantError(text: text, part: String(part), reason: "\(fromText) is not WIDTHxHEIGHT such as 1792x1024")
                    }
                    from = parsed
                }
                size = (from, to)
            case "provider": provider = value
            case "batch":
                guard let flag = ["true": true, "false": false, "yes": true, "no": false][value.lowercased()] else {
                    throw EstimateVariantError(text: text, part: String(part), reason: "batch is true or false")
                }
                batch = flag
            case "rates": ratesPath = value
            default:
                throw EstimateVariantError(text: text, part: String(part),
                                           reason: "unknown key '\(key)'; use model, size, provider, batch or rates")
            }
        }
    }

    /// `line` as this variant changes it.
    public func apply(to line: EstimateLine) -> EstimateLine {
        var line = line
        if let model, model.from == nil || model.from == line.model { line.model = model.to }
        if let size {
            if let from = size.from {
                if from.matches(width: line.size.width, height: line.size.height) {
                    // Keep the line's orientation: a portrait job stays portrait.
                    let portrait = line.size.height > line.size.width
                    let to = size.to.unoriented
                    line.size = portrait ? RateSize(width: to.width, height: to.height) : RateSize(width: to.height, height: to.width)
                }
            } else {
                line.size = size.to
            }
        }
        if let provider { line.provider = provider }
        if let batch { line.isBatch = batch }
        return line
    }

    /// The pricer for this variant: `base` itself, or the built-in card with the variant's card
    /// over it and `base`'s options.
    public func pricer(base: Pricer) throws(RateCardError) -> Pricer {
        guard let ratesPath else { return base }
        return Pricer(card: EffectiveCard(user: try RateCard.load(path: ratesPath)), options: base.options)
    }

    /// The scenario with every line changed.
    public func apply(to scenario: Scenario) -> Scenario {
        Scenario(lines: scenario.lines.map(apply(to:)))
    }
}

/// A comparison that cannot be read.
public struct EstimateVariantError: Error, Equatable, Sendable, CustomStringConvertible {
    public var text: String
    public var part: String
    public var reason: String

    public var description: String { "'\(text)': '\(part)': \(reason)" }
}

extension Substring {
    func trimmingCharacters() -> String { String(self).trimmingCharactersWhitespace() }
}
