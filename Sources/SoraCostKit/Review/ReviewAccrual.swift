/// The review's `estimated_accrual` section: unpriced usage of the month valued at the rate
/// card's `estimates`, labelled as an estimate and kept apart from the billed cost.
///
/// Unpriced jobs are grouped by provider, model and size (one `UsageScan` of the month, the
/// engine of every report); the first estimate of the user card whose provider, model pattern
/// and sizes match a group values it: `estimate × unpriced seconds` for a per-second estimate,
/// `estimate × unpriced jobs` for a per-generation one. Extensions without a recorded segment
/// have no known seconds, so a per-second estimate leaves them out (the note says how many).
/// Nothing here changes any cost or total.
enum ReviewAccrual {
    static func section(month: Month, zone: ReportZone, ledger: Ledger, pricer: Pricer,
                        shared: SharedUsageScan? = nil) throws -> ReportSection? {
        guard reads(pricer) else { return nil }
        let estimates = pricer.card.user?.estimates ?? []
        let query = UsageQuery(days: month.days, zone: zone, dimensions: [.provider, .model, .size], granularity: .total)
        let (rows, currency) = try query.run(ledger: ledger, pricer: pricer, shared: shared)
        var table = ReportTable(columns: [
            ReportColumn(key: "provider", header: "Provider", kind: .text),
            ReportColumn(key: "model", header: "Model", kind: .text),
            ReportColumn(key: "size", header: "Size", kind: .text),
            ReportColumn(key: "unpriced_jobs", header: "Unpriced jobs", kind: .integer),
            ReportColumn(key: "unpriced_seconds", header: "Unpriced s", kind: .integer),
            ReportColumn(key: "unit", header: "Unit", kind: .text),
            ReportColumn(key: "estimate_rate", header: "Estimate rate", kind: .money),
            ReportColumn(key: "estimated_accrual", header: "Estimated accrual", kind: .money),
        ])
        var total = Money.zero, jobs = 0, seconds = 0, unvalued = 0
        for row in rows where row.measures.unpricedJobs > 0 {
            guard let provider = row.keys[0], let model = row.keys[1], let size = row.keys[2].flatMap(RateSize.init),
                  let estimate = estimates.first(where: { entry in
                      entry.provider.lowercased() == provider.lowercased() && entry.model.match(ModelName(model)) != nil
                          && entry.matchesSize(width: size.width, height: size.height)
                  }) else { continue }
            let units = estimate.unit == .second ? row.measures.unpricedSeconds : row.measures.unpricedJobs
            let accrual = estimate.rate * Int64(units)
            if estimate.unit == .second { unvalued += row.measures.unpriced[.extensionSegmentUnknown]?.jobs ?? 0 }
            table.append([.text(provider), .text(model), .text(size.description), .integer(row.measures.unpricedJobs),
                          .integer(row.measures.unpricedSeconds), .text(estimate.unit.rawValue), .money(estimate.rate),
                          .money(accrual)])
            total += accrual
            jobs += row.measures.unpricedJobs
            seconds += row.measures.unpricedSeconds
        }
        table.setTotal([.text("Total"), .null, .null, .integer(jobs), .integer(seconds), .null, .null, .money(total)])
        var notes = ["ESTIMATE, not billed: unpriced usage valued at the rate card's estimate rates (\(currency)). "
            + "It is kept apart from the cost and is not in any total of this review."]
        if unvalued > 0 {
            notes.append("\(UsageReport.jobsText(unvalued, verb: false)) (extensions without a recorded segment) have no known seconds and are not valued.")
        }
        if table.rows.isEmpty { notes.append("No unpriced usage matches an estimate rate this month.") }
        return ReportSection(key: "estimated_accrual", heading: "Estimated accrual (estimate, not billed)", table: table,
                             notes: notes)
    }

    /// Whether the section is shown (and reads the month): only when the rate card has estimates.
    static func reads(_ pricer: Pricer) -> Bool {
        !(pricer.card.user?.estimates ?? []).isEmpty
    }
}
