/// One spending limit from the budgets file: an amount per calendar period over the jobs its
/// scope selects, with the thresholds at which `budget check` speaks up.
public struct Budget: Sendable, Equatable {
    /// Unique within the file; alert state in the ledger is keyed on it.
    public var name: String
    public var period: BudgetPeriod
    /// The limit per period, exact, in `currency`; always more than zero.
    public var amount: Money
    /// ISO 4217 code the amount is in; the scope's spend must be priced in the same currency.
    public var currency: String
    public var scope: BudgetScope
    /// In the file's order, no two alike.
    public var thresholds: [BudgetThreshold]
    /// `anomalies`: `budget check` also flags anomalous days of this budget's scope.
    public var anomalies = false

    public init(name: String, period: BudgetPeriod, amount: Money, currency: String = "USD",
                scope: BudgetScope = BudgetScope(), thresholds: [BudgetThreshold] = BudgetThreshold.defaults) {
        self.name = name
        self.period = period
        self.amount = amount
        self.currency = currency
        self.scope = scope
        self.thresholds = thresholds
    }
}
