import Foundation
import SoraCostKit
import Testing

/// End-to-end runs of `rates show`, `rates check`, `explain` and the unpriced line of `status`.
@Suite struct PricingCommandTests {
    let scratch: Scratch
    var db: String { scratch.file("ledger.sqlite") }

    /// The repository's Fixtures/rates directory.
    static let rates: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/rates").path
    static var company: String { rates + "/company.json" }
    static var broken: String { rates + "/broken.json" }

    init() throws {
        scratch = try Scratch()
    }

    /// A log line in soracost's envelope; `extra` adds envelope members such as `"batch":true`.
    func line(_ id: String, model: String = "sora-2", size: String = "1280x720", seconds: Int = 8,
              status: String = "completed", created: String = "2026-01-05", extra: String = "") -> String {
        let createdAt = Day(iso: created)!.unixStart + 36_000
        let completedAt = status == "completed" || status == "failed" ? "\(createdAt + 60)" : "null"
        return #"{"project":"marketing","user":"ana@example.com"\#(extra),"video":{"id":"\#(id)","object":"video","model":"\#(model)","status":"\#(status)","progress":100,"created_at":\#(createdAt),"completed_at":\#(completedAt),"size":"\#(size)","seconds":"\#(seconds)"}}"#
    }

    /// A ledger with billed, pending and unpriced jobs of every reason.
    func makeLedger() throws {
        let path = try scratch.write("app.jsonl", [
            line("video_batch", model: "sora-2-2025-12-08", extra: #","batch":true"#),
            line("video_plain"),
            line("video_sora3", model: "sora-3", seconds: 4, created: "2026-02-11"),
            line("video_hd", model: "sora-2-pro", size: "1920x1080", seconds: 12, created: "2026-02-10"),
            line("video_late", created: "2026-10-01"),
            line("video_ext", seconds: 20, extra: #","kind":"extension""#),
            line("video_queued", status: "queued"),
            line("video_failed", status: "failed"),
            line("video_shared"),
            line("video_shared", model: "sora-2-pro", size: "720x1280", created: "2026-04-02", extra: #","provider":"vidgate""#),
        ].joined(separator: "\n") + "\n")
        let result = try Soracost.run(["import", "--db", db, path])
        #expect(result.status == 0, "import failed: \(result.stderr)")
    }

    /// The elements of a JSON array, or none.
    func items(_ value: JSONValue?) -> [JSONValue] {
        if case .array(let elements)? = value { return elements }
        return []
    }

    // MARK: - rates show

    @Test func showListsTheBuiltInCardAndAUserCard() throws {
        let builtIn = try Soracost.run(["rates", "show"])
        #expect(builtIn.status == 0)
        let sora2 = try #require(builtIn.stdout.split(separator: "\n").first { $0.contains("built-in") && $0.contains(" sora-2 ") })
        #expect(sora2.contains("entries[0]"))
        #expect(sora2.contains("720x1280, 1280x720"))
        #expect(sora2.contains("0.10"))
        #expect(sora2.contains("2025-10-06") && sora2.contains("2026-09-25"))
        #expect(!builtIn.stdout.contains("azure"))

        let layered = try Soracost.run(["rates", "show", "--rates", Self.company, "--format", "csv"])
        #expect(layered.status == 0)
        let rows = layered.stdout.split(separator: "\r\n").map(String.init)
        #expect(rows.first == "origin,entry,provider,model,sizes,unit,rate,currency,effective_from,effective_to,batch_discount,discount,bill_failed,source")
        #expect(rows.contains { $0.hasPrefix("user,entries[0],azure,sora-2,720x1280,second,0.10,USD,2025-10-06,,50.0,0.0,not billed,") })
        #expect(rows.contains { $0.hasPrefix("user,entries[5],flatcast,sora-2*,any size,generation,0.16,USD,") })
        #expect(rows.contains { $0.hasPrefix("built-in,entries[0],openai,sora-2,\"720x1280, 1280x720\",second,0.10,USD,") })
        // User entries come first.
        #expect(rows.firstIndex { $0.hasPrefix("user,") }! < rows.firstIndex { $0.hasPrefix("built-in,") }!)
    }

    @Test func showReadsTheCardFromTheEnvironmentAndFiltersByDay() throws {
        let result = try Soracost.run(["rates", "show", "--on", "2026-02-01", "--format", "json"],
                                      environment: ["SORACOST_RATES": Self.company])
        #expect(result.status == 0)
        let json = try JSONValue.parse(result.stdout)
        let rows = items(items(json["sections"]).first?["rows"])
        let models = rows.map { "\($0["provider"]?.stringValue ?? "") \($0["model"]?.stringValue ?? "") \($0["rate"]?.stringValue ?? "")" }
        #expect(models.contains("azure sora-2 0.10"))
        #expect(models.contains("openai sora-2 0.10"))
        // The negotiated 1080p rate starts on 2026-03-01, after the day asked for.
        #expect(!models.contains("openai sora-2-pro 0.70"))
        #expect(json["generated_with"]?["user_card"]?.stringValue == Self.company)
    }

    @Test func showWritesToAnOutputFileAndPrintsACardTemplate() throws {
        let target = scratch.file("card.md")
        let written = try Soracost.run(["rates", "show", "--format", "md", "--output", target])
        #expect(written.status == 0)
        #expect(written.stdout.isEmpty)
        let text = try String(contentsOfFile: target, encoding: .utf8)
        // Markdown escapes the brackets of `entries[0]`.
        #expect(text.contains(#"| built-in | entries\[0\] | openai | sora-2 | 720x1280, 1280x720 | second | 0.10 | USD |"#))

        let template = try Soracost.run(["rates", "show", "--as-card"])
        #expect(template.status == 0)
        let card = try scratch.write("template.json", template.stdout)
        let check = try Soracost.run(["rates", "check", card, "--db", scratch.file("none.sqlite")])
        #expect(check.status == 0, "the template does not validate: \(check.stdout)")
        #expect(check.stdout.contains("valid rate card, 3 entries"))
    }

    @Test func showRejectsABadDayOrFormat() throws {
        let day = try Soracost.run(["rates", "show", "--on", "2026-02-30"])
        #expect(day.status == 64)
        #expect(day.stderr.contains("The value '2026-02-30' is invalid for '--on <YYYY-MM-DD>'"))
        let format = try Soracost.run(["rates", "show", "--format", "xml"])
        #expect(format.status == 64)
        #expect(format.stderr.contains("Please provide one of 'table', 'csv', 'md', 'json' or 'html'"))
    }

    // MARK: - rates check

    @Test func checkNamesEveryIssueOfABrokenCardAndExits2() throws {
        let result = try Soracost.run(["rates", "check", Self.broken, "--db", scratch.file("none.sqlite")])
        #expect(result.status == 2)
        // Problems go to stderr, each line led by `soracost:`, as every command's failures do.
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        let out = result.stderr
        #expect(out.split(separator: "\n").count == 11 && out.split(separator: "\n").allSatisfy { $0.hasPrefix("soracost: ") })
        #expect(out.contains("soracost: \(Self.broken): entries[0].unit: unknown unit \"minute\""))
        #expect(out.contains("broken.json: entries[1].rate: must not be negative (-0.30)"))
        #expect(out.contains("broken.json: entries[1].effective_to: \"2026-02-30\" is not a calendar date"))
        #expect(out.contains("broken.json: entries[2].effective_to: 2026-04-01 must be after effective_from 2026-05-01"))
        #expect(out.contains("broken.json: entries[4].batch_discount_percent: 150% is outside 0–100%"))
        #expect(out.contains("broken.json: entries[5].efective_from: unknown member"))
        #expect(out.contains("broken.json: currency:"))
        #expect(out.contains("10 issues; the rate card is invalid"))
    }

    @Test func aBrokenCardStopsEveryPricingCommand() throws {
        try makeLedger()
        let status = try Soracost.run(["status", "--db", db], environment: ["SORACOST_RATES": Self.broken])
        #expect(status.status == 2)
        #expect(status.stdout.isEmpty)
        #expect(status.stderr.contains("soracost: \(Self.broken): entries[0].unit: unknown unit"))
        #expect(status.stderr.contains("named by $SORACOST_RATES"))

        let explain = try Soracost.run(["explain", "--db", db, "--rates", Self.broken, "video_plain"])
        #expect(explain.status == 2)
        #expect(explain.stderr.contains("entries[1].rate: must not be negative"))
    }

    @Test func checkOfAValidCardListsTheLedgersUnpricedJobsAndExits0() throws {
        try makeLedger()
        let result = try Soracost.run(["rates", "check", Self.company, "--db", db])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let out = result.stdout
        #expect(out.contains("company.json: valid rate card, 7 entries"))
        #expect(out.contains("10 jobs"))
        #expect(out.contains("billed 4, pending 1, not billed (failed) 1, unpriced 4"))
        // The company card prices 1080p from 2026-03-01 only, and vidgate but not sora-3.
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("unknown_model") && $0.contains("sora-3") && $0.contains("video_sora3 (2026-02-11)") })
        #expect(lines.contains { $0.hasPrefix("no_rate_on_date") && $0.contains("1920x1080") && $0.contains("video_hd") })
        #expect(lines.contains { $0.hasPrefix("no_rate_on_date") && $0.contains("1280x720") && $0.contains("video_late (2026-10-01)") })
        #expect(lines.contains { $0.hasPrefix("extension_segment_unknown") && $0.contains("video_ext") })
        #expect(!out.contains("vidgate"))
        let total = try #require(lines.first { $0.hasPrefix("total") })
        #expect(total.split(separator: " ").map(String.init) == ["total", "4", "24"])
        #expect(out.contains("information, not an error"))
    }

    @Test func checkWithoutACardUsesTheBuiltInOne() throws {
        try makeLedger()
        let result = try Soracost.run(["rates", "check", "--db", db])
        #expect(result.status == 0)
        #expect(result.stdout.contains("built-in: valid rate card, 3 entries"))
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("unknown_size") && $0.contains("sora-2-pro") && $0.contains("1920x1080") })
        #expect(lines.contains { $0.hasPrefix("unknown_model") && $0.contains("vidgate") && $0.contains("video_shared (2026-04-02)") })
    }

    // MARK: - explain

    @Test func explainShowsTheBatchArithmetic() throws {
        try makeLedger()
        let result = try Soracost.run(["explain", "--db", db, "video_batch"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let out = result.stdout
        #expect(out.contains("arithmetic: 8 s × $0.10/s = $0.80; batch −50% = $0.40"))
        #expect(out.contains("cost:       $0.40"))
        #expect(out.contains("model:      sora-2-2025-12-08 (dated snapshot, priced as sora-2)"))
        #expect(out.contains("rate:       built-in entries[0]: openai sora-2"))
        #expect(out.contains("project:    marketing"))
        #expect(out.contains("user:       ana@example.com"))
        #expect(out.contains("seen in:    1 source: \(scratch.file("app.jsonl"))"))

        let json = try Soracost.run(["explain", "--db", db, "--format", "json", "video_batch"])
        #expect(json.status == 0)
        let job = try #require(items(try JSONValue.parse(json.stdout)["jobs"]).first)
        #expect(job["cost"]?.stringValue == "0.40")
        #expect(job["outcome"]?.stringValue == "billed")
        #expect(job["attribution"]?["project"]?.stringValue == "marketing")
    }

    @Test func explainRawPrintsEachProvidersRecordsExactly() throws {
        try makeLedger()
        let raw = try Soracost.run(["explain", "--db", db, "--raw", "video_shared"])
        #expect(raw.status == 0, "stderr: \(raw.stderr)")
        // One job per provider, in the ledger's order (openai, vidgate), each record as read.
        #expect(raw.stdout == line("video_shared") + "\n"
            + line("video_shared", model: "sora-2-pro", size: "720x1280", created: "2026-04-02", extra: #","provider":"vidgate""#) + "\n")
        let out = scratch.file("raw.jsonl")
        #expect(try Soracost.run(["explain", "--db", db, "--raw", "-o", out, "video_plain"]).status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == line("video_plain") + "\n")
        #expect(try Soracost.run(["explain", "--db", db, "--raw", "video_none"]).status == 2)
    }

    @Test func explainSaysWhyAJobIsUnpricedOrPendingAndHonoursOverrides() throws {
        try makeLedger()
        let unpriced = try Soracost.run(["explain", "--db", db, "video_hd"])
        #expect(unpriced.status == 0)
        #expect(unpriced.stdout.contains("cost:       unpriced (unknown_size)"))
        let priced = try Soracost.run(["explain", "--db", db, "--rates", Self.company, "video_hd", "--usage-date", "completed"])
        #expect(priced.stdout.contains("usage day:  2026-02-10 (UTC day of completed_at)"))
        #expect(priced.stdout.contains("cost:       unpriced (no_rate_on_date)"))
        let pending = try Soracost.run(["explain", "--db", db, "video_queued"])
        #expect(pending.stdout.contains("cost:       pending"))
        let failed = try Soracost.run(["explain", "--db", db, "video_failed"])
        #expect(failed.stdout.contains("cost:       not billed: the job failed"))
        let billed = try Soracost.run(["explain", "--db", db, "--bill-failed", "video_failed"])
        #expect(billed.stdout.contains("modifiers:  batch −50% (not a batch job), failed jobs billed (override)"))
        #expect(billed.stdout.contains("cost:       $0.80"))
    }

    @Test func explainShowsEachProviderOfASharedID() throws {
        try makeLedger()
        let result = try Soracost.run(["explain", "--db", db, "video_shared"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("2 jobs have this video id, one per provider (openai, vidgate):"))
        #expect(result.stdout.contains("video:      video_shared (provider openai)"))
        #expect(result.stdout.contains("video:      video_shared (provider vidgate)"))
        #expect(result.stdout.contains("cost:       $0.80"))
        #expect(result.stdout.contains("cost:       unpriced (unknown_model)"))
    }

    /// `explain` and `rates show` write through the shared `-o/--output`: the file holds what
    /// stdout would, and nothing is printed.
    @Test func explainAndRatesShowWriteToAnOutputFile() throws {
        try makeLedger()
        let printed = try Soracost.run(["explain", "--db", db, "--format", "json", "video_batch"])
        let target = scratch.file("explain.json")
        let written = try Soracost.run(["explain", "--db", db, "--format", "json", "-o", target, "video_batch"])
        #expect(written.status == 0 && written.stdout.isEmpty && written.stderr.isEmpty)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == printed.stdout)

        let rates = try Soracost.run(["rates", "show", "--format", "csv"])
        let card = scratch.file("rates.csv")
        #expect(try Soracost.run(["rates", "show", "--format", "csv", "-o", card]).status == 0)
        #expect(try String(contentsOfFile: card, encoding: .utf8) == rates.stdout)

        let nowhere = try Soracost.run(["rates", "show", "-o", scratch.file("missing/rates.txt")])
        #expect(nowhere.status == 2)
        #expect(nowhere.stderr.contains("missing/rates.txt: cannot write: no folder"))
    }

    @Test func explainOfAnUnknownIDExits2() throws {
        try makeLedger()
        let result = try Soracost.run(["explain", "--db", db, "video_nope"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("no job with video id 'video_nope'"))
        let format = try Soracost.run(["explain", "--db", db, "--format", "csv", "video_plain"])
        #expect(format.status == 64)
        #expect(format.stderr.contains("--format: explain prints table or json, not csv"))
    }

    // MARK: - status

    @Test func statusShowsUnpricedAndPendingJobs() throws {
        try makeLedger()
        let builtIn = try Soracost.run(["status", "--db", db])
        #expect(builtIn.status == 0)
        #expect(builtIn.stdout.contains("unpriced 5 jobs, 32 s: unknown_model 2 jobs 12 s, unknown_size 1 job 12 s, "
            + "no_rate_on_date 1 job 8 s, extension_segment_unknown 1 job 0 s (soracost rates check)"))
        #expect(builtIn.stdout.contains("pending  1 job queued or in progress"))

        let company = try Soracost.run(["status", "--db", db, "--rates", Self.company])
        #expect(company.stdout.contains("unpriced 4 jobs, 24 s: unknown_model 1 job 4 s, no_rate_on_date 2 jobs 20 s, "
            + "extension_segment_unknown 1 job 0 s"))
    }
}
