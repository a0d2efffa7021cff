/// The monthly review: `soracost report monthly --month YYYY-MM`, a one-page finance document.
///
/// Headline: the month's cost, the previous month's and the change in amount and percent. Then
/// spend by project (with the previous month beside it), by model and resolution, the top users,
/// failures by error code, unpriced usage by reason, and pending jobs. Every breakdown is summed
/// from one aggregation of the month (by project, provider, model, resolution, user and status),
/// so each table's total is exactly the headline total; one `UsageScan` of the previous month and
/// this one reads everything the review needs.
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

    public static func build(month: Month, request: UsageReportRequest, ledger: Ledger, pricer: Pricer) throws -> MonthlyReview {
        let scan = try UsageScan(parts: scanParts(month: month, zone: request.zone), ledger: ledger, pricer: pricer)
        return try build(month: month, scan: scan)
    }

    /// The keys of the review's breakdowns, in `Key` order.
    static let dimensions = Key.allCases.map(\.dimension)

    /// The previous month (part 0, by project) and `month` (part 1, by every key of the review,
    /// `extra` too, and failures), for one `UsageScan` of both.
    static func scanParts(month: Month, zone: ReportZone, extra: [ReportDimension] = []) -> [UsageScan.Part] {
        [UsageScan.Part(days: month.previous.days, zone: zone, dimensions: [.project]),
         UsageScan.Part(days: month.days, zone: zone, dimensions: dimensions + extra, countsFailures: true)]
    }

    /// The review from a scan over `scanParts(month:zone:extra:)`, without reading the ledger again.
    static func build(month: Month, scan: UsageScan) throws -> MonthlyReview {
        let (rows, currency) = try scan.rows(part: 1, dimensions: dimensions, granularity: .total)
        let previousMonth = month.previous
        let (previousRows, previousCurrency) = try scan.rows(part: 0, dimensions: [.project], granularity: .total)
        let total = UsageQuery.total(rows)
        let previousTotal = UsageQuery.total(previousRows)
        if total.cost != .zero, previousTotal.cost != .zero, currency != previousCurrency {
            throw ReportError.mixedCurrencies([currency, previousCurrency].sorted())
        }
        let failures = scan.failureRows(part: 1)
        let failedCost = Rollup.of(rows, keys: []) { $0.keys[Key.status.rawValue] == JobStatus.failed.rawValue }
            .first?.measures.cost ?? .zero

        let change = total.cost - previousTotal.cost
        let previousName = previousMonth.iso
        var summary = UsageReport.summary(total)
        summary.insert(contentsOf: [
            ReportFact(key: "previous_cost", label: "Previous month (\(previousName))", value: .money(previousTotal.cost)),
            ReportFact(key: "change", label: "Change from \(previousName)", value: .money(change)),
            ReportFact(key: "change_percent", label: "Change from \(previousName) (%)",
                       value: .percent(change, of: previousTotal.cost)),
        ], at: 1)

        var notes = [changeNote(change: change, previous: previousTotal.cost, previousName: previousName, currency: currency)]
        notes += UsageReport.usageNotes(total, periodName: ReportPeriod.monthName(month), failed: false)
        if total.failed > 0 {
            notes.append(failedCost == .zero
                ? "\(UsageReport.jobsText(total.failed, verb: false)) failed and \(total.failed == 1 ? "was" : "were") not billed."
                : "\(UsageReport.jobsText(total.failed, verb: false)) failed; the rate card or --bill-failed bills them: \(failedCost.decimalString) \(currency) of the total.")
        }

        let sections = [
            projectSection(rows, previousRows: previousRows, total: total, previousTotal: previousTotal, previousName: previousName),
            modelSection(rows, total: total),
            userSection(rows, total: total),
            failureSection(failures, failedCost: failedCost, currency: currency),
            unpricedSection(rows),
            pendingSection(rows),
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

    static func projectSection(_ rows: [UsageRow], previousRows: [UsageRow], total: UsageMeasures,
                               previousTotal: UsageMeasures, previousName: String) -> ReportSection {
        var table = ReportTable(columns: [
            ReportColumn(key: "project", header: "Project", kind: .text),
            ReportColumn(key: "jobs", header: "Jobs", kind: .integer),
            ReportColumn(key: "failed", header: "Failed", kind: .integer),
            ReportColumn(key: "seconds", header: "Billed s", kind: .integer),
            ReportColumn(key: "cost", header: "Cost", kind: .money),
            ReportColumn(key: "share", header: "Share", kind: .percent),
            ReportColumn(key: "previous_cost", header: "Cost \(previousName)", kind: .money),
            ReportColumn(key: "change", header: "Change", kind: .money),
        ])
        let current = Rollup.of(rows, keys: [Key.project.rawValue])
        let previous = Rollup.of(previousRows, keys: [0])
        var previousCost: [String?: Money] = [:]
        for group in previous { previousCost[group.keys[0]] = group.measures.cost }
        // Projects that spent last month but not this one still get a row: a stop is news too.
        let gone = previous.filter { old in !current.contains { $0.keys == old.keys } }
            .map { Rollup(keys: $0.keys, measures: UsageMeasures()) }
        for group in current + gone {
            let before = previousCost[group.keys[0]] ?? .zero
            table.append([label(group.keys[0]), .integer(group.measures.jobs), .integer(group.measures.failed),
                          .integer(group.measures.seconds), .money(group.measures.cost),
                          .percent(group.measures.cost, of: total.cost), .money(before), .money(group.measures.cost - before)])
        }
        table.setTotal([.text("Total"), .integer(total.jobs), .integer(total.failed), .integer(total.seconds),
                        .money(total.cost), .percent(total.cost, of: total.cost), .money(previousTotal.cost),
                        .money(total.cost - previousTotal.cost)])
        return ReportSection(key: "by_project", heading: "Spend by project", table: table)
    }

    static func modelSection(_ rows: [UsageRow], total: UsageMeasures) -> ReportSection {
        var table = ReportTable(columns: [
            ReportColumn(key: "model", header: "Model", kind: .text),
            ReportColumn(key: "resolution", header: "Resolution", kind: .text),
            ReportColumn(key: "jobs", header: "Jobs", kind: .integer),
            ReportColumn(key: "seconds", header: "Billed s", kind: .integer),
            ReportColumn(key: "cost", header: "Cost", kind: .money),
            ReportColumn(key: "share", header: "Share", kind: .percent),
            ReportColumn(key: "unpriced_jobs", header: "Unpriced jobs", kind: .integer),
        ])
        for group in Rollup.of(rows, keys: [Key.model.rawValue, Key.resolution.rawValue]) {
            table.append([label(group.keys[0]), label(group.keys[1]), .integer(group.measures.jobs),
                          .integer(group.measures.seconds), .money(group.measures.cost),
                          .percent(group.measures.cost, of: total.cost), .integer(group.measures.unpricedJobs)])
        }
        table.setTotal([.text("Total"), .null, .integer(total.jobs), .integer(total.seconds), .money(total.cost),
                        .percent(total.cost, of: total.cost), .integer(total.unpricedJobs)])
        return ReportSection(key: "by_model_resolution", heading: "Spend by model and resolution", table: table)
    }

    /// The `topUserCount` most expensive users, then one row for all the others, so the total
    /// still ties out.
    static func userSection(_ rows: [UsageRow], total: UsageMeasures) -> ReportSection {
        var table = ReportTable(columns: [
            ReportColumn(key: "rank", header: "#", kind: .integer),
            ReportColumn(key: "user", header: "User", kind: .text),
            ReportColumn(key: "jobs", header: "Jobs", kind: .integer),
            ReportColumn(key: "seconds", header: "Billed s", kind: .integer),
            ReportColumn(key: "cost", header: "Cost", kind: .money),
            ReportColumn(key: "share", header: "Share", kind: .percent),
        ])
        let users = Rollup.of(rows, keys: [Key.user.rawValue])
        for (index, group) in users.prefix(topUserCount).enumerated() {
            table.append([.integer(index + 1), label(group.keys[0]), .integer(group.measures.jobs),
                          .integer(group.measures.seconds), .money(group.measures.cost),
                          .percent(group.measures.cost, of: total.cost)])
        }
        if users.count > topUserCount {
            var others = UsageMeasures()
            for group in users.dropFirst(topUserCount) { others.add(group.measures) }
            let count = users.count - topUserCount
            table.append([.null, .text("\(count) other user\(count == 1 ? "" : "s")"), .integer(others.jobs),
                          .integer(others.seconds), .money(others.cost), .percent(others.cost, of: total.cost)])
        }
        table.setTotal([.null, .text("Total"), .integer(total.jobs), .integer(total.seconds), .money(total.cost),
                        .percent(total.cost, of: total.cost)])
        return ReportSection(key: "top_users", heading: "Top users by cost", table: table)
    }

    static func failureSection(_ failures: [FailureQuery.Row], failedCost: Money, currency: String) -> ReportSection {
        var table = ReportTable(columns: [
            ReportColumn(key: "error_code", header: "Error code", kind: .text),
            ReportColumn(key: "jobs", header: "Failed jobs", kind: .integer),
            ReportColumn(key: "seconds", header: "Seconds asked", kind: .integer),
            ReportColumn(key: "share", header: "Share of failures", kind: .percent),
        ])
        let jobs = failures.reduce(0) { $0 + $1.jobs }
        let seconds = failures.reduce(0) { $0 + $1.seconds }
        for row in failures {
            table.append([.text(row.code ?? "(no code)"), .integer(row.jobs), .integer(row.seconds), .percent(row.jobs, of: jobs)])
        }
        table.setTotal([.text("Total"), .integer(jobs), .integer(seconds), .percent(jobs, of: jobs)])
        let note = jobs == 0 ? "No job failed."
            : failedCost == .zero ? "Failed jobs are not billed: none of them is in the cost."
            : "Failed jobs are billed here (rate card bill_failed or --bill-failed): \(failedCost.decimalString) \(currency) of the cost."
        return ReportSection(key: "failures", heading: "Failures by error code", table: table, notes: [note])
    }

    /// Unpriced jobs and seconds by reason and by what would need a rate: provider, model and
    /// resolution.
    static func unpricedSection(_ rows: [UsageRow]) -> ReportSection {
        var sums: [[String?]: UnpricedUsage] = [:]
        for row in rows {
            for (reason, usage) in row.measures.unpriced {
                let key: [String?] = [reason.rawValue, row.keys[Key.provider.rawValue], row.keys[Key.model.rawValue],
                                      row.keys[Key.resolution.rawValue]]
                sums[key, default: UnpricedUsage()].jobs += usage.jobs
                sums[key, default: UnpricedUsage()].seconds += usage.seconds
            }
        }
        let ordered = sums.keys.sorted { a, b in
            sums[a]!.jobs != sums[b]!.jobs ? sums[a]!.jobs > sums[b]!.jobs : Rollup.keyOrder(a, b)
        }
        var table = ReportTable(columns: [
            ReportColumn(key: "reason", header: "Reason", kind: .text),
            ReportColumn(key: "provider", header: "Provider", kind: .text),
            ReportColumn(key: "model", header: "Model", kind: .text),
            ReportColumn(key: "resolution", header: "Resolution", kind: .text),
            ReportColumn(key: "jobs", header: "Jobs", kind: .integer),
            ReportColumn(key: "seconds", header: "Seconds", kind: .integer),
        ])
        var total = UnpricedUsage()
        for key in ordered {
            let usage = sums[key]!
            table.append(key.map(label) + [.integer(usage.jobs), .integer(usage.seconds)])
            total.jobs += usage.jobs
            total.seconds += usage.seconds
        }
        table.setTotal([.text("Total"), .null, .null, .null, .integer(total.jobs), .integer(total.seconds)])
        var notes: [String]
        if ordered.isEmpty {
            notes = ["Every billable job has a price."]
        } else {
            let reasons = Set(ordered.compactMap { $0[0].flatMap(UnpricedReason.init(rawValue:)) }).sorted()
            notes = reasons.map { "\($0.rawValue): \($0.explanation)." }
            notes.append("These jobs are not in the cost; add their rates to your rate card (`soracost rates check` lists them).")
        }
        return ReportSection(key: "unpriced", heading: "Unpriced usage", table: table, notes: notes)
    }

    static func pendingSection(_ rows: [UsageRow]) -> ReportSection {
        let pending = Rollup.of(rows, keys: [Key.status.rawValue, Key.project.rawValue, Key.model.rawValue]) {
            $0.measures.pending > 0
        }.sorted { a, b in
            a.measures.pending != b.measures.pending ? a.measures.pending > b.measures.pending : Rollup.keyOrder(a.keys, b.keys)
        }
        var table = ReportTable(columns: [
            ReportColumn(key: "status", header: "Status", kind: .text),
            ReportColumn(key: "project", header: "Project", kind: .text),
            ReportColumn(key: "model", header: "Model", kind: .text),
            ReportColumn(key: "jobs", header: "Jobs", kind: .integer),
        ])
        var count = 0
        for group in pending {
            table.append(group.keys.map(label) + [.integer(group.measures.pending)])
            count += group.measures.pending
        }
        table.setTotal([.text("Total"), .null, .null, .integer(count)])
        let note = count == 0 ? "No job was still queued or in progress."
            : "Queued and in-progress jobs are not billed until they complete; a later import updates them."
        return ReportSection(key: "pending", heading: "Pending jobs", table: table, notes: [note])
    }
}
