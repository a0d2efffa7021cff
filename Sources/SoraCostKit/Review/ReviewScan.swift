/// Everything the monthly review reads, planned first and then read in one pass over the ledger
/// (`SharedUsageScan`): the report's previous month and month, the forecast's history through
/// the as-of day, the budgets' and anomalies' histories through the review's last day, and the
/// month for the estimated accrual. Each section then asks its usual query and gets its rows
/// from the shared scan, exactly as its own scan would give them (`ReviewScanTests`).
struct ReviewScan {
    let shared: SharedUsageScan
    /// The report's own scan (`UsageReport.scanParts`), under its part numbers.
    let report: UsageScan

    init(_ request: UsageReportRequest, month: Month, asOf: Day, budgets: [Budget]?, ledger: Ledger,
         pricer: Pricer) throws {
        let zone = request.zone
        let reportWindows = UsageReport.scanParts(request).map(SharedUsageScan.Window.init)
        var windows = reportWindows
        // The histories start on the day of the ledger's first job, as `SpendHistory` reads them.
        let usageDate = pricer.options.usageDate
        // The anomalies read theirs from `AnomalyDetector.readStart` on (the days before only for a
        // run of flagged days that began before the month, outside this plan).
        func history(through cut: Int64, _ dimensions: [ReportDimension], anomaliesOf days: ClosedRange<Day>? = nil) throws {
            guard let span = try ledger.usageSpan(usageDate, through: cut) else { return }
            var first = zone.day(of: span.lowerBound)
            if let days {
                guard days.lowerBound <= min(days.upperBound, zone.day(of: cut)) else { return }
                first = AnomalyDetector.readStart(first: first, days: days)
            }
            windows.append(.init(from: zone.start(of: first), to: cut + 1, dimensions: dimensions))
        }
        try history(through: ReviewForecast.cut(asOf: asOf, zone: zone), [.provider, .model])
        let reviewCut = ReviewBudgets.cut(month: month, asOf: asOf, zone: zone)
        try history(through: reviewCut, AnomalyDetector.seriesDimensions, anomaliesOf: month.days)
        if let budgets, !budgets.isEmpty {
            try history(through: reviewCut, SpendHistory.scopeKeys(budgets.map(\.scope.jobFilter)))
        }
        if ReviewAccrual.reads(pricer) {
            windows.append(.init(from: zone.start(of: month.firstDay), to: zone.start(of: month.lastDay.advanced(by: 1)),
                                 dimensions: []))
        }
        shared = try SharedUsageScan(windows: windows, zone: zone, ledger: ledger, pricer: pricer)
        guard let report = shared.scan(for: reportWindows) else {
            preconditionFailure("the review's own windows are planned")
        }
        self.report = report
    }
}
