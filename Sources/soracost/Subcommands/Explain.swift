import ArgumentParser
import Foundation
import SoraCostKit

extension SoraCostCommand {
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how one job is priced: its facts, the rate entry, modifiers and arithmetic.",
            discussion: """
                Shows every normalized field of the job, its attribution, where and when it was \
                seen, the rate card entry that prices it (or why it is unpriced, pending or not \
                billed), the modifiers and the arithmetic. A video id served by several \
                providers shows each job. With --raw it prints instead every distinct raw \
                record the ledger keeps for the job, oldest first, one per line, exactly as \
                stored (the prompt removed unless imported with --keep-prompts).

                Exit status: 0 shown; 2 no job has this id, or the ledger or rate card could not \
                be used; 64 bad usage.
                """)

        @Argument(help: ArgumentHelp("The video id, e.g. video_68d7512d07848190b3e45da0ecbebcde004da08e1e0678d5.",
                                     valueName: "video-id"))
        var videoID: String

        @Flag(help: "Print the job's stored raw records, one per line, instead of the explanation.")
        var raw = false

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var pricing: PricingOptions
        @OptionGroup(title: "Output (explain prints table: label: value lines, or json)") var output: OutputOptions

        func validate() throws {
            try output.require([.table, .json], for: "explain")
        }

        func run() throws {
            if raw { return try runRaw() }
            let pricer = try pricing.makePricer()
            let document: ExplainDocument
            do {
                document = try ExplainDocument(videoID: videoID, ledger: try ledger.openForReading(), pricer: pricer)
            } catch {
                throw Console.fail(error)
            }
            guard !document.jobs.isEmpty else {
                Console.error("no job with video id '\(videoID)' in \(ledger.path); check the id, or import the logs that hold it")
                throw ExitCode(Console.Status.failure)
            }
            try output.write(document.render(output.format))
        }

        private func runRaw() throws {
            let text: String?
            do {
                text = try ExplainDocument.rawRecords(videoID: videoID, ledger: try ledger.openForReading())
            } catch {
                throw Console.fail(error)
            }
            guard let text else {
                Console.error("no job with video id '\(videoID)' in \(ledger.path); check the id, or import the logs that hold it")
                throw ExitCode(Console.Status.failure)
            }
            try output.write(text)
        }
    }
}
