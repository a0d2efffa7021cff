import Foundation

/// One amount a provider billed: a day, maybe a project, an amount, maybe a line item.
public struct BilledLine: Sendable, Equatable {
    public var day: Day
    /// The provider's project (a Costs API `project_id`, a billing CSV's project); nil if none.
    public var project: String?
    public var amount: Money
    /// ISO 4217, upper case.
    public var currency: String
    public var lineItem: String?
    /// Whether the source labels its lines with line items (the Costs API, a billing CSV with a
    /// `line_item` column). A line of such a source without one is not known to be Sora and is
    /// never compared; the lines of a source without line items (a CSV without the column) are.
    public var itemised: Bool
    /// Where it came from, for messages: `costs.json:12`, `GET …/organization/costs page 2`.
    public var origin: String

    public init(day: Day, project: String?, amount: Money, currency: String, lineItem: String?, itemised: Bool = true,
                origin: String) {
        self.day = day
        self.project = project
        self.amount = amount
        self.currency = currency
        self.lineItem = lineItem
        self.itemised = itemised
        self.origin = origin
    }
}

/// A billed source that could not be read, located well enough to fix it.
public struct BilledSourceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: String
    public var message: String

    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }

    /// The file at `path`, read whole with the config-file reader's plain-words errors
    /// (`x.csv: cannot read the billing CSV: no such file or directory`).
    static func contents(of path: String, noun: String) throws(BilledSourceError) -> Data {
        do {
            return try ConfigFormat.contents(of: path, noun: noun)
        } catch {
            let issue = error.issues.first
            throw BilledSourceError(location: issue?.source ?? path, message: issue?.message ?? "cannot read the \(noun)")
        }
    }
}

extension BilledSourceError: LocalizedError {
    public var errorDescription: String? { description }
}

extension Money {
    /// Parses a JSON or CSV number (`0.06`, `1.2e-05`, `-3`, `0.060000000000000005`), rounding
    /// half-to-even to whole micro-units: provider amounts are floats in their JSON and may carry
    /// binary noise past six decimals. Nil for anything that is not a number or does not fit.
    static func rounding(decimal text: String) -> Money? {
        var body = Substring(text.trimmingCharactersWhitespace())
        var exponent = 0
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(body[body.index(after: e)...].replacingOccurrences(of: "+", with: "")),
                  abs(value) < 40 else { return nil }
            exponent = value
            body = body[..<e]
        }
        var negative = false
        if body.first == "-" || body.first == "+" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty), whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit)
        else { return nil }
        // All digits, and where the point sits after shifting to micro-units.
        var digits = Array(whole + fraction)
        var point = whole.count + exponent + 6
        if point < 0 {
            digits = Array(repeating: "0", count: -point) + digits
            point = 0
        }
        if digits.count < point { digits += Array(repeating: "0", count: point - digits.count) }
        let kept = digits[..<point]
        let dropped = digits[point...]
        guard kept.count <= 18 else { return nil }
        var micros = Int64(String(kept.isEmpty ? ["0"] : Array(kept))) ?? 0
        if let first = dropped.first {
            let rest = dropped.dropFirst().contains { $0 != "0" }
            if first > "5" || (first == "5" && (rest || micros % 2 != 0)) { micros += 1 }
        }
        return Money(micros: negative ? -micros : micros)
    }
}
