import Foundation
import SoraCostKit
import Testing

/// `--as-of` cuts the data at an instant; forecast thresholds judge with evidence; a stale
/// ledger is UNKNOWN. Marketing spends $0.80 a day (one 8 s sora-2 job at noon UTC) from
/// 2026-06-01 to 2026-09-20.
@Suite struct TimeAndAlertTests {
    let scratch: Scratch
    var db: String { scratch.file("ledger.sqlite") }

    init() throws {
        scratch = try Scratch()
        let first = Day(year: 2026, month: 6, day: 1)
        let lines = (0..<112).map { offset in
            logLine("video_\(offset)", created: first.advanced(by: offset).unixStart + 43_200)
        }
        try importLog(lines)
    }

    func importLog(_ lines: [String], name: String = "app.jsonl") throws {
        let log = try scratch.write(name, lines.joined(separator: "\n") + "\n")
        let imported = try Soracost.run(["import", "-q", "--db", db, log])
        #expect(imported.status == 0, "\(imported.stderr)")
    }

    func reportTotal(_ arguments: [String]) throws -> String? {
        let result = try Soracost.run(["report", "monthly", "--db", db, "--format", "json"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return (json?["total"] as? [String: Any])?["cost"] as? String
    }

    /// A report of a month in progress covers the days to date only: its total is the sum of
    /// the days through the as-of day (or instant), and it says so.
    @Test func reportAsOfMidMonthEqualsTheMonthToDateSum() throws {
        #expect(try reportTotal(["--month", "2026-07"]) == "24.80")
        #expect(try reportTotal(["--month", "2026-07", "--as-of", "2026-07-10"]) == "8.00")
        // An instant before the noon job of 10 July leaves that job out.
        #expect(try reportTotal(["--month", "2026-07", "--as-of", "2026-07-10T11:59:59Z"]) == "7.20")
        let daily = try Soracost.run(["report", "daily", "--db", db, "--month", "2026-07", "--as-of", "2026-07-10"])
        #expect(daily.stdout.contains("to date (as of 2026-07-10)"))
    }

    /// `budget status --as-of` an instant counts only the jobs created by then.
    @Test func budgetAsOfAnInstantCutsTheData() throws {
        let budgets = try scratch.write("b.json", """
            {"version": 1, "budgets": [{"name": "m", "period": "month", "amount": "20.00",
              "thresholds": [{"percent": 80}]}]}
            """)
        let status = try Soracost.run(["budget", "status", "--db", db, "--budgets", budgets,
                                       "--as-of", "2026-07-10T00:00:01Z", "--format", "csv"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("m,2026-07,everything,20.00,7.20,"), "\(status.stdout)")
    }

    /// The case: a $20 monthly budget with only a forecast threshold, spend already
    /// over it, under 7 days of history: the expected total cannot be below the spend, so the
    /// threshold is reached and the check exits 2.
    @Test func aForecastOnlyThresholdFiresWhenSpendIsAlreadyOver() throws {
        let young = try Scratch()
        let first = Day(year: 2026, month: 8, day: 1)
        var lines: [String] = []
        for day in 0..<5 {
            for job in 0..<6 {
                lines.append(logLine("v\(day)_\(job)", created: first.advanced(by: day).unixStart + 36_000 + Int64(job) * 600))
            }
        }
        let log = try young.write("young.jsonl", lines.joined(separator: "\n") + "\n")
        let ledgerPath = young.file("ledger.sqlite")
        #expect(try Soracost.run(["import", "-q", "--db", ledgerPath, log]).status == 0)
        let budgets = try young.write("b.json", """
            {"version": 1, "budgets": [{"name": "team", "period": "month", "amount": "20.00",
              "thresholds": [{"percent": 100, "basis": "forecast"}]}]}
            """)
        let check = try Soracost.run(["budget", "check", "--db", ledgerPath, "--budgets", budgets, "--as-of", "2026-08-05"])
        #expect(check.status == 2, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.hasPrefix("CRITICAL team 2026-08: 100% of budget reached (forecast): expected 24.00 of 20.00 USD (120.0%)"))
        let status = try Soracost.run(["budget", "status", "--db", ledgerPath, "--budgets", budgets,
                                       "--as-of", "2026-08-05", "--format", "csv"])
        #expect(status.stdout.contains("CRITICAL"), "\(status.stdout)")
    }

    /// No job or import newer than the stale age before the as-of moment: UNKNOWN (exit 3), said on stderr.
    @Test func aStaleLedgerIsUnknown() throws {
        let budgets = try scratch.write("b.json", """
            {"version": 1, "budgets": [{"name": "m", "period": "month", "amount": "100.00"}]}
            """)
        let fresh = try Soracost.run(["budget", "check", "--db", db, "--budgets", budgets, "--as-of", "2026-09-21T20:00:00Z"])
        #expect(fresh.status == 0 && fresh.stderr.isEmpty, "\(fresh.stderr)")
        let stale = try Soracost.run(["budget", "check", "--db", db, "--budgets", budgets, "--as-of", "2026-09-22T01:00:00Z"])
        #expect(stale.status == 3)
        #expect(stale.stderr.contains("ledger is stale: newest job or import at 2026-09-20T12:00:00Z"), "\(stale.stderr)")
        let patient = try Soracost.run(["budget", "check", "--db", db, "--budgets", budgets, "--as-of", "2026-09-22T01:00:00Z",
                                        "--stale-after", "3d"])
        #expect(patient.status == 0)
        let fromFile = try scratch.write("b2.json", """
            {"version": 1, "stale_after": "2d", "budgets": [{"name": "m", "period": "month", "amount": "100.00"}]}
            """)
        #expect(try Soracost.run(["budget", "check", "--db", db, "--budgets", fromFile, "--as-of", "2026-09-22T01:00:00Z"]).status == 0)
        // Judged now, the jobs are months old but the import that brought them just finished:
        // the ledger is being fed, so it is not stale.
        let fedNow = try Soracost.run(["budget", "check", "--db", db, "--budgets", budgets])
        #expect(fedNow.status == 0 && fedNow.stderr.isEmpty, "\(fedNow.stderr)")
        let bad = try Soracost.run(["budget", "check", "--db", db, "--budgets", budgets, "--stale-after", "soon"])
        #expect(bad.status == 64)
    }
}
