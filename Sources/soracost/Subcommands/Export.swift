import ArgumentParser
import Foundation
import SoraCostKit

extension FocusVersion: ExpressibleByArgument {}
extension FocusAggregation: ExpressibleByArgument {}
extension JobsExportFormat: ExpressibleByArgument {}

extension SoraCostCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export cost data for a warehouse: FOCUS 1.2 CSV, every job as CSV or JSON Lines, or the raw records.",
            subcommands: [Focus.self, Jobs.self, Raw.self])
    }
}

/// `--month` or `--since/--until`, resolved the way reports resolve them, always in UTC: FOCUS
/// periods are UTC, and so are the usage days exports date jobs by.
struct ExportPeriodOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A calendar month (UTC).", valueName: "YYYY-MM"))
    var month: Month?

    @Option(help: ArgumentHelp("First day (inclusive, UTC).", valueName: "YYYY-MM-DD"))
    var since: Day?

    @Option(help: ArgumentHelp("Last day (inclusive, UTC); default: today.", valueName: "YYYY-MM-DD"))
    var until: Day?

    var isEmpty: Bool { month == nil && since == nil && until == nil }

    func days(today: Day, in command: ParsableCommand.Type) throws -> ClosedRange<Day> {
        do {
            return try ReportPeriod.resolve(month: month, since: since, until: until, today: today).days
        } catch {
            throw ErrorMapping.usage(error, in: command)
        }
    }
}

extension SoraCostCommand.Export {
    struct Focus: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the FinOps FOCUS 1.2 (or 1.3) cost and usage CSV of a month or a range.",
            discussion: """
                One Usage row per billed job (or per UTC day and SKU price with --aggregate day): \
                the 21 mandatory FOCUS columns, the conditional ones soracost knows (SKU, unit \
                prices, quantities, project as sub-account, tags) and soracost's own x_ columns. \
                ListCost is the built-in list price; ContractedCost, EffectiveCost and BilledCost \
                are your rate card's price. Σ BilledCost equals `report monthly`'s total for the \
                same days. Pending jobs and failed jobs that are not billed have no charge and no row.

                Unpriced jobs are not in the FOCUS file (FOCUS forbids empty costs and 0 would be \
                a lie): they are counted on stderr and written, with empty costs and \
                x_UnpricedReason, to FILE.unpriced.csv beside -o FILE. --include-unpriced puts \
                them in the main file instead, which is then not FOCUS-conformant.

                Examples:
                  soracost export focus --month 2026-09 -o focus-2026-09.csv
                  soracost export focus --month 2026-09 --aggregate day --focus-version 1.3 -o daily.csv

                Exit status: 0 written; 2 the ledger, the rate card or the output failed; 64 bad usage.
                """)

        @OptionGroup var period: ExportPeriodOptions

        @Option(help: "One row per job, or per UTC day and SKU price.")
        var aggregate: FocusAggregation = .job

        @Option(name: .customLong("focus-version"), help: "FOCUS version; 1.3 adds ServiceProviderName and HostProviderName.")
        var focusVersion: FocusVersion = .v1_2

        @Flag(help: "Put unpriced jobs in the main file with empty costs (not FOCUS-conformant).")
        var includeUnpriced = false

        @Option(name: .customLong("billing-account"), help: ArgumentHelp(
            "BillingAccountId, e.g. your OpenAI organization id (default: the job's provider).", valueName: "id"))
        var billingAccount: String?

        @Option(name: .customLong("billing-account-name"), help: ArgumentHelp(
            "BillingAccountName (default: the billing account id).", valueName: "name"))
        var billingAccountName: String?

        @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var output: String?

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var pricing: PricingOptions

        func validate() throws {
            if period.isEmpty { throw ValidationError("give --month or --since (and --until)") }
            if let billingAccount, billingAccount.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("--billing-account must not be empty")
            }
            if let output, output.isEmpty { throw ValidationError("--output needs a file name") }
        }

        func run() throws {
            let days = try period.days(today: Day(unix: Clock.now), in: Self.self)
            let exporter = FocusExporter(pricer: try pricing.makePricer())
            let request = FocusExportRequest(
                days: days, aggregation: aggregate, version: focusVersion, includeUnpriced: includeUnpriced,
                billingAccountID: billingAccount, billingAccountName: billingAccountName)
            var sinks: [ExportSink] = []
            do {
                let opened = try ledger.openForReading()  // first: its path is then refused as an output
                let sink = try ExportSink(path: output)
                sinks.append(sink)
                let companion = try output.map { try ExportSink(path: $0 + ".unpriced.csv") }
                if let companion { sinks.append(companion) }
                let summary = try exporter.export(request, ledger: opened, to: sink,
                                                  companion: includeUnpriced ? nil : companion)
                try sink.finish()
                if let companion {
                    if summary.companionRows > 0 { try companion.finish() } else { companion.abandon() }
                }
                report(summary, companion: summary.companionRows > 0 ? companion?.path : nil)
            } catch {
                sinks.forEach { $0.abandon() }
                throw Console.fail(error)
            }
        }

        /// Quiet on success; unpriced jobs are always mentioned, as they are missing from totals.
        func report(_ summary: FocusExportSummary, companion: String?) {
            guard summary.unpricedJobs > 0 else { return }
            let reasons = summary.unpriced.keys.sorted().map { "\($0.rawValue) \(summary.unpriced[$0]!)" }
                .joined(separator: ", ")
            let count = "\(summary.unpricedJobs) unpriced job\(summary.unpricedJobs == 1 ? "" : "s") (\(reasons))"
            if includeUnpriced {
                Console.note("soracost: \(count) included with empty costs; the file is not FOCUS-conformant")
            } else if let companion {
                Console.note("soracost: \(count) left out of the FOCUS file; written to \(companion)")
            } else {
                Console.note("soracost: \(count) left out of the FOCUS file (use -o FILE to get FILE.unpriced.csv)")
            }
        }
    }

    struct Jobs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write every job with all its fields, attribution and price as CSV or JSON Lines.",
            discussion: """
                One row per job, streamed (constant memory), for BI tools: normalized fields, \
                project, user, tags, the usage day, the price outcome (billed, pending, not_billed, \
                unpriced) and the exact cost at your rate card. Without --since/--until/--month, \
                every job in the ledger. Times are ISO 8601 UTC; an unpriced job's cost is empty \
                (null), never 0.

                Examples:
                  soracost export jobs --format csv -o jobs.csv
                  soracost export jobs --format jsonl --since 2026-09-01 --until 2026-09-30 | gzip > jobs.jsonl.gz

                Exit status: 0 written; 2 the ledger, the rate card or the output failed; 64 bad usage.
                """)

        @Option(help: "csv or jsonl.")
        var format: JobsExportFormat = .csv

        @OptionGroup var period: ExportPeriodOptions

        @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var output: String?

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var pricing: PricingOptions

        func validate() throws {
            if let output, output.isEmpty { throw ValidationError("--output needs a file name") }
        }

        func run() throws {
            let days = period.isEmpty ? nil : try period.days(today: Day(unix: Clock.now), in: Self.self)
            let exporter = JobsExporter(pricer: try pricing.makePricer())
            var sink: ExportSink?
            do {
                let opened = try ledger.openForReading()  // first: its path is then refused as an output
                let file = try ExportSink(path: output)
                sink = file
                _ = try exporter.export(days: days, format: format, ledger: opened, to: file)
                try file.finish()
            } catch {
                sink?.abandon()
                throw Console.fail(error)
            }
        }
    }

    struct Raw: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write every raw record the ledger keeps, exactly as imported, as JSON Lines.",
            discussion: """
                One line per stored raw record, in storage order, streamed (constant memory): \
                {"provider":"…","video_id":"…","raw":"…"}, where raw is the record exactly as it \
                was read (a log line, an API object, a CSV row as JSON; prompts removed unless \
                imported with --keep-prompts) as a JSON string: decoding it gives back the same \
                bytes. A job seen in several states has a line per distinct state, oldest first. \
                --since/--until/--month select jobs by their creation day (UTC).

                Examples:
                  soracost export raw -o raw.jsonl
                  soracost export raw --month 2026-09 | jq -r .raw

                Exit status: 0 written; 2 the ledger or the output failed; 64 bad usage.
                """)

        @OptionGroup var period: ExportPeriodOptions

        @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var output: String?

        @OptionGroup var ledger: LedgerOptions

        func validate() throws {
            if let output, output.isEmpty { throw ValidationError("--output needs a file name") }
        }

        func run() throws {
            let days = period.isEmpty ? nil : try period.days(today: Day(unix: Clock.now), in: Self.self)
            var sink: ExportSink?
            do {
                let opened = try ledger.openForReading()  // first: its path is then refused as an output
                let file = try ExportSink(path: output)
                sink = file
                _ = try RawExporter().export(days: days, ledger: opened, to: file)
                try file.finish()
            } catch {
                sink?.abandon()
                throw Console.fail(error)
            }
        }
    }
}
