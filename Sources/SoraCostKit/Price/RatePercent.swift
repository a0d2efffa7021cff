/// A percentage held exactly as hundredths of a percent (50% is 5_000, 12.5% is 1_250).
///
/// Rate cards write discounts as whole or decimal percents with at most two decimals; a discount
/// of `p` turns an amount `a` into `a × (100 − p) / 100`, which is exact in micro-units for whole
/// percents on rates of whole cents.
public struct RatePercent: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Hundredths of a percent: 10_000 is 100%.
    public var hundredths: Int64

    public static let zero = RatePercent(hundredths: 0)
    public static let hundred = RatePercent(hundredths: 10_000)

    public init(hundredths: Int64) {
        self.hundredths = hundredths
    }

    public init(whole: Int64) {
        self.hundredths = whole * 100
    }

    /// Parses `"50"`, `"12.5"` or `"7.25"`; nil for more than two decimals or anything not a
    /// plain decimal. Range checks are the rate card validator's job.
    public init?(decimal text: String) {
        guard let value = Money(decimal: text), value.micros % 10_000 == 0 else { return nil }
        self.hundredths = value.micros / 10_000
    }

    /// `"50%"`, `"12.5%"`, `"0%"`.
    public var description: String { number + "%" }

    /// The percentage without the sign, as a card would write it: `"50"`, `"12.5"`.
    public var number: String {
        let magnitude = hundredths.magnitude
        var text = String(magnitude / 100)
        let fraction = magnitude % 100
        if fraction != 0 {
            text += fraction % 10 == 0 ? ".\(fraction / 10)" : (fraction < 10 ? ".0\(fraction)" : ".\(fraction)")
        }
        return (hundredths < 0 ? "-" : "") + text
    }

    /// `amount` reduced by this percentage, half-to-even to the micro-unit.
    public func discounting(_ amount: Money) -> Money {
        amount.scaled(by: 10_000 - hundredths, over: 10_000)
    }

    public static func < (lhs: RatePercent, rhs: RatePercent) -> Bool { lhs.hundredths < rhs.hundredths }
}
