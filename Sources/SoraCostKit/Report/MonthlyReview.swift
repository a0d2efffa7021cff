/// The monthly review: `soracost report monthly --month YYYY-MM`, a one-page finance document.
///
/// Headline: the month's cost, the comparison period's and the change in amount and percent. For
/// a month in progress (the as-of day before its last day) the comparison is the same days of the
/// previous month, so the 10th is not set against a whole month; a closed month is compared with
/// the whole previous month. Then the comparison itself, unit costs, the top movers, spend by
/// project (with the previous month beside it), by model and resolution, the top users, failures
/// by error code, unpriced usage by reason, and pending jobs. Every breakdown is summed from one
/// aggregation of the month (by project, provider, model, resolution, user and status), so each
/// table's total is exactly the headline total; one `UsageScan` of the previous month and this
/// one reads everything the review needs. Sections that need the forecast or budgets are added
/// above Report/, by `MonthlyReviewReport` (Review/).
public struct MonthlyReview: Sendable {
    /// How many users the review lists by name; the rest share one row.
    public static let topUserCount = 10

    public var summary: [ReportFact]
    public var sections: [ReportSection]
    public var notes: [String]
    public var total: UsageMeasures
    public var previousTotal: UsageMeasures
    public var failures: [FailureQuery.Row]
    public var currency: String

    /// Key positions in the review query's rows.
    enum Key: Int, CaseIterable {
        case project, provider, model, resolution, user, status

        var dimension: ReportDimension {
            switch self {
            case .project: .project
            case .provider: .provider
            case .model: .model
            case .resolution: .resolution
            case .user: .user
            case .status: .status
            }
        }
    }

    /// The first day a provider's model can no longer run (its retirement), or nil.
    public typealias StopDay = @Sendable (_ provider: String, _ model: String) -> Day?

    public static func build(month: Month, request: UsageReportRequest, ledger: Ledger, pricer: Pricer,
                             stopDay: StopDay = { _, _ in nil }) throws -> MonthlyReview {
        let scan = try UsageScan(parts: scanParts(month: month, zone: request.zone), ledger: ledger, pricer: pricer)
        return try build(month: month, scan: scan, asOf: request.asOf, stopDay: stopDay)
    }

    /// The keys of the review's breakdowns, in `Key` order.
    static let dimensions = Key.allCases.map(\.dimension)
    /// The keys the previous month is read by (the comparison and the movers).
    static let previousDimensions: [ReportDimension] = [.project, .user, .model]

    /// The previous month (part 0, by project and user) and `month` (part 1, by every key of the
    /// review, `extra` too, and failures), for one `UsageScan` of both.
    static func scanParts(month: Month, zone: ReportZone, extra: [ReportDimension] = []) -> [UsageScan.Part] {
        [UsageScan.Part(days: month.previous.days, zone: zone, dimensions: [.project, .user]),
         UsageScan.Part(days: month.days, zone: zone, dimensions: dimensions + extra, countsFailures: true)]
    }

    /// The review from a scan over `scanParts(month:zone:extra:)`, without reading the ledger again.
    static func build(month: Month, scan: UsageScan, asOf: Day? = nil,
                      stopDay: StopDay = { _, _ in nil }) throws -> MonthlyReview {
        let (rows, currency) = try scan.rows(part: 1, dimensions: dimensions, granularity: .total)
        let (previousRows, previousCurrency) = try scan.rows(part: 0, dimensions: [.project], granularity: .total)
        let total = UsageQuery.total(rows)
        let previousTotal = UsageQuery.total(previousRows)
        if total.cost != .zero, previousTotal.cost != .zero, currency != previousCurrency {
            throw ReportError.mixedCurrencies([currency, previousCurrency].sorted())
        }
        let comparison = try Comparison(month: month, asOf: asOf, scan: scan)
        let failures = scan.failureRows(part: 1)
        let failedCost = Rollup.of(rows, keys: []) { $0.keys[Key.status.rawValue] == JobStatus.failed.rawValue }
            .first?.measures.cost ?? .zero

        let basis = comparison.basis
        let change = comparison.current.cost - basis.measures.cost
        var summary = UsageReport.summary(total)
        summary.insert(contentsOf: [
            ReportFact(key: "previous_cost", label: basis.label, value: .money(basis.measures.cost)),
            ReportFact(key: "change", label: "Change from \(basis.shortName)", value: .money(change)),
            ReportFact(key: "change_percent", label: "Change from \(basis.shortName) (%)",
                       value: .percent(change, of: basis.measures.cost)),
        ], at: 1)
        if comparison.inProgress {
            summary.insert(ReportFact(key: "previous_month_cost", label: "Whole previous month (\(month.previous.iso))",
                                      value: .money(previousTotal.cost)), at: 4)
        }

        let never = neverCompleted(rows, asOf: asOf ?? month.lastDay, stopDay: stopDay)
        if never > 0, let at = summary.firstIndex(where: { $0.key == "pending" }) {
            summary.insert(ReportFact(key: "never_completed", label: "Never completed (model retired)", value: .integer(never)),
                           at: at + 1)
        }

        var notes = [changeNote(change: change, previous: basis.measures.cost, previousName: basis.shortName, currency: currency)]
        notes += UsageReport.usageNotes(total, periodName: ReportPeriod.monthName(month), failed: false)
        if total.failed > 0 {
            notes.append(failedCost == .zero
                ? "\(UsageReport.jobsText(total.failed, verb: false)) failed and \(total.failed == 1 ? "was" : "were") not billed."
                : "\(UsageReport.jobsText(total.failed, verb: false)) failed; the rate card or --bill-failed bills them: \(failedCost.decimalString) \(currency) of the total.")
        }

        let previousName = month.previous.iso
        let sections = [
            comparison.section(currency: currency),
            unitCostSection(rows, total: total),
            comparison.moversSection(),
            projectSection(rows, previousRows: previousRows, total: total, previousTotal: previousTotal, previousName: previousName),
            modelSection(rows, total: total),
            userSection(rows, total: total),
            failureSection(failures, failedCost: failedCost, currency: currency),
            unpricedSection(rows),
            pendingSection(rows, asOf: asOf ?? month.lastDay, stopDay: stopDay),
        ]
        return MonthlyReview(summary: summary, sections: sections, notes: notes, total: total,
                             previousTotal: previousTotal, failures: failures,
                             currency: total.cost == .zero ? previousCurrency : currency)
    }

    /// `Up 120.50 USD (+12.3%) from 2026-08 (1000.00 USD).`
    static func changeNote(change: Money, previous: Money, previousName: String, currency: String) -> String {
        if previous == .zero {
            return change == .zero
                ? "Nothing was spent in \(previousName) either."
                : "Nothing was spent in \(previousName), so there is no percentage change."
        }
        let percent = ReportRatio(numerator: change.micros, denominator: previous.micros).oneDecimalText ?? ""
        if change == .zero { return "Same spend as \(previousName) (\(previous.decimalString) \(currency))." }
        let direction = change > .zero ? "Up" : "Down"
        let magnitude = change > .zero ? change : -change
        let signed = change > .zero ? "+" + percent : percent
        return "\(direction) \(magnitude.decimalString) \(currency) (\(signed)%) from \(previousName) (\(previous.decimalString) \(currency))."
    }

    /// A key as the review prints it: a job without one is `(none)`.
    static func label(_ value: String?) -> ReportCell {
        .text(value ?? "(none)")
    }
}
