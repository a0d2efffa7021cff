/// The monthly review with the sections that need the forecast and the budgets.
///
/// Review/ sits above Report/, Forecast/ and Budget/ (it may call all three; none calls it): the
/// review's own tables come from `UsageReport.build` (Report/), and the `forecast`, `budgets` and
/// `anomalies` sections (and `estimated_accrual` when the rate card has estimates) each come from one small file here that calls the kit's public entry
/// points (`SpendHistory.load` and `forecast(month:)`, `BudgetEvaluator.evaluate`), exactly as
/// `soracost forecast` and `soracost budget status` do, so the figures tie out with them.
public enum MonthlyReviewReport {
    /// The report `request` asks for; when it is a monthly review, with its forecast, budgets and
    /// anomalies sections after the movers. `budgets` nil means no budgets file was given.
    public static func build(_ request: UsageReportRequest, budgets: [Budget]?, ledger: Ledger,
                             pricer: Pricer) throws -> UsageReport {
        let card = pricer.card
        var report = try UsageReport.build(request, ledger: ledger, pricer: pricer,
                                           stopDay: { card.stopDay(provider: $0, model: $1) })
        guard request.isMonthlyReview, let month = request.period.month else { return report }
        let asOf = request.asOf ?? month.lastDay
        let extra = [
            try ReviewForecast.section(month: month, asOf: asOf, zone: request.zone, ledger: ledger, pricer: pricer),
            ReviewBudgets.section(budgets, month: month, asOf: asOf, zone: request.zone, ledger: ledger, pricer: pricer),
            try ReviewAnomalies.section(month: month, asOf: asOf, zone: request.zone, ledger: ledger, pricer: pricer),
        ]
        var sections = report.document.sections
        if let accrual = try ReviewAccrual.section(month: month, zone: request.zone, ledger: ledger, pricer: pricer) {
            let after = (sections.firstIndex { $0.key == "unpriced" }).map { $0 + 1 } ?? sections.count
            sections.insert(accrual, at: after)
        }
        let at = (sections.firstIndex { $0.key == "movers" }).map { $0 + 1 } ?? sections.count
        sections.insert(contentsOf: extra, at: at)
        report.document.sections = sections
        return report
    }
}
