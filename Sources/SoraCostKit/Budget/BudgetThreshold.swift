/// A point of a budget worth announcing: a percentage of the amount, reached by the actual
/// spend so far or by the forecast for the whole period.
public struct BudgetThreshold: Hashable, Sendable, CustomStringConvertible {
    /// What is compared with the threshold.
    public enum Basis: String, Sendable, CaseIterable {
        /// The exact spend of the period so far.
        case actual
        /// The forecast of the period: reached when the spend so far reaches the threshold, or the
        /// low end of the forecast's 80% interval does (`BudgetEvaluator`).
        case forecast
    }

    /// Whole percent of the budget amount, 1 … 1000.
    public var percent: Int
    public var basis: Basis

    public init(percent: Int, basis: Basis = .actual) {
        self.percent = percent
        self.basis = basis
    }

    /// Used when a budget lists no thresholds: warn at 80% spent, critical at 100% spent or
    /// forecast.
    public static let defaults = [
        BudgetThreshold(percent: 80), BudgetThreshold(percent: 100), BudgetThreshold(percent: 100, basis: .forecast),
    ]

    /// The state a crossing of this threshold puts its budget in: critical from 100% (the budget
    /// is reached, or forecast to be exceeded), warning below.
    public var level: BudgetLevel { percent >= 100 ? .critical : .warning }

    /// Whether `value` reaches this threshold of `amount`: `value * 100 >= amount * percent`,
    /// in exact integers.
    public func isReached(by value: Money, of amount: Money) -> Bool {
        let lhs = value.micros.multipliedFullWidth(by: 100)
        let rhs = amount.micros.multipliedFullWidth(by: Int64(percent))
        return (lhs.high, lhs.low) >= (rhs.high, rhs.low)
    }

    /// `80% actual`.
    public var description: String { "\(percent)% \(basis.rawValue)" }
}
