import SoraCostKit

extension Money {
    /// `Money(decimal:)` for literals the test knows are valid.
    public static func usd(_ text: String) -> Money {
        guard let money = Money(decimal: text) else { fatalError("bad test amount \(text)") }
        return money
    }
}

extension Day {
    /// `Day(iso:)` for literals the test knows are valid.
    public static func on(_ iso: String) -> Day {
        guard let day = Day(iso: iso) else { fatalError("bad test date \(iso)") }
        return day
    }
}
