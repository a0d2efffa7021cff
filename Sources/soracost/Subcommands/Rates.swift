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

        @OptionGroup var card: RateCardOptions
        @OptionGroup var output: OutputOptions

        @Option(help: ArgumentHelp("Only entries in force on this UTC day.", valueName: "YYYY-MM-DD"))
        var on: Day?

        @Flag(help: "Print the built-in card as a rate card file (JSON), a template for your own.")
        var asCard = false

        func run() throws {
            if asCard {
                try output.write(BuiltInRates.card.json.prettyText)
            } else {
                try output.write(RatesDocument.entries(of: try card.loadOrExit(), on: on))
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a rate card, then list the ledger's jobs it leaves unpriced.",
            discussion: """
                Checks FILE, else the card named by --rates or $SORACOST_RATES, else the built-in \
                card, and prints every issue on stderr as `soracost: file: entries[i].field: message`. When the card \
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
        @OptionGroup var pricing: PricingOptions

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
                    for issue in error.issues { Console.error(issue.description) }
                    let count = error.issues.count
                    Console.error("\(path): \(count) issue\(count == 1 ? "" : "s"); the rate card is invalid and will not be used")
                    throw ErrorMapping.status(for: error)
                }
            }
            let builtInIssues = BuiltInRates.card.validate()
            for issue in builtInIssues { Console.error(issue.description) }
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
                report = try ledger.openForReading().unpricedUsage(pricer: pricer, examples: examples)
            } catch {
                throw Console.fail(error)
            }
            print("")
            print(RatesDocument.unpricedText(report, ledgerPath: ledgerPath, options: pricing.options), terminator: "")
        }
    }
}
