import Testing
@testable import SoraCostKit

/// The unpriced columns beside every cost of the review agree with its unpriced section.
@Suite struct MonthlyReviewUnpricedTests {
    let data: ReportLedger
    let march = ReportPeriod(month: Month(year: 2026, month: 3))
    let asOf = Day(year: 2026, month: 3, day: 31)

    /// One priced sora-2 job ($0.80), two of a model without a rate (8 s and 4 s unpriced) and
    /// an extension still in progress, with no recorded segment, 20 s stitched.
    init() throws {
        data = try ReportLedger()
        try data.add("2026-03-02T10:00:00Z", project: "a")
        try data.add("2026-03-03T10:00:00Z", model: "sora-3", project: "a")
        try data.add("2026-03-04T10:00:00Z", model: "sora-3", seconds: 4, project: "b", user: "v@example.com")
        try data.add("2026-03-05T10:00:00Z", seconds: 20, status: .inProgress, project: "b", kind: .extension)
    }

    func table(_ report: UsageReport, _ key: String) throws -> ReportTable {
        try #require(report.document.sections.first { $0.key == key }).table
    }

    func column(_ table: ReportTable, _ key: String) throws -> Int {
        try #require(table.columns.firstIndex { $0.key == key })
    }

    /// The total of `unpriced_seconds_max` in each spend table, and `seconds_max` of the unpriced
    /// section's total.
    func maxima(_ review: UsageReport) throws -> (tables: [ReportCell?], section: ReportCell?) {
        let tables = try ["by_project", "by_model_resolution", "top_users"].map { key in
            let table = try table(review, key)
            return table.total?[try column(table, "unpriced_seconds_max")]
        }
        let unpriced = try table(review, "unpriced")
        return (tables, unpriced.total?[try column(unpriced, "seconds_max")])
    }

    @Test func aPendingExtensionAddsNoUnpricedSeconds() throws {
        let review = try data.report(.monthly, march, by: [.project], asOf: asOf)
        let (tables, section) = try maxima(review)
        #expect(section == .integer(12))
        #expect(tables == [.integer(12), .integer(12), .integer(12)])
        // Project b's row: the 4 s sora-3 job, not the pending extension's 20 s.
        let projects = try table(review, "by_project")
        let b = try #require(projects.rows.first { $0[0] == .text("b") })
        #expect(b[try column(projects, "unpriced_seconds_max")] == .integer(4))
    }

    /// Only the completed sora-2 extension without a segment could bill its stitched length: not
    /// the failed one (failed jobs are not billed), the one with a segment (billed), nor the
    /// per-generation one (billed one unit).
    @Test func onlyExtensionsUnpricedForWantOfASegmentAddTheirStitchedLength() throws {
        try data.add("2026-03-06T10:00:00Z", seconds: 12, project: "a", kind: .extension)
        try data.add("2026-03-07T10:00:00Z", seconds: 16, status: .failed, project: "a", kind: .extension)
        try data.add("2026-03-08T10:00:00Z", seconds: 24, project: "a", kind: .extension, segmentSeconds: 4)
        try data.add("2026-03-09T10:00:00Z", seconds: 28, provider: "gate", project: "a", kind: .extension)
        let card = try RateCard.parse(text: """
            {"version": 1, "entries": [{"provider": "gate", "model": "sora-2", "unit": "generation", "rate": "0.16"}]}
            """, sourceName: "gate.json")
        let review = try data.report(.monthly, march, by: [.project], asOf: asOf,
                                     pricer: Pricer(card: EffectiveCard(user: card)))
        let (tables, section) = try maxima(review)
        #expect(section == .integer(12 + 12))
        #expect(tables == [.integer(24), .integer(24), .integer(24)])
    }
}

extension MonthlyReviewUnpricedTests {
    /// A unit cost divides the cost by the priced videos and seconds only: an unpriced video is
    /// not a free one, and a row with nothing priced has no unit cost.
    @Test func unitCostsLeaveUnpricedJobsOut() throws {
        let review = try data.report(.monthly, march, by: [.project], asOf: asOf)
        let section = try #require(review.document.sections.first { $0.key == "unit_costs" })
        var rows: [String: [ReportCell]] = [:]
        for row in section.table.rows {
            if case .text(let name) = row[1] { rows[name] = Array(row[2...]) }
        }
        let eighty = ReportCell.money(Money(decimal: "0.80")!), tenth = ReportCell.money(Money(decimal: "0.10")!)
        // Completed, billed s, cost, per video, per second, unpriced jobs.
        #expect(rows["all jobs"] == [.integer(3), .integer(8), eighty, eighty, tenth, .integer(2)])
        #expect(rows["a"] == [.integer(2), .integer(8), eighty, eighty, tenth, .integer(1)])
        #expect(rows["b"] == [.integer(1), .integer(0), .money(.zero), .null, .null, .integer(1)])
        #expect(rows["sora-3 720p"] == [.integer(2), .integer(0), .money(.zero), .null, .null, .integer(2)])
        #expect(section.notes == ["Per video = cost ÷ completed jobs that have a price; per second = cost ÷ billed seconds; "
            + "each rounded half-to-even to the micro-dollar (0.000001), blank when the divisor is 0. 2 unpriced jobs are "
            + "left out of both unit costs: they are in neither the cost nor the divisors."])
    }
}
