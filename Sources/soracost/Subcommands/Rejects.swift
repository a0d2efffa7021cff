import ArgumentParser
import SoraCostKit

extension SoraCostCommand {
    struct Rejects: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the input lines that imports and syncs rejected, with file, line, field and reason.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        @Option(name: .customLong("import"), help: "Only the rejects of this import run (see `soracost status`).")
        var importID: Int64?

        @Option(help: "At most this many lines.")
        var limit: Int = 1_000

        func run() throws {
            let rejects: [RejectRecord]
            do {
                rejects = try ledger.openForReading().rejects(importID: importID, limit: limit)
            } catch {
                throw Console.fail(error)
            }
            let document = RejectsDocument.document(rejects, textLimit: RejectsDocument.textLimit(for: output.format))
            try output.write(document)
        }
    }
}
