import ArgumentParser
import Foundation
import SoraCostKit

extension SoraCostCommand {
    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring the jobs an API key can see into the ledger from a Videos API (/v1/videos).",
            discussion: """
                Pages through GET /videos newest first. The first sync of a key reads every page; \
                later syncs stop at the first page of jobs already stored as finished, then fetch \
                the stored unfinished jobs again one by one. An interrupted sync continues where \
                it stopped. Works against OpenAI, Azure OpenAI and gateways serving /v1/videos.

                Exit status: 0 synced; 1 synced, but some items were rejected (see `soracost \
                status`); 2 the API or the ledger failed (pages stored before the failure stay); \
                64 bad usage or configuration (no key, bad URL): nothing was sent.
                """)

        enum AuthHeader: String, ExpressibleByArgument, CaseIterable {
            case bearer
            case apiKey = "api-key"
        }

        @OptionGroup var ledger: LedgerOptions

        @Option(name: .customLong("base-url"), help: ArgumentHelp(
            "API root including /v1.",
            discussion: "Default: $OPENAI_BASE_URL, else \(VideosAPIClient.Configuration.defaultBaseURL).",
            valueName: "url"))
        var baseURL: String?

        @Option(name: .customLong("api-key-env"), help: ArgumentHelp(
            "Read the key from this environment variable (default OPENAI_API_KEY).", valueName: "name"))
        var apiKeyEnv: String?

        @Option(name: .customLong("api-key-file"), help: ArgumentHelp(
            "Read the key from the first line of this file.", valueName: "path"))
        var apiKeyFile: String?

        @Option(name: .customLong("auth-header"), help: ArgumentHelp(
            "How to send the key: bearer (OpenAI, gateways) or api-key (Azure OpenAI).", valueName: "kind"))
        var authHeader: AuthHeader = .bearer

        @Option(help: ArgumentHelp("Sent as OpenAI-Organization (default $OPENAI_ORG_ID).", valueName: "id"))
        var organization: String?

        @Option(help: ArgumentHelp(
            "Sent as OpenAI-Project (default $OPENAI_PROJECT_ID); the list shows only this project's videos.",
            valueName: "id"))
        var project: String?

        @Option(help: ArgumentHelp(
            "Label recorded as the jobs' account (default: the project id, else \"default\").", valueName: "label"))
        var account: String?

        @Option(help: "Provider recorded for the jobs (openai, azure, or a gateway name).")
        var provider: String = "openai"

        @Flag(help: "Read every page, not only what changed since the last sync.")
        var full = false

        @Option(name: .customLong("limit-pages"), help: ArgumentHelp(
            "Fetch at most this many list pages; the next sync continues from there.", valueName: "n"))
        var limitPages: Int?

        @OptionGroup var http: APIRequestOptions

        @Flag(help: "Store prompt text (off by default: prompts can be confidential).")
        var keepPrompts = false

        @Flag(name: .shortAndLong, help: "Print nothing on success (rejected items and failures are still reported).")
        var quiet = false

        func validate() throws {
            if apiKeyEnv != nil && apiKeyFile != nil {
                throw ValidationError("give either --api-key-env or --api-key-file, not both")
            }
            if let apiKeyEnv, apiKeyEnv.isEmpty { throw ValidationError("--api-key-env needs a variable name") }
            if let limitPages, limitPages < 1 { throw ValidationError("--limit-pages must be at least 1") }
            try http.check()
            if provider.isEmpty || provider.contains(":") || provider.contains("@") {
                throw ValidationError("--provider must be a non-empty name without ':' or '@'")
            }
            if let account, account.contains("@") { throw ValidationError("--account must not contain '@'") }
        }

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let showProgress = Console.stderrIsTerminal && !quiet
            let organization = self.organization ?? environment.nonEmpty("OPENAI_ORG_ID")
            let project = self.project ?? environment.nonEmpty("OPENAI_PROJECT_ID")

            // Configuration problems: nothing has been sent yet, so `ErrorMapping` makes them usage
            // errors (64).
            let client: VideosAPIClient
            do {
                let secret = try apiKeyFile.map { try Secret.fromFile(path: $0) }
                    ?? Secret.fromEnvironment(apiKeyEnv ?? "OPENAI_API_KEY", environment: environment)
                var retry = RetryPolicy(maxRetries: http.retries)
                if showProgress {
                    retry.onRetry = { line in
                        Console.clearProgress()
                        Console.note("retrying: \(line)")
                    }
                }
                client = try VideosAPIClient(configuration: .init(
                    baseURL: APIRequestOptions.baseURL(baseURL, environment: environment),
                    auth: authHeader == .bearer ? .bearer(secret) : .apiKey(secret),
                    organization: organization, project: project, totalTimeout: http.timeout, retry: retry))
            } catch {
                throw Console.fail(error, in: Self.self)
            }

            var options = APISyncOptions(provider: provider,
                                         account: APISyncOptions.account(explicit: account, project: project))
            options.full = full
            options.pageLimit = limitPages
            options.keepPrompts = keepPrompts

            let report: APISyncReport
            do {
                let sync = try APISync(ledger: try ledger.open(create: true), client: client, options: options)
                if showProgress {
                    sync.progress = { event in
                        switch event {
                        case let .listed(page, counts):
                            Console.progress("syncing: page \(page), \(counts.new) new, \(counts.updated) updated")
                        case let .refreshing(done, total):
                            Console.progress("refreshing unfinished jobs: \(done) of \(total)")
                        }
                    }
                }
                report = try sync.run()
                if showProgress { Console.clearProgress() }
            } catch {
                if showProgress { Console.clearProgress() }
                if let failure = error as? APISyncError { printRejects(failure.report) }
                throw Console.fail(error, in: Self.self)
            }
            printRejects(report)
            if !quiet {
                for note in report.notes { Console.note(note) }
                print(report.summary)
                if report.counts.conflicts > 0 {
                    print("conflicting sightings are kept in the ledger; see `soracost status`")
                }
            }
            if report.counts.rejected > 0 { throw ExitCode(Console.Status.rejected) }
        }

        private func printRejects(_ report: APISyncReport) {
            for reject in report.rejects {
                Console.note("rejected \(reject)")
            }
            if report.counts.rejected > report.rejects.count {
                Console.note("... and \(report.counts.rejected - report.rejects.count) more rejected items; see `soracost status`")
            }
        }
    }
}

extension SoraCostCommand.Sync: SettingOptions {
    static let settingOptions: [Setting: [String]] = [
        .apiKey: ["--api-key-env", "--api-key-file"], .authHeader: ["--auth-header"], .organization: ["--organization"],
        .project: ["--project"], .baseURL: ["--base-url"],
    ]
}
