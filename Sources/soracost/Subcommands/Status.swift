import ArgumentParser
import SoraCostKit

extension SoraCostCommand {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show what the ledger holds.")

        @OptionGroup var ledger: LedgerOptions

        func run() throws {
            let opened = try ledger.open(create: false)
            print("ledger: \(opened.path)")
        }
    }
}
