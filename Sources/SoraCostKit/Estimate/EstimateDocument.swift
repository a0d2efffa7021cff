/// What `soracost estimate` prints: one line's figures, or a scenario's lines with subtotals, a
/// total and comparisons, as a `ReportDocument` (table, CSV, Markdown) or JSON with the figures
/// at the top (`per_job`, `per_day`, ... as decimal strings, `currency`, the rate entry).
public struct EstimateDocument: Sendable {
    public var document: ReportDocument
    /// Members put after `currency` in the JSON.
    public var jsonMembers: [(String, JSONValue)]
    /// Whether some line has no price: the document shows the reason and no amount, and the
    /// command exits with a non-zero status.
    public var isUnpriced: Bool { !unpricedReasons.isEmpty }
    /// Why lines have no price, each reason once, in `UnpricedReason` order.
    public var unpricedReasons: [UnpricedReason]

    public init(document: ReportDocument, jsonMembers: [(String, JSONValue)], unpricedReasons: [UnpricedReason] = []) {
        self.document = document
        self.jsonMembers = jsonMembers
        self.unpricedReasons = unpricedReasons
    }

    /// The document in `format`: JSON is the report document with `jsonMembers` after `currency`;
    /// CSV is the main (first) table.
    public func render(_ format: ReportFormat) -> String {
        guard format == .json else { return format.render(document) }
        guard case .object(var members) = JSONReportRenderer.value(of: document) else {
            preconditionFailure("a report document is a JSON object")
        }
        let at = (members.firstIndex { $0.0 == "currency" } ?? members.count - 1) + 1
        members.insert(contentsOf: jsonMembers, at: at)
        return JSONValue.object(members).prettyText
    }

    // MARK: One line

    /// The estimate of one line: every figure with its basis, the rate entry and the arithmetic.
    public init(line estimate: LineEstimate) {
        let line = estimate.line
        var figures = ReportTable(columns: [
            ReportColumn(key: "figure", header: "Figure", kind: .text),
            ReportColumn(key: "amount", header: "Amount", kind: .money),
            ReportColumn(key: "basis", header: "Basis", kind: .text),
            ReportColumn(key: "arithmetic", header: "Arithmetic", kind: .text),
        ])
        var summary: [ReportFact] = []
        var notes: [String] = []
        if let charge = estimate.charge, let perJob = estimate.perJob {
            let jobText = line.failureShare == .zero ? charge.arithmetic
                : "average with \(line.failureShare) failing" + (perJob.isExact ? "" : ", rounded")
            figures.append([.text(perJob.basis.label), .money(perJob.amount), .text(perJob.basis.length), .text(jobText)])
            summary.append(ReportFact(key: "per_job", label: "Per job", value: .money(perJob.amount)))
            for figure in estimate.figures {
                figures.append([.text(figure.basis.label), .money(figure.amount), .text(figure.basis.length),
                                .text(EstimateDocument.arithmetic(figure, line: line))])
                summary.append(ReportFact(key: figure.basis.key, label: figure.basis.label, value: .money(figure.amount)))
            }
            notes.append("One job: \(charge.arithmetic) (\(charge.rate.label): \(charge.rate.entry.source)).")
            if line.failureShare != .zero {
                let failed = estimate.failedJobCost.map { "each costs \($0.formatted(charge.currency))" } ?? "the card does not bill them"
                notes.append("\(line.failureShare) of the jobs fail; \(failed); per job is the average over all jobs.")
            }
        } else {
            let reason = estimate.unpricedReason ?? .unknownModel
            summary.append(ReportFact(key: "status", label: "Status", value: .text("unpriced")))
            summary.append(ReportFact(key: "reason", label: "Reason", value: .text(reason.rawValue)))
            notes.append("Unpriced (\(reason.rawValue)): \(reason.explanation); there is no amount, not 0.")
        }
        notes += EstimateDocument.basisNotes(line.per, figures: [estimate.perJob].compactMap { $0 } + estimate.figures)
        let currency = estimate.charge?.currency ?? "USD"
        document = ReportDocument(
            title: "Estimate: \(line.summary)",
            subtitle: "Rates in force on \(estimate.day.iso) (UTC), provider \(line.provider)",
            currency: currency, summary: summary,
            sections: [
                ReportSection(key: "figures", heading: "Figures", table: figures),
                ReportSection(key: "rate", heading: "Rate entry", table: EstimateDocument.rateTable([estimate])),
            ],
            notes: notes,
            metadata: [ReportFact(key: "soracost_version", label: "soracost", value: .text(SoraCostVersion.current))])
        var members: [(String, JSONValue)] = [("per_job", EstimateDocument.json(estimate.perJob))]
        for basis in EstimateBasis.all(calendarMonth: estimate.month) {
            members.append((basis.key, EstimateDocument.json(estimate.figure(basis.key))))
        }
        members.append(("rounded", .array(([estimate.perJob].compactMap { $0 } + estimate.figures)
            .filter { !$0.isExact }.map { .string($0.basis.key) })))
        members.append(("rate", EstimateDocument.rateJSON(estimate)))
        members.append(("unpriced", EstimateDocument.unpricedJSON(estimate)))
        jsonMembers = members
        unpricedReasons = estimate.unpricedReason.map { [$0] } ?? []
    }

    // MARK: Shared pieces

    static func json(_ figure: EstimateFigure?) -> JSONValue {
        figure.map { .string($0.amount.decimalString) } ?? .null
    }

    /// `per week × 30 / 7, rounded`, `per day × 7`.
    static func arithmetic(_ figure: EstimateFigure, line: EstimateLine) -> String {
        let basis = figure.basis
        var text = "per \(line.per == .month ? "30-day month" : line.per.rawValue)"
        let days = basis.denominator == 1 ? "\(basis.numerator)" : "\(basis.numerator)/\(basis.denominator)"
        if line.per.days != basis.numerator || basis.denominator != 1 {
            text += line.per.days == 1 ? " × \(days)" : days == "1" ? " / \(line.per.days)" : " × \(days) / \(line.per.days)"
        }
        return figure.isExact ? text : text + ", rounded"
    }

    /// What every reader of an estimate needs: which month is which, and what was rounded.
    static func basisNotes(_ per: EstimatePer, figures: [EstimateFigure]) -> [String] {
        var notes = ["Months differ: 4 weeks = 28 days (the published \"per week × 4\"), a 30-day month, the calendar "
            + "month's own days, and the average month of 365.25/12 = 30.4375 days."]
        if per == .month { notes.append("A count per month is per 30-day month.") }
        var rounded: [String] = []
        for figure in figures where !figure.isExact && !rounded.contains(figure.basis.label) {
            rounded.append(figure.basis.label)
        }
        if !rounded.isEmpty {
            notes.append("Rounded half-to-even to the micro-unit, as they divide (a weekly count per day is ÷ 7): "
                + rounded.joined(separator: ", ") + "; every other figure is exact.")
        }
        return notes
    }

    static func rateTable(_ estimates: [LineEstimate]) -> ReportTable {
        var table = ReportTable(columns: [
            ReportColumn(key: "line", header: "Line", kind: .text),
            ReportColumn(key: "entry", header: "Entry", kind: .text),
            ReportColumn(key: "provider", header: "Provider", kind: .text),
            ReportColumn(key: "model", header: "Model", kind: .text),
            ReportColumn(key: "sizes", header: "Sizes", kind: .text),
            ReportColumn(key: "rate", header: "Rate", kind: .money),
            ReportColumn(key: "unit", header: "Unit", kind: .text),
            ReportColumn(key: "unit_rate", header: "After discounts", kind: .money),
            ReportColumn(key: "effective_from", header: "From", kind: .date),
            ReportColumn(key: "effective_to", header: "To (excl.)", kind: .date),
            ReportColumn(key: "source", header: "Source", kind: .text),
        ])
        for estimate in estimates {
            let name = ReportCell.text(estimate.line.name ?? estimate.line.model)
            guard let charge = estimate.charge else {
                let reason = estimate.unpricedReason ?? .unknownModel
                table.append([name, .text("unpriced"), .text(estimate.line.provider), .text(estimate.line.model),
                              .text(estimate.line.size.description), .null, .null, .null, .null, .null,
                              .text("\(reason.rawValue): \(reason.explanation)")])
                continue
            }
            let entry = charge.rate.entry
            table.append([name, .text(charge.rate.label), .text(entry.provider), .text(entry.model.text), .text(entry.sizesText),
                          .money(entry.rate), .text(entry.unit.rawValue), .money(charge.unitRate),
                          entry.effectiveFrom.map(ReportCell.date) ?? .null, entry.effectiveTo.map(ReportCell.date) ?? .null,
                          .text(entry.source)])
        }
        return table
    }

    /// The rate entry that prices `estimate`, or null.
    static func rateJSON(_ estimate: LineEstimate) -> JSONValue {
        guard let charge = estimate.charge else { return .null }
        let rate = charge.rate
        let entry = rate.entry
        func day(_ day: Day?) -> JSONValue { day.map { .string($0.iso) } ?? .null }
        return .object([
            ("card", .string(rate.cardName)),
            ("entry", .number(String(rate.index))),
            ("origin", .string(rate.origin.rawValue)),
            ("provider", .string(entry.provider)),
            ("model", .string(entry.model.text)),
            ("sizes", entry.sizes.map { .array($0.map { .string($0.description) }) } ?? .null),
            ("rate", .string(entry.rate.decimalString)),
            ("unit", .string(entry.unit.rawValue)),
            ("currency", .string(rate.currency)),
            ("unit_rate", .string(charge.unitRate.decimalString)),
            ("batch_discount_percent", .string(rate.batchDiscount.number)),
            ("discount_percent", .string(rate.discount.number)),
            ("bill_failed", .bool(rate.billFailed)),
            ("source", .string(entry.source)),
            ("effective_from", day(entry.effectiveFrom)),
            ("effective_to", day(entry.effectiveTo)),
            ("arithmetic", .string(charge.arithmetic)),
        ])
    }

    static func unpricedJSON(_ estimate: LineEstimate) -> JSONValue {
        guard estimate.charge == nil else { return .null }
        let reason = estimate.unpricedReason ?? .unknownModel
        return .object([("reason", .string(reason.rawValue)), ("explanation", .string(reason.explanation))])
    }
}
