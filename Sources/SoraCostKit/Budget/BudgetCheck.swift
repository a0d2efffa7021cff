/// `soracost budget check`: evaluates every budget, announces each newly reached threshold once,
/// and delivers its notifications through the ledger's outbox.
///
/// The rule (docs/README-budgets.md):
/// - **Level** (the exit status) is the current state, recomputed every run: a budget is
///   CRITICAL while a threshold of 100% or more is reached (actual spend at or over the amount,
///   or the low end of the period forecast's 80% interval at or over it), WARNING while only
///   lower thresholds are,
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

    /// Evaluates `budgets` at the end of `asOf`, records new crossings, then delivers the
    /// webhook's outbox (`record` then `deliverPending`), both at `now`. A caller whose `record`
    /// may wait for the write lock (the CLI) reads the clock again for the delivery instead, so
    /// that the leases start when messages are claimed.
    public func run(budgets: [Budget], asOf: Day, now: Int64, notifier: WebhookNotifier? = nil) throws -> BudgetCheckResult {
        try run(budgets: budgets, cut: evaluator.zone.start(of: asOf.advanced(by: 1)) - 1, now: now, notifier: notifier)
    }

    public func run(budgets: [Budget], cut: Int64, now: Int64, notifier: WebhookNotifier? = nil) throws -> BudgetCheckResult {
        var result = try record(budgets: budgets, cut: cut, now: now, notifier: notifier)
        result.delivery = try notifier?.deliverPending(ledger: ledger, now: now)
        return result
    }

    /// Evaluates `budgets` at the instant `cut` (Unix seconds, inclusive) and records new
    /// crossings (and their notifications when `notifier` is given) in one transaction. Nothing
    /// is sent: a caller prints the crossings first, then calls `notifier.deliverPending`, so a
    /// webhook that hangs cannot lose the alert.
    ///
    /// - Parameters:
    ///   - now: the wall clock, Unix seconds, for the records' timestamps.
    ///   - staleAfter: seconds without a job used nor an import or sync run finished (up to
    ///     `cut`) after which the ledger is stale and the run UNKNOWN; nil never.
    ///   - anomalies: flag anomalous days for every budget, not only those that ask for it.
    public func record(budgets: [Budget], cut: Int64, now: Int64, notifier: WebhookNotifier? = nil,
                       staleAfter: Int64? = nil, anomalies: Bool = false) throws -> BudgetCheckResult {
        let asOf = evaluator.zone.day(of: cut)
        let evaluations = evaluator.evaluate(budgets, cut: cut)
        var found: [BudgetAnomaly] = []
        for budget in budgets where anomalies || budget.anomalies {
            found += try evaluator.anomalies(of: budget, cut: cut)
        }
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
        // Anomalies: once per budget, series and run of flagged days, in the same alert table
        // under their own kind (`anomaly:<series>`, keyed on the run's first day).
        let newAnomalies: [BudgetAnomaly] = try ledger.transaction {
            var fresh: [BudgetAnomaly] = []
            for anomaly in found {
                let isNew = try ledger.recordAlert(
                    budget: anomaly.budget.name, period: anomaly.runStart.iso,
                    threshold: Ledger.AlertThreshold(percent: 0, basis: anomaly.alertKind), asOf: asOf.iso, now: now,
                    spend: anomaly.anomaly.spend.decimalString, amount: anomaly.anomaly.baseline.decimalString,
                    currency: anomaly.budget.currency)
                guard isNew else { continue }
                fresh.append(anomaly)
                if let notifier {
                    try ledger.enqueueNotification(targetHash: notifier.targetHash, payload: anomaly.payload.compactText, now: now)
                }
            }
            return fresh
        }
        var result = BudgetCheckResult(asOf: asOf, evaluations: evaluations, newCrossings: crossings, delivery: nil)
        result.anomalies = found
        result.newAnomalies = newAnomalies
        if let staleAfter {
            // Fed means a job used, or an import or sync run finished, by the cut: a sync that
            // finds nothing new on a quiet weekend still shows the ledger is being fed.
            let newestJob = try ledger.usageSpan(evaluator.pricer.options.usageDate, through: cut)?.upperBound
            let newestRun = try ledger.newestCompletedRun(through: cut)
            let newest = [newestJob, newestRun].compactMap { $0 }.max()
            if newest.map({ cut - $0 > staleAfter }) ?? true {
                result.staleSince = newest ?? Int64.min
            }
        }
        return result
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

    /// Anomalous days found in the budgets' current periods (`budget check --anomalies`).
    public var anomalies: [BudgetAnomaly] = []
    /// Those announced for the first time in this run.
    public var newAnomalies: [BudgetAnomaly] = []

    /// Set when the ledger is stale: the later of the newest job's usage instant and the newest
    /// finished import or sync run by the cut (`Int64.min`: neither).
    public var staleSince: Int64?

    /// The worst level of the budgets, UNKNOWN at least when the ledger is stale: the exit status.
    public var level: BudgetLevel {
        let recent = anomalies.contains { $0.anomaly.day >= asOf.advanced(by: -1) }
        return BudgetLevel.worst(evaluations.map(\.level) + (staleSince == nil ? [] : [.unknown]) + (recent ? [.warning] : []))
    }
}
