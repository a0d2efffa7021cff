/// The monthly review with the sections that need the forecast and the budgets.
///
/// Review/ sits above Report/, Forecast/ and Budget/ (it may call all three; none calls it): the
/// review's own tables come from `UsageReport.build` (Report/), and the `forecast`, `budgets` and
/// `anomalies` sections (and `estimated_accrual` when the rate card has estimates) each come from one small file here that calls the kit's entry
/// points (`SpendHistory.load` and `forecast(month:)`, `BudgetEvaluator.evaluate`), exactly as
/// `soracost forecast` and `soracost budget status` do, so the figures tie out with them. Every
/// section reads its rows from one pass over the ledger (`ReviewScan`).
public enum MonthlyReviewReport {
    /// The report `request` asks for; when it is a monthly review, with its forecast, budgets and
    /// anomalies sections after the movers. `budgets` nil means no budgets file was given.
    public static func build(_ request: UsageReportRequest, budgets: [Budget]?, ledger: Ledger,
                             pricer: Pricer) throws -> UsageReport {
        guard request.isMonthlyReview, let month = request.period.month else {
            return try build(request, budgets: budgets, ledger: ledger, pricer: pricer, scan: nil)
        }
        let scan = try ReviewScan(request, month: month, asOf: request.asOf ?? month.lastDay, budgets: budgets,
                                  ledger: ledger, pricer: pricer)
        return try build(request, budgets: budgets, ledger: ledger, pricer: pricer, scan: scan)
    }

    /// The report with every section's rows from `scan`; with none, each section reads the
    /// ledger on its own (the tests compare the two).
    static func build(_ request: UsageReportRequest, budgets: [Budget]?, ledger: Ledger, pricer: Pricer,
                      scan: ReviewScan?) throws -> UsageReport {
        let card = pricer.card
        let stopDay: MonthlyReview.StopDay = { card.stopDay(provider: $0, model: $1) }
        guard request.isMonthlyReview, let month = request.period.month else {
            return try UsageReport.build(request, ledger: ledger, pricer: pricer, stopDay: stopDay)
        }
        let asOf = request.asOf ?? month.lastDay
        var report = try scan.map { try UsageReport.build(request, scan: $0.report, pricer: pricer, stopDay: stopDay) }
            ?? UsageReport.build(request, ledger: ledger, pricer: pricer, stopDay: stopDay)
        let shared = scan?.shared
        let zone = request.zone
        let extra = [
            try ReviewForecast.section(month: month, asOf: asOf, zone: zone, ledger: ledger, pricer: pricer, shared: shared),
            ReviewBudgets.section(budgets, month: month, asOf: asOf, zone: zone, ledger: ledger, pricer: pricer,
                                  shared: shared),
            try ReviewAnomalies.section(month: month, asOf: asOf, zone: zone, ledger: ledger, pricer: pricer, shared: shared),
        ]
        var sections = report.document.sections
        if let accrual = try ReviewAccrual.section(month: month, zone: zone, ledger: ledger, pricer: pricer, shared: shared) {
            let after = (sections.firstIndex { $0.key == "unpriced" }).map { $0 + 1 } ?? sections.count
            sections.insert(accrual, at: after)
        }
        let at = (sections.firstIndex { $0.key == "movers" }).map { $0 + 1 } ?? sections.count
        sections.insert(contentsOf: extra, at: at)
        report.document.sections = sections
        return report
    }
}
