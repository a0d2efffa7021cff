import Foundation
@testable import SoraCostKit
import Testing

/// `export focus`, `export jobs` and `reconcile` end to end, on Fixtures/ imported into a fresh
/// ledger with the built binary.
@Suite struct ExportCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let company = root.appendingPathComponent("Fixtures/rates/company.json").path
    let scratch: Scratch
    let db: String

    init() throws {
        scratch = try Scratch()
        db = scratch.file("ledger.sqlite")
        let imported = try Soracost.run(["import", "--db", db, Self.root.appendingPathComponent("Fixtures/logs").path,
                                         Self.root.appendingPathComponent("Fixtures/api-pages").path])
        #expect(imported.status == 1, "\(imported.stderr)")  // 1: the documented broken lines of broken.jsonl
    }

    /// The monthly report's total cost for September, from its JSON.
    func monthlyTotal(_ card: [String]) throws -> Money {
        let run = try Soracost.run(["report", "monthly", "--db", db, "--month", "2026-09", "--format", "json"] + card)
        let json = try JSONValue.parse(run.stdout)
        guard case .array(let rows)? = json["rows"], let cost = rows.first?["cost"]?.stringValue else {
            throw Failure("no rows in \(run.stdout.prefix(200))")
        }
        return try #require(Money(decimal: cost))
    }

    struct Failure: Error { var text: String; init(_ text: String) { self.text = text } }

    @Test(arguments: [[], ["--rates", company]])
    func theFocusExportOfTheFixturesConformsAndMatchesReportMonthly(card: [String]) throws {
        let file = scratch.file("focus.csv")
        let run = try Soracost.run(["export", "focus", "--db", db, "--month", "2026-09", "-o", file] + card,
                                   environment: ["SORACOST_RATES": ""])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        let focus = FocusValidator(csv: try String(contentsOfFile: file, encoding: .utf8))
        #expect(focus.problems() == [])
        #expect(focus.rows.count > 300)
        #expect(focus.sum("BilledCost") == (try monthlyTotal(card)))
        // Unpriced jobs (built-in card only) are counted on stderr and in the companion, never as 0.
        let companion = file + ".unpriced.csv"
        if card.isEmpty {
            #expect(run.stderr.contains("26 unpriced jobs (unknown_model 5, unknown_size 21) left out of the FOCUS file"))
            let unpriced = FocusValidator(csv: try String(contentsOfFile: companion, encoding: .utf8))
            #expect(unpriced.rows.count == 26 && unpriced.rows.allSatisfy { $0["BilledCost"] == "" })
        } else {
            #expect(run.stderr.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: companion))
        }
    }

    @Test func billedCostByProjectMatchesReportMonthlyByProject() throws {
        let run = try Soracost.run(["export", "focus", "--db", db, "--month", "2026-09", "--aggregate", "day",
                                    "--rates", Self.company])
        #expect(run.status == 0)
        let focus = FocusValidator(csv: run.stdout)
        #expect(focus.problems() == [])
        var byProject: [String: Money] = [:]
        for row in focus.rows { byProject[row["SubAccountName"] ?? "", default: .zero] += Money(decimal: row["BilledCost"]!)! }
        let report = try Soracost.run(["report", "monthly", "--db", db, "--month", "2026-09", "--by", "project",
                                       "--format", "csv", "--rates", Self.company])
        let records = CSVText.records(report.stdout)
        let cost = try #require(records[0].firstIndex(of: "cost"))
        let project = try #require(records[0].firstIndex(of: "project"))
        let expected = Dictionary(uniqueKeysWithValues: records.dropFirst().map { ($0[project], Money(decimal: $0[cost])!) })
        #expect(byProject == expected)
    }

    @Test func exportJobsWritesEveryJob() throws {
        let status = try Soracost.run(["status", "--db", db, "--format", "json"])
        let jobs = try Soracost.run(["export", "jobs", "--db", db, "--format", "jsonl"])
        #expect(jobs.status == 0, "\(jobs.stderr)")
        let lines = jobs.stdout.split(separator: "\n")
        #expect(lines.count == 3217, "\(status.stdout.prefix(300))")
        #expect(lines.allSatisfy { (try? JSONValue.parse(String($0))) != nil })
        let csv = try Soracost.run(["export", "jobs", "--db", db, "--since", "2026-09-01", "--until", "2026-09-30"])
        #expect(CSVText.records(csv.stdout).count == 413)  // header + the month's 412 jobs
    }

    @Test func reconcileExitsZeroWhenMatchedOneWhenNotTwoWhenItCannotRun64WithoutAKey() throws {
        let report = try Soracost.run(["report", "daily", "--db", db, "--month", "2026-09", "--by", "project",
                                       "--format", "csv", "--rates", Self.company])
        // A billing CSV made from the ledger's own daily figures matches exactly.
        let records = CSVText.records(report.stdout)
        let header = records[0]
        let day = try #require(header.firstIndex(of: "date"))
        let project = try #require(header.firstIndex(of: "project"))
        let cost = try #require(header.firstIndex(of: "cost"))
        var billing = "date,project,amount,currency,line_item\n"
        for row in records.dropFirst() where row[cost] != "0.00" { billing += "\(row[day]),\(row[project]),\(row[cost]),USD,Sora\n" }
        let matching = try scratch.write("billing.csv", billing)
        let ok = try Soracost.run(["reconcile", "--db", db, "--month", "2026-09", "--billing", matching, "--rates", Self.company])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("within tolerance"))

        let over = try scratch.write("over.csv", billing + "2026-09-15,marketing,5.00,USD,Sora video\n")
        let differs = try Soracost.run(["reconcile", "--db", db, "--month", "2026-09", "--billing", over,
                                        "--rates", Self.company, "--format", "json"])
        #expect(differs.status == 1)
        #expect(differs.stdout.contains("\"over\""))

        let missing = try Soracost.run(["reconcile", "--db", db, "--month", "2026-09", "--billing", scratch.file("none.csv")])
        #expect(missing.status == 2 && missing.stderr.contains("none.csv"))
        let noKey = try Soracost.run(["reconcile", "--db", db, "--month", "2026-09"], environment: ["OPENAI_ADMIN_KEY": ""])
        #expect(noKey.status == 64 && noKey.stderr.contains("OPENAI_ADMIN_KEY"))  // configuration: nothing sent
    }

    @Test func reconcileReadsTheCostsAPIAndSavesIt() throws {
        let key = "sk-admin-fake-1234"
        let start = Day(year: 2026, month: 9, day: 1).unixStart
        let page = "{\"object\":\"page\",\"data\":[{\"start_time\":\(start),\"end_time\":\(start + 86400),\"results\":"
            + "[{\"amount\":{\"value\":999.5,\"currency\":\"usd\"},\"line_item\":\"Sora 2 video\",\"project_id\":null}]}],"
            + "\"has_more\":false,\"next_page\":null}"
        let server = try LoopbackServer(script: [.json(page)])
        defer { server.stop() }
        let saved = scratch.file("costs.jsonl")
        let run = try Soracost.run(["reconcile", "--db", db, "--month", "2026-09", "--base-url", server.baseURL + "/v1",
                                    "--save-costs", saved, "--format", "md"], environment: ["OPENAI_ADMIN_KEY": key])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(!run.stdout.contains(key) && !run.stderr.contains(key))
        #expect(run.stdout.contains("day totals are compared") && run.stdout.contains("Sora 2 video"))
        #expect(server.requests.first?.header("authorization") == "Bearer \(key)")
        let again = try Soracost.run(["reconcile", "--db", db, "--month", "2026-09", "--costs", saved, "--format", "md"])
        #expect(again.status == 1 && again.stdout.contains("saved Costs API export"))
    }
}
