/// `soracost budget check`: evaluates every budget, announces each newly reached threshold once,
/// and delivers its notifications through the ledger's outbox.
///
/// The rule (docs/README-budgets.md):
/// - **Level** (the exit status) is the current state, recomputed every run: a budget is
///   CRITICAL while a threshold of 100% or more is reached (actual spend at or over the amount,
///   or the expected period total at or over it), WARNING while only lower thresholds are,
///   UNKNOWN when it cannot be evaluated. The run's level is the worst of the budgets'
///   (CRITICAL > UNKNOWN > WARNING > OK).
/// - **Announcements** are edges, not states: a reached threshold is announced (printed, and
///   queued for the webhook) only the first time it is seen for its budget, period, percent and
///   basis. Later runs in the same period stay silent even while the level stays CRITICAL. A
///   threshold that falls back (a forecast that drops) is not announced again in that period.
///   The next period has a new label and so re-arms every threshold.
public struct BudgetCheck {
    public let ledger: Ledger
    public let evaluator: BudgetEvaluator

    public init(ledger: Ledger, evaluator: BudgetEvaluator) {
        self.ledger = ledger
        self.evaluator = evaluator
    }

    /// Evaluates `budgets` at the end of `asOf`, records new crossings (and their notifications
    /// when `notifier` is given) in one transaction, then delivers the webhook's outbox.
    ///
    /// - Parameter now: the wall clock, Unix seconds, for the records' timestamps; the as-of day
    ///   alone decides what is evaluated.
    public func run(budgets: [Budget], asOf: Day, now: Int64, notifier: WebhookNotifier? = nil) throws -> BudgetCheckResult {
        let evaluations = evaluator.evaluate(budgets, asOf: asOf)
        let crossings: [BudgetCrossing] = try ledger.transaction {
            var fresh: [BudgetCrossing] = []
            for evaluation in evaluations where evaluation.failure == nil {
                for threshold in evaluation.reached {
                    let crossing = BudgetCrossing(evaluation: evaluation, threshold: threshold)
                    let isNew = try ledger.recordCrossing(
                        budget: evaluation.budget.name, period: evaluation.interval.label, threshold: threshold,
                        asOf: asOf, now: now, spend: crossing.compared, amount: evaluation.budget.amount,
                        currency: evaluation.budget.currency)
                    guard isNew else { continue }
                    fresh.append(crossing)
                    if let notifier {
                        try ledger.enqueueNotification(targetHash: notifier.targetHash,
                                                       payload: crossing.payload.compactText, now: now)
                    }
                }
            }
            return fresh
        }
        let delivery = try notifier?.deliverPending(ledger: ledger, now: now)
        return BudgetCheckResult(asOf: asOf, evaluations: evaluations, newCrossings: crossings, delivery: delivery)
    }
}

/// What one `budget check` found and did.
public struct BudgetCheckResult: Sendable {
    public var asOf: Day
    public var evaluations: [BudgetEvaluation]
    /// Thresholds reached for the first time in their period, in budget then threshold order.
    public var newCrossings: [BudgetCrossing]
    /// The webhook pass; nil without `--notify`.
    public var delivery: DeliveryReport?

    /// The worst level of the budgets: the exit status.
    public var level: BudgetLevel { BudgetLevel.worst(evaluations.map(\.level)) }
}
