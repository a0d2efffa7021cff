import ArgumentParser
import Foundation
import SoraCostKit

extension SoraCostCommand {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what the ledger holds: jobs, date span, sources, recent imports, rejects, unpriced jobs.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var pricing: PricingOptions

        func run() throws {
            let pricer = try pricing.makePricer()
            let status: LedgerStatus
            do {
                status = try ledger.openForReading().status(pricer: pricer)
            } catch {
                throw Console.fail(error)
            }
            print(StatusText.render(status))
        }
    }
}
