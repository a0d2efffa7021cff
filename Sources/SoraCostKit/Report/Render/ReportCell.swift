/// One typed value in a report table: the renderers decide how each kind is spelled.
///
/// Money stays exact (`Money`, micro-units) until a renderer prints it with
/// `Money.decimalString`; percentages are exact ratios printed with one decimal computed in
/// integer arithmetic. No cell ever holds a binary floating-point number.
public enum ReportCell: Equatable, Sendable {
    /// No value: an empty field in CSV, `null` in JSON, blank in the table and Markdown.
    case null
    case text(String)
    case integer(Int)
    case money(Money)
    case percent(ReportRatio)
    case date(Day)
    case month(Month)

    /// The share `part / whole` as a percentage cell; blank when `whole` is zero.
    public static func percent(_ part: Money, of whole: Money) -> ReportCell {
        .percent(ReportRatio(numerator: part.micros, denominator: whole.micros))
    }

    /// The share `part / whole` of two counts as a percentage cell; blank when `whole` is zero.
    public static func percent(_ part: Int, of whole: Int) -> ReportCell {
        .percent(ReportRatio(numerator: Int64(part), denominator: Int64(whole)))
    }

    /// The value without any decoration, as CSV and JSON strings carry it.
    ///
    /// Money is `Money.decimalString` (`"8.00"`, `"0.125"`, `"-1.50"`), a percentage is its
    /// one-decimal value without the sign (`"12.5"`), dates are ISO 8601. Nil for `.null` and for
    /// a percentage of a zero whole, which has no value.
    public var plainText: String? {
        switch self {
        case .null: nil
        case .text(let text): text
        case .integer(let value): String(value)
        case .money(let money): money.decimalString
        case .percent(let ratio): ratio.oneDecimalText
        case .date(let day): day.iso
        case .month(let month): month.iso
        }
    }

    /// The value as people read it in the table and Markdown: percentages carry a `%`.
    ///
    /// A percentage of a zero whole reads `n/a`; `.null` reads as the empty string.
    public var displayText: String {
        switch self {
        case .percent(let ratio): ratio.oneDecimalText.map { $0 + "%" } ?? "n/a"
        default: plainText ?? ""
        }
    }

    /// True for the kinds that are numbers (integer, money, percent), which align right.
    public var isNumeric: Bool {
        switch self {
        case .integer, .money, .percent: true
        case .null, .text, .date, .month: false
        }
    }
}

/// An exact ratio `numerator / denominator`, shown as a percentage with one decimal.
///
/// Both sides are plain integers: micro-units for money shares, counts for job shares, or a
/// precomputed value over a fixed base (`basisPoints(1234)` is 12.34 %). The tenth of a percent
/// is rounded half-to-even with integer arithmetic, so the same inputs print the same digits
/// on every machine.
public struct ReportRatio: Equatable, Sendable {
    public var numerator: Int64
    public var denominator: Int64

    public init(numerator: Int64, denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// A precomputed value in basis points (hundredths of a percent): 1234 is 12.34 %.
    public static func basisPoints(_ value: Int64) -> ReportRatio {
        ReportRatio(numerator: value, denominator: 10_000)
    }

    /// The ratio in tenths of a percent (per mille), rounded half-to-even; nil when the
    /// denominator is zero. Saturates at `Int64.max` magnitude for absurdly large ratios.
    public var permille: Int64? {
        guard denominator != 0 else { return nil }
        let negative = (numerator < 0) != (denominator < 0)
        let n = numerator.magnitude
        let d = denominator.magnitude
        let whole = n / d
        let rest = n % d
        // rest < d, so rest * 1000 / d < 1000: the full-width division cannot overflow.
        let (fraction, fractionRest) = d.dividingFullWidth(rest.multipliedFullWidth(by: 1000))
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: 1000)
        guard !overflow, scaled <= UInt64(Int64.max) - fraction - 1 else {
            return negative ? -Int64.max : Int64.max
        }
        var magnitude = scaled + fraction
        let other = d - fractionRest
        if fractionRest > other || (fractionRest == other && magnitude % 2 == 1) {
            magnitude += 1
        }
        let value = Int64(magnitude)
        return negative ? -value : value
    }

    /// The percentage with exactly one decimal and no `%`: `"12.5"`, `"100.0"`, `"-0.3"`;
    /// nil when the denominator is zero.
    public var oneDecimalText: String? {
        guard let permille else { return nil }
        let magnitude = permille.magnitude
        return (permille < 0 ? "-" : "") + "\(magnitude / 10).\(magnitude % 10)"
    }
}
