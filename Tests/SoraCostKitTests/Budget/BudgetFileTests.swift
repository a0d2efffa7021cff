import Foundation
import Testing
@testable import SoraCostKit

@Suite struct BudgetFileTests {
    /// A file with one budget whose members are `members` (JSON text without braces).
    func file(_ members: String) -> String {
        #"{"version": 1, "budgets": [{"name": "ok", "period": "month", "amount": "10"}, {"name": "team", \#(members)}]}"#
    }

    func issues(_ text: String) -> [String] {
        do {
            _ = try BudgetFile.parse(text: text, sourceName: "budgets.json")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func readsTheSampleOrganizationsFile() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/budgets.json").path
        let budgets = try BudgetFile.load(path: path).budgets
        #expect(budgets.map(\.name) == ["marketing-monthly", "studio-monthly", "support-bot-weekly", "sora-2-pro-monthly",
                                        "brand-team-daily", "org-quarterly"])
        let marketing = budgets[0]
        #expect(marketing.period == .month && marketing.amount == Money(decimal: "300.00") && marketing.currency == "USD")
        #expect(marketing.scope == BudgetScope(project: "marketing"))
        #expect(marketing.thresholds == [BudgetThreshold(percent: 80), BudgetThreshold(percent: 100),
                                         BudgetThreshold(percent: 100, basis: .forecast)])
        #expect(budgets[1].thresholds == BudgetThreshold.defaults)
        #expect(budgets[4].scope == BudgetScope(project: "marketing", tags: ["team": "brand"]))
        #expect(budgets[5].scope.isEmpty && budgets[5].period == .quarter)
    }

    @Test(arguments: [
        (#"{"version": 1, "budgets": [{"name": "a",}]}"#, #"budgets.json:1:41: invalid JSON: expected a member name in quotes"#),
        ("{\n  \"version\": 1,\n  \"budgets\": [\n    {\"name\" \"a\"}\n  ]\n}", "budgets.json:4:13: invalid JSON: expected ':' after a member name"),
        (#"{"budgets": []}"#, "budgets.json: version: missing"),
        (#"{"version": 2, "budgets": []}"#, "budgets.json: version: unsupported version 2"),
        (#"{"version": 1, "budget": []}"#, "budgets.json: budget: unknown member"),
    ])
    func fileLevelProblemsNameThePosition(text: String, expected: String) {
        let found = issues(text)
        #expect(found.contains { $0.hasPrefix(expected) }, "\(found)")
    }

    @Test(arguments: [
        (#""period": "fortnight", "amount": "5""#,
         #"budgets.json: budgets[1] "team": period: unknown period "fortnight"; use day, week, month or quarter"#),
        (#""period": "week", "amount": "-5.00""#, #"budgets.json: budgets[1] "team": amount: must not be negative (-5.00)"#),
        (#""period": "week", "amount": "0""#, #"budgets.json: budgets[1] "team": amount: must be more than zero"#),
        (#""period": "week", "amount": "1,000""#, #"budgets[1] "team": amount: "1,000" is not a plain decimal"#),
        (#""period": "week", "amount": "5", "thresholds": [{"percent": 0}]"#,
         #"budgets[1] "team": thresholds[0].percent: 0 is not a whole percent from 1 to 1000"#),
        (#""period": "week", "amount": "5", "thresholds": [{"percent": 80}, {"percent": 12.5}]"#,
         #"budgets[1] "team": thresholds[1].percent: 12.5 is not a whole percent"#),
        (#""period": "week", "amount": "5", "thresholds": [{"percent": "80"}]"#,
         #"thresholds[0].percent: must be a number such as 80, not a string"#),
        (#""period": "week", "amount": "5", "thresholds": [{"percent": 80, "basis": "guess"}]"#,
         #"thresholds[0].basis: unknown basis "guess"; use "actual" or "forecast""#),
        (#""period": "week", "amount": "5", "thresholds": [{"percent": 80}, {"percent": 80, "basis": "actual"}]"#,
         #"thresholds[1]: 80% actual is listed twice"#),
        (#""period": "week", "amount": "5", "thresholds": []"#, #"thresholds: is empty"#),
        (#""period": "week", "amount": "5", "scope": {"team": "brand"}"#,
         #"budgets[1] "team": scope.team: unknown scope key "team"; use provider, account, project, model, user, tag:KEY"#),
        (#""period": "week", "amount": "5", "scope": {"project": 7}"#, #"scope.project: must be a string, not a number"#),
        (#""period": "week", "amount": "5", "currency": "usd""#, #"currency: "usd" is not an ISO 4217 code"#),
        (#""period": "week", "amount": "5", "limit": 3"#, #"budgets[1] "team": limit: unknown member"#),
        (#""period": "week""#, #"budgets[1] "team": amount: missing"#),
    ])
    func budgetProblemsNameTheBudgetAndField(members: String, expected: String) {
        let found = issues(file(members))
        #expect(found.count == 1, "\(found)")
        #expect(found.contains { $0.contains(expected) }, "\(found)")
    }

    @Test func everyProblemIsReportedInOnePass() {
        let text = #"""
            {"version": 1, "budgets": [
              {"name": "a", "period": "year", "amount": "-1"},
              {"period": "day", "amount": "1"},
              {"name": "a", "period": "day", "amount": "1"},
              {"name": "b", "period": "day", "amount": "1", "scope": {"tag:": "x"}}
            ]}
            """#
        let found = issues(text)
        #expect(found == [
            #"budgets.json: budgets[0] "a": period: unknown period "year"; use day, week, month or quarter"#,
            #"budgets.json: budgets[0] "a": amount: must not be negative (-1)"#,
            #"budgets.json: budgets[1]: name: missing; give every budget a unique name"#,
            #"budgets.json: budgets[3] "b": scope.tag:: unknown scope key "tag:"; use provider, account, project, model, user, tag:KEY"#,
        ])
    }

    @Test func duplicateNamesAreRefused() {
        let found = issues(#"{"version": 1, "budgets": [{"name": "a", "period": "day", "amount": "1"}, {"name": "a", "period": "week", "amount": "2"}]}"#)
        #expect(found == [#"budgets.json: budgets[1] "a": name: budgets[0] already has this name; names must be unique (alert state is kept per name)"#])
    }

    @Test func aMissingFileIsReportedWithItsPath() {
        #expect(throws: BudgetFileError.self) { try BudgetFile.load(path: "/nonexistent/budgets.json") }
        do {
            _ = try BudgetFile.load(path: "/nonexistent/budgets.json")
        } catch {
            #expect(error.issues.first?.description.hasPrefix("/nonexistent/budgets.json: cannot read the budgets file") == true)
        }
    }

    @Test func thePathComesFromTheOptionThenTheEnvironment() {
        #expect(BudgetFile.resolvePath(explicit: "a.json", environment: ["SORACOST_BUDGETS": "b.json"]) == "a.json")
        #expect(BudgetFile.resolvePath(explicit: nil, environment: ["SORACOST_BUDGETS": "b.json"]) == "b.json")
        #expect(BudgetFile.resolvePath(explicit: nil, environment: ["SORACOST_BUDGETS": ""]) == nil)
    }

    @Test func thresholdsCompareExactly() {
        let amount = Money(decimal: "300.00")!
        let eighty = BudgetThreshold(percent: 80)
        #expect(eighty.isReached(by: Money(decimal: "240.00")!, of: amount))
        #expect(!eighty.isReached(by: Money(decimal: "239.999999")!, of: amount))
        #expect(BudgetThreshold(percent: 1000).isReached(by: Money(micros: .max / 2), of: Money(micros: .max / 20)))
        #expect(eighty.level == .warning && BudgetThreshold(percent: 100, basis: .forecast).level == .critical)
    }

    @Test(arguments: [
        (BudgetPeriod.day, "2026-09-14", "2026-09-14", "2026-09-14", "2026-09-14"),
        (.week, "2026-09-14", "2026-W38", "2026-09-14", "2026-09-20"),
        (.week, "2026-01-01", "2026-W01", "2025-12-29", "2026-01-04"),
        (.week, "2027-01-01", "2026-W53", "2026-12-28", "2027-01-03"),
        (.month, "2026-02-14", "2026-02", "2026-02-01", "2026-02-28"),
        (.quarter, "2026-09-30", "2026-Q3", "2026-07-01", "2026-09-30"),
        (.quarter, "2026-10-01", "2026-Q4", "2026-10-01", "2026-12-31"),
    ])
    func periodsHaveLabelsAndDays(period: BudgetPeriod, day: String, label: String, first: String, last: String) {
        let interval = period.interval(containing: .on(day))
        #expect(interval.label == label)
        #expect(interval.days == Day.on(first)...Day.on(last))
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(String(repeating: "a", count: 1000)).count == 64)
    }
}
