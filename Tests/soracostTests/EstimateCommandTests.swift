import Foundation
import Testing

/// `soracost estimate`, end to end: the published examples, scenarios with comparisons, and
/// re-pricing the fixtures' history against `report monthly`.
@Suite struct EstimateCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func fixture(_ path: String) -> String { root.appendingPathComponent("Fixtures").appendingPathComponent(path).path }

    let scratch: Scratch

    init() throws {
        scratch = try Scratch()
    }

    func json(_ arguments: [String], status: Int32 = 0) throws -> [String: Any] {
        let result = try Soracost.run(["estimate"] + arguments + ["--format", "json"])
        #expect(result.status == status, "\(arguments): \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    static let on = ["--on", "2026-09-01", "--month", "2026-12"]

    @Test func publishedDailyExamples() throws {
        let small = try json(["--model", "sora-2", "--size", "1280x720", "--seconds", "8", "--count", "10", "--per", "day"] + Self.on)
        #expect(small["per_day"] as? String == "8.00")
        #expect(small["per_month_30d"] as? String == "240.00")
        #expect(small["per_job"] as? String == "0.80")
        #expect(small["currency"] as? String == "USD")
        let rate = try #require(small["rate"] as? [String: Any])
        #expect(rate["provider"] as? String == "openai" && rate["model"] as? String == "sora-2")
        #expect(rate["sizes"] as? [String] == ["720x1280", "1280x720"])
        #expect(rate["rate"] as? String == "0.10" && rate["unit"] as? String == "second")
        #expect(rate["effective_from"] as? String == "2025-10-06" && rate["effective_to"] as? String == "2026-09-25")
        #expect((rate["source"] as? String)?.hasPrefix("OpenAI API pricing page") == true)

        let pro = try json(["--model", "sora-2-pro", "--size", "1792x1024", "--seconds", "12", "--count", "5", "--per", "day"] + Self.on)
        #expect(pro["per_day"] as? String == "30.00")
        #expect(pro["per_month_30d"] as? String == "900.00")
    }

    @Test func publishedWeeklyExampleLabelsTheMonths() throws {
        let arguments = ["estimate", "--model", "sora-2", "--size", "1280x720", "--seconds", "4", "--count", "50", "--per", "week"] + Self.on
        let weekly = try json(Array(arguments.dropFirst()))
        #expect(weekly["per_week"] as? String == "20.00")
        #expect(weekly["per_4_weeks"] as? String == "80.00")
        #expect(weekly["per_month_30d"] as? String == "85.714286")
        #expect(weekly["per_average_month"] as? String == "86.964286")
        #expect(weekly["per_calendar_month"] as? String == "88.571429")
        #expect(weekly["rounded"] as? [String] == ["per_day", "per_month_30d", "per_calendar_month", "per_average_month"])

        let table = try Soracost.run(arguments)
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("Per week                        20.00"))
        #expect(lines.contains("Per 4 weeks                     80.00"))
        #expect(lines.contains("Per 30-day month            85.714286"))
        #expect(lines.contains("Per calendar month 2026-12  88.571429"))
        #expect(lines.contains("Per average month           86.964286"))
        #expect(lines.contains("Per 4 weeks                 80.00      28 days (the published \"per week × 4\" month)  per week × 28 / 7"))
        #expect(lines.contains("Per 30-day month            85.714286  30 days                                       per week × 30 / 7, rounded"))
        #expect(table.stdout.contains("28 days (the published \"per week × 4\" month)"))
        #expect(table.stdout.contains("365.25/12 = 30.4375 days"))
        #expect(table.stdout.contains("Rounded half-to-even to the micro-unit"))
    }

    @Test func everyFormat() throws {
        let base = ["estimate", "--model", "sora-2", "--size", "1280x720", "--seconds", "8", "--count", "10", "--per", "day"] + Self.on
        let csv = try Soracost.run(base + ["--format", "csv"])
        #expect(csv.status == 0)
        #expect(csv.stdout.hasPrefix("figure,amount,basis,arithmetic\r\n"))
        #expect(csv.stdout.contains("Per 30-day month,240.00,30 days,per day × 30\r\n"))
        let md = try Soracost.run(base + ["--format", "md", "-o", scratch.file("estimate.md")])
        #expect(md.status == 0 && md.stdout.isEmpty)
        let written = try String(contentsOfFile: scratch.file("estimate.md"), encoding: .utf8)
        #expect(written.contains("| Per 30-day month | 240.00 | 30 days | per day × 30 |"))
    }

    @Test(arguments: [("sora-2-pro", "1920x1080", "unknown_size"), ("sora-3", "1280x720", "unknown_model")])
    func unpricedHasTheReasonNoAmountAndExit1(model: String, size: String, reason: String) throws {
        let answer = try json(["--model", model, "--size", size, "--seconds", "4", "--count", "3", "--per", "day"] + Self.on,
                              status: 1)
        for key in ["per_job", "per_day", "per_week", "per_month_30d", "per_calendar_month"] {
            #expect(answer[key] is NSNull, "\(key) must have no amount, not 0")
        }
        #expect((answer["unpriced"] as? [String: Any])?["reason"] as? String == reason)
        let table = try Soracost.run(["estimate", "--model", model, "--size", size, "--seconds", "4", "--count", "3",
                                      "--per", "day"] + Self.on)
        #expect(table.status == 1)
        #expect(table.stdout.contains("Unpriced (\(reason))"))
        #expect(!table.stdout.contains("0.00"))
        #expect(table.stderr.contains("unpriced"))
    }

    @Test func scenarioWithComparisons() throws {
        let scenario = try scratch.write("plan.json", """
            {"version": 1, "lines": [
              {"name": "app", "model": "sora-2-pro", "size": "720x1280", "seconds": 8, "count": 50, "per": "day"},
              {"name": "drafts", "model": "sora-2-pro", "size": "1792x1024", "seconds": 12, "count": 40, "per": "week"}
            ]}
            """)
        let contract = try scratch.write("contract.json", """
            {"version": 1, "entries": [{"provider": "openai", "model": "sora-2-pro", "sizes": ["720x1280", "1024x1792"],
              "unit": "second", "rate": "0.25", "effective_from": "2026-01-01", "source": "new contract"}]}
            """)
        let answer = try json(["--scenario", scenario, "--compare", "model=sora-2-pro:sora-2,size=1792x1024:1280x720",
                               "--compare", "rates=\(contract)"] + Self.on)
        // app 50 × 2.40 × 30 = 3600; drafts 40 × 6.00 × 30 / 7 = 1028.571429.
        let total = try #require(answer["total"] as? [String: Any])
        #expect(total["per_month_30d"] as? String == "4628.571429")
        #expect(total["per_week"] as? String == "1080.00")
        let comparisons = try #require(answer["comparisons"] as? [[String: Any]])
        #expect(comparisons.count == 2)
        // On sora-2 720p: 50 × 0.80 × 30 + 40 × 1.20 × 30 / 7 = 1200 + 205.714286.
        #expect((comparisons[0]["total"] as? [String: Any])?["per_month_30d"] as? String == "1405.714286")
        // The contract: 50 × 2.00 × 30 + 40 × 3.00 × 30 / 7 = 3000 + 514.285714.
        #expect((comparisons[1]["total"] as? [String: Any])?["per_month_30d"] as? String == "3514.285714")

        let table = try Soracost.run(["estimate", "--scenario", scenario, "--compare", "model=sora-2,size=1280x720"] + Self.on)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("Compared, per 30-day month"))
        #expect(table.stdout.contains("Subtotals by model"))
        #expect(table.stdout.contains("Total   4,628.571429                1,405.714286  -3,222.857143"))
        // sora-2 has no 1792x1024 price: the drafts line has no amount, and the run says so.
        let unpriced = try json(["--scenario", scenario, "--compare", "model=sora-2"] + Self.on, status: 1)
        let variant = try #require((unpriced["comparisons"] as? [[String: Any]])?.first)
        #expect((variant["total"] as? [String: Any])?["per_month_30d"] is NSNull)
    }

    @Test func aBrokenScenarioNamesFileLineAndField() throws {
        let scenario = try scratch.write("plan.json", """
            {"version": 1, "lines": [{"name": "app", "model": "sora-2", "size": "720by1280", "seconds": 8, "count": 5, "per": "day"}]}
            """)
        let result = try Soracost.run(["estimate", "--scenario", scenario] + Self.on)
        #expect(result.status == 2)
        #expect(result.stderr.contains(#"plan.json: lines[0] "app": size: "720by1280" is not WIDTHxHEIGHT"#))
        #expect(result.stderr.hasSuffix("soracost: the scenario file is not usable; fix the issues above\n"))
        let malformed = try scratch.write("bad.json", "{\"version\": 1,\n  \"lines\": [}\n")
        let syntax = try Soracost.run(["estimate", "--scenario", malformed] + Self.on)
        #expect(syntax.status == 2)
        #expect(syntax.stderr.contains("bad.json:2:"), "\(syntax.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func badUsageExits64() throws {
        let cases: [[String]] = [
            ["--model", "sora-2", "--size", "1280x720", "--seconds", "8", "--count", "10"],
            ["--model", "sora-2", "--size", "1280x720", "--seconds", "8", "--count", "10", "--per", "fortnight"],
            ["--scenario", "x.json", "--from-history", "2026-08"],
            ["--scenario", "x.json", "--compare", "colour=red"],
            ["--scenario", "x.json", "--map", "a=b"],
            ["--from-history", "2026-08", "--map-size", "big=small"],
        ]
        for arguments in cases {
            let result = try Soracost.run(["estimate"] + arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
        }
    }

    @Test func helpShowsThePublishedExamples() throws {
        let help = try Soracost.run(["estimate", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("soracost estimate --model sora-2 --size 1280x720 --seconds 8 \\\n      --count 10 --per day --on 2026-09-01\n    8.00 a day, 240.00 per 30-day month"))
        #expect(help.stdout.contains("--size 1792x1024 --seconds 12 \\\n      --count 5 --per day --on 2026-09-01\n    30.00 a day, 900.00 per 30-day month"))
        #expect(help.stdout.contains("--seconds 4 \\\n      --count 50 --per week --on 2026-09-01\n    20.00 a week; 80.00 per 4 weeks"))
    }

    /// The "as billed" side is the monthly report's total for the month, to the micro-dollar.
    @Test func fromHistoryTiesOutWithReportMonthly() throws {
        let db = scratch.file("ledger.sqlite")
        let imported = try Soracost.run(["import", "-q", "--db", db, Self.fixture("logs"), Self.fixture("api-pages")])
        #expect(imported.status == 1, "\(imported.stderr)")  // the seven broken lines of broken.jsonl
        let company = Self.fixture("rates/company.json")
        for month in ["2026-08", "2026-09"] {
            let report = try Soracost.run(["report", "monthly", "--month", month, "--db", db, "--rates", company, "--format", "json"])
            #expect(report.status == 0, "\(report.stderr)")
            let reportJSON = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
            let reportTotal = try #require((reportJSON["total"] as? [String: Any])?["cost"] as? String)

            let history = try json(["--from-history", month, "--db", db, "--billed-rates", company, "--rates", company,
                                    "--map", "sora-2-pro=sora-2", "--map-size", "1792x1024=1280x720"])
            let summary = try #require(history["summary"] as? [String: Any])
            #expect(summary["billed"] as? String == reportTotal, "\(month)")
            // The same card picked up from $SORACOST_RATES gives the same as-billed side.
            let viaEnvironment = try Soracost.run(["estimate", "--from-history", month, "--db", db, "--format", "json"],
                                                  environment: ["SORACOST_RATES": company])
            let environmentJSON = try #require(try JSONSerialization.jsonObject(with: Data(viaEnvironment.stdout.utf8)) as? [String: Any])
            let environmentSummary = try #require(environmentJSON["summary"] as? [String: Any])
            #expect(environmentSummary["billed"] as? String == reportTotal)
            #expect(environmentSummary["difference"] as? String == "0.00", "no card and no mapping: nothing changes")
        }
        let table = try Soracost.run(["estimate", "--from-history", "2026-08", "--db", db, "--billed-rates", company,
                                      "--rates", company, "--map", "sora-2-pro=sora-2"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("As billed    815.60"))
        #expect(table.stdout.contains("By project and model"))
    }
}
