import Foundation

/// An exact amount of money, held as a whole number of micro-units (10⁻⁶ of the currency unit).
///
/// Every rate on a published card (USD 0.10, 0.30, 0.50 per second) and every discount in whole
/// percent is exact in micro-units, so job costs and all their sums are exact integers: totals tie
/// out to the last stored digit. Binary floating point never touches money. An Int64 of
/// micro-dollars holds up to about 9.2 trillion dollars.
public struct Money: Hashable, Comparable, Sendable {
    /// Amount in millionths of the currency unit (micro-dollars for USD).
    public var micros: Int64

    public static let microsPerUnit: Int64 = 1_000_000
    public static let zero = Money(micros: 0)

    public init(micros: Int64) {
        self.micros = micros
    }

    /// Parses a plain decimal string such as `"0.10"`, `"12"`, `"-3.5"` or `"0.000001"`.
    ///
    /// Returns nil for anything else: exponents, more than six decimals, thousands separators,
    /// or values that do not fit. Nothing is rounded silently.
    public init?(decimal text: String) {
        var bytes = Substring(text.trimmingCharactersWhitespace())
        guard !bytes.isEmpty else { return nil }
        var negative = false
        if bytes.first == "-" || bytes.first == "+" {
            negative = bytes.first == "-"
            bytes = bytes.dropFirst()
        }
        let parts = bytes.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !(whole.isEmpty && parts.count == 1) else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit),
              !(whole.isEmpty && fraction.isEmpty), fraction.count <= 6
        else { return nil }
        let padded = fraction + String(repeating: "0", count: 6 - fraction.count)
        guard let units = Int64(whole.isEmpty ? "0" : whole),
              let micros = Int64(padded)
        else { return nil }
        let (scaled, overflow) = units.multipliedReportingOverflow(by: Money.microsPerUnit)
        guard !overflow else { return nil }
        let (sum, overflow2) = scaled.addingReportingOverflow(micros)
        guard !overflow2 else { return nil }
        self.micros = negative ? -sum : sum
    }

    /// The exact value as a decimal string with at least two decimals: `"8.00"`, `"0.125"`,
    /// `"-1.50"`. Trailing zeros past the cents are dropped, so no digit is ever rounded away.
    public var decimalString: String {
        let negative = micros < 0
        let magnitude = micros.magnitude
        let units = magnitude / UInt64(Money.microsPerUnit)
        var fraction = String(magnitude % UInt64(Money.microsPerUnit))
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.count > 2, fraction.last == "0" {
            fraction.removeLast()
        }
        return (negative ? "-" : "") + "\(units).\(fraction)"
    }

    /// The value rounded half-to-even to whole cents, for display in tables only.
    public var roundedToCents: Money {
        let unit: Int64 = 10_000
        let quotient = micros / unit
        let remainder = micros % unit
        var cents = quotient
        let twice = 2 * abs(remainder)
        if twice > unit || (twice == unit && quotient % 2 != 0) {
            cents += remainder < 0 ? -1 : 1
        }
        return Money(micros: cents * unit)
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.micros < rhs.micros }

    /// The result of an arithmetic overflow: any sum, difference or product that does not fit in
    /// an Int64 of micro-units (about 9.2 trillion) gives this value instead of trapping, and
    /// every later operation on it keeps it, like a NaN. Whoever finishes a computation checks
    /// `isOverflow` and reports `MoneyOverflow` (the usage scan and the explanation do).
    public static let overflow = Money(micros: .min)
    public var isOverflow: Bool { micros == .min }

    /// The sum, or `.overflow` when it does not fit.
    public func adding(_ other: Money) -> Money {
        guard !isOverflow, !other.isOverflow else { return .overflow }
        let (sum, overflow) = micros.addingReportingOverflow(other.micros)
        return overflow ? .overflow : Money(micros: sum)
    }

    /// The product, or `.overflow` when it does not fit.
    public func multiplied(by factor: Int64) -> Money {
        guard !isOverflow else { return .overflow }
        let (product, overflow) = micros.multipliedReportingOverflow(by: factor)
        return overflow ? .overflow : Money(micros: product)
    }

    public static func + (lhs: Money, rhs: Money) -> Money { lhs.adding(rhs) }
    public static func - (lhs: Money, rhs: Money) -> Money { lhs.adding(-rhs) }
    public static func += (lhs: inout Money, rhs: Money) { lhs = lhs.adding(rhs) }
    public static func -= (lhs: inout Money, rhs: Money) { lhs = lhs.adding(-rhs) }
    public static func * (lhs: Money, rhs: Int64) -> Money { lhs.multiplied(by: rhs) }
    public static prefix func - (value: Money) -> Money { value.isOverflow ? .overflow : Money(micros: -value.micros) }

    /// `self`, or `MoneyOverflow` naming `what` when a computation overflowed.
    public func checked(_ what: @autoclosure () -> String) throws(MoneyOverflow) -> Money {
        guard !isOverflow else { throw MoneyOverflow(what: what()) }
        return self
    }

    /// Multiplies by `numerator / denominator`, rounding half-to-even to the nearest micro-unit.
    ///
    /// Used for percentage discounts; with whole percents on the published rates the result is
    /// exact and the rounding never applies.
    public func scaled(by numerator: Int64, over denominator: Int64) -> Money {
        precondition(denominator > 0, "denominator must be positive")
        guard !isOverflow else { return .overflow }
        // A factor above one may not fit; at most one (every discount) the quotient always does.
        if numerator.magnitude > denominator.magnitude, micros.multipliedReportingOverflow(by: numerator).overflow {
            return .overflow
        }
        let product = micros.multipliedFullWidth(by: numerator)
        let (quotient, remainder) = denominator.dividingFullWidth(product)
        var result = quotient
        let twice = 2 * remainder.magnitude
        if twice > denominator.magnitude || (twice == denominator.magnitude && result % 2 != 0) {
            result += (remainder < 0) ? -1 : 1
        }
        return Money(micros: result)
    }
}

/// A money computation whose result does not fit in an Int64 of micro-units: a rate card or a
/// ledger far outside anything real. Reported instead of trapping.
public struct MoneyOverflow: Error, LocalizedError, CustomStringConvertible, Equatable, Sendable {
    public var what: String

    public init(what: String) {
        self.what = what
    }

    public var errorDescription: String? {
        "\(what) overflows (more than 9,223,372,036,854.775807 in one currency); "
            + "check the rate card's rates and the jobs' seconds"
    }

    public var description: String { errorDescription ?? what }
}

extension Money: CustomStringConvertible {
    public var description: String { decimalString }
}

extension Sequence where Element == Money {
    /// The exact sum.
    public func sum() -> Money { reduce(.zero, +) }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false }
}

extension String {
    func trimmingCharactersWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
