/// The review's spend tables: by project, by model and resolution, top users, and unit costs.
///
/// Every table that shows a cost shows the unpriced jobs and seconds beside it, so a chargeback
/// never reads unpriced usage as 0.00; `Unpriced s (max)` adds the stitched seconds of the
/// extensions unpriced for want of a recorded segment, the upper bound of their exposure, as the
/// unpriced section's `Seconds (max)` does.
extension MonthlyReview {
    /// The unpriced columns that stand beside every cost.
    static let unpricedColumns = [
        ReportColumn(key: "unpriced_jobs", header: "Unpriced jobs", kind: .integer),
        ReportColumn(key: "unpriced_seconds", header: "Unpriced s", kind: .integer),
        ReportColumn(key: "unpriced_seconds_max", header: "Unpriced s (max)", kind: .integer),
    ]

    static func unpricedCells(_ measures: UsageMeasures) -> [ReportCell] {
        [.integer(measures.unpricedJobs), .integer(measures.unpricedSeconds), .integer(measures.unpricedSecondsUpperBound)]
    }

    /// Jobs, billed seconds, cost and its share of the total, then the unpriced columns: the
    /// spend columns of the model-and-resolution and top-user tables.
    static let spendColumns = [
        ReportColumn(key: "jobs", header: "Jobs", kind: .integer),
        ReportColumn(key: "seconds", header: "Billed s", kind: .integer),
        ReportColumn(key: "cost", header: "Cost", kind: .money),
        ReportColumn(key: "share", header: "Share", kind: .percent),
    ] + unpricedColumns

    /// The cells of `spendColumns` for `measures`, its share taken of `total`'s cost.
    static func spendCells(_ measures: UsageMeasures, of total: UsageMeasures) -> [ReportCell] {
        [.integer(measures.jobs), .integer(measures.seconds), .money(measures.cost),
         .percent(measures.cost, of: total.cost)] + unpricedCells(measures)
    }

    static let unpricedNote = "Unpriced jobs are not in the cost; Unpriced s (max) adds the stitched seconds of the extensions "
        + "unpriced because their new segment was not recorded, the most they could bill."

    static func projectSection(_ rows: [UsageRow], previousRows: [UsageRow], total: UsageMeasures,
                               previousTotal: UsageMeasures, previousName: String) -> ReportSection {
        var table = ReportTable(columns: [
            ReportColumn(key: "project", header: "Project", kind: .text),
            ReportColumn(key: "jobs", header: "Jobs", kind: .integer),
            ReportColumn(key: "failed", header: "Failed", kind: .integer),
            ReportColumn(key: "seconds", header: "Billed s", kind: .integer),
            ReportColumn(key: "cost", header: "Cost", kind: .money),
            ReportColumn(key: "share", header: "Share", kind: .percent),
        ] + unpricedColumns + [
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
                          .percent(group.measures.cost, of: total.cost)] + unpricedCells(group.measures)
                          + [.money(before), .money(group.measures.cost - before)])
        }
        table.setTotal([.text("Total"), .integer(total.jobs), .integer(total.failed), .integer(total.seconds),
                        .money(total.cost), .percent(total.cost, of: total.cost)] + unpricedCells(total)
                        + [.money(previousTotal.cost), .money(total.cost - previousTotal.cost)])
        return ReportSection(key: "by_project", heading: "Spend by project", table: table,
                             notes: total.unpricedJobs > 0 ? [unpricedNote] : [])
    }

    static func modelSection(_ rows: [UsageRow], total: UsageMeasures) -> ReportSection {
        var table = ReportTable(columns: [
            ReportColumn(key: "model", header: "Model", kind: .text),
            ReportColumn(key: "resolution", header: "Resolution", kind: .text),
        ] + spendColumns)
        for group in Rollup.of(rows, keys: [Key.model.rawValue, Key.resolution.rawValue]) {
            table.append([label(group.keys[0]), label(group.keys[1])] + spendCells(group.measures, of: total))
        }
        table.setTotal([.text("Total"), .null] + spendCells(total, of: total))
        return ReportSection(key: "by_model_resolution", heading: "Spend by model and resolution", table: table,
                             notes: total.unpricedJobs > 0 ? [unpricedNote] : [])
    }

    /// The `topUserCount` most expensive users, then one row for all the others, so the total
    /// still ties out.
    static func userSection(_ rows: [UsageRow], total: UsageMeasures) -> ReportSection {
        var table = ReportTable(columns: [
            ReportColumn(key: "rank", header: "#", kind: .integer),
            ReportColumn(key: "user", header: "User", kind: .text),
        ] + spendColumns)
        let users = Rollup.of(rows, keys: [Key.user.rawValue])
        for (index, group) in users.prefix(topUserCount).enumerated() {
            table.append([.integer(index + 1), label(group.keys[0])] + spendCells(group.measures, of: total))
        }
        if users.count > topUserCount {
            var others = UsageMeasures()
            for group in users.dropFirst(topUserCount) { others.add(group.measures) }
            let count = users.count - topUserCount
            table.append([.null, .text("\(count) other user\(count == 1 ? "" : "s")")] + spendCells(others, of: total))
        }
        table.setTotal([.null, .text("Total")] + spendCells(total, of: total))
        return ReportSection(key: "top_users", heading: "Top users by cost", table: table,
                             notes: total.unpricedJobs > 0 ? [unpricedNote] : [])
    }

    /// Cost ÷ completed videos that were billed, rounded half-to-even to the micro-dollar; nil
    /// with none. An unpriced video adds no cost, so counting it would read as a cheaper video.
    public static func costPerVideo(_ measures: UsageMeasures) -> Money? {
        measures.billedCompleted > 0 ? measures.cost.scaled(by: 1, over: Int64(measures.billedCompleted)) : nil
    }

    /// Cost ÷ billed seconds, rounded half-to-even to the micro-dollar; nil with no billed second.
    public static func costPerSecond(_ measures: UsageMeasures) -> Money? {
        measures.seconds > 0 ? measures.cost.scaled(by: 1, over: Int64(measures.seconds)) : nil
    }

    /// `unit_costs`: cost per billed completed video and per billed second, overall, per model
    /// and resolution, and per project; unpriced jobs are in neither, so a row with nothing
    /// priced has no unit cost rather than 0.00.
    static func unitCostSection(_ rows: [UsageRow], total: UsageMeasures) -> ReportSection {
        var table = ReportTable(columns: [
            ReportColumn(key: "scope", header: "Scope", kind: .text),
            ReportColumn(key: "name", header: "Name", kind: .text),
            ReportColumn(key: "completed", header: "Completed", kind: .integer),
            ReportColumn(key: "seconds", header: "Billed s", kind: .integer),
            ReportColumn(key: "cost", header: "Cost", kind: .money),
            ReportColumn(key: "cost_per_video", header: "Per video", kind: .money),
            ReportColumn(key: "cost_per_second", header: "Per second", kind: .money),
            ReportColumn(key: "unpriced_jobs", header: "Unpriced jobs", kind: .integer),
        ])
        func append(_ scope: String, _ name: String, _ measures: UsageMeasures) {
            table.append([.text(scope), .text(name), .integer(measures.completed), .integer(measures.seconds),
                          .money(measures.cost), costPerVideo(measures).map(ReportCell.money) ?? .null,
                          costPerSecond(measures).map(ReportCell.money) ?? .null, .integer(measures.unpricedJobs)])
        }
        append("overall", "all jobs", total)
        for group in Rollup.of(rows, keys: [Key.model.rawValue, Key.resolution.rawValue]) {
            append("model", "\(group.keys[0] ?? "(none)") \(group.keys[1] ?? "(none)")", group.measures)
        }
        for group in Rollup.of(rows, keys: [Key.project.rawValue]) {
            append("project", group.keys[0] ?? "(none)", group.measures)
        }
        var note = "Per video = cost ÷ completed jobs that have a price; per second = cost ÷ billed seconds; each rounded "
            + "half-to-even to the micro-dollar (0.000001), blank when the divisor is 0."
        if total.unpricedJobs > 0 {
            let count = total.unpricedJobs
            note += " \(count) unpriced job\(count == 1 ? " is" : "s are") left out of both unit costs: they are in neither "
                + "the cost nor the divisors."
        }
        return ReportSection(key: "unit_costs", heading: "Unit costs", table: table, notes: [note])
    }
}
