extension EstimateDocument {
    /// The figure a comparison puts side by side: the 30-day month.
    public static let comparedKey = EstimateBasis.month30.key

    /// A scenario: every line's figures with the total, subtotals by model, each line's rate
    /// entry, and, for each variant, the 30-day month under it beside the scenario's and the
    /// difference (variant − scenario).
    public init(scenario: ScenarioEstimate, source: String, day: Day,
                comparisons: [(variant: EstimateVariant, estimate: ScenarioEstimate)] = []) {
        let bases = scenario.bases
        var columns = [ReportColumn(key: "line", header: "Line", kind: .text),
                       ReportColumn(key: "workload", header: "Workload", kind: .text),
                       ReportColumn(key: "per_job", header: "Per job", kind: .money)]
        columns += bases.map { ReportColumn(key: $0.key, header: $0.label, kind: .money) }
        columns.append(ReportColumn(key: "unpriced", header: "Unpriced", kind: .text))
        var lines = ReportTable(columns: columns)
        for estimate in scenario.lines {
            var row: [ReportCell] = [.text(estimate.line.name ?? estimate.line.model), .text(estimate.line.summary),
                                     estimate.perJob.map { .money($0.amount) } ?? .null]
            row += bases.map { basis in estimate.figure(basis.key).map { .money($0.amount) } ?? .null }
            row.append(estimate.unpricedReason.map { .text($0.rawValue) } ?? .null)
            lines.append(row)
        }
        let total = ScenarioEstimate.total(of: scenario.lines, bases: bases)
        lines.setTotal([.text("Total"), .text(scenario.lines.count == 1 ? "1 line" : "\(scenario.lines.count) lines"), .null]
            + bases.map { basis in total?.first { $0.basis == basis }.map { .money($0.amount) } ?? .null }
            + [scenario.unpriced.isEmpty ? .null : .text("\(scenario.unpriced.count) unpriced")])

        var byModel = ReportTable(columns: [ReportColumn(key: "model", header: "Model", kind: .text),
                                            ReportColumn(key: "lines", header: "Lines", kind: .integer)]
            + bases.map { ReportColumn(key: $0.key, header: $0.label, kind: .money) })
        for (model, group) in scenario.byModel {
            let subtotal = ScenarioEstimate.total(of: group, bases: bases)
            byModel.append([.text(model), .integer(group.count)]
                + bases.map { basis in subtotal?.first { $0.basis == basis }.map { .money($0.amount) } ?? .null })
        }

        var sections = [ReportSection(key: "lines", heading: "Lines", table: lines),
                        ReportSection(key: "by_model", heading: "Subtotals by model", table: byModel)]
        var notes: [String] = []
        var comparisonJSON: [JSONValue] = []
        if !comparisons.isEmpty {
            sections.append(ReportSection(key: "comparison", heading: "Compared, per 30-day month",
                                          table: EstimateDocument.comparisonTable(scenario, comparisons),
                                          notes: ["Difference is the variant minus the scenario as written."]))
            for (variant, estimate) in comparisons {
                let figures = ScenarioEstimate.total(of: estimate.lines, bases: estimate.bases)
                comparisonJSON.append(.object([
                    ("variant", .string(variant.label)),
                    ("currency", .string(estimate.currency)),
                    ("total", EstimateDocument.figuresJSON(figures, bases: estimate.bases)),
                ]))
            }
        }
        sections.append(ReportSection(key: "rates", heading: "Rate entries", table: EstimateDocument.rateTable(scenario.lines)))
        for estimate in scenario.unpriced {
            let reason = estimate.unpricedReason ?? .unknownModel
            notes.append("\(estimate.line.name ?? estimate.line.model) is unpriced (\(reason.rawValue)): \(reason.explanation); "
                + "totals have no amount until it is priced.")
        }
        let all = scenario.lines.flatMap { [$0.perJob].compactMap { $0 } + $0.figures }
        notes += EstimateDocument.basisNotes(scenario.lines.contains { $0.line.per == .month } ? .month : .day, figures: all)
        document = ReportDocument(
            title: "Estimate: \(source)", subtitle: "Rates in force on \(day.iso) (UTC)",
            currency: scenario.currency,
            summary: total.map { $0.map { ReportFact(key: $0.basis.key, label: $0.basis.label, value: .money($0.amount)) } }
                ?? [ReportFact(key: "status", label: "Status", value: .text("unpriced"))],
            sections: sections, notes: notes,
            metadata: [ReportFact(key: "soracost_version", label: "soracost", value: .text(SoraCostVersion.current))])
        jsonMembers = [
            ("total", EstimateDocument.figuresJSON(total, bases: bases)),
            ("lines", .array(scenario.lines.map { estimate in
                var members: [(String, JSONValue)] = [("name", estimate.line.name.map(JSONValue.string) ?? .null),
                                                      ("per_job", EstimateDocument.json(estimate.perJob))]
                members += bases.map { ($0.key, EstimateDocument.json(estimate.figure($0.key))) }
                members.append(("rate", EstimateDocument.rateJSON(estimate)))
                members.append(("unpriced", EstimateDocument.unpricedJSON(estimate)))
                return .object(members)
            })),
            ("comparisons", .array(comparisonJSON)),
        ]
        let unpriced = scenario.unpriced + comparisons.flatMap(\.estimate.unpriced)
        unpricedReasons = Set(unpriced.compactMap(\.unpricedReason)).sorted()
    }

    static func figuresJSON(_ figures: [EstimateFigure]?, bases: [EstimateBasis]) -> JSONValue {
        .object(bases.map { basis in (basis.key, json(figures?.first { $0.basis == basis })) })
    }

    /// Line, the scenario's 30-day month, then per variant its 30-day month and the difference.
    static func comparisonTable(_ scenario: ScenarioEstimate,
                                _ comparisons: [(variant: EstimateVariant, estimate: ScenarioEstimate)]) -> ReportTable {
        var columns = [ReportColumn(key: "line", header: "Line", kind: .text),
                       ReportColumn(key: "scenario", header: "As written", kind: .money)]
        for (index, comparison) in comparisons.enumerated() {
            columns.append(ReportColumn(key: "variant_\(index + 1)", header: comparison.variant.label, kind: .money))
            columns.append(ReportColumn(key: "difference_\(index + 1)", header: "Difference", kind: .money))
        }
        func amount(_ estimate: LineEstimate?) -> Money? { estimate?.figure(comparedKey)?.amount }
        func cells(_ base: Money?, _ others: [Money?]) -> [ReportCell] {
            var row: [ReportCell] = [base.map(ReportCell.money) ?? .null]
            for other in others {
                row.append(other.map(ReportCell.money) ?? .null)
                if let base, let other { row.append(.money(other - base)) } else { row.append(.null) }
            }
            return row
        }
        var table = ReportTable(columns: columns)
        for (index, estimate) in scenario.lines.enumerated() {
            table.append([.text(estimate.line.name ?? estimate.line.model)]
                + cells(amount(estimate), comparisons.map { amount($0.estimate.lines[index]) }))
        }
        func total(_ estimate: ScenarioEstimate) -> Money? {
            ScenarioEstimate.total(of: estimate.lines, bases: estimate.bases)?.first { $0.basis.key == comparedKey }?.amount
        }
        table.setTotal([.text("Total")] + cells(total(scenario), comparisons.map { total($0.estimate) }))
        return table
    }
}
