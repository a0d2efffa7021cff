/// The review's `budgets` section: each budget whose period overlaps the month, evaluated at the
/// as-of day (the month's last day when the as-of day is later) by `BudgetEvaluator`, as
/// `soracost budget status --as-of D` evaluates it (all budgets from one read of the spend, as
/// `budget check` reads it).
enum ReviewBudgets {
    static func section(_ budgets: [Budget]?, month: Month, asOf: Day, zone: ReportZone, ledger: Ledger,
                        pricer: Pricer, shared: SharedUsageScan? = nil) -> ReportSection {
        var table = ReportTable(columns: [
            ReportColumn(key: "budget", header: "Budget", kind: .text),
            ReportColumn(key: "period", header: "Period", kind: .text),
            ReportColumn(key: "scope", header: "Scope", kind: .text),
            ReportColumn(key: "currency", header: "Currency", kind: .text),
            ReportColumn(key: "amount", header: "Amount", kind: .money),
            ReportColumn(key: "actual", header: "Actual", kind: .money),
            ReportColumn(key: "used", header: "Used", kind: .percent),
            ReportColumn(key: "forecast", header: "Forecast", kind: .money),
            ReportColumn(key: "forecast_low", header: "Low (80%)", kind: .money),
            ReportColumn(key: "forecast_high", header: "High (80%)", kind: .money),
            ReportColumn(key: "state", header: "State", kind: .text),
        ])
        guard let budgets else {
            return ReportSection(key: "budgets", heading: "Budgets", table: table,
                                 notes: ["No budgets file was given, so there is nothing to compare against."])
        }
        let day = min(asOf, month.lastDay)
        let evaluator = BudgetEvaluator(ledger: ledger, pricer: pricer, zone: zone)
        var notes = ["Each budget whose period overlaps \(month.iso), evaluated at the end of \(day.iso)."]
        let evaluations = evaluator.evaluate(budgets, cut: cut(month: month, asOf: asOf, zone: zone), shared: shared)
        for (budget, evaluation) in zip(budgets, evaluations) {
            guard evaluation.interval.days.overlaps(month.days) else { continue }
            let forecast = evaluation.forecast?.forecast
            let evaluated = evaluation.failure == nil
            table.append([.text(budget.name), .text(evaluation.interval.label), .text(budget.scope.summary),
                          .text(budget.currency), .money(budget.amount), evaluated ? .money(evaluation.spend) : .null,
                          evaluated ? .percent(evaluation.spend, of: budget.amount) : .null,
                          forecast.map { .money($0.expectedTotal) } ?? .null, forecast.map { .money($0.low) } ?? .null,
                          forecast.map { .money($0.high) } ?? .null, .text(evaluation.level.description)])
            if let failure = evaluation.failure { notes.append("\(budget.name): cannot evaluate: \(failure)") }
            if evaluation.unpricedJobs > 0 {
                notes.append("\(budget.name): \(UsageReport.jobsText(evaluation.unpricedJobs, verb: false)) in scope have no price and count as zero.")
            }
        }
        if table.rows.isEmpty { notes.append("No budget's period overlaps the month.") }
        return ReportSection(key: "budgets", heading: "Budgets", table: table, notes: notes)
    }

    /// The last instant the budgets and anomalies read: the end of the as-of day, or of the
    /// month's last day when the as-of day is later.
    static func cut(month: Month, asOf: Day, zone: ReportZone) -> Int64 {
        zone.start(of: min(asOf, month.lastDay).advanced(by: 1)) - 1
    }
}
