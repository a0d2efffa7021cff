/// Budget crossings in the ledger's terms: `Ledger+Alerts` stores plain values; these speak
/// `BudgetThreshold` and `Money`.
extension Ledger {
    /// Records that `threshold` of `budget` was reached in `period`; true when this is the first
    /// time (the crossing is new and must be announced). See `recordAlert`.
    func recordCrossing(budget: String, period: String, threshold: BudgetThreshold, asOf: Day, now: Int64,
                        spend: Money, amount: Money, currency: String) throws -> Bool {
        try recordAlert(budget: budget, period: period,
                        threshold: AlertThreshold(percent: threshold.percent, basis: threshold.basis.rawValue),
                        asOf: asOf.iso, now: now, spend: spend.decimalString, amount: amount.decimalString,
                        currency: currency)
    }

    /// The crossings announced for `budget` in `period`, as `80% actual`, in announcement order.
    public func announcedThresholds(budget: String, period: String) throws -> [BudgetThreshold] {
        try announcedAlerts(budget: budget, period: period).map {
            BudgetThreshold(percent: $0.percent, basis: BudgetThreshold.Basis(rawValue: $0.basis) ?? .actual)
        }
    }
}
