import ArgumentParser
import Foundation
import SoraCostKit

extension EstimatePer: ExpressibleByArgument {}

extension RateSize: ExpressibleByArgument {
    /// `WIDTHxHEIGHT`, such as `1280x720`.
    public init?(argument: String) {
        self.init(argument)
    }
}

extension SoraCostCommand {
    struct Estimate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What a planned workload will cost: per job, day, week and month, from your rate cards.",
            discussion: """
                Prices a hypothetical completed job of the model, size and length with the rate card \
                entry in force on the --on day (built-in OpenAI prices plus --rates or \
                $SORACOST_RATES), then states it per job, per day, per week, per 4 weeks, per \
                30-day month, per calendar month (--month) and per average month (365.25/12 days), \
                each labelled with its length. --per month counts jobs per 30-day month. Figures \
                that need a division (a weekly count per day) are rounded half-to-even to the \
                micro-dollar and marked; the rest are exact.

                Examples (the published prices; the built-in card prices days up to the \
                2026-09-24 shutdown):
                  soracost estimate --model sora-2 --size 1280x720 --seconds 8 \\
                      --count 10 --per day --on 2026-09-01
                    8.00 a day, 240.00 per 30-day month
                  soracost estimate --model sora-2-pro --size 1792x1024 --seconds 12 \\
                      --count 5 --per day --on 2026-09-01
                    30.00 a day, 900.00 per 30-day month
                  soracost estimate --model sora-2 --size 1280x720 --seconds 4 \\
                      --count 50 --per week --on 2026-09-01
                    20.00 a week; 80.00 per 4 weeks, 85.714286 per 30-day month,
                    86.964286 per average month (365.25/12 days)

                --scenario FILE estimates the named lines of a scenario file together, with \
                subtotals by model and a total; --compare SPEC (repeatable) prices the same \
                lines again with model=M (or model=OLD:NEW), size=WxH (or size=OLD:NEW), \
                provider=P, batch=true|false or rates=FILE, several joined by commas, and shows \
                each beside the scenario with the difference per 30-day month.

                --from-history YYYY-MM re-prices that month's jobs from the ledger with --rates \
                (else $SORACOST_RATES) after --map MODEL=MODEL and --map-size WxH=WxH, beside \
                what they cost as billed (--billed-rates, else $SORACOST_RATES, else the built-in \
                card: the figures `report monthly` prints), per project and model.

                Exit status: 0 estimated; 1 something is unpriced (the reason is printed, with no \
                amount); 2 a rate card, scenario file, ledger or output file could not be used; \
                64 bad usage. See docs/README-estimate.md.
                """)

        @Option(help: ArgumentHelp("The model, such as sora-2 or sora-2-pro.", valueName: "model"))
        var model: String?
        @Option(help: ArgumentHelp("The video size, WIDTHxHEIGHT (orientation does not change the price).", valueName: "WxH"))
        var size: RateSize?
        @Option(help: ArgumentHelp("Seconds of video per job.", valueName: "n"))
        var seconds: Int?
        @Option(help: ArgumentHelp("Jobs per --per period.", valueName: "k"))
        var count: Int?
        @Option(help: ArgumentHelp("The period of --count: day, week or month (30 days).", valueName: "day|week|month"))
        var per: EstimatePer?
        @Option(help: ArgumentHelp("Who serves the jobs, as rate cards name providers.", valueName: "provider"))
        var provider: String = "openai"
        @Flag(help: "The jobs run through the Batch API (the card's batch discount applies).")
        var batch = false
        @Option(help: ArgumentHelp("Percent of the jobs that fail (billed only if the card bills failures).", valueName: "percent"))
        var failureShare: String?

        @Option(help: ArgumentHelp("The UTC day whose rates apply (default: today).", valueName: "YYYY-MM-DD"))
        var on: Day?
        @Option(help: ArgumentHelp("The calendar month of the per-calendar-month figure (default: the current month).",
                                   valueName: "YYYY-MM"))
        var month: Month?

        @Option(help: ArgumentHelp("A scenario file (JSON) of named lines to estimate together.", valueName: "file"))
        var scenario: String?
        @Option(help: ArgumentHelp("Also price the lines with model=M, size=WxH, provider=P, batch=BOOL or rates=FILE.",
                                   valueName: "spec"))
        var compare: [String] = []

        @Option(help: ArgumentHelp("Re-price this month's jobs from the ledger.", valueName: "YYYY-MM"))
        var fromHistory: Month?
        @Option(help: ArgumentHelp("With --from-history: re-price jobs of one model as another.", valueName: "old=new"))
        var map: [String] = []
        @Option(help: ArgumentHelp("With --from-history: re-price jobs of one size as another.", valueName: "WxH=WxH"))
        var mapSize: [String] = []
        @Option(help: ArgumentHelp("With --from-history: the card the month was billed with (default: $SORACOST_RATES).",
                                   valueName: "file"))
        var billedRates: String?

        @OptionGroup var pricing: PricingOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var time: TimeOptions
        @OptionGroup var output: OutputOptions

        var lineOptionsGiven: Bool { model != nil || size != nil || seconds != nil || count != nil || per != nil }

        func validate() throws {
            let modes = [lineOptionsGiven, scenario != nil, fromHistory != nil].filter { $0 }.count
            guard modes == 1 else {
                throw ValidationError("give one of: --model/--size/--seconds/--count/--per, --scenario FILE, or --from-history YYYY-MM")
            }
            if lineOptionsGiven {
                guard model != nil, size != nil, seconds != nil, count != nil, per != nil else {
                    throw ValidationError("an estimate needs --model, --size, --seconds, --count and --per")
                }
                if let seconds, !(1...86_400).contains(seconds) { throw ValidationError("--seconds must be from 1 to 86400") }
                if let count, !(0...1_000_000_000).contains(count) { throw ValidationError("--count must be from 0 to 1000000000") }
                _ = try share()
            }
            if fromHistory == nil, !(map.isEmpty && mapSize.isEmpty && billedRates == nil) {
                throw ValidationError("--map, --map-size and --billed-rates go with --from-history")
            }
            if fromHistory != nil, !compare.isEmpty { throw ValidationError("--compare goes with an estimate or --scenario") }
            _ = try variants()
            _ = try repricingMap()
        }

        func run() throws {
            let today = time.today(now: Clock.now)
            let pricer = try pricing.makePricer()
            let document: EstimateDocument
            do {
                if let fromHistory {
                    let billed = try Self.pricer(cardPath: billedRates ?? envRates,
                                                 options: pricer.options)
                    document = try HistoryRepricing(month: fromHistory, zone: time.tz, map: try repricingMap(),
                                                    ledger: ledger.openForReading(), billed: billed, repriced: pricer).document
                } else {
                    document = try estimate(pricer: pricer, day: on ?? today, month: month ?? today.month)
                }
            } catch let exit as ExitCode {
                throw exit
            } catch let config as ConfigError {
                for issue in config.issues { Console.error(issue.description) }
                Console.error("the scenario file is not usable; fix the issues above")
                throw ErrorMapping.status(for: config)
            } catch {
                throw Console.fail(error)
            }
            try output.write(document.render(output.format))
            if document.isUnpriced {
                let reasons = document.unpricedReasons.map(\.rawValue).joined(separator: ", ")
                Console.error("no estimate: something is unpriced (\(reasons)); the output says which and why")
                if document.unpricedReasons.contains(.noRateOnDate) {
                    Console.error("no rate is in force on \((on ?? today).iso); the built-in OpenAI prices end with the "
                        + "\(BuiltInRates.shutdown.iso) shutdown: give --on an earlier day, or --rates with a card in force")
                }
                throw ExitCode(Console.Status.rejected)
            }
        }

        /// `$SORACOST_RATES` when non-empty: the card the month was billed with by default.
        private var envRates: String? {
            EffectiveCard.resolvePath(explicit: nil, environment: ProcessInfo.processInfo.environment)
        }

        private func estimate(pricer: Pricer, day: Day, month: Month) throws -> EstimateDocument {
            let estimator = Estimator(pricer: pricer, day: day, month: month)
            let planned: Scenario
            let source: String
            if let scenario {
                planned = try Scenario.load(path: scenario)
                source = scenario
            } else if let model, let size, let seconds, let count, let per {
                let line = EstimateLine(provider: provider, model: model, size: size, seconds: seconds, count: count,
                                        per: per, isBatch: batch, failureShare: try share())
                let variants = try variants()
                guard !variants.isEmpty else { return EstimateDocument(line: try estimator.estimate(line)) }
                planned = Scenario(lines: [line])
                source = line.summary
            } else {
                throw ValidationError("nothing to estimate")
            }
            let base = try ScenarioEstimate(planned, estimator: estimator)
            var comparisons: [(variant: EstimateVariant, estimate: ScenarioEstimate)] = []
            for variant in try variants() {
                var other = estimator
                if let path = variant.ratesPath { other.pricer = try Self.pricer(cardPath: path, options: pricer.options) }
                let estimate = try ScenarioEstimate(variant.apply(to: planned), estimator: other)
                try base.checkComparable(estimate)
                comparisons.append((variant, estimate))
            }
            return EstimateDocument(scenario: base, source: source, day: day, comparisons: comparisons)
        }

        /// A pricer for the built-in card with the card at `cardPath` (if any) over it; a broken
        /// card is reported like `--rates` and exits 2.
        static func pricer(cardPath: String?, options: SoraCostKit.PricingOptions) throws -> Pricer {
            guard let cardPath else { return Pricer(card: EffectiveCard(), options: options) }
            return Pricer(card: try RateCardOptions.parse(["--rates=\(cardPath)"]).loadOrExit(environment: [:]), options: options)
        }

        private func share() throws -> RatePercent {
            guard let failureShare else { return .zero }
            guard let value = RatePercent(decimal: failureShare), value >= .zero, value <= .hundred else {
                throw ValidationError("--failure-share must be a percentage from 0 to 100, such as 5 or 2.5")
            }
            return value
        }

        private func variants() throws -> [EstimateVariant] {
            try compare.map { text in
                do {
                    return try EstimateVariant(parsing: text)
                } catch {
                    throw ValidationError("--compare \(error)")
                }
            }
        }

        private func repricingMap() throws -> RepricingMap {
            var result = RepricingMap()
            for text in map {
                guard let (from, to) = RepricingMap.pair(text) else { throw ValidationError("--map '\(text)': write OLD=NEW, such as sora-2-pro=sora-2") }
                result.models[from] = to
            }
            for text in mapSize {
                guard let (from, to) = RepricingMap.pair(text), let old = RateSize(from), let new = RateSize(to) else {
                    throw ValidationError("--map-size '\(text)': write WxH=WxH, such as 1792x1024=1280x720")
                }
                result.sizes.append((old, new))
            }
            return result
        }
    }
}
