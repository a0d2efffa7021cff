/// How one budget stands at the end of an as-of day: its current period, the spend so far, the
/// forecast for the period, and which thresholds are reached. Read-only; recording crossings is
/// `BudgetCheck`'s job.
public struct BudgetEvaluation: Sendable, Equatable {
    public var budget: Budget
    /// The period holding the as-of day.
    public var interval: BudgetInterval
    public var asOf: Day
    /// Exact spend of the period's days through the as-of day, in `budget.currency`.
    public var spend: Money
    /// The forecast of the period total; nil when it could not be evaluated at all.
    public var forecast: PeriodOutcome?
    /// The thresholds reached now, in the budget's order.
    public var reached: [BudgetThreshold]
    /// Why the budget could not be evaluated (its state is then unknown).
    public var failure: String?
    /// Jobs of the scope in this period (through the as-of instant) that no rate prices; counted as zero.
    public var unpricedJobs: Int
    /// Notes from the forecast: retired models, interval fallback.
    public var notes: [String]

    /// Critical when a threshold of 100% or more is reached, warning when only lower ones are,
    /// unknown when the budget could not be evaluated, else ok.
    public var level: BudgetLevel {
        if failure != nil { return .unknown }
        return BudgetLevel.worst(reached.map(\.level))
    }

    /// What a threshold compares: the spend (actual) or the expected total (forecast, nil when
    /// there is no forecast).
    public func value(for basis: BudgetThreshold.Basis) -> Money? {
        switch basis {
        case .actual: spend
        case .forecast: forecast?.forecast?.expectedTotal
        }
    }
}
