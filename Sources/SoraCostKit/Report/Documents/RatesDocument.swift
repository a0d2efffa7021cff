/// The documents and text the `rates` commands print.
public enum RatesDocument {
    /// The effective card's entries, user card first, as one report table.
    public static func entries(of card: EffectiveCard, on day: Day?) -> ReportDocument {
        let rates = day.map { card.entries(inForceOn: $0) } ?? card.entries
        var table = ReportTable(columns: [
            ReportColumn(key: "origin", header: "Origin", kind: .text),
            ReportColumn(key: "entry", header: "Entry", kind: .text),
            ReportColumn(key: "provider", header: "Provider", kind: .text),
            ReportColumn(key: "model", header: "Model", kind: .text),
            ReportColumn(key: "sizes", header: "Sizes", kind: .text),
            ReportColumn(key: "unit", header: "Unit", kind: .text),
            ReportColumn(key: "rate", header: "Rate", kind: .money),
            ReportColumn(key: "currency", header: "Currency", kind: .text),
            ReportColumn(key: "effective_from", header: "From", kind: .date),
            ReportColumn(key: "effective_to", header: "To (excl.)", kind: .date),
            ReportColumn(key: "batch_discount", header: "Batch", kind: .percent),
            ReportColumn(key: "discount", header: "Negotiated", kind: .percent),
            ReportColumn(key: "bill_failed", header: "Failed jobs", kind: .text),
            ReportColumn(key: "source", header: "Source", kind: .text),
        ])
        for rate in rates {
            let entry = rate.entry
            table.append([
                .text(rate.origin.rawValue),
                .text("entries[\(rate.index)]"),
                .text(entry.provider),
                .text(entry.model.text),
                .text(entry.sizesText),
                .text(entry.unit.rawValue),
                .money(entry.rate),
                .text(rate.currency),
                entry.effectiveFrom.map(ReportCell.date) ?? .null,
                entry.effectiveTo.map(ReportCell.date) ?? .null,
                .percent(.basisPoints(rate.batchDiscount.hundredths)),
                .percent(.basisPoints(rate.discount.hundredths)),
                .text(rate.billFailed ? "billed" : "not billed"),
                .text(entry.source),
            ])
        }
        let currencies = Set(rates.map(\.currency))
        let userCount = rates.count { $0.origin == .user }
        return ReportDocument(
            title: "Effective rate card",
            subtitle: day.map { "Entries in force on \($0.iso) (UTC)" } ?? "All entries, your card first",
            currency: currencies.count == 1 ? currencies.first! : currencies.isEmpty ? "USD" : "mixed (see the currency column)",
            summary: [
                ReportFact(key: "user_entries", label: "Your card", value: .integer(userCount)),
                ReportFact(key: "built_in_entries", label: "Built-in", value: .integer(rates.count - userCount)),
            ],
            sections: [ReportSection(key: "entries", heading: "Entries", table: table)],
            notes: [
                "Dates are UTC days; a rate applies from its From day (inclusive) to its To day (exclusive); blank means open.",
                "For each job the most specific matching entry wins: an exact model before a snapshot's base model before a glob, "
                    + "listed sizes before any size, your card before the built-in one.",
            ],
            metadata: [
                ReportFact(key: "user_card", label: "User card", value: .text(card.user?.sourceName ?? "none")),
                ReportFact(key: "soracost_version", label: "soracost", value: .text(SoraCostVersion.current)),
            ])
    }

    /// The ledger's unpriced usage under a card, as `rates check` prints it.
    public static func unpricedText(_ report: UnpricedUsageReport, ledgerPath: String, options: PricingOptions) -> String {
        let totals = report.totals
        let allJobs = totals.billedJobs + totals.pendingJobs + totals.notBilledJobs + totals.unpricedJobs
        var out = "Ledger \(ledgerPath): \(count(allJobs, "job", "jobs")), priced by the UTC day of "
            + "\(options.usageDate.rawValue)\n"
        out += "  billed \(totals.billedJobs), pending \(totals.pendingJobs), not billed (failed) \(totals.notBilledJobs), "
            + "unpriced \(totals.unpricedJobs)\n"
        guard totals.unpricedJobs > 0 else {
            return out + "\nEvery billable job in the ledger is priced.\n"
        }

        var byReason = ReportTable(columns: [
            ReportColumn(key: "reason", header: "Reason", kind: .text),
            ReportColumn(key: "jobs", header: "Jobs", kind: .integer),
            ReportColumn(key: "seconds", header: "Seconds", kind: .integer),
            ReportColumn(key: "meaning", header: "Meaning", kind: .text),
        ])
        var secondsTotal = 0
        for reason in UnpricedReason.allCases {
            guard let usage = totals.unpriced[reason], usage.jobs > 0 else { continue }
            secondsTotal += usage.seconds
            byReason.append([.text(reason.rawValue), .integer(usage.jobs), .integer(usage.seconds), .text(reason.explanation)])
        }
        byReason.setTotal([.text("total"), .integer(totals.unpricedJobs), .integer(secondsTotal), .null])

        var groups = ReportTable(columns: [
            ReportColumn(key: "reason", header: "Reason", kind: .text),
            ReportColumn(key: "provider", header: "Provider", kind: .text),
            ReportColumn(key: "model", header: "Model", kind: .text),
            ReportColumn(key: "size", header: "Size", kind: .text),
            ReportColumn(key: "first_day", header: "First day", kind: .date),
            ReportColumn(key: "last_day", header: "Last day", kind: .date),
            ReportColumn(key: "jobs", header: "Jobs", kind: .integer),
            ReportColumn(key: "seconds", header: "Seconds", kind: .integer),
            ReportColumn(key: "examples", header: "Examples", kind: .text),
        ])
        for group in report.groups {
            groups.append([
                .text(group.reason.rawValue), .text(group.provider), .text(group.model), .text(group.size),
                .date(group.firstDay), .date(group.lastDay), .integer(group.jobs), .integer(group.seconds),
                .text(group.examples.map { "\($0.videoID) (\($0.usageDay.iso))" }.joined(separator: ", ")),
            ])
        }

        let renderer = TableRenderer()
        out += "\nUnpriced by reason\n" + renderer.render(table: byReason)
        out += "\nUnpriced by provider, model and size\n" + renderer.render(table: groups)
        out += "\nUnpriced jobs are reported, never billed at a guessed rate; this is information, not an error.\n"
        out += "Add entries for them to your card (see docs/README-pricing.md), or `soracost explain VIDEO_ID` for one job.\n"
        return out
    }

    /// `1 entry`, `7 entries`.
    public static func count(_ n: Int, _ one: String, _ many: String) -> String {
        "\(n) \(n == 1 ? one : many)"
    }
}
