import Foundation
import Testing
@testable import SoraCostKit

/// The review's comparison period, movers, unit costs and never-completed jobs, on a small ledger.
@Suite struct MonthlyReviewComparisonTests {
    let data: ReportLedger
    let march = ReportPeriod(month: Month(year: 2026, month: 3))

    init() throws {
        data = try ReportLedger()
        // $0.80 each (8 s of sora-2 720p at $0.10).
        try data.add("2026-02-05T10:00:00Z", project: "a")
        try data.add("2026-02-27T10:00:00Z", project: "b")
        try data.add("2026-03-03T10:00:00Z", project: "a")
        try data.add("2026-03-03T11:00:00Z", project: "a")
        try data.add("2026-03-30T10:00:00Z", project: "b", user: "v@example.com")
    }

    func table(_ report: UsageReport, _ key: String) throws -> ReportTable {
        try #require(report.document.sections.first { $0.key == key }).table
    }

    @Test func aMonthInProgressIsComparedWithTheSameDays() throws {
        let review = try data.report(.monthly, march, asOf: Day(year: 2026, month: 3, day: 10))
        let comparison = try table(review, "comparison")
        #expect(comparison.rows.count == 3)
        #expect(comparison.rows.map { $0[6] } == [.money(Money(decimal: "1.60")!), .money(Money(decimal: "0.80")!),
                                                  .money(Money(decimal: "1.60")!)])
        #expect(comparison.rows[1][1] == .date(Day(year: 2026, month: 2, day: 1)))
        #expect(comparison.rows[1][2] == .date(Day(year: 2026, month: 2, day: 10)))
        #expect(comparison.rows[2][0] == .text("Whole previous month (2026-02), for reference"))
        let facts = Dictionary(uniqueKeysWithValues: review.document.summary.map { ($0.key, $0.value) })
        #expect(facts["previous_cost"] == .money(Money(decimal: "0.80")!))
        #expect(facts["change"] == .money(Money(decimal: "0.80")!))
        #expect(facts["previous_month_cost"] == .money(Money(decimal: "1.60")!))
        #expect(review.document.notes.contains("Up 0.80 USD (+100.0%) from the same days of 2026-02 (0.80 USD)."))

        // Movers against the same days: project a up 0.80; b did not spend in either window.
        let movers = try table(review, "movers")
        #expect(movers.rows.first == [.text("project"), .text("a"), .money(Money(decimal: "1.60")!),
                                      .money(Money(decimal: "0.80")!), .money(Money(decimal: "0.80")!),
                                      .percent(Money(decimal: "0.80")!, of: Money(decimal: "0.80")!)])
        #expect(!movers.rows.contains { $0[1] == .text("b") })
    }

    @Test func theSameDaysStopAtTheEndOfAShorterMonth() throws {
        let review = try data.report(.monthly, march, asOf: Day(year: 2026, month: 3, day: 30))
        let comparison = try table(review, "comparison")
        #expect(comparison.rows[1][2] == .date(Day(year: 2026, month: 2, day: 28)))
        #expect(comparison.rows[0][6] == .money(Money(decimal: "2.40")!))
        #expect(comparison.rows[1][6] == .money(Money(decimal: "1.60")!))

        let closed = try data.report(.monthly, march, asOf: Day(year: 2026, month: 3, day: 31))
        #expect(try table(closed, "comparison").rows.count == 2)
        #expect(closed.document.notes.first == "Up 0.80 USD (+50.0%) from 2026-02 (1.60 USD).")
    }

    @Test func unitCostsAreCostOverCompletedAndOverBilledSeconds() throws {
        try data.add("2026-03-04T10:00:00Z", seconds: 4, status: .failed, project: "a")
        let review = try data.report(.monthly, march, asOf: Day(year: 2026, month: 3, day: 31))
        let units = try table(review, "unit_costs")
        let overall = units.rows[0]
        #expect(overall[2] == .integer(3) && overall[3] == .integer(24) && overall[4] == .money(Money(decimal: "2.40")!))
        #expect(overall[5] == .money(Money(decimal: "0.80")!))
        #expect(overall[6] == .money(Money(decimal: "0.10")!))
        #expect(MonthlyReview.costPerVideo(UsageMeasures()) == nil)
        var thirds = UsageMeasures()
        thirds.cost = Money(decimal: "1.00")!
        thirds.completed = 4
        thirds.billedCompleted = 3
        thirds.seconds = 7
        #expect(MonthlyReview.costPerVideo(thirds) == Money(decimal: "0.333333"))
        #expect(MonthlyReview.costPerSecond(thirds) == Money(decimal: "0.142857"))
    }

    @Test func pendingJobsOfARetiredModelNeverComplete() throws {
        try data.add("2026-03-05T10:00:00Z", status: .queued, project: "a")
        try data.add("2026-03-06T10:00:00Z", model: "sora-2-pro", size: (1792, 1024), status: .inProgress, project: "a")
        let retired = Day(year: 2026, month: 3, day: 20)
        let review = try UsageReport.build(
            UsageReportRequest(cadence: .monthly, period: march, asOf: Day(year: 2026, month: 3, day: 31)),
            ledger: data.ledger, pricer: data.pricer, stopDay: { _, model in model == "sora-2" ? retired : nil })
        let pending = try table(review, "pending")
        #expect(pending.rows.contains { $0[0] == .text("never completed") && $0[2] == .text("sora-2") })
        #expect(pending.rows.contains { $0[0] == .text("in_progress") && $0[2] == .text("sora-2-pro") })
        let facts = Dictionary(uniqueKeysWithValues: review.document.summary.map { ($0.key, $0.value) })
        #expect(facts["never_completed"] == .integer(1))
    }
}
