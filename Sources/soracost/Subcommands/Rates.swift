import ArgumentParser
import Foundation
import SoraCostKit

extension SoraCostCommand {
    struct Rates: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the effective rate card, or check a card against the ledger.",
            subcommands: [Show.self, Check.self])
    }
}

extension SoraCostCommand.Rates {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every entry of the effective rate card: your card first, then the built-in one.",
            discussion: """
                Each entry shows its origin (built-in or user, and its index in its card), provider, \
                model pattern, sizes, unit, rate, currency, period (from inclusive, to exclusive, \
                UTC days), modifiers after the card's defaults, and source. --as-card prints the \
                built-in card in rate-card format instead: a template for your own card.

                Exit status: 0 shown; 2 the rate card or the output file could not be used; 64 bad usage.
                """)

        @OptionGroup var card: RateCardArguments

        @Option(help: ArgumentHelp("Only entries in force on this UTC day.", valueName: "yyyy-mm-dd"))
        var on: String?

        @Option(help: ArgumentHelp("Output format: table, csv, md or json.", valueName: "format"))
        var format: String = ReportFormat.table.rawValue

        @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var output: String?

        @Flag(help: "Print the built-in card as a rate card file (JSON), a template for your own.")
        var asCard = false

        func validate() throws {
            if let on, Day(iso: on) == nil {
                throw ValidationError("--on '\(on)' is not a calendar date YYYY-MM-DD")
            }
            do {
                _ = try ReportFormat(parsing: format)
            } catch {
                throw ValidationError(error.description)
            }
        }

        func run() throws {
            let text: String
            if asCard {
                text = BuiltInRates.card.json.prettyText
            } else {
                let effective = try card.loadOrExit()
                let day = on.flatMap { Day(iso: $0) }
                text = try ReportFormat(parsing: format).render(RatesDocument.entries(of: effective, on: day))
            }
            try OutputFile.emit(text, to: output)
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a rate card, then list the ledger's jobs it leaves unpriced.",
            discussion: """
                Checks FILE, else the card named by --rates or $SORACOST_RATES, else the built-in \
                card, and prints every issue as `file: entries[i].field: message`. When the card \
                is valid and a ledger exists, prices the ledger with the built-in card plus this \
                one and lists the unpriced jobs by reason, provider, model and size, with \
                counts, seconds, days and example video ids: what your card still lacks.

                Exit status: 0 the card is valid, whether or not jobs stay unpriced (unpriced \
                jobs are information, not an error); 2 the card is invalid or the ledger is \
                unusable; 64 bad usage.
                """)

        @Argument(help: ArgumentHelp("The rate card to check.", valueName: "file"))
        var file: String?

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var pricing: PricingArguments

        @Option(help: ArgumentHelp("Example jobs listed per unpriced group.", valueName: "n"))
        var examples: Int = 3

        func validate() throws {
            if examples < 0 { throw ValidationError("--examples must be 0 or more") }
        }

        func run() throws {
            let path = file ?? pricing.card.path()
            var user: RateCard?
            if let path {
                do {
                    user = try RateCard.load(path: path)
                } catch {
                    for issue in error.issues { print(issue.description) }
                    let count = error.issues.count
                    print("\(path): \(count) issue\(count == 1 ? "" : "s"); the rate card is invalid and will not be used")
                    throw ExitCode(Console.Status.failure)
                }
            }
            let builtInIssues = BuiltInRates.card.validate()
            for issue in builtInIssues { print(issue.description) }
            if !builtInIssues.isEmpty { throw ExitCode(Console.Status.failure) }

            let builtInCount = BuiltInRates.card.entries.count
            if let user, let path {
                print("\(path): valid rate card, \(RatesDocument.count(user.entries.count, "entry", "entries")) "
                    + "(layered over the \(builtInCount) built-in entries)")
            } else {
                print("built-in: valid rate card, \(builtInCount) entries (no user card: give FILE, --rates or $\(EffectiveCard.environmentVariable))")
            }

            let ledgerPath = ledger.path
            guard ledgerPath == ":memory:" || FileManager.default.fileExists(atPath: ledgerPath) else {
                print("No ledger at \(ledgerPath): nothing to price against (run `soracost import` first).")
                return
            }
            let pricer = Pricer(card: EffectiveCard(user: user), options: pricing.options)
            let report: UnpricedUsageReport
            do {
                report = try ledger.open(create: false).unpricedUsage(pricer: pricer, examples: examples)
            } catch {
                throw Console.fail(error)
            }
            print("")
            print(RatesDocument.unpricedText(report, ledgerPath: ledgerPath, options: pricing.options), terminator: "")
        }
    }
}

/// The documents and text the `rates` commands print; built here, rendered by the kit.
enum RatesDocument {
    /// The effective card's entries, user card first, as one report table.
    static func entries(of card: EffectiveCard, on day: Day?) -> ReportDocument {
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
    static func unpricedText(_ report: UnpricedUsageReport, ledgerPath: String, options: PricingOptions) -> String {
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
    static func count(_ n: Int, _ one: String, _ many: String) -> String {
        "\(n) \(n == 1 ? one : many)"
    }
}

/// Where a command's rendered output goes: standard output, or `--output FILE`.
enum OutputFile {
    /// Prints `text` as is, or writes it to `path` atomically (a reader never sees half a
    /// report); a file that cannot be written is reported and exits 2.
    static func emit(_ text: String, to path: String?) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
            Console.error("\(path): cannot write the output: \(reason)")
            throw ExitCode(Console.Status.failure)
        }
    }
}
