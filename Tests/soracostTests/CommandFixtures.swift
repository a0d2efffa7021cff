import Foundation
import SoraCostKit
import Testing

/// A scratch folder whose ledger `v.sqlite` holds 30 jobs (`video_1` … `video_30`): the suites
/// that check what may and may not touch a ledger start from it.
struct ThirtyJobLedger {
    let scratch: Scratch
    var db: String { scratch.file("v.sqlite") }

    init() throws {
        scratch = try Scratch()
        let log = try scratch.write("a.jsonl", (1...30).map { logLine("video_\($0)") }.joined(separator: "\n") + "\n")
        let imported = try Soracost.run(["import", "-q", "--db", scratch.file("v.sqlite"), log])
        #expect(imported.status == 0)
    }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }
}

/// $0.80 a day of `marketing` from 2026-06-01 in `ledger.sqlite`, and a $20 monthly budget on it
/// whose 80% threshold is reached on 2026-07-20: the suites on webhook delivery start from it.
struct MarketingBudgetLedger {
    let scratch: Scratch
    var db: String { scratch.file("ledger.sqlite") }
    let budgets: String
    let warning = "WARNING marketing-monthly 2026-07: 80% of budget reached (actual): spent 16.00 of 20.00 USD (80.0%)"

    init() throws {
        scratch = try Scratch()
        let first = Day(year: 2026, month: 6, day: 1)
        let lines = (0..<60).map { logLine("video_\($0)", created: first.advanced(by: $0).unixStart + 43_200) }
        let log = try scratch.write("app.jsonl", lines.joined(separator: "\n") + "\n")
        #expect(try Soracost.run(["import", "-q", "--db", scratch.file("ledger.sqlite"), log]).status == 0)
        budgets = try scratch.write("budgets.json", """
            {"version": 1, "budgets": [{"name": "marketing-monthly", "period": "month", "amount": "20.00",
              "scope": {"project": "marketing"}, "thresholds": [{"percent": 80}]}]}
            """)
    }
}
