extension Reconciliation {
    /// The report: a summary, every cell (the main table, what CSV prints), the line items seen,
    /// and notes on what could not be compared.
    public var document: ReportDocument {
        let month = request.month
        var cellsTable = ReportTable(columns: [
            ReportColumn(key: "date", header: "Date", kind: .date),
            ReportColumn(key: "project", header: "Project", kind: .text),
            ReportColumn(key: "ledger", header: "Ledger", kind: .money),
            ReportColumn(key: "billed", header: "Billed", kind: .money),
            ReportColumn(key: "difference", header: "Billed - ledger", kind: .money),
            ReportColumn(key: "status", header: "Status", kind: .text),
        ])
        for cell in cells {
            cellsTable.append([
                .date(cell.day), byProject ? .text(cell.project ?? "(none)") : .text("(all)"),
                cell.ledger.map(ReportCell.money) ?? .null, cell.billed.map(ReportCell.money) ?? .null,
                .money(cell.difference), .text(cell.status.rawValue),
            ])
        }
        cellsTable.setTotal([.null, .text("Total"), .money(ledgerTotal), .money(billedTotal),
                             .money(billedTotal - ledgerTotal), .null])
        var items = ReportTable(columns: [
            ReportColumn(key: "line_item", header: "Line item", kind: .text),
            ReportColumn(key: "lines", header: "Lines", kind: .integer),
            ReportColumn(key: "amount", header: "Amount", kind: .money),
            ReportColumn(key: "selected", header: "Compared", kind: .text),
        ])
        for item in lineItems {
            items.append([.text(item.name ?? "(no line item)"), .integer(item.lines), .money(item.amount),
                          .text(item.selected ? "yes" : item.name == nil ? "no (unlabelled)" : "no")])
        }
        var notes: [String] = []
        if !byProject {
            notes.append(unmappedProjects.isEmpty
                ? "The source has lines without a project, so day totals are compared."
                : "No ledger project for \(unmappedProjects.joined(separator: ", ")) (give a project map, or compare by account), so day totals are compared.")
        }
        if let unlabelled {
            notes.append("\(unlabelled.lines) billed line(s) without a line item (\(unlabelled.amount.decimalString) \(currency)) are not compared: the source does not say whether they are Sora.")
        }
        if unpricedJobs > 0 {
            notes.append("\(unpricedJobs) ledger job(s) of \(month.iso) are unpriced: their cost is unknown and not in the ledger column.")
        }
        notes.append("Per-job billed cost: the ledger stores no billed amount per job (no imported record carries one), so no per-job comparison is made.")
        let tolerance = "\(request.tolerance.decimalString) \(currency)"
        return ReportDocument(
            title: "Reconciliation, \(month.iso)",
            subtitle: "Ledger vs \(request.sourceName), \(byProject ? "by day and \(request.projectKey.rawValue)" : "by day"), UTC, tolerance \(tolerance) per cell",
            period: month.days, currency: currency,
            summary: [
                ReportFact(key: "ledger_total", label: "Ledger", value: .money(ledgerTotal)),
                ReportFact(key: "billed_total", label: "Billed", value: .money(billedTotal)),
                ReportFact(key: "difference", label: "Billed - ledger", value: .money(billedTotal - ledgerTotal)),
                ReportFact(key: "matched", label: "Matched", value: .integer(count(.matched))),
                ReportFact(key: "over", label: "Over-billed", value: .integer(count(.over))),
                ReportFact(key: "under", label: "Under-billed", value: .integer(count(.under))),
                ReportFact(key: "missing_billed", label: "Not billed", value: .integer(count(.missingBilled))),
                ReportFact(key: "missing_ledger", label: "Not in ledger", value: .integer(count(.missingLedger))),
                ReportFact(key: "result", label: "Result",
                           value: .text(isWithinTolerance ? "within tolerance" : "differences beyond tolerance")),
            ],
            sections: [
                ReportSection(key: "cells", heading: byProject ? "By day and \(request.projectKey.rawValue)" : "By day", table: cellsTable),
                ReportSection(key: "line_items", heading: "Line items seen (pattern \"\(request.lineItemPattern)\")", table: items),
            ],
            notes: notes,
            metadata: [ReportFact(key: "tool", label: "Tool", value: .text("soracost \(SoraCostVersion.current)"))])
    }
}
