import ArgumentParser
import Foundation
import SoraCostKit

extension SoraCostCommand {
    struct Budget: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check spend against budgets (made for cron) and show where each budget stands.",
            discussion: "Budgets live in a JSON file (--budgets, else $SORACOST_BUDGETS); see docs/README-budgets.md.",
            subcommands: [Check.self, Status.self])
    }
}

/// Options shared by `budget check` and `budget status`: which budgets, when, in which zone.
struct BudgetOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The budgets file (JSON).", discussion: "Default: $SORACOST_BUDGETS.", valueName: "file"))
    var budgets: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp(
        "Evaluate at this day (to its end) or instant (default: now).",
        valueName: "YYYY-MM-DD|timestamp"))
    var asOf: BudgetMoment?

    @Option(help: ArgumentHelp("IANA time zone budget periods are counted in, such as Europe/Paris.", valueName: "zone"))
    var tz: ReportZone = .utc

    var zone: ReportZone { tz }

    /// The as-of day in `zone`: the date given, the day of the instant given, else the day of
    /// `now` (Unix seconds, read once by the command).
    func day(now: Int64) -> Day {
        switch asOf {
        case .day(let day)?: day
        case .instant(let instant)?: zone.day(of: instant)
        case nil: zone.day(of: now)
        }
    }

    /// The parsed budgets file; every issue goes to stderr, one line each, then `failure` is thrown.
    func load(failure: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (path: String, file: BudgetFile) {
        guard let path = BudgetFile.resolvePath(explicit: budgets, environment: environment) else {
            Console.error("no budgets file: pass --budgets FILE or set $\(BudgetFile.environmentVariable)")
            throw ExitCode(failure)
        }
        do {
            return (path, try BudgetFile.load(path: path))
        } catch {
            for issue in error.issues { Console.error(issue.description) }
            throw ExitCode(failure)
        }
    }
}

/// A budget `--as-of` value: a calendar date `YYYY-MM-DD`, or an ISO 8601 instant such as
/// `2026-09-14T08:00:00Z`.
enum BudgetMoment: ExpressibleByArgument {
    case day(Day)
    /// Unix seconds, UTC.
    case instant(Int64)

    init?(argument: String) {
        if let day = Day(iso: argument) {
            self = .day(day)
        } else if let instant = Timestamp.parseISO(argument) {
            self = .instant(instant)
        } else {
            return nil
        }
    }
}

extension SoraCostCommand.Budget {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate every budget; announce each newly reached threshold once (for cron).",
            discussion: """
                Prints one line per threshold reached for the first time in its budget period, \
                and nothing when nothing is new, so cron mails only news. Each crossing is \
                announced once per budget, period, threshold and basis (state kept in the \
                ledger) and re-arms in the next period. With --notify (or $SORACOST_NOTIFY_URL) \
                each announcement is also POSTed as JSON to the webhook; a failed delivery stays \
                in the ledger's outbox and is retried on the next run.

                Exit status is the current state, whatever was printed: 0 OK; 1 WARNING (a \
                threshold under 100% reached); 2 CRITICAL (a budget reached, or forecast to be \
                exceeded); 3 UNKNOWN (no ledger, unusable budgets file or rate card, a budget \
                that cannot be evaluated); 64 bad usage.
                """)

        /// The variable read for the webhook URL when `--notify` is not given: a URL in the
        /// environment stays out of `ps` listings, unlike a command-line argument.
        static let notifyEnvironmentVariable = "SORACOST_NOTIFY_URL"

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var pricing: PricingOptions
        @OptionGroup var selection: BudgetOptions

        @Option(name: .customLong("notify"), help: ArgumentHelp(
            "Webhook to POST each new crossing to (Slack-compatible JSON).",
            discussion: "Default: $SORACOST_NOTIFY_URL. The URL is never printed or stored.",
            valueName: "url"))
        var notifyURL: String?

        @Option(help: ArgumentHelp("Retries of a failed webhook POST within this run.", valueName: "n"))
        var notifyRetries = 3

        @Option(help: "Output: text (one line per new crossing) or json (always printed, for machines).")
        var format: CheckFormat = .text

        enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        func validate() throws {
            if let url = webhookURL(), !WebhookNotifier.isValidURL(url) {
                // Never echo the value: it is a credential.
                throw ValidationError("--notify (or $\(Check.notifyEnvironmentVariable)) must be an http:// or https:// URL")
            }
            if notifyRetries < 0 || notifyRetries > 10 {
                throw ValidationError("--notify-retries must be from 0 to 10")
            }
        }

        func webhookURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
            if let notifyURL, !notifyURL.isEmpty { return notifyURL }
            return environment[Check.notifyEnvironmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        }

        func run() throws {
            let unknown = Int32(BudgetLevel.unknown.rawValue)
            let now = Clock.now
            let (_, file) = try selection.load(failure: unknown)
            let result: BudgetCheckResult
            do {
                let opened = try ledger.open(create: false)
                let pricer: Pricer
                do {
                    pricer = try pricing.makePricer()
                } catch is ExitCode {
                    throw ExitCode(unknown)
                }
                let notifier = try webhookURL().map { url in
                    WebhookNotifier(url: url, client: try HTTPClient(), retry: RetryPolicy(maxRetries: notifyRetries))
                }
                let check = BudgetCheck(ledger: opened, evaluator: BudgetEvaluator(ledger: opened, pricer: pricer,
                                                                                  zone: selection.zone))
                result = try check.run(budgets: file.budgets, asOf: selection.day(now: now), now: now, notifier: notifier)
                if let delivery = result.delivery, let failure = delivery.failure {
                    Console.error("webhook delivery failed: \(failure); \(delivery.pending) "
                        + "notification\(delivery.pending == 1 ? "" : "s") kept in the outbox for the next run")
                }
            } catch let exit as ExitCode {
                throw exit
            } catch {
                Console.error(Console.describe(error))
                throw ExitCode(unknown)
            }
            for evaluation in result.evaluations {
                if let failure = evaluation.failure {
                    Console.error("budget \(evaluation.budget.name): cannot evaluate: \(failure)")
                }
            }
            switch format {
            case .text:
                for crossing in result.newCrossings { print(crossing.line) }
            case .json:
                print(BudgetReport.checkJSON(result, zone: selection.zone).prettyText)
            }
            if result.level != .ok { throw ExitCode(Int32(result.level.rawValue)) }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every budget's current period: spend, forecast, amount, share used and state.",
            discussion: """
                Read-only: records nothing and sends nothing. Exit status: 0 printed; 2 the \
                ledger, budgets file or rate card could not be used; 64 bad usage.
                """)

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var pricing: PricingOptions
        @OptionGroup var selection: BudgetOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let (path, file) = try selection.load(failure: Console.Status.failure)
            let pricer = try pricing.makePricer()
            let document: ReportDocument
            do {
                let opened = try ledger.open(create: false)
                let evaluator = BudgetEvaluator(ledger: opened, pricer: pricer, zone: selection.zone)
                let day = selection.day(now: Clock.now)
                document = BudgetReport.statusDocument(
                    evaluations: evaluator.evaluate(file.budgets, asOf: day), asOf: day,
                    zone: selection.zone, source: path, pendingNotifications: try opened.pendingNotificationCount())
            } catch {
                throw Console.fail(error)
            }
            try output.write(document)
        }
    }
}
