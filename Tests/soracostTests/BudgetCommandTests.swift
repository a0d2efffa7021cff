import Foundation
import SoraCostKit
import Testing

/// End-to-end runs of `soracost budget` and `soracost forecast`, as cron would run them.
@Suite struct BudgetCommandTests {
    let scratch: Scratch
    var db: String { scratch.file("ledger.sqlite") }
    let budgets: String

    /// Marketing spends $0.80 a day (one 8 s sora-2 job at noon UTC) from 2026-06-01 to
    /// 2026-09-20; the budget is $20 a month with thresholds at 80% and 100% of actual spend.
    init() throws {
        scratch = try Scratch()
        let first = Day(year: 2026, month: 6, day: 1)
        let lines = (0..<112).map { offset in
            logLine("video_\(offset)", created: first.advanced(by: offset).unixStart + 43_200)
        }
        let log = try scratch.write("app.jsonl", lines.joined(separator: "\n") + "\n")
        let imported = try Soracost.run(["import", "-q", "--db", scratch.file("ledger.sqlite"), log])
        #expect(imported.status == 0, "\(imported.stderr)")
        budgets = try scratch.write("budgets.json", """
            {"version": 1, "budgets": [{"name": "marketing-monthly", "period": "month", "amount": "20.00",
              "scope": {"project": "marketing"}, "thresholds": [{"percent": 80}, {"percent": 100, "basis": "actual"}]}]}
            """)
    }

    func check(_ asOf: String, _ extra: [String] = [], environment: [String: String] = [:]) throws -> Soracost.Result {
        try Soracost.run(["budget", "check", "--db", db, "--budgets", budgets, "--as-of", asOf] + extra,
                         environment: environment)
    }

    /// Jobs in scope that cannot be priced count as no spend: cron hears of it on every run.
    @Test func unpricedJobsInScopeAreSaidOnEveryRun() throws {
        let created = Day(year: 2026, month: 7, day: 5).unixStart + 3_600
        let unknown = logLine("video_unknown", created: created).replacingOccurrences(of: #""model":"sora-2""#,
                                                                                       with: #""model":"sora-9""#)
        let log = try scratch.write("more.jsonl", unknown + "\n")
        #expect(try Soracost.run(["import", "-q", "--db", db, log]).status == 0)
        for _ in 0..<2 {
            let result = try check("2026-07-10")
            #expect(result.status == 0 && result.stdout.isEmpty)
            #expect(result.stderr == "soracost: budget marketing-monthly: 1 job in scope this period has no price and counts as $0 spend; "
                + "see soracost rates check\n")
        }
        // Another month's check is quiet: the count is the budget period's.
        #expect(try check("2026-06-10").stderr.isEmpty)
    }

    @Test func checkAnnouncesEachCrossingOnceAndExitsWithTheCurrentState() throws {
        let quiet = try check("2026-07-10")
        #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty)

        let warning = try check("2026-07-20")
        #expect(warning.status == 1)
        #expect(warning.stdout == "WARNING marketing-monthly 2026-07: 80% of budget reached (actual): spent 16.00 of 20.00 USD (80.0%)\n")
        let again = try check("2026-07-20")
        #expect(again.status == 1 && again.stdout.isEmpty && again.stderr.isEmpty)

        let critical = try check("2026-07-25T23:00:00Z")
        #expect(critical.status == 2)
        #expect(critical.stdout == "CRITICAL marketing-monthly 2026-07: 100% of budget reached (actual): spent 20.00 of 20.00 USD (100.0%)\n")
        let stillOver = try check("2026-07-31")
        #expect(stillOver.status == 2 && stillOver.stdout.isEmpty)

        // A new month re-arms both thresholds.
        let august = try check("2026-08-25")
        #expect(august.status == 2)
        let lines = august.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("WARNING marketing-monthly 2026-08: 80% of budget reached") == true)
        #expect(lines.last?.hasPrefix("CRITICAL marketing-monthly 2026-08: 100% of budget reached") == true)

        let json = try check("2026-08-26", ["--format", "json"])
        #expect(json.status == 2)
        let document = try JSONValue.parse(json.stdout)
        #expect(document["level"] == .string("CRITICAL") && document["new_crossings"] == .array([]))
        guard case .array(let states)? = document["budgets"] else {
            Issue.record("budgets must be an array: \(json.stdout)")
            return
        }
        #expect(states.count == 1 && states[0]["spend"] == .string("20.80") && states[0]["level"] == .string("CRITICAL"))

        let status = try Soracost.run(["budget", "status", "--db", db, "--budgets", budgets, "--as-of", "2026-08-26",
                                       "--format", "csv"])
        #expect(status.status == 0)
        #expect(status.stdout.hasPrefix("budget,period,scope,amount,spend,used,forecast,forecast_low,forecast_high,"
            + "forecast_used,state,reached\r\nmarketing-monthly,2026-08,project=marketing,20.00,20.80,104.0,24.80,24.80,"
            + "24.80,124.0,CRITICAL,\"80% actual, 100% actual\"\r\n"))
    }

    @Test func checkIsUnknownWhenItCannotEvaluate() throws {
        let broken = try scratch.write("broken.json", #"{"version": 1, "budgets": [{"name": "x", "period": "fortnight", "amount": "-1"}]}"#)
        let badFile = try Soracost.run(["budget", "check", "--db", db, "--budgets", broken])
        #expect(badFile.status == 3)
        #expect(badFile.stderr.contains(#"broken.json: budgets[0] "x": period: unknown period "fortnight""#))
        #expect(badFile.stderr.contains(#"broken.json: budgets[0] "x": amount: must not be negative (-1)"#))

        let noLedger = try Soracost.run(["budget", "check", "--db", scratch.file("none.sqlite"), "--budgets", budgets])
        #expect(noLedger.status == 3 && noLedger.stderr.contains("no ledger here yet"))

        let noBudgets = try Soracost.run(["budget", "check", "--db", db])
        #expect(noBudgets.status == 3 && noBudgets.stderr.contains("no budgets file"))
        let fromEnvironment = try Soracost.run(["budget", "check", "--db", db, "--as-of", "2026-07-10"],
                                               environment: ["SORACOST_BUDGETS": budgets])
        #expect(fromEnvironment.status == 0)
    }

    /// A webhook that cannot be reached: the run still reports and exits by the budget state,
    /// the notifications wait in the ledger, and the URL's secret path appears nowhere.
    @Test func anUnreachableWebhookNeverLeaksItsSecret() throws {
        let url = "http://127.0.0.1:1/hooks/T000/SECRET123"
        let run = try check("2026-07-25", ["--notify", url, "--notify-retries", "0"])
        #expect(run.status == 2)
        #expect(run.stdout.split(separator: "\n").count == 2)
        #expect(run.stderr.contains("soracost: webhook delivery failed: curl error 7"))
        #expect(run.stderr.contains("POST http://127.0.0.1:1/…redacted"))
        #expect(run.stderr.contains("2 notifications kept in the outbox for the next run"))
        let viaEnvironment = try check("2026-07-26", ["--notify-retries", "0"],
                                       environment: ["SORACOST_NOTIFY_URL": url])
        #expect(viaEnvironment.status == 2 && viaEnvironment.stdout.isEmpty)
        #expect(viaEnvironment.stderr.contains("2 notifications kept in the outbox"))
        let invalid = try check("2026-07-26", ["--notify", "hooks.example.com/T000/SECRET123"])
        #expect(invalid.status == 64)
        for output in [run.stdout, run.stderr, viaEnvironment.stderr, invalid.stderr] {
            #expect(!output.contains("SECRET123") && !output.contains("T000"))
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.hasPrefix("ledger.sqlite") }
        #expect(!files.isEmpty)
        for file in files {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: scratch.file(file)))
            #expect(bytes.range(of: Data("SECRET123".utf8)) == nil, "\(file)")
        }
        let status = try Soracost.run(["budget", "status", "--db", db, "--budgets", budgets, "--as-of", "2026-07-26"])
        #expect(status.stdout.contains("2 notifications waiting in the outbox"))
    }

    @Test func forecastStopsAtShutdownAndSaysWhenHistoryIsShort() throws {
        let short = try Soracost.run(["forecast", "--db", db, "--as-of", "2026-06-03"])
        #expect(short.status == 0)
        #expect(short.stdout.contains("insufficient history: 2 of 7 days"))
        #expect(!short.stdout.contains("Expected month total"))

        // The built-in Sora 2 rates end after 2026-09-24: only 21…24 September are projected.
        let september = try Soracost.run(["forecast", "--db", db, "--as-of", "2026-09-20", "--by", "model", "--format", "json"])
        #expect(september.status == 0)
        let summary = try JSONValue.parse(september.stdout)["summary"]
        #expect(summary?["actual_to_date"] == .string("16.00"))
        #expect(summary?["expected_total"] == .string("19.20"))
        #expect(september.stdout.contains("openai/sora-2: projection stops at 2026-09-25: model retired"))

        let backtest = try Soracost.run(["forecast", "--db", db, "--backtest", "--format", "csv"])
        #expect(backtest.status == 0)
        let rows = backtest.stdout.split(separator: "\r\n").map(String.init)
        #expect(rows.first == "days_of_month,forecasts,skipped,mape,naive_mape,improvement,coverage_80")
        // June, July and August are complete; on 3…7 June there is too little complete history.
        // Constant spend is forecast exactly, as is the naive run rate (no improvement to show).
        #expect(rows.dropFirst().first == "3–7,10,5,0.0,0.0,,100.0")
        #expect(rows.contains("8–14,21,0,0.0,0.0,,100.0"))
    }
}
