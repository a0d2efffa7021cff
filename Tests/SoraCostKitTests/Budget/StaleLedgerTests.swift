import Foundation
import Testing
@testable import SoraCostKit

/// The stale-ledger rule of `budget check`: a ledger is fed when a job was used, or an import or
/// sync run finished, within the stale age before the cut; else the run is UNKNOWN (exit 3).
@Suite struct StaleLedgerTests {
    let spend: SpendLedger
    /// Midnight UTC starting 2026-10-01: ten and a half days after the newest job (09-20 noon).
    let cut = Day.on("2026-10-01").unixStart
    let newestJob = Day.on("2026-09-20").unixStart + 43_200
    let day: Int64 = 86_400

    init() throws {
        spend = try SpendLedger()
        try spend.addDaily(.on("2026-09-01")...(.on("2026-09-20")))
    }

    func staleSince() throws -> (Int64?, BudgetLevel) {
        let check = BudgetCheck(ledger: spend.ledger,
                                evaluator: BudgetEvaluator(ledger: spend.ledger, pricer: Pricer(card: EffectiveCard())))
        let budget = Budget(name: "m", period: .month, amount: Money(decimal: "100.00")!, currency: "USD",
                            scope: BudgetScope(project: "marketing"), thresholds: BudgetThreshold.defaults)
        let result = try check.record(budgets: [budget], cut: cut, now: cut, staleAfter: 36 * 3600)
        return (result.staleSince, result.level)
    }

    func run(status: String, finishedAt: Int64?) throws {
        let id = try spend.ledger.beginRun(command: "sync", target: "openai", at: (finishedAt ?? cut) - 60)
        try spend.ledger.updateRun(id, counts: ImportCounts(), status: status, finishedAt: finishedAt)
    }

    @Test func oldJobsAndNoImportAreStale() throws {
        let (since, level) = try staleSince()
        #expect(since == newestJob)
        #expect(level == .unknown && level.rawValue == 3)
    }

    @Test func aFreshImportOfOldJobsIsNotStale() throws {
        try run(status: "completed", finishedAt: cut - 3600)
        let (since, level) = try staleSince()
        #expect(since == nil)
        #expect(level == .ok)
    }

    @Test func aFinishedRunWithErrorsCountsButFailedOrRunningOnesDoNot() throws {
        try run(status: "failed", finishedAt: cut - 3600)
        try run(status: "running", finishedAt: nil)
        #expect(try staleSince().0 == newestJob)
        try run(status: "completed with errors", finishedAt: cut - 2 * day)
        // 48 h ago is past the 36 h age: still stale, now since that run.
        #expect(try staleSince().0 == cut - 2 * day)
        try run(status: "completed with errors", finishedAt: cut - day)
        #expect(try staleSince().0 == nil)
    }

    /// Judged as of a past moment, a run that finished after it does not count.
    @Test func aRunAfterTheCutDoesNotCount() throws {
        try run(status: "completed", finishedAt: cut + 3600)
        #expect(try staleSince().0 == newestJob)
    }

    /// ... nor does it hide one that finished before it: the newest run by the cut decides.
    @Test func aRunBeforeTheCutCountsBesideALaterOne() throws {
        try run(status: "completed", finishedAt: cut - 12 * 3600)
        try run(status: "completed", finishedAt: cut + day)
        let (since, level) = try staleSince()
        #expect(since == nil)
        #expect(level == .ok)
    }
}
