import ArgumentParser
import Foundation
import SoraCostKit

extension ReconcileProjectKey: ExpressibleByArgument {}

extension SoraCostCommand {
    struct Reconcile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare the ledger's cost of a month with what was billed, by day and project.",
            discussion: """
                The billed side is one of: OpenAI's Costs API (GET /organization/costs with the \
                admin key in $OPENAI_ADMIN_KEY, daily buckets grouped by project_id and line_item, \
                every page followed, retried like `sync`); a saved export of it (--costs FILE: one \
                page, an array of pages, or one page per line; --save-costs writes one); or a \
                billing CSV with columns date,project,amount[,currency,line_item] (--billing FILE). \
                Only line items containing --line-item (default "sora", any case) count; the report \
                lists every line item seen. Costs API project ids become ledger projects through \
                --project-map FILE ({"version":1,"projects":[{"project_id":"proj_…","project":"…"}]}) \
                or --match account; where a line has no usable project, day totals are compared.

                Each cell is matched, over (billed more), under (billed less), missing_billed or \
                missing_ledger; a cell whose difference exceeds --tolerance is a mismatch.

                Examples:
                  OPENAI_ADMIN_KEY=… soracost reconcile --month 2026-09 --project-map projects.json
                  soracost reconcile --month 2026-09 --costs costs-2026-09.jsonl --match account --format csv
                  soracost reconcile --month 2026-09 --billing invoice.csv --tolerance 0.05

                Exit status: 0 every cell within tolerance; 1 differences beyond tolerance; 2 it \
                could not run (API, file, ledger or rate card failure); 64 bad usage or \
                configuration (no key, bad base URL): nothing was sent.
                """)

        @Option(help: ArgumentHelp("The calendar month to reconcile (UTC).", valueName: "YYYY-MM"))
        var month: Month

        @Option(help: ArgumentHelp("A saved Costs API export instead of calling the API.", valueName: "file"))
        var costs: String?

        @Option(help: ArgumentHelp("A billing CSV (date,project,amount[,currency,line_item]).", valueName: "file"))
        var billing: String?

        @Option(name: .customLong("save-costs"), help: ArgumentHelp(
            "Also save the Costs API pages here (one per line) for later --costs runs.", valueName: "file"))
        var saveCosts: String?

        @Option(name: .customLong("base-url"), help: ArgumentHelp(
            "API root including /v1.",
            discussion: "Default: $OPENAI_BASE_URL, else \(VideosAPIClient.Configuration.defaultBaseURL).",
            valueName: "url"))
        var baseURL: String?

        @Option(help: ArgumentHelp("Sent as OpenAI-Organization (default $OPENAI_ORG_ID).", valueName: "id"))
        var organization: String?

        @OptionGroup var http: APIRequestOptions

        @Option(name: .customLong("line-item"), help: ArgumentHelp(
            "Compare only line items containing this text, ignoring case.", valueName: "pattern"))
        var lineItem: String = "sora"

        @Option(name: .customLong("project-map"), help: ArgumentHelp(
            "JSON file mapping provider project ids to ledger projects.", valueName: "file"))
        var projectMap: String?

        @Option(help: ArgumentHelp("The ledger attribute billed projects are: project or account.", valueName: "key"))
        var match: ReconcileProjectKey = .project

        @Option(help: ArgumentHelp("Largest absolute difference per cell that still matches.", valueName: "amount"))
        var tolerance: String = "0.01"

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var pricing: PricingOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if costs != nil && billing != nil { throw ValidationError("give either --costs or --billing, not both") }
            if saveCosts != nil && (costs != nil || billing != nil) {
                throw ValidationError("--save-costs saves what the API returns; it cannot be used with --costs or --billing")
            }
            guard let amount = Money(decimal: tolerance), amount >= .zero else {
                throw ValidationError("--tolerance must be a non-negative decimal amount such as 0.01")
            }
            try http.check()
        }

        func run() throws {
            let pricer = try pricing.makePricer()
            let reconciliation: Reconciliation
            do {
                let map = try projectMap.map { try ProjectMap.load(path: $0) }
                let (lines, source) = try billedLines()
                let request = ReconcileRequest(
                    month: month, lineItemPattern: lineItem, tolerance: Money(decimal: tolerance) ?? .zero,
                    projectKey: match, projectMap: map, sourceNamesLedgerProjects: billing != nil, sourceName: source)
                reconciliation = try Reconciliation.run(request, billed: lines, ledger: ledger.openForReading(),
                                                        pricer: pricer)
            } catch let error as ExitCode {
                throw error
            } catch {
                throw Console.fail(error, in: Self.self)
            }
            try output.write(reconciliation.document)
            if !reconciliation.isWithinTolerance { throw ExitCode(Console.Status.rejected) }
        }

        /// The billed lines and a name for their source.
        func billedLines() throws -> ([BilledLine], String) {
            if let billing { return (try BillingCSV.read(path: billing), billing) }
            if let costs { return (try CostsAPI.read(path: costs), "saved Costs API export \(costs)") }
            let environment = ProcessInfo.processInfo.environment
            let client = try VideosAPIClient(configuration: .init(
                baseURL: APIRequestOptions.baseURL(baseURL, environment: environment),
                auth: .bearer(try Secret.fromEnvironment("OPENAI_ADMIN_KEY", environment: environment)),
                organization: organization ?? environment.nonEmpty("OPENAI_ORG_ID"), totalTimeout: http.timeout,
                retry: RetryPolicy(maxRetries: http.retries)))
            let from = month.firstDay.unixStart
            let to = month.next.firstDay.unixStart
            var saved: ExportSink?
            do {
                saved = try saveCosts.map { try ExportSink(path: $0) }
                let lines = try CostsAPI.fetch(client: client, from: from, to: to) { body in
                    try saved?.write(String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\n", with: " ") + "\n")
                }
                try saved?.finish()
                return (lines, "Costs API \(client.baseURL)")
            } catch {
                saved?.abandon()
                throw error
            }
        }
    }
}

/// The admin key comes from $OPENAI_ADMIN_KEY only (the messages name it); there is no auth
/// header or project to choose.
extension SoraCostCommand.Reconcile: SettingOptions {
    static let settingOptions: [Setting: [String]] = [.organization: ["--organization"], .baseURL: ["--base-url"]]
}
