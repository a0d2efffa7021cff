import Foundation
import Testing
@testable import SoraCostKit

/// One scan for every budget scope gives each scope the very history its own scan gives.
@Suite struct SpendHistoryScopesTests {
    let directory: TemporaryDirectory
    let jobs: JobLedger
    let pricer = Pricer(card: EffectiveCard())

    init() throws {
        directory = try TemporaryDirectory()
        jobs = try JobLedger(path: directory.file("ledger.sqlite"))
        let start = Day(iso: "2026-06-01")!
        let models = ["sora-2", "SORA-2", "sora-2-pro", "sora-2-2025-12-08", "sora-2-pro-2025-10-06", "sora-9"]
        let providers = ["openai", "OpenAI", "azure"]
        for n in 0..<240 {
            let day = start.advanced(by: n % 60)
            try jobs.record { id in
                Job(provider: providers[n % 3], videoID: id, account: n % 4 == 0 ? "east" : nil, model: models[n % 6],
                    status: n % 7 == 0 ? .failed : .completed, seconds: 4 + 4 * (n % 3), width: 1280, height: 720,
                    createdAt: day.unixStart + 3_600, completedAt: day.unixStart + 3_700,
                    project: n % 5 == 0 ? nil : ["marketing", "studio"][n % 2], user: n % 3 == 0 ? "ana" : "bo",
                    tags: n % 2 == 0 ? ["team": n % 4 == 0 ? "brand" : "vfx"] : [:], isBatch: n % 11 == 0)
            }
        }
    }

    static let scopes: [JobFilter?] = [
        nil, JobFilter(), JobFilter(project: "marketing"), JobFilter(project: "studio", tags: ["team": "vfx"]),
        JobFilter(model: "sora-2"), JobFilter(model: "Sora-2-PRO"), JobFilter(model: "sora-2-2025-12-08"),
        JobFilter(provider: "OPENAI"), JobFilter(provider: "azure", account: "east"), JobFilter(user: "ana"),
        JobFilter(tags: ["team": "brand"]), JobFilter(project: "nobody"), JobFilter(model: "sora-9"),
    ]

    @Test(arguments: ["2026-06-20", "2026-07-31", "2026-05-01"])
    func eachScopeGetsTheHistoryOfItsOwnScan(asOf: String) throws {
        let day = Day(iso: asOf)!
        let cut = ReportZone.utc.start(of: day.advanced(by: 1)) - 1
        let together = SpendHistory.load(ledger: jobs.ledger, pricer: pricer, through: cut, scopes: Self.scopes)
        #expect(together.count == Self.scopes.count)
        for (scope, result) in zip(Self.scopes, together) {
            let combined = try result.get()
            let alone = try SpendHistory.load(ledger: jobs.ledger, pricer: pricer, asOf: day, filter: scope?.jobFilter)
            #expect(combined.components == alone.components, "\(scope?.summary ?? "nil")")
            #expect(combined.currency == alone.currency)
            #expect(combined.unpricedJobs == alone.unpricedJobs && combined.unpricedSeconds == alone.unpricedSeconds)
            #expect(combined.start == alone.start && combined.lastDataDay == alone.lastDataDay)
            #expect(combined.dataInstant == alone.dataInstant && combined.unpricedJobsByDay == alone.unpricedJobsByDay)
        }
    }

    @Test func budgetEvaluationsMatchOneByOne() throws {
        let evaluator = BudgetEvaluator(ledger: jobs.ledger, pricer: pricer)
        let budgets = Self.scopes.enumerated().map { n, scope in
            Budget(name: "b\(n)", period: .month, amount: Money(micros: 5_000_000), currency: "USD", scope: scope ?? JobFilter())
        }
        let day = Day(iso: "2026-07-15")!
        let together = evaluator.evaluate(budgets, cut: ReportZone.utc.start(of: day.advanced(by: 1)) - 1)
        for (budget, evaluation) in zip(budgets, together) {
            let alone = evaluator.evaluate(budget, asOf: day)
            #expect(evaluation.spend == alone.spend && evaluation.reached == alone.reached, "\(budget.name)")
            #expect(evaluation.notes == alone.notes && evaluation.failure == alone.failure && evaluation.unpricedJobs == alone.unpricedJobs)
        }
    }
}
