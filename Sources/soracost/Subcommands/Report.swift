import ArgumentParser
import Foundation
import SoraCostKit

extension ReportCadence: ExpressibleByArgument {}
extension ReportRounding: ExpressibleByArgument {}

extension SoraCostCommand {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Spend per day, week or month, grouped by model, project, user, tag and more.",
            discussion: """
                Counts jobs, billed seconds and exact cost per day, ISO week or month of the period, \
                with each row's share of the period's cost and a total row. A monthly report of one \
                calendar month is the monthly review: change from the previous month, spend by \
                project, model and resolution, top users, failures by error code, unpriced usage \
                and pending jobs, with a comparison (same days of the previous month while the \
                month is in progress), unit costs, top movers, the forecast, budgets (--budgets) \
                and anomalies. --format html writes one self-contained page with the chart inline.

                Examples:
                  soracost report daily --month 2026-09 --by project,model --format csv
                  soracost report weekly --since 2026-06-01 --until 2026-08-31 --by tag:campaign
                  soracost report monthly --month 2026-09 --format md -o review.md --chart spend.svg
                  soracost report monthly --month 2026-09 --budgets budgets.json --round cents --format html -o review.html

                Exit status: 0 the report was written (also when the period has no jobs); 2 the \
                ledger, the rate card, the budgets file or an output file could not be used; 64 bad usage.
                """)

        @Argument(help: "daily, weekly or monthly.")
        var cadence: ReportCadence

        @Option(help: ArgumentHelp("First day of the period (inclusive).", valueName: "YYYY-MM-DD"))
        var since: Day?

        @Option(help: ArgumentHelp("Last day of the period (inclusive); default: today.", valueName: "YYYY-MM-DD"))
        var until: Day?

        @Option(help: ArgumentHelp("A calendar month; default: the current month.", valueName: "YYYY-MM"))
        var month: Month?

        @Option(help: ArgumentHelp(
            "Group rows by these keys (comma-separated, repeatable).",
            discussion: "Keys: \(ReportDimension.names).",
            valueName: "keys"))
        var by: [String] = []

        @Option(help: ArgumentHelp(
            "Also write an SVG chart of daily spend here, stacked by the first --by key (else by model).",
            valueName: "file.svg"))
        var chart: String?

        @Option(help: ArgumentHelp(
            "The monthly review's budgets file (JSON); default: $SORACOST_BUDGETS.",
            discussion: "Each budget whose period overlaps the month is shown with its actual, forecast and state.",
            valueName: "file"))
        var budgets: String?

        @Option(help: ArgumentHelp(
            "Show amounts rounded to cents; rows are adjusted (largest remainder) to sum to the rounded total.",
            valueName: "cents"))
        var round: ReportRounding?

        @OptionGroup var time: TimeOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var pricing: PricingOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let chart, chart.isEmpty { throw ValidationError("--chart needs a file name") }
        }

        func run() throws {
            var request = try request(now: Clock.now)
            request.embedsChart = output.format == .html
            let pricer = try pricing.makePricer()
            let budgetList = try loadBudgets(request)
            var report: UsageReport
            do {
                report = try MonthlyReviewReport.build(request, budgets: budgetList, ledger: ledger.openForReading(),
                                                       pricer: pricer)
                if let chart, let svg = report.chart {
                    try OutputFile.write(svg.render(), to: chart)
                }
            } catch {
                throw Console.fail(error)
            }
            if let round { report = report.rounded(round) }
            try output.write(report.render(output.format))
        }

        /// The budgets of `--budgets` (else `$SORACOST_BUDGETS`) for a monthly review; nil without a
        /// file or for other reports. Every issue of the file goes to stderr, then exit 2.
        func loadBudgets(_ request: UsageReportRequest,
                         environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [SoraCostKit.Budget]? {
            guard request.isMonthlyReview,
                  let path = BudgetFile.resolvePath(explicit: budgets, environment: environment) else { return nil }
            do {
                return try BudgetFile.load(path: path).budgets
            } catch {
                throw Console.fail(error)
            }
        }

        /// Everything the options ask for, with today from `now` (Unix seconds) unless `--as-of`
        /// gives it; inconsistent bounds end the run as a usage error (exit 64) naming the options.
        func request(now: Int64) throws -> UsageReportRequest {
            let today = time.today(now: now)
            let period: ReportPeriod
            var dimensions: [ReportDimension] = []
            do {
                period = try ReportPeriod.resolve(month: month, since: since, until: until, today: today)
                if !by.isEmpty {
                    dimensions = try ReportDimension.list(parsing: by.joined(separator: ","))
                }
            } catch {
                throw ErrorMapping.usage(error, in: Self.self)
            }
            var request = UsageReportRequest(cadence: cadence, period: period, zone: time.tz, dimensions: dimensions,
                                             asOf: today, chartLink: chart.map(chartLink))
            request.cut = time.cut(now: now)
            return request
        }

        /// The chart's path as the report prints it: relative to the `--output` file's folder,
        /// else as given.
        func chartLink(_ chart: String) -> String {
            guard let file = output.output else { return chart }
            let base = FileManager.default.currentDirectoryPath
            return ReportPath.relative(chart, from: ReportPath.folder(of: file, base: base), base: base)
        }
    }
}
