import Foundation
import Testing
@testable import SoraCostKit

@Suite struct UsageReportTests {
    let data: ReportLedger
    let september = ReportPeriod(month: Month(year: 2026, month: 9))

    init() throws {
        data = try ReportLedger()
    }

    /// The daily rows of a month, the weekly rows and the monthly row all sum to the same
    /// measures, to the micro-dollar, and that cost is what pricing each job alone gives.
    @Test func daysOfAMonthSumExactlyToTheMonth() throws {
        try data.seedSeptember()
        let daily = try data.report(.daily, september)
        let weekly = try data.report(.weekly, september)
        let monthly = try data.report(.monthly, september)
        let dailyByKeys = try data.report(.daily, september, by: [.project, .model])

        #expect(daily.rows.count == 30)
        #expect(monthly.rows.count == 1)
        let month = monthly.rows[0].measures
        #expect(UsageQuery.total(daily.rows) == month)
        #expect(UsageQuery.total(weekly.rows) == month)
        #expect(UsageQuery.total(dailyByKeys.rows) == month)
        #expect(daily.total == month)
        // Every measure is exercised, so a measure dropped from the sum would show.
        #expect(month.cost > .zero && month.failed > 0 && month.pending > 0 && month.unpricedJobs > 0)
        #expect(month.completed + month.failed + month.pending == month.jobs)

        var perJob = Money.zero
        try data.ledger.forEachJob { job in
            if case .billed(let charge) = data.pricer.price(job).outcome { perJob += charge.amount }
        }
        #expect(perJob == month.cost)

        // The total row prints exactly the sum of the rows.
        let table = daily.main.table
        let costColumn = try #require(table.columns.firstIndex { $0.key == "cost" })
        let sum = table.rows.reduce(Money.zero) { sum, row in
            guard case .money(let cost) = row[costColumn] else { return sum }
            return sum + cost
        }
        #expect(table.total?[costColumn] == .money(sum))
        #expect(table.total?.last == .percent(ReportRatio(numerator: sum.micros, denominator: sum.micros)))
    }

    @Test func columnsAreTheBucketThenTheKeysThenTheMeasures() throws {
        try data.add("2026-09-02T10:00:00Z", tags: ["campaign": "fall"])
        let weekly = try data.report(.weekly, september, by: [.project, .tag("campaign")])
        #expect(weekly.main.table.columns.map(\.key) == ["week", "project", "tag_campaign", "jobs", "completed", "failed",
                                                         "pending", "seconds", "cost", "unpriced_jobs", "unpriced_seconds", "share"])
        #expect(weekly.main.key == "by_week")
        // 2026-09-02 is a Wednesday: its week is named by Monday 2026-08-31.
        #expect(weekly.main.table.rows.map { $0[0] } == [.date(Day(iso: "2026-08-31")!)])
        #expect(weekly.main.table.rows[0][1...2] == [.text("p"), .text("fall")])
        let daily = try data.report(.daily, september)
        #expect(daily.main.table.columns.first?.key == "date")
        let monthly = try data.report(.monthly, ReportPeriod(days: Day(iso: "2026-08-15")!...Day(iso: "2026-09-30")!))
        #expect(monthly.main.table.columns.first?.key == "month")
        #expect(monthly.main.table.rows.map { $0[0] } == [.month(Month(year: 2026, month: 8)), .month(Month(year: 2026, month: 9))])
    }

    /// Without `--by` every bucket has a row, zero where nothing ran; with keys only what ran.
    @Test func emptyDaysHaveZeroRowsOnlyWithoutKeys() throws {
        try data.add("2026-09-10T10:00:00Z")
        let daily = try data.report(.daily, september)
        #expect(daily.rows.map { $0.bucket! } == Array(september.days))
        #expect(daily.rows.filter { $0.measures.jobs > 0 }.map { $0.bucket?.iso } == ["2026-09-10"])
        let byModel = try data.report(.daily, september, by: [.model])
        #expect(byModel.rows.map { $0.bucket?.iso } == ["2026-09-10"])
    }

    /// 22:30 UTC on 31 August is already 1 September in Paris (UTC+2 in summer).
    @Test func timeZoneMovesAJobAcrossTheDayBoundary() throws {
        try data.add("2026-08-31T22:30:00Z")
        let paris = try #require(ReportZone(identifier: "Europe/Paris"))
        let utc = try data.report(.daily, september)
        let local = try data.report(.daily, september, zone: paris)
        #expect(utc.total.jobs == 0)
        #expect(local.total.jobs == 1)
        #expect(local.rows.first { $0.measures.jobs > 0 }?.bucket?.iso == "2026-09-01")
        #expect(local.total.cost == .usd("0.80"))
        #expect(local.document.subtitle == "Period: 2026-09-01 to 2026-09-30, time zone Europe/Paris")
        let august = try data.report(.daily, ReportPeriod(month: Month(year: 2026, month: 8)))
        #expect(august.rows.last?.bucket?.iso == "2026-08-31")
        #expect(august.rows.last?.measures.jobs == 1)
    }

    /// CSV and JSON read back (with an RFC 4180 parser and JSONSerialization) to the cells of
    /// the table model, and the Markdown table prints the same values.
    @Test func everyFormatParsesBackToTheTableModel() throws {
        try data.seedSeptember()
        let report = try data.report(.daily, september, by: [.project, .model])
        let table = report.main.table
        #expect(table.rows.count > 30)

        let csv = try RFC4180.parse(report.render(.csv))
        #expect(csv.first == table.columns.map(\.key))
        #expect(Array(csv.dropFirst()) == table.rows.map { $0.map { $0.plainText ?? "" } })

        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.render(.json).utf8)) as? [String: Any])
        #expect(json["schema_version"] as? String == "soracost.report/1")
        #expect(json["report"] as? String == "daily")
        #expect(json["group_by"] as? [String] == ["project", "model"])
        #expect((json["period"] as? [String: String]) == ["from": "2026-09-01", "to": "2026-09-30"])
        #expect(json["currency"] as? String == "USD")
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == table.rows.count)
        for (object, cells) in zip(rows, table.rows) {
            for (column, cell) in zip(table.columns, cells) {
                #expect(Self.jsonText(object[column.key]) == cell.plainText, "\(column.key)")
            }
        }
        let total = try #require(json["total"] as? [String: Any])
        #expect(Set(total.keys) == Set(UsageColumns.measures.map(\.key)))
        #expect(total["cost"] as? String == report.total.cost.decimalString)
        #expect((total["jobs"] as? NSNumber)?.intValue == report.total.jobs)
        #expect(total["share"] as? String == "100.0")

        let markdown = report.render(.md)
        let lines = markdown.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("| Date | Project | Model |") })
        let printed = lines[(header + 2)..<(header + 2 + table.rows.count)].map { line in
            line.dropFirst(2).dropLast(2).components(separatedBy: " | ")
        }
        #expect(printed == table.rows.map { $0.map { $0.displayText } })
    }

    static func jsonText(_ value: Any?) -> String? {
        switch value {
        case let text as String: text
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    @Test func hostileKeyValuesComeOutHarmlessInCSVAndMarkdown() throws {
        let hostile = ["=HYPERLINK(\"http://x\",\"y\")", "a|b", "line1\nline2"]
        for (index, value) in hostile.enumerated() {
            try data.add("2026-09-0\(index + 1)T10:00:00Z", tags: ["campaign": value])
        }
        let report = try data.report(.daily, september, by: [.tag("campaign")])
        let records = try RFC4180.parse(report.render(.csv))
        let tags = records.dropFirst().map { $0[1] }
        #expect(tags == ["'=HYPERLINK(\"http://x\",\"y\")", "a|b", "line1\nline2"])

        let markdown = report.render(.md)
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| 2026-09-0") }
        #expect(rows.count == 3)
        // Every row keeps the table's column count: no pipe or line break escaped its cell.
        let pipes = rows.map { row in row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count }
        #expect(pipes == [12, 12, 12])
        #expect(rows[1].contains("a\\|b"))
        #expect(rows[2].contains("line1 line2"))
        #expect(!markdown.contains("\nline2"))
        #expect(rows[0].contains("=HYPERLINK(\"http://x\",\"y\")"))
    }

    /// August 6.80, September 12.20: up 5.40, which is 79.41...% of August, printed 79.4.
    @Test func monthOverMonthChangeIsExact() throws {
        try data.add("2026-08-03T10:00:00Z", model: "sora-2-pro", size: (1792, 1024), seconds: 12, project: "old")
        try data.add("2026-08-04T10:00:00Z", seconds: 8)
        try data.add("2026-09-03T10:00:00Z", model: "sora-2-pro", size: (1792, 1024), seconds: 12)
        try data.add("2026-09-04T10:00:00Z", model: "sora-2-pro", size: (1024, 1792), seconds: 12)
        try data.add("2026-09-05T10:00:00Z", seconds: 4, batch: true)
        let review = try data.report(.monthly, september)
        let facts = Dictionary(uniqueKeysWithValues: review.document.summary.map { ($0.key, $0.value) })
        #expect(facts["total_cost"] == .money(.usd("12.20")))
        #expect(facts["previous_cost"] == .money(.usd("6.80")))
        #expect(facts["change"] == .money(.usd("5.40")))
        #expect(facts["change_percent"] == .percent(ReportRatio(numerator: 5_400_000, denominator: 6_800_000)))
        #expect(facts["change_percent"]?.plainText == "79.4")
        #expect(review.document.notes.first == "Up 5.40 USD (+79.4%) from 2026-08 (6.80 USD).")

        // A project that stopped spending keeps its row, with its whole cost as the change.
        let projects = try #require(review.document.sections.first { $0.key == "by_project" }).table
        #expect(projects.rows.map { $0[0] } == [.text("p"), .text("old")])
        #expect(projects.rows[1][9...10] == [.money(.usd("6.00")), .money(.usd("-6.00"))])
        #expect(projects.total?[9...10] == [.money(.usd("6.80")), .money(.usd("5.40"))])

        let october = try data.report(.monthly, ReportPeriod(month: Month(year: 2026, month: 10)))
        #expect(october.document.notes.first == "Down 12.20 USD (-100.0%) from 2026-09 (12.20 USD).")
    }

    /// A month without jobs is a report that says so, in every format, not an error.
    @Test func aMonthWithNoDataSaysSo() throws {
        try data.seedSeptember()
        let empty = try data.report(.monthly, ReportPeriod(month: Month(year: 2027, month: 1)))
        #expect(empty.total == UsageMeasures())
        #expect(empty.document.notes.contains("No jobs in January 2027: nothing was spent."))
        #expect(empty.document.notes.first == "Nothing was spent in 2026-12 either.")
        for format in ReportFormat.allCases {
            #expect(!empty.render(format).isEmpty)
        }
        #expect(empty.render(.csv) == "month,jobs,completed,failed,pending,seconds,cost,unpriced_jobs,unpriced_seconds,share\r\n"
            + "2027-01,0,0,0,0,0,0.00,0,0,\r\n")
        let daily = try data.report(.daily, ReportPeriod(month: Month(year: 2027, month: 1)), by: [.model])
        #expect(daily.rows.isEmpty)
        #expect(daily.document.sections.map(\.key) == ["by_day"])
        #expect(daily.render(.table).contains("(no rows)"))
        #expect(daily.render(.md).contains("- No jobs in January 2027: nothing was spent."))
    }

    /// Every breakdown of the review sums to the headline figures.
    @Test func reviewSectionsTieOutWithTheTotal() throws {
        try data.seedSeptember()
        let review = try data.report(.monthly, september)
        let total = review.total
        func section(_ key: String) throws -> ReportTable {
            try #require(review.document.sections.first { $0.key == key }).table
        }
        func column(_ table: ReportTable, _ key: String) -> [ReportCell] {
            let index = table.columns.firstIndex { $0.key == key }!
            return table.rows.map { $0[index] }
        }
        func moneySum(_ cells: [ReportCell]) -> Money {
            cells.reduce(Money.zero) { if case .money(let m) = $1 { return $0 + m } else { return $0 } }
        }
        func intSum(_ cells: [ReportCell]) -> Int {
            cells.reduce(0) { if case .integer(let n) = $1 { return $0 + n } else { return $0 } }
        }
        #expect(review.document.sections.map(\.key) == ["comparison", "unit_costs", "movers", "by_project", "by_model_resolution",
                                                        "top_users", "failures", "unpriced", "pending"])
        #expect(moneySum(column(try section("by_project"), "cost")) == total.cost)
        #expect(moneySum(column(try section("by_model_resolution"), "cost")) == total.cost)
        #expect(intSum(column(try section("by_model_resolution"), "unpriced_jobs")) == total.unpricedJobs)

        let users = try section("top_users")
        #expect(users.rows.count == 11)
        #expect(users.rows.last?[1] == .text("3 other users"))
        #expect(moneySum(column(users, "cost")) == total.cost)
        let costs = column(users, "cost").prefix(10).map { cell -> Int64 in
            if case .money(let m) = cell { return m.micros } else { return -1 }
        }
        #expect(costs == costs.sorted(by: >))

        let failures = try section("failures")
        #expect(intSum(column(failures, "jobs")) == total.failed)
        #expect(Set(column(failures, "error_code").compactMap(\.plainText)) == ["moderation_blocked", "internal_error"])
        #expect(intSum(column(try section("unpriced"), "jobs")) == total.unpricedJobs)
        // 1080p has no built-in price; the built-in prices end with the shutdown on 2026-09-24.
        let unpriced = try section("unpriced")
        for row in unpriced.rows {
            #expect((row[0] == .text("unknown_size")) == (row[3] == .text("1080p")))
            #expect(row[0] == .text("unknown_size") || row[0] == .text("no_rate_on_date"))
        }
        #expect(review.document.sections.first { $0.key == "unpriced" }?.notes.prefix(2) == [
            "unknown_size: the model is priced, but not at this size.",
            "no_rate_on_date: the model and size are priced, but no rate is in force on the usage day.",
        ])
        #expect(intSum(column(try section("pending"), "jobs")) == total.pending)

        // With --by, the main table comes first; without, CSV and JSON still carry it.
        let byModel = try data.report(.monthly, september, by: [.model])
        #expect(byModel.document.sections.first?.key == "by_month")
        #expect(review.main.table.rows.count == 1)
    }

    @Test func theChartStacksDailySpendByTheFirstKey() throws {
        try data.seedSeptember()
        let report = try data.report(.daily, september, by: [.project, .model], chart: "charts/spend.svg")
        let chart = try #require(report.chart)
        #expect(chart.days == Array(september.days))
        #expect(chart.series.map(\.name) == ["web", "app", "(none)"].sorted { name, other in
            let cost = { (n: String) in report.rows.filter { ($0.keys[0] ?? "(none)") == n }.reduce(Money.zero) { $0 + $1.measures.cost } }
            return cost(name) > cost(other)
        })
        let charted = chart.series.flatMap(\.amounts.values).reduce(Money.zero, +)
        #expect(charted == report.total.cost)
        #expect(report.document.chart == ReportChartLink(path: "charts/spend.svg", altText: chart.title))
        #expect(report.render(.md).contains("](charts/spend.svg)"))
        #expect(chart.title == "Daily spend by project, 2026-09-01 to 2026-09-30 (UTC)")

        let byModel = try data.report(.monthly, september, chart: "x.svg")
        #expect(byModel.chart?.series.map(\.name) == ["sora-2-pro", "sora-2"])
        #expect(try data.report(.monthly, september).chart == nil)
    }

    /// A period past the as-of day is flagged as to date.
    @Test func aPeriodNotOverYetIsFlagged() throws {
        let report = try data.report(.daily, september, asOf: Day(iso: "2026-09-15")!)
        #expect(report.document.subtitle == "Period: 2026-09-01 to 2026-09-30, time zone UTC, to date (as of 2026-09-15)")
        #expect(report.document.notes.first == "The period runs past 2026-09-15: the figures are to date, not for the whole period.")
        let over = try data.report(.daily, september, asOf: Day(iso: "2026-10-01")!)
        #expect(over.document.subtitle == "Period: 2026-09-01 to 2026-09-30, time zone UTC")
    }

    /// The report queries range-scan the `created_at` index instead of reading the whole table.
    @Test func queriesUseTheCreatedAtIndex() throws {
        let plan = try data.ledger.database.prepare("""
            EXPLAIN QUERY PLAN SELECT error_code, COUNT(*), SUM(seconds) FROM jobs
            WHERE created_at >= 1 AND created_at < 2 AND status = 'failed' GROUP BY error_code
            """).rows { $0.text(3) ?? "" }
        #expect(plan.contains { $0.contains("jobs_by_created") })
        #expect(BillingSQL.instant(.createdAt) == "created_at")
    }

    @Test func failuresAreCountedPerErrorCode() throws {
        try data.add("2026-09-01T10:00:00Z", status: .failed, errorCode: "internal_error")
        try data.add("2026-09-02T10:00:00Z", seconds: 12, status: .failed, errorCode: "moderation_blocked")
        try data.add("2026-09-03T10:00:00Z", seconds: 4, status: .failed, errorCode: "moderation_blocked")
        try data.add("2026-09-04T10:00:00Z", status: .failed)
        try data.add("2026-10-01T00:00:00Z", status: .failed, errorCode: "internal_error")
        let rows = try FailureQuery(days: september.days).run(ledger: data.ledger, options: PricingOptions())
        #expect(rows == [.init(code: "moderation_blocked", jobs: 2, seconds: 16), .init(code: "internal_error", jobs: 1, seconds: 8),
                         .init(code: nil, jobs: 1, seconds: 8)])
        let review = try data.report(.monthly, september)
        #expect(review.document.sections.first { $0.key == "failures" }?.notes
            == ["Failed jobs are not billed: none of them is in the cost."])
        #expect(review.total.cost == .zero)
    }
}
