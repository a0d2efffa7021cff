/// Evaluates budgets against the ledger: spend priced like every report, forecasts made per
/// provider and model like `soracost forecast`.
public struct BudgetEvaluator {
    public let ledger: Ledger
    public let pricer: Pricer
    public let zone: ReportZone
    public let forecaster: Forecaster

    public init(ledger: Ledger, pricer: Pricer, zone: ReportZone = .utc, forecaster: Forecaster = Forecaster()) {
        self.ledger = ledger
        self.pricer = pricer
        self.zone = zone
        self.forecaster = forecaster
    }

    /// The state of `budget` at the end of `asOf` (a day in `zone`).
    ///
    /// A forecast threshold is reached when the expected period total reaches it; with too little
    /// history for a forecast it is not reached (and `forecast` says why), so a young ledger is
    /// judged on actual spend alone rather than made UNKNOWN for its first week. A budget whose
    /// spend is priced in another currency than its own, or in several, is unknown.
    public func evaluate(_ budget: Budget, asOf: Day) -> BudgetEvaluation {
        evaluate(budget, asOf: asOf, history: Result {
            try SpendHistory.load(ledger: ledger, pricer: pricer, asOf: asOf, zone: zone, filter: budget.scope.jobFilter)
        })
    }

    /// Every budget in `budgets`, as `evaluate(_:asOf:)` each, with their spend read in one scan
    /// of the ledger (`SpendHistory.load(scopes:)`).
    public func evaluate(_ budgets: [Budget], asOf: Day) -> [BudgetEvaluation] {
        let histories = SpendHistory.load(ledger: ledger, pricer: pricer, asOf: asOf, zone: zone,
                                          scopes: budgets.map(\.scope.jobFilter))
        return zip(budgets, histories).map { evaluate($0, asOf: asOf, history: $1) }
    }

    private func evaluate(_ budget: Budget, asOf: Day, history loaded: Result<SpendHistory, any Error>) -> BudgetEvaluation {
        let interval = budget.period.interval(containing: asOf)
        var evaluation = BudgetEvaluation(budget: budget, interval: interval, asOf: asOf, spend: .zero, forecast: nil,
                                          reached: [], failure: nil, unpricedJobs: 0, notes: [])
        let history: SpendHistory
        do {
            history = try loaded.get()
        } catch {
            evaluation.failure = String(describing: error)
            return evaluation
        }
        evaluation.spend = history.actual(in: interval.days)
        evaluation.unpricedJobs = history.unpricedJobs
        let anySpend = history.components.contains { !$0.series.amounts.allSatisfy { $0 == .zero } }
        if anySpend, history.currency != budget.currency {
            evaluation.failure = "the budget is in \(budget.currency) but its jobs are priced in \(history.currency)"
            return evaluation
        }
        let forecast = history.forecast(days: interval.days, forecaster: forecaster)
        evaluation.forecast = forecast
        evaluation.notes = forecast.forecast?.notes ?? []
        evaluation.reached = budget.thresholds.filter { threshold in
            guard let value = evaluation.value(for: threshold.basis) else { return false }
            return threshold.isReached(by: value, of: budget.amount)
        }
        return evaluation
    }
}
