import Foundation
@testable import SoraCostKit
import Testing

/// The monthly review's sections tie out with `report`, `forecast` and `budget status` run on the
/// same ledger (the sample organization of Fixtures/) and the same as-of day, and the HTML review
/// is one self-contained file.
@Suite struct MonthlyReviewCommandTests {
    static let root = SampleReportsTests.root
    let scratch: Scratch
    var db: String { scratch.file("ledger.sqlite") }
    var budgets: String { Self.root.appendingPathComponent("Fixtures/budgets.json").path }
    var rates: String { Self.root.appendingPathComponent("Fixtures/rates/company.json").path }

    init() throws {
        scratch = try Scratch()
        let fixtures = Self.root.appendingPathComponent("Fixtures")
        let imported = try Soracost.run(["import", "-q", "--db", db, fixtures.appendingPathComponent("logs").path,
                                         fixtures.appendingPathComponent("api-pages").path])
        #expect(imported.status == 1, "\(imported.stderr)")
    }

    func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try Soracost.run(arguments + ["--db", db, "--rates", rates, "--format", "json"])
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    static func rows(_ document: [String: Any], _ key: String) throws -> [[String: Any]] {
        let sections = try #require(document["sections"] as? [[String: Any]])
        let section = try #require(sections.first { $0["key"] as? String == key }, "no section \(key)")
        return try #require(section["rows"] as? [[String: Any]])
    }

    static func money(_ value: Any?) -> Money? { (value as? String).flatMap { Money(decimal: $0) } }

    /// Cost ÷ count rounded half-to-even to the micro-dollar, computed here on its own.
    static func unitCost(_ cost: Money, _ count: Int) -> Money {
        let n = Int64(count)
        var quotient = cost.micros / n
        let twice = 2 * (cost.micros % n)
        if twice > n || (twice == n && quotient % 2 != 0) { quotient += 1 }
        return Money(micros: quotient)
    }

    @Test func everySectionTiesOutWithTheOtherCommands() throws {
        let asOf = "2026-09-10"
        let review = try json(["report", "monthly", "--month", "2026-09", "--as-of", asOf, "--budgets", budgets])
        let keys = try #require(review["sections"] as? [[String: Any]]).compactMap { $0["key"] as? String }
        for key in ["comparison", "unit_costs", "movers", "forecast", "budgets", "anomalies", "by_project",
                    "by_model_resolution", "top_users", "unpriced", "pending"] {
            #expect(keys.contains(key), "missing \(key)")
        }

        // comparison: days to date and the same days of August, as `report` counts them.
        let comparison = try Self.rows(review, "comparison")
        #expect(comparison.count == 3)
        let toDate = try json(["report", "monthly", "--since", "2026-09-01", "--until", asOf, "--as-of", asOf])
        let sameDays = try json(["report", "monthly", "--since", "2026-08-01", "--until", "2026-08-10", "--as-of", asOf])
        let august = try json(["report", "monthly", "--month", "2026-08", "--as-of", asOf])
        func totalCost(_ document: [String: Any]) -> Money? { Self.money((document["total"] as? [String: Any])?["cost"]) }
        #expect(Self.money(comparison[0]["cost"]) == totalCost(toDate))
        #expect(Self.money(comparison[1]["cost"]) == totalCost(sameDays))
        #expect(Self.money(comparison[2]["cost"]) == totalCost(august))
        #expect(comparison[1]["first_day"] as? String == "2026-08-01" && comparison[1]["last_day"] as? String == "2026-08-10")
        let summary = try #require(review["summary"] as? [String: Any])
        #expect(Self.money(summary["previous_cost"]) == totalCost(sameDays))
        #expect(Self.money(summary["change"]) == totalCost(toDate)! - totalCost(sameDays)!)

        // forecast: the month-end forecast of `soracost forecast` at the same as-of day.
        let forecast = try json(["forecast", "--month", "2026-09", "--as-of", asOf])
        let facts = try #require(forecast["summary"] as? [String: Any])
        let row = try #require(try Self.rows(review, "forecast").first)
        #expect(Self.money(row["expected"]) == Self.money(facts["expected_total"]))
        #expect(Self.money(row["low"]) == Self.money(facts["low_80"]))
        #expect(Self.money(row["high"]) == Self.money(facts["high_80"]))
        #expect(Self.money(row["actual_to_date"]) == Self.money(facts["actual_to_date"]))

        // budgets: what `budget status` says at the same as-of day, budget by budget.
        let status = try json(["budget", "status", "--budgets", budgets, "--as-of", asOf])
        let statusRows = try #require((status["sections"] as? [[String: Any]])?.first?["rows"] as? [[String: Any]])
        let budgetRows = try Self.rows(review, "budgets")
        #expect(budgetRows.count == statusRows.count)
        for budget in budgetRows {
            let other = try #require(statusRows.first { $0["budget"] as? String == budget["budget"] as? String })
            #expect(Self.money(budget["actual"]) == Self.money(other["spend"]))
            #expect(Self.money(budget["forecast"]) == Self.money(other["forecast"]))
            #expect(budget["used"] as? String == other["used"] as? String)
            #expect(budget["state"] as? String == other["state"] as? String)
        }

        // unit costs: cost ÷ completed and cost ÷ billed seconds, row by row.
        for unit in try Self.rows(review, "unit_costs") {
            let cost = try #require(Self.money(unit["cost"]))
            let completed = (unit["completed"] as? NSNumber)?.intValue ?? 0
            let seconds = (unit["seconds"] as? NSNumber)?.intValue ?? 0
            if completed > 0 { #expect(Self.money(unit["cost_per_video"]) == Self.unitCost(cost, completed)) }
            if seconds > 0 { #expect(Self.money(unit["cost_per_second"]) == Self.unitCost(cost, seconds)) }
        }
        let overall = try #require(try Self.rows(review, "unit_costs").first)
        let month = try #require(review["summary"] as? [String: Any])
        #expect(Self.money(overall["cost"]) == Self.money(month["total_cost"]))

        // anomalies: the days `budget check --anomalies` announces for a budget over everything
        // (the same rule on the same series), each one a row of the review.
        let listed = Set(try Self.rows(review, "anomalies").map { row in
            "\(row["day"] as? String ?? "") \(row["kind"] as? String ?? "")=\(row["name"] as? String ?? "")"
        })
        let watch = try scratch.write("watch.json", """
            {"version": 1, "stale_after": "3650d", "budgets": [{"name": "all", "period": "month",
              "amount": "100000.00", "anomalies": true}]}
            """)
        let check = try Soracost.run(["budget", "check", "--db", db, "--rates", rates, "--budgets", watch, "--as-of", asOf])
        let announced = Set(check.stdout.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("ANOMALY all ") else { return nil }
            let words = line.dropFirst("ANOMALY all ".count).split(separator: " ")
            return "\(words[0].dropLast()) \(words[1])"
        })
        #expect(!announced.isEmpty, "the fixtures have flagged days by 2026-09-10: \(check.stdout)")
        #expect(announced.isSubset(of: listed), "announced \(announced), listed \(listed)")
        #expect(Set(listed.map { $0.split(separator: " ")[1] }) == Set(announced.map { $0.split(separator: " ")[1] }))
    }

    @Test func roundedRowsSumToTheRoundedTotal() throws {
        let review = try json(["report", "monthly", "--month", "2026-09", "--as-of", "2026-09-30", "--round", "cents"])
        let sections = try #require(review["sections"] as? [[String: Any]])
        var checked = 0
        for section in sections {
            guard let total = section["total"] as? [String: Any], let rows = section["rows"] as? [[String: Any]],
                  let columns = section["columns"] as? [[String: Any]] else { continue }
            let moneyKeys = Set(columns.filter { $0["kind"] as? String == "money" }.compactMap { $0["key"] as? String })
            for (key, value) in total where moneyKeys.contains(key) {
                guard let amount = Self.money(value), rows.allSatisfy({ Self.money($0[key]) != nil }) else { continue }
                let sum = rows.reduce(Money.zero) { $0 + Self.money($1[key])! }
                #expect(sum == amount, "\(section["key"] ?? ""): \(key)")
                #expect(amount.micros % 10_000 == 0)
                checked += 1
            }
        }
        #expect(checked >= 5)
        #expect((review["notes"] as? [String])?.contains(ReportRounding.note) == true)
    }

    @Test func theHTMLReviewIsOneFileWithNoExternalRequest() throws {
        let page = scratch.file("review.html")
        let result = try Soracost.run(["report", "monthly", "--db", db, "--rates", rates, "--month", "2026-09",
                                       "--as-of", "2026-09-30", "--budgets", budgets, "--format", "html", "-o", page])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg ") && html.contains("class=\"seg\""))
        #expect(html.contains("@media print"))
        for forbidden in ["src=\"http", "href=\"http", "src='http", "href='http", "@import", "<script", "<link", "url("] {
            #expect(!html.lowercased().contains(forbidden), "\(forbidden)")
        }
        for key in ["comparison", "unit_costs", "movers", "forecast", "budgets", "anomalies"] {
            #expect(html.contains("<section id=\"\(key)\">"))
        }
    }
}

extension MonthlyReviewCommandTests {
    /// An `estimate` rate values unpriced usage as an estimated accrual, labelled and kept apart:
    /// the billed cost and every total stay what they are without it.
    @Test func estimatesShowAnAccrualApartFromTheCost() throws {
        let plain = try scratch.write("plain.json", """
            {"version": 1, "entries": [{"provider": "azure", "model": "sora-2", "sizes": ["720x1280"], "unit": "second", "rate": "0.10"}]}
            """)
        let estimated = try scratch.write("estimated.json", """
            {"version": 1, "entries": [{"provider": "azure", "model": "sora-2", "sizes": ["720x1280"], "unit": "second", "rate": "0.10"}],
             "estimates": [{"provider": "openai", "model": "sora-2-pro", "sizes": ["1920x1080"], "unit": "second", "estimate": "0.70"}]}
            """)
        func review(_ card: String) throws -> [String: Any] {
            let result = try Soracost.run(["report", "monthly", "--db", db, "--rates", card, "--month", "2026-09",
                                           "--as-of", "2026-09-30", "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        }
        let without = try review(plain)
        let with = try review(estimated)
        #expect((without["summary"] as? [String: Any])?["total_cost"] as? String
                == (with["summary"] as? [String: Any])?["total_cost"] as? String)
        #expect(try Self.rows(with, "by_project").count == Self.rows(without, "by_project").count)
        let sections = try #require(with["sections"] as? [[String: Any]])
        let accrual = try #require(sections.first { $0["key"] as? String == "estimated_accrual" })
        let total = try #require(accrual["total"] as? [String: Any])
        let unpriced = try #require(sections.first { $0["key"] as? String == "unpriced" })
        let unpricedRows = try #require(unpriced["rows"] as? [[String: Any]])
        let seconds = unpricedRows.filter { $0["resolution"] as? String == "1080p" }
            .reduce(0) { $0 + (($1["seconds"] as? NSNumber)?.intValue ?? 0) }
        #expect(seconds > 0)
        #expect(Self.money(total["estimated_accrual"]) == Money(decimal: "0.70")! * Int64(seconds))
        #expect((accrual["heading"] as? String)?.contains("estimate") == true)
        #expect(!(without["sections"] as? [[String: Any]] ?? []).contains { $0["key"] as? String == "estimated_accrual" })

        let broken = try scratch.write("broken.json", """
            {"version": 1, "entries": [], "estimates": [{"provider": "openai", "model": "m", "unit": "minute", "estimate": "x"}]}
            """)
        let refused = try Soracost.run(["rates", "check", "--db", db, "--rates", broken])
        #expect(refused.status != 0)
        let said = refused.stdout + refused.stderr
        #expect(said.contains("estimates[0].unit") && said.contains("estimates[0].estimate"), "\(said)")
    }
}

extension MonthlyReviewCommandTests {
    /// A budgets file with issues stops the review with exit 2, each issue on its own line.
    @Test func aBadBudgetsFileIsExit2WithItsIssues() throws {
        let bad = try scratch.write("budgets.json", #"{"version": 1, "budgets": [{"name": "x"}]}"#)
        let result = try Soracost.run(["report", "monthly", "--db", db, "--month", "2026-09", "--budgets", bad])
        #expect(result.status == 2)
        #expect(result.stderr.contains(#"budgets[0] "x": period: missing"#))
        #expect(!result.stderr.contains("ExitCode"))
    }
}
