/// A day whose spend, over a budget's scope or one user or project in it, is far above its own
/// baseline (`AnomalyRule`): what `budget check` prints and sends once per run of flagged days.
public struct BudgetAnomaly: Sendable, Equatable {
    public var budget: Budget
    /// `total`, `user=ana@example.com` or `project=marketing`.
    public var series: String
    public var anomaly: Anomaly
    /// The first day of the run of consecutive flagged days this one belongs to: the key that
    /// makes it one announcement.
    public var runStart: Day

    /// `ANOMALY marketing 2026-07-14: project=studio spent 60.00 USD, 75.0× its baseline of 0.80 a day`.
    public var line: String {
        let ratio = ReportRatio(numerator: anomaly.spend.micros, denominator: max(anomaly.baseline.micros, 1) * 100)
            .oneDecimalText.map { "\($0)× " } ?? ""
        return "ANOMALY \(budget.name) \(anomaly.day.iso): \(series) spent \(anomaly.spend) \(budget.currency), "
            + "\(ratio)its baseline of \(anomaly.baseline) a day"
    }

    /// The webhook body, like a crossing's: Slack `text` plus the facts.
    public var payload: JSONValue {
        .object([
            ("text", .string(BudgetCrossing.slackEscaped(line))),
            ("kind", .string("anomaly")),
            ("budget", .string(budget.name)),
            ("series", .string(series)),
            ("day", .string(anomaly.day.iso)),
            ("run_start", .string(runStart.iso)),
            ("spend", .string(anomaly.spend.decimalString)),
            ("baseline", .string(anomaly.baseline.decimalString)),
            ("currency", .string(budget.currency)),
        ])
    }

    /// The alert-table kind (its `basis` column): distinct from `actual` and `forecast`.
    var alertKind: String { "anomaly:\(series)" }
}

extension BudgetEvaluator {
    /// The anomalous days of `budget`'s scope through the instant `cut`, in its current period:
    /// on the scope's total, and on each user's and each project's own spend.
    public func anomalies(of budget: Budget, cut: Int64, rule: AnomalyRule = AnomalyRule()) throws -> [BudgetAnomaly] {
        let period = budget.period.interval(containing: zone.day(of: cut)).days
        return try AnomalyDetector.scan(ledger: ledger, pricer: pricer, through: cut, zone: zone,
                                        filter: budget.scope.jobFilter, days: period, rule: rule)
            .map { BudgetAnomaly(budget: budget, series: $0.series, anomaly: $0.anomaly, runStart: $0.runStart) }
    }
}
