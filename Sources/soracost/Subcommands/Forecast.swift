import ArgumentParser
import Foundation
import SoraCostKit

extension SoraCostCommand {
    struct Forecast: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forecast a month's spend: actual to date plus the projected remainder, with an 80% interval.",
            discussion: """
                Jobs after --as-of (a day, to its end, or an instant; default now) do not exist \
                for the run. The model is fitted on complete days up to the newest job (the data \
                clock); that job's day counts its spend so far, or its projection if larger, so \
                the answer changes only when data does. Each provider and model is projected \
                from its own days and stops on the day its rate card ends. With fewer than 7 \
                complete days of history the answer is "insufficient history", not a number. \
                --backtest replays this same forecast over the history and scores it against \
                the naive run rate. See docs/README-forecast.md.

                Exit status: 0 forecast (or insufficient history) printed; 2 the ledger or rate \
                card could not be used; 64 bad usage.
                """)

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var pricing: PricingOptions
        @OptionGroup var time: TimeOptions
        @OptionGroup var output: OutputOptions

        @Option(help: ArgumentHelp("Month to forecast (default: the as-of day's month).", valueName: "YYYY-MM"))
        var month: Month?

        @Option(help: ArgumentHelp("One row per value of: \(ReportDimension.names).", valueName: "key"))
        var by: ReportDimension?

        @Flag(help: "Replay the ledger's history day by day and report the forecast's error and interval coverage.")
        var backtest = false

        func validate() throws {
            if backtest, by != nil || month != nil {
                throw ValidationError("--backtest scores every complete month of the forecast total; it takes no --by or --month")
            }
        }

        func run() throws {
            let zone = time.tz
            let cut = time.cut(now: Clock.now)
            let day = zone.day(of: cut)
            let pricer = try pricing.makePricer()
            let document: ReportDocument
            do {
                let opened = try ledger.openForReading()
                if backtest {
                    document = try backtestDocument(ledger: opened, pricer: pricer, zone: zone, asOf: day)
                } else {
                    let history = try SpendHistory.load(ledger: opened, pricer: pricer, through: cut, zone: zone, dimension: by)
                    let target = month ?? day.month
                    document = ForecastReport.document(history: history, month: target,
                                                       forecast: history.forecast(month: target))
                }
            } catch {
                throw Console.fail(error)
            }
            try output.write(document)
        }

        /// The backtest runs on the total daily spend from the ledger's first day through its last
        /// day with a job (or the as-of day, if earlier): days after the last import are not known
        /// to be quiet, and a month cut short by them would be scored as if it had ended.
        private func backtestDocument(ledger: Ledger, pricer: Pricer, zone: ReportZone, asOf: Day) throws -> ReportDocument {
            let end = try SpendHistory.dataSpan(ledger: ledger, pricer: pricer, zone: zone).map { min($0.upperBound, asOf) } ?? asOf
            let history = try SpendHistory.load(ledger: ledger, pricer: pricer, asOf: end, zone: zone)
            return ForecastReport.backtestDocument(history: history, result: Backtest.run(history: history))
        }
    }
}
