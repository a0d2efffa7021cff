/// A usage report built from the ledger: the document every format prints, and its main table.
///
/// The main table has one row per time bucket and `--by` keys, with the usage measures and the
/// row's share of the period's cost, and a total row that is `UsageQuery.total` of the rows. It
/// is what CSV prints and what the JSON `rows` and `total` members hold. The document adds the
/// headline figures, further breakdowns (or the monthly review's sections) and notes on usage
/// that is unpriced, pending or failed. Everything is summed from the groups of one `UsageScan`;
/// no job is loaded as a `Job`.
public struct UsageReport: Sendable {
    public var request: UsageReportRequest
    public var document: ReportDocument
    /// The main table; its section key is `by_day`, `by_week` or `by_month`.
    public var main: ReportSection
    /// The rows of the main table, as the query returned them (plus empty buckets without `--by`).
    public var rows: [UsageRow]
    /// Sum of `rows`: the main table's total row.
    public var total: UsageMeasures
    /// ISO 4217 code of every amount.
    public var currency: String
    /// The daily spend chart, when `request.chartLink` asked for one.
    public var chart: SVGChart?

    /// Reads the ledger once (`UsageScan`) and lays out the report.
    ///
    /// One scan serves the main table, the chart and, for the monthly review, every section and
    /// the previous month it compares with.
    ///
    /// `stopDay` tells the monthly review which models were retired (their pending jobs will
    /// never complete); the review's caller above Report/ passes the rate card's retirement days.
    public static func build(_ request: UsageReportRequest, ledger: Ledger, pricer: Pricer,
                             stopDay: MonthlyReview.StopDay = { _, _ in nil }) throws -> UsageReport {
        try build(request, scan: UsageScan(parts: scanParts(request), ledger: ledger, pricer: pricer), pricer: pricer,
                  stopDay: stopDay)
    }

    /// What the report reads: the period (for the monthly review, the previous month and the
    /// month), by every key its tables and chart break down by, cut at `request.cut`.
    static func scanParts(_ request: UsageReportRequest) -> [UsageScan.Part] {
        let reviewMonth = request.isMonthlyReview ? request.period.month : nil
        let dimensions = request.dimensions + (chartDimension(request).map { [$0] } ?? [])
        return (reviewMonth.map { MonthlyReview.scanParts(month: $0, zone: request.zone, extra: dimensions) }
            ?? [UsageScan.Part(days: request.period.days, zone: request.zone, dimensions: dimensions)])
            .map { $0.cut(at: request.cut) }
    }

    /// The key the daily chart breaks down by, when the request asks for a chart.
    static func chartDimension(_ request: UsageReportRequest) -> ReportDimension? {
        let wantsChart = request.chartLink != nil || request.embedsChart
        return wantsChart ? request.dimensions.first ?? .model : nil
    }

    /// The report from `scan`, a scan of `scanParts(request)` (under those part numbers).
    static func build(_ request: UsageReportRequest, scan: UsageScan, pricer: Pricer,
                      stopDay: MonthlyReview.StopDay) throws -> UsageReport {
        let days = request.period.days
        let reviewMonth = request.isMonthlyReview ? request.period.month : nil
        let chartDimension = chartDimension(request)
        let period = reviewMonth == nil ? 0 : 1

        var (rows, currency) = try scan.rows(part: period, dimensions: request.dimensions,
                                             granularity: request.cadence.granularity)
        if request.dimensions.isEmpty {
            // A period in progress lists its days to date only: later days are not known to be zero.
            var known = days
            if let cut = request.cut {
                let last = request.zone.day(of: cut)
                if last < days.upperBound { known = days.lowerBound...max(days.lowerBound, last) }
            }
            rows = filled(rows, buckets: request.cadence.buckets(in: known))
        }
        let total = UsageQuery.total(rows)
        let main = mainSection(request, rows: rows, total: total)

        var chart: SVGChart?
        var chartReference: ReportChartLink?
        if let dimension = chartDimension {
            let (daily, dailyCurrency) = try scan.rows(part: period, dimensions: [dimension], granularity: .day)
            let chartOfDays = DailySpend.chart(days: days, zone: request.zone, dimension: dimension,
                                               rows: daily, currency: dailyCurrency)
            guard chartOfDays.currency == currency || total.cost == .zero else {
                throw ReportError.mixedCurrencies([currency, chartOfDays.currency].sorted())
            }
            chart = chartOfDays
            chartReference = request.chartLink.map { ReportChartLink(path: $0, altText: chartOfDays.title) }
        }

        var document: ReportDocument
        if let month = reviewMonth {
            let review = try MonthlyReview.build(month: month, scan: scan, asOf: request.asOf, stopDay: stopDay)
            document = ReportDocument(
                title: "Sora video spend: monthly review, \(request.period.name)",
                subtitle: subtitle(request),
                period: days, currency: currency, summary: review.summary,
                sections: (request.dimensions.isEmpty ? [] : [main]) + review.sections,
                notes: asOfNotes(request) + review.notes)
        } else {
            var sections = [main]
            if !request.dimensions.isEmpty, !rows.isEmpty, request.cadence.buckets(in: days).count > 1 {
                sections.append(keyTotalsSection(request, rows: rows, total: total))
            }
            document = ReportDocument(
                title: "Sora video spend by \(request.cadence.noun), \(request.period.name)",
                subtitle: subtitle(request),
                period: days, currency: currency, summary: summary(total),
                sections: sections,
                notes: asOfNotes(request) + usageNotes(total, periodName: request.period.name))
        }
        document.chart = chartReference
        if request.embedsChart { document.inlineChart = chart?.render() }
        document.metadata = metadata(request, pricer: pricer)
        return UsageReport(request: request, document: document, main: main, rows: rows, total: total,
                           currency: currency, chart: chart)
    }

    // MARK: Layout

    /// The bucket column, the `--by` columns, then the measures.
    static func mainSection(_ request: UsageReportRequest, rows: [UsageRow], total: UsageMeasures) -> ReportSection {
        let cadence = request.cadence
        let columns = [ReportColumn(key: cadence.columnKey, header: cadence.columnHeader, kind: .date)]
            + UsageColumns.keys(request.dimensions) + UsageColumns.measures
        var table = ReportTable(columns: columns)
        for row in rows {
            let bucket = row.bucket.map(cadence.cell) ?? .null
            table.append([bucket] + UsageColumns.keyCells(row.keys) + UsageColumns.cells(row.measures, periodCost: total.cost))
        }
        table.setTotal([.text("Total")] + request.dimensions.map { _ in .null }
            + UsageColumns.cells(total, periodCost: total.cost))
        var heading = "Spend by \(cadence.noun)"
        if !request.dimensions.isEmpty {
            heading += " and " + request.dimensions.map(\.description).joined(separator: ", ")
        }
        return ReportSection(key: "by_\(cadence.noun)", heading: heading, table: table)
    }

    /// The `--by` keys over the whole period, most expensive first.
    static func keyTotalsSection(_ request: UsageReportRequest, rows: [UsageRow], total: UsageMeasures) -> ReportSection {
        let columns = UsageColumns.keys(request.dimensions) + UsageColumns.measures
        var table = ReportTable(columns: columns)
        for group in Rollup.of(rows, keys: Array(request.dimensions.indices)) {
            table.append(UsageColumns.keyCells(group.keys) + UsageColumns.cells(group.measures, periodCost: total.cost))
        }
        table.setTotal([.text("Total")] + request.dimensions.dropFirst().map { _ in .null }
            + UsageColumns.cells(total, periodCost: total.cost))
        let names = request.dimensions.map(\.description).joined(separator: ", ")
        return ReportSection(key: "period_totals", heading: "Period totals by \(names)", table: table)
    }

    /// Every bucket of the period, with a zero row where nothing ran, so a series has no gaps.
    static func filled(_ rows: [UsageRow], buckets: [Day]) -> [UsageRow] {
        var byBucket: [Day: UsageRow] = [:]
        for row in rows { if let bucket = row.bucket { byBucket[bucket] = row } }
        return buckets.map { byBucket[$0] ?? UsageRow(bucket: $0, keys: [], measures: UsageMeasures()) }
    }

    static func subtitle(_ request: UsageReportRequest) -> String {
        let days = request.period.days
        var text = "Period: \(days.lowerBound.iso) to \(days.upperBound.iso), time zone \(request.zone.identifier)"
        if let asOf = request.asOf, asOf < days.upperBound, asOf >= days.lowerBound {
            text += ", to date (as of \(asOf.iso))"
        }
        return text
    }

    /// The headline figures of any report.
    static func summary(_ total: UsageMeasures) -> [ReportFact] {
        [
            ReportFact(key: "total_cost", label: "Total cost", value: .money(total.cost)),
            ReportFact(key: "jobs", label: "Jobs", value: .integer(total.jobs)),
            ReportFact(key: "completed", label: "Completed", value: .integer(total.completed)),
            ReportFact(key: "failed", label: "Failed", value: .integer(total.failed)),
            ReportFact(key: "pending", label: "Pending (queued or in progress)", value: .integer(total.pending)),
            ReportFact(key: "seconds", label: "Billed seconds", value: .integer(total.seconds)),
            ReportFact(key: "unpriced_jobs", label: "Unpriced jobs", value: .integer(total.unpricedJobs)),
            ReportFact(key: "unpriced_seconds", label: "Unpriced seconds", value: .integer(total.unpricedSeconds)),
        ]
    }

    static func asOfNotes(_ request: UsageReportRequest) -> [String] {
        guard let asOf = request.asOf, asOf < request.period.days.upperBound else { return [] }
        if asOf < request.period.days.lowerBound {
            return ["The period starts after \(asOf.iso), the day this report counts as today."]
        }
        return ["The period runs past \(asOf.iso): the figures are to date, not for the whole period."]
    }

    /// Remarks on usage the cost leaves out: nothing at all, unpriced, pending, failed.
    /// `failed` says whether to add the generic remark on failed jobs; the monthly review writes
    /// its own, which knows whether they were billed.
    static func usageNotes(_ total: UsageMeasures, periodName: String, failed: Bool = true) -> [String] {
        var notes: [String] = []
        if total.jobs == 0 {
            notes.append("No jobs in \(periodName): nothing was spent.")
        }
        if let unpriced = unpricedNote(total) { notes.append(unpriced) }
        if total.pending > 0 {
            notes.append("\(jobsText(total.pending)) still queued or in progress: counted, but not billed until they complete.")
        }
        if failed, total.failed > 0 {
            notes.append("\(jobsText(total.failed, verb: false)) failed: counted, but billed only if the rate card (bill_failed) or --bill-failed says so.")
        }
        return notes
    }

    /// `164 jobs (1400 s) have no price and are not in the cost: 134 unknown_size (...), ...`.
    static func unpricedNote(_ total: UsageMeasures) -> String? {
        guard total.unpricedJobs > 0 else { return nil }
        let reasons = total.unpriced.keys.sorted().map { reason in
            "\(total.unpriced[reason]!.jobs) \(reason.rawValue) (\(reason.explanation))"
        }
        return "\(jobsText(total.unpricedJobs, verb: false)) (\(total.unpricedSeconds) s) \(total.unpricedJobs == 1 ? "has" : "have") "
            + "no price and \(total.unpricedJobs == 1 ? "is" : "are") not in the cost: \(reasons.joined(separator: "; ")). "
            + "`soracost rates check` lists what to add to your rate card."
    }

    /// `1 job was` / `9 jobs were`, or without the verb `1 job` / `9 jobs`.
    static func jobsText(_ count: Int, verb: Bool = true) -> String {
        let noun = count == 1 ? "1 job" : "\(count) jobs"
        guard verb else { return noun }
        return noun + (count == 1 ? " was" : " were")
    }

    /// How the report was made; no clock time, so the same ledger gives the same bytes.
    static func metadata(_ request: UsageReportRequest, pricer: Pricer) -> [ReportFact] {
        let rates = pricer.card.user.map { "\($0.sourceName) over the built-in OpenAI list prices" }
            ?? "built-in OpenAI list prices"
        let failed = switch pricer.options.billFailedOverride {
        case nil: "as the rate card says (not billed by default)"
        case true?: "billed (--bill-failed)"
        case false?: "not billed (--no-bill-failed)"
        }
        return [
            ReportFact(key: "tool", label: "Tool", value: .text("soracost \(SoraCostVersion.current)")),
            ReportFact(key: "rates", label: "Rate card", value: .text(rates)),
            ReportFact(key: "usage_date", label: "Usage day", value: .text("UTC day of \(pricer.options.usageDate.rawValue)")),
            ReportFact(key: "failed_jobs", label: "Failed jobs", value: .text(failed)),
            ReportFact(key: "time_zone", label: "Days counted in", value: .text(request.zone.identifier)),
        ]
    }
}
