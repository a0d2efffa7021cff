import Testing
@testable import SoraCostKit

@Suite struct ReportPeriodTests {
    let today = Day(iso: "2026-09-15")!

    @Test func resolvesTheOptions() throws {
        #expect(try ReportPeriod.resolve(month: Month(iso: "2026-02"), since: nil, until: nil, today: today).days
            == Day(iso: "2026-02-01")!...Day(iso: "2026-02-28")!)
        #expect(try ReportPeriod.resolve(month: nil, since: nil, until: nil, today: today).days
            == Day(iso: "2026-09-01")!...Day(iso: "2026-09-30")!)
        #expect(try ReportPeriod.resolve(month: nil, since: Day(iso: "2026-09-03"), until: Day(iso: "2026-09-03"), today: today).days
            == Day(iso: "2026-09-03")!...Day(iso: "2026-09-03")!)
        #expect(try ReportPeriod.resolve(month: nil, since: Day(iso: "2026-08-20"), until: nil, today: today).days
            == Day(iso: "2026-08-20")!...today)
    }

    @Test(arguments: [
        ("2026-09", "2026-09-01", nil, ReportPeriodError.monthWithRange),
        (nil, nil, "2026-09-01", .untilWithoutSince),
        (nil, "2026-09-02", "2026-09-01", .emptyRange(since: Day(iso: "2026-09-02")!, until: Day(iso: "2026-09-01")!)),
        (nil, "2026-09-16", nil, .emptyRange(since: Day(iso: "2026-09-16")!, until: Day(iso: "2026-09-15")!)),
    ] as [(String?, String?, String?, ReportPeriodError)])
    func rejectsBadBounds(month: String?, since: String?, until: String?, error: ReportPeriodError) {
        #expect(throws: error) {
            try ReportPeriod.resolve(month: month.flatMap { Month(iso: $0) }, since: since.flatMap { Day(iso: $0) },
                                     until: until.flatMap { Day(iso: $0) }, today: today)
        }
    }

    @Test func onlyAWholeCalendarMonthIsAMonth() {
        #expect(ReportPeriod(month: Month(year: 2026, month: 2)).month == Month(year: 2026, month: 2))
        #expect(ReportPeriod(days: Day(iso: "2026-02-01")!...Day(iso: "2026-02-27")!).month == nil)
        #expect(ReportPeriod(days: Day(iso: "2026-02-01")!...Day(iso: "2026-03-31")!).month == nil)
        #expect(ReportPeriod(month: Month(year: 2026, month: 9)).name == "September 2026")
        #expect(ReportPeriod(days: Day(iso: "2026-09-03")!...Day(iso: "2026-09-17")!).name == "2026-09-03 to 2026-09-17")
    }

    @Test func bucketsCoverThePeriod() {
        let period = Day(iso: "2026-09-02")!...Day(iso: "2026-10-06")!
        #expect(ReportCadence.daily.buckets(in: period).count == 35)
        // ISO weeks start on Monday; 2026-09-02 is a Wednesday.
        #expect(ReportCadence.weekly.buckets(in: period).map(\.iso)
            == ["2026-08-31", "2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28", "2026-10-05"])
        #expect(ReportCadence.monthly.buckets(in: period).map(\.iso) == ["2026-09-01", "2026-10-01"])
    }

    @Test func parsesGroupingKeys() throws {
        #expect(try ReportDimension.list(parsing: "project, model,tag:campaign") == [.project, .model, .tag("campaign")])
        #expect(throws: ReportDimensionError.unknown("team")) { try ReportDimension.list(parsing: "model,team") }
        #expect(throws: ReportDimensionError.repeated("model", "model")) { try ReportDimension.list(parsing: "model,MODEL") }
        #expect(throws: ReportDimensionError.repeated("tag:a-b", "tag:a_b")) { try ReportDimension.list(parsing: "tag:a-b,tag:a_b") }
        #expect(throws: ReportDimensionError.unknown("")) { try ReportDimension.list(parsing: "model,") }
        // Any tag key gives a valid snake_case column, accented letters included.
        #expect(ReportDimension.tag("Équipe 1").columnKey == "tag__quipe_1")
        #expect(ReportColumn.isValidKey(ReportDimension.tag("キャンペーン").columnKey))
    }

    @Test func chartLinksAreRelativeToTheReportFolder() {
        #expect(ReportPath.relative("Reports/a.svg", from: "Reports", base: "/repo") == "a.svg")
        #expect(ReportPath.relative("charts/a.svg", from: "/repo/out", base: "/repo") == "../charts/a.svg")
        #expect(ReportPath.relative("/tmp/x/./a.svg", from: "/tmp/x/y/..", base: "/repo") == "a.svg")
        #expect(ReportPath.folder(of: "out/review.md", base: "/repo") == "/repo/out")
        #expect(ReportPath.folder(of: "review.md", base: "/repo") == "/repo")
    }
}
