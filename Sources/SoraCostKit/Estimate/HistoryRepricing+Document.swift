extension HistoryRepricing {
    /// The re-pricing as a report: as billed, re-priced and the difference per project and
    /// model, with the total; JSON carries the same rows and total.
    public var document: EstimateDocument {
        var table = ReportTable(columns: [
            ReportColumn(key: "project", header: "Project", kind: .text),
            ReportColumn(key: "model", header: "Model", kind: .text),
            ReportColumn(key: "repriced_as", header: "Re-priced as", kind: .text),
            ReportColumn(key: "jobs", header: "Jobs", kind: .integer),
            ReportColumn(key: "billed", header: "As billed", kind: .money),
            ReportColumn(key: "repriced", header: "Re-priced", kind: .money),
            ReportColumn(key: "difference", header: "Difference", kind: .money),
            ReportColumn(key: "change", header: "Change", kind: .percent),
            ReportColumn(key: "billed_unpriced_jobs", header: "Unpriced as billed", kind: .integer),
            ReportColumn(key: "repriced_unpriced_jobs", header: "Unpriced re-priced", kind: .integer),
        ])
        func cells(_ row: Row) -> [ReportCell] {
            [.integer(row.jobs), .money(row.billed), .money(row.repriced), .money(row.difference),
             .percent(row.difference, of: row.billed), .integer(row.billedUnpricedJobs), .integer(row.repricedUnpricedJobs)]
        }
        for row in rows {
            table.append([row.project.map(ReportCell.text) ?? .null, .text(row.model),
                          .text(row.repricedAs.sorted().joined(separator: ", "))] + cells(row))
        }
        let total = self.total
        table.setTotal([.text("Total"), .null, .null] + cells(total))

        var mapping: [String] = map.models.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }
        mapping += map.sizes.map { "\($0.from) → \($0.to)" }
        var notes = [
            "As billed: the month's jobs priced with \(billedCard == BuiltInRates.sourceName ? "the built-in card" : billedCard) "
                + "(the same figures as the monthly report with that card); re-priced: with "
                + "\(repricedCard == BuiltInRates.sourceName ? "the built-in card" : repricedCard)"
                + (mapping.isEmpty ? "." : ", after mapping \(mapping.joined(separator: ", ")).")
                + " Both use the rates in force on each job's own usage day.",
            "Difference is re-priced minus as billed; change is that difference over the amount as billed.",
        ]
        if total.billedUnpricedJobs > 0 || total.repricedUnpricedJobs > 0 {
            notes.append("Unpriced jobs add nothing to either side; they are counted, not priced at 0.")
        }
        let document = ReportDocument(
            title: "Re-priced history, \(month.iso)",
            subtitle: "\(month.firstDay.iso) to \(month.lastDay.iso), \(zone.identifier)",
            period: month.days, currency: currency,
            summary: [
                ReportFact(key: "billed", label: "As billed", value: .money(total.billed)),
                ReportFact(key: "repriced", label: "Re-priced", value: .money(total.repriced)),
                ReportFact(key: "difference", label: "Difference", value: .money(total.difference)),
                ReportFact(key: "change", label: "Change", value: .percent(total.difference, of: total.billed)),
            ],
            sections: [ReportSection(key: "by_project_model", heading: "By project and model", table: table)],
            notes: notes,
            metadata: [
                ReportFact(key: "billed_card", label: "As billed with", value: .text(billedCard)),
                ReportFact(key: "repriced_card", label: "Re-priced with", value: .text(repricedCard)),
                ReportFact(key: "soracost_version", label: "soracost", value: .text(SoraCostVersion.current)),
            ])
        return EstimateDocument(document: document, jsonMembers: [
            ("month", .string(month.iso)),
            ("mapping", .object(map.models.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }
                + map.sizes.map { ($0.from.description, .string($0.to.description)) })),
        ])
    }
}
