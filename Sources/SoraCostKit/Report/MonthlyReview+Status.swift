/// The review's tables about jobs that are not simply billed: failures, unpriced usage, and jobs
/// still pending or never to complete.
extension MonthlyReview {
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
    /// resolution; `Seconds (max)` adds the stitched seconds of extensions without a segment.
    static func unpricedSection(_ rows: [UsageRow]) -> ReportSection {
        var sums: [[String?]: (usage: UnpricedUsage, stitched: Int)] = [:]
        for row in rows {
            for (reason, usage) in row.measures.unpriced {
                let key: [String?] = [reason.rawValue, row.keys[Key.provider.rawValue], row.keys[Key.model.rawValue],
                                      row.keys[Key.resolution.rawValue]]
                var entry = sums[key] ?? (UnpricedUsage(), 0)
                entry.usage.jobs += usage.jobs
                entry.usage.seconds += usage.seconds
                if reason == .extensionSegmentUnknown { entry.stitched += row.measures.stitchedSeconds }
                sums[key] = entry
            }
        }
        let ordered = sums.keys.sorted { a, b in
            sums[a]!.usage.jobs != sums[b]!.usage.jobs ? sums[a]!.usage.jobs > sums[b]!.usage.jobs : Rollup.keyOrder(a, b)
        }
        var table = ReportTable(columns: [
            ReportColumn(key: "reason", header: "Reason", kind: .text),
            ReportColumn(key: "provider", header: "Provider", kind: .text),
            ReportColumn(key: "model", header: "Model", kind: .text),
            ReportColumn(key: "resolution", header: "Resolution", kind: .text),
            ReportColumn(key: "jobs", header: "Jobs", kind: .integer),
            ReportColumn(key: "seconds", header: "Seconds", kind: .integer),
            ReportColumn(key: "seconds_max", header: "Seconds (max)", kind: .integer),
        ])
        var jobs = 0, seconds = 0, most = 0
        for key in ordered {
            let entry = sums[key]!
            table.append(key.map(label) + [.integer(entry.usage.jobs), .integer(entry.usage.seconds),
                                           .integer(entry.usage.seconds + entry.stitched)])
            jobs += entry.usage.jobs
            seconds += entry.usage.seconds
            most += entry.usage.seconds + entry.stitched
        }
        table.setTotal([.text("Total"), .null, .null, .null, .integer(jobs), .integer(seconds), .integer(most)])
        var notes: [String]
        if ordered.isEmpty {
            notes = ["Every billable job has a price."]
        } else {
            let reasons = Set(ordered.compactMap { $0[0].flatMap(UnpricedReason.init(rawValue:)) }).sorted()
            notes = reasons.map { "\($0.rawValue): \($0.explanation)." }
            if reasons.contains(.extensionSegmentUnknown) {
                notes.append("Seconds (max) counts an extension without a recorded segment at its stitched length: the upper bound of its exposure, not a billed figure.")
            }
            notes.append("These jobs are not in the cost; add their rates to your rate card (`soracost rates check` lists them).")
        }
        return ReportSection(key: "unpriced", heading: "Unpriced usage", table: table, notes: notes)
    }

    static let neverCompletedStatus = "never completed"

    /// How many pending jobs of `rows` belong to a model retired on or before `asOf`.
    static func neverCompleted(_ rows: [UsageRow], asOf: Day, stopDay: StopDay) -> Int {
        rows.reduce(0) { sum, row in
            guard row.measures.pending > 0, let provider = row.keys[Key.provider.rawValue],
                  let model = row.keys[Key.model.rawValue], let stop = stopDay(provider, model), stop <= asOf else { return sum }
            return sum + row.measures.pending
        }
    }

    /// Jobs still queued or in progress. Those whose provider's model was retired on or before
    /// `asOf` (`stopDay`) read `never completed`: the API that would finish them is gone, so they
    /// are neither pending nor forecast.
    static func pendingSection(_ rows: [UsageRow], asOf: Day, stopDay: StopDay) -> ReportSection {
        let pending = Rollup.of(rows, keys: [Key.status.rawValue, Key.provider.rawValue, Key.project.rawValue, Key.model.rawValue]) {
            $0.measures.pending > 0
        }
        var table = ReportTable(columns: [
            ReportColumn(key: "status", header: "Status", kind: .text),
            ReportColumn(key: "project", header: "Project", kind: .text),
            ReportColumn(key: "model", header: "Model", kind: .text),
            ReportColumn(key: "jobs", header: "Jobs", kind: .integer),
        ])
        var jobs: [[String?]: Int] = [:]
        var retired: Set<String> = []
        var neverCompleted = 0
        for group in pending {
            var status = group.keys[0]
            if let provider = group.keys[1], let model = group.keys[3], let stop = stopDay(provider, model), stop <= asOf {
                status = neverCompletedStatus
                retired.insert("\(provider)/\(model) (retired, no rate from \(stop.iso))")
                neverCompleted += group.measures.pending
            }
            jobs[[status, group.keys[2], group.keys[3]], default: 0] += group.measures.pending
        }
        let lines = jobs.sorted { a, b in a.value != b.value ? a.value > b.value : Rollup.keyOrder(a.key, b.key) }
            .map { (keys: $0.key, jobs: $0.value) }
        var count = 0
        for line in lines {
            table.append(line.keys.map(label) + [.integer(line.jobs)])
            count += line.jobs
        }
        table.setTotal([.text("Total"), .null, .null, .integer(count)])
        var notes = [count == 0 ? "No job was still queued or in progress."
            : count == neverCompleted ? "No job can still complete."
            : "Queued and in-progress jobs are not billed until they complete; a later import updates them."]
        if neverCompleted > 0 {
            notes.append("\(UsageReport.jobsText(neverCompleted, verb: false)) will never complete: their model was retired "
                + "(\(retired.sorted().joined(separator: ", "))). They are not pending and are not forecast.")
        }
        return ReportSection(key: "pending", heading: "Pending jobs", table: table, notes: notes)
    }
}
