import ArgumentParser
import SoraCostKit

extension SoraCostCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import job records from local logs.")

        @OptionGroup var ledger: LedgerOptions

        @Argument(help: "Files or directories to read; - for standard input.")
        var paths: [String]

        func run() throws {
            _ = try ledger.open(create: true)
        }
    }
}
