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
    public func evaluate(_ budget: Budget, asOf: Day) -> BudgetEvaluation {
        evaluate(budget, cut: zone.start(of: asOf.advanced(by: 1)) - 1)
    }

    /// The state of `budget` at the instant `cut` (Unix seconds, inclusive): jobs after it do
    /// not exist for this evaluation.
    ///
    /// The judgement (docs/README-budgets.md, "Forecast thresholds"):
    /// - an **actual** threshold is reached when the period's spend so far reaches it; spend
    ///   never goes down within a period, so this is final;
    /// - a **forecast** threshold is reached when the spend so far already reaches it (the
    ///   expected total can never be below it), or when the low end of the forecast's 80%
    ///   interval reaches it (nominally a 90% one-sided bound; `forecast --backtest` measures how
    ///   often the actual total came under it, beside the naive projection).
    ///   The expected total alone is not evidence enough (it crosses a budget set near the
    ///   outcome back and forth as data arrives). With too little history for a forecast, spend
    ///   alone decides.
    ///
    /// A budget whose spend is priced in another currency than its own, or in several, is unknown.
    public func evaluate(_ budget: Budget, cut: Int64) -> BudgetEvaluation {
        evaluate(budget, cut: cut, history: Result {
            try SpendHistory.load(ledger: ledger, pricer: pricer, through: cut, zone: zone, filter: budget.scope.jobFilter)
        })
    }

    /// Every budget in `budgets`, as `evaluate(_:cut:)` each, with their spend read in one scan
    /// of the ledger (`SpendHistory.load(scopes:)`).
    public func evaluate(_ budgets: [Budget], cut: Int64) -> [BudgetEvaluation] {
        evaluate(budgets, cut: cut, shared: nil)
    }

    /// `evaluate(_:cut:)` with the spend read from `shared` when given.
    func evaluate(_ budgets: [Budget], cut: Int64, shared: SharedUsageScan?) -> [BudgetEvaluation] {
        let histories = SpendHistory.load(ledger: ledger, pricer: pricer, through: cut, zone: zone,
                                          scopes: budgets.map(\.scope.jobFilter), shared: shared)
        return zip(budgets, histories).map { evaluate($0, cut: cut, history: $1) }
    }

    private func evaluate(_ budget: Budget, cut: Int64, history loaded: Result<SpendHistory, any Error>) -> BudgetEvaluation {
        let asOf = zone.day(of: cut)
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
        evaluation.unpricedJobs = history.unpricedJobsByDay.filter { interval.days.contains($0.key) }.values.reduce(0, +)
        let anySpend = history.components.contains { !$0.series.amounts.allSatisfy { $0 == .zero } }
        if anySpend, history.currency != budget.currency {
            evaluation.failure = "the budget is in \(budget.currency) but its jobs are priced in \(history.currency)"
            return evaluation
        }
        let forecast = history.forecast(days: interval.days, forecaster: forecaster)
        evaluation.forecast = forecast
        evaluation.notes = forecast.forecast?.notes ?? []
        evaluation.reached = budget.thresholds.filter { threshold in
            if threshold.isReached(by: evaluation.spend, of: budget.amount) { return true }
            guard threshold.basis == .forecast, let low = forecast.forecast?.low else { return false }
            return threshold.isReached(by: low, of: budget.amount)
        }
        return evaluation
    }
}
