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

    @OptionGroup var time: TimeOptions

    var zone: ReportZone { time.tz }

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

extension SoraCostCommand.Budget {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate every budget; announce each newly reached threshold once (for cron).",
            discussion: """
                Prints one line per threshold reached for the first time in its budget period, \
                and nothing when nothing is new, so cron mails only news (and, on stderr every \
                run, what needs fixing: a stale ledger, a budget that cannot be evaluated, jobs \
                in scope that have no price). Each crossing is \
                announced once per budget, period, threshold and basis (state kept in the \
                ledger) and re-arms in the next period. With --notify-file (or \
                $SORACOST_NOTIFY_URL, or --notify) each announcement is also POSTed as JSON to the webhook, after it is printed and \
                recorded; a failed delivery stays in the ledger's outbox and is retried on the \
                next run. Delivery gives up after 30 s in all (no attempt starts later; one \
                attempt takes at most 10 s).

                Exit status is the current state, whatever was printed: 0 OK; 1 WARNING (a \
                threshold under 100% reached); 2 CRITICAL (a budget reached, or forecast to be \
                exceeded: the low end of its 80% interval over it); 3 UNKNOWN (no ledger, unusable budgets file or rate card, a budget \
                that cannot be evaluated, or a stale ledger: no job or import newer than \
                --stale-after); 64 bad usage.
                """)

        /// The variable read for the webhook URL when `--notify` is not given: a URL in the
        /// environment stays out of `ps` listings, unlike a command-line argument.
        static let notifyEnvironmentVariable = "SORACOST_NOTIFY_URL"
        /// Seconds the whole webhook delivery pass may take (no attempt starts after it).
        static let deliveryLimit = 30.0

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var pricing: PricingOptions
        @OptionGroup var selection: BudgetOptions

        @Option(name: .customLong("notify"), help: ArgumentHelp(
            "Webhook to POST each new crossing to (Slack-compatible JSON).",
            discussion: """
                Default: $SORACOST_NOTIFY_URL. The URL is never printed or stored, but a value given \
                here is visible to other users in the process listing (ps): prefer --notify-file \
                or $SORACOST_NOTIFY_URL.
                """,
            valueName: "url"))
        var notifyURL: String?

        @Option(name: .customLong("notify-file"), help: ArgumentHelp(
            "A file whose first non-empty line is the webhook URL (the recommended way).",
            discussion: "Like --api-key-file: keeps the URL out of ps listings and shell history.",
            valueName: "file"))
        var notifyFile: String?

        @Option(help: ArgumentHelp("Retries of a failed webhook POST within this run.", valueName: "n"))
        var notifyRetries = 3

        @Option(help: ArgumentHelp(
            "Report the ledger stale (UNKNOWN, exit 3) when no job or import is newer than this age.",
            discussion: "Minutes, hours or days: 90m, 36h, 2d. Default: the budgets file's stale_after, else 36h.",
            valueName: "age"))
        var staleAfter: String?

        @Flag(help: "Also flag days whose spend (total, a user's or a project's) is far above its own baseline.")
        var anomalies = false

        @Option(help: "Output: text (one line per new crossing) or json (always printed, for machines).")
        var format: CheckFormat = .text

        enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        func validate() throws {
            if notifyURL != nil && notifyFile != nil {
                throw ValidationError("give either --notify or --notify-file, not both")
            }
            if notifyFile == nil, let url = webhookURL(), !WebhookNotifier.isValidURL(url) {
                // Never echo the value: it is a credential.
                throw ValidationError("--notify (or $\(Check.notifyEnvironmentVariable)) must be an http:// or https:// URL")
            }
            if let staleAfter, BudgetFile.duration(staleAfter) == nil {
                throw ValidationError("--stale-after must be a duration such as 90m, 36h or 2d")
            }
            if notifyRetries < 0 || notifyRetries > 10 {
                throw ValidationError("--notify-retries must be from 0 to 10")
            }
        }

        func webhookURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
            if let notifyURL, !notifyURL.isEmpty { return notifyURL }
            return environment[Check.notifyEnvironmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        }

        /// The webhook URL from --notify-file, else --notify or the environment; nil: no webhook.
        /// An unusable file is reported (never its content) and ends the run UNKNOWN.
        func webhook(failure: Int32) throws -> Secret? {
            guard let notifyFile else { return webhookURL().map(Secret.init) }
            do {
                let url = try Secret.fromFile(path: notifyFile, kind: .webhookURL)
                guard WebhookNotifier.isValidURL(url) else {
                    Console.error("\(notifyFile): the webhook URL must be an http:// or https:// URL")
                    throw ExitCode(failure)
                }
                return url
            } catch let error as SecretError {
                Console.error(Console.describe(error))
                throw ExitCode(failure)
            }
        }

        func run() throws {
            let unknown = Int32(BudgetLevel.unknown.rawValue)
            let now = Clock.now
            let (_, file) = try selection.load(failure: unknown)
            let webhook = try self.webhook(failure: unknown)
            var result: BudgetCheckResult
            let opened: Ledger
            let notifier: WebhookNotifier?
            do {
                opened = try ledger.open(create: false)
                let pricer: Pricer
                do {
                    pricer = try pricing.makePricer()
                } catch is ExitCode {
                    throw ExitCode(unknown)
                }
                // Bounded delivery: 5 s to connect, 10 s per attempt, 30 s for the whole pass
                // (no attempt starts after it), so at most 40 s.
                notifier = try webhook.map { url in
                    let notifier = WebhookNotifier(
                        url: url, client: try HTTPClient(configuration: .init(connectTimeout: 5, totalTimeout: 10)),
                        retry: RetryPolicy(maxRetries: notifyRetries))
                    notifier.passLimit = Check.deliveryLimit
                    // A run killed mid-delivery holds a message only a little longer than a pass.
                    notifier.leaseSeconds = 60
                    return notifier
                }
                let check = BudgetCheck(ledger: opened, evaluator: BudgetEvaluator(ledger: opened, pricer: pricer,
                                                                                  zone: selection.zone))
                let stale = staleAfter.flatMap(BudgetFile.duration) ?? file.staleAfter ?? BudgetFile.defaultStaleAfter
                result = try check.record(budgets: file.budgets, cut: selection.time.cut(now: now), now: now,
                                          notifier: notifier, staleAfter: stale, anomalies: anomalies)
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
                // Spend that cannot be priced counts as nothing: said on every run, so cron mails it.
                if evaluation.unpricedJobs > 0 {
                    let count = evaluation.unpricedJobs
                    let (noun, verbs) = count == 1 ? ("job", "has no price and counts") : ("jobs", "have no price and count")
                    Console.error("budget \(evaluation.budget.name): \(count) \(noun) in scope this period \(verbs) "
                        + "as $0 spend; see soracost rates check")
                }
            }
            if let since = result.staleSince {
                Console.error(since == Int64.min ? "UNKNOWN ledger is empty: no job or import to judge budgets by"
                    : "UNKNOWN ledger is stale: newest job or import at \(Timestamp.iso(since)); import or sync, or raise --stale-after")
            }
            // Crossings are printed (and already committed) before any webhook is tried, so a
            // hanging webhook under `timeout` cannot lose an alert.
            if format == .text {
                for crossing in result.newCrossings { print(crossing.line) }
                for anomaly in result.newAnomalies { print(anomaly.line) }
                fflush(nil)
            }
            if let notifier {
                do {
                    let delivery = try notifier.deliverPending(ledger: opened, now: Clock.now)
                    result.delivery = delivery
                    if let failure = delivery.failure {
                        Console.error("webhook delivery failed: \(failure); \(delivery.pending) "
                            + "notification\(delivery.pending == 1 ? "" : "s") kept in the outbox for the next run")
                    }
                } catch {
                    Console.error(Console.describe(error))
                }
            }
            if format == .json {
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
                let opened = try ledger.openForReading()
                let evaluator = BudgetEvaluator(ledger: opened, pricer: pricer, zone: selection.zone)
                let cut = selection.time.cut(now: Clock.now)
                let day = selection.zone.day(of: cut)
                document = BudgetReport.statusDocument(
                    evaluations: evaluator.evaluate(file.budgets, cut: cut), asOf: day,
                    zone: selection.zone, source: path, pendingNotifications: try opened.pendingNotificationCount())
            } catch {
                throw Console.fail(error)
            }
            try output.write(document)
        }
    }
}
