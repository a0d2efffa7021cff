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
                providers shows each job.

                Exit status: 0 shown; 2 no job has this id, or the ledger or rate card could not \
                be used; 64 bad usage.
                """)

        @Argument(help: ArgumentHelp("The video id, e.g. video_68d7512d07848190b3e45da0ecbebcde004da08e1e0678d5.",
                                     valueName: "video-id"))
        var videoID: String

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var pricing: PricingOptions
        @OptionGroup(title: "Output (explain prints table: label: value lines, or json)") var output: OutputOptions

        func validate() throws {
            try output.require([.table, .json], for: "explain")
        }

        func run() throws {
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
    }
}
