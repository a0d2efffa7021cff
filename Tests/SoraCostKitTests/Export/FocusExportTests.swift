import Foundation
@testable import SoraCostKit
import Testing

@Suite struct FocusExportTests {
    let september = Month(year: 2026, month: 9)

    /// Exports the seeded September to files and returns the main file, the companion (nil if
    /// none was written) and the summary.
    func export(_ ledger: ReportLedger, aggregation: FocusAggregation = .job, version: FocusVersion = .v1_2,
                includeUnpriced: Bool = false) throws -> (String, String?, FocusExportSummary) {
        let folder = try TemporaryDirectory()
        let main = try ExportSink(path: folder.file("focus.csv"))
        let companion = try ExportSink(path: folder.file("focus.csv.unpriced.csv"))
        let summary = try FocusExporter(pricer: ledger.pricer).export(
            FocusExportRequest(days: september.days, aggregation: aggregation, version: version,
                               includeUnpriced: includeUnpriced),
            ledger: ledger.ledger, to: main, companion: includeUnpriced ? nil : companion)
        try main.finish()
        try companion.finish()
        let unpriced = try String(contentsOfFile: folder.file("focus.csv.unpriced.csv"), encoding: .utf8)
        return (try String(contentsOfFile: folder.file("focus.csv"), encoding: .utf8),
                summary.companionRows > 0 ? unpriced : nil, summary)
    }

    @Test func perJobExportConformsAndSumsToTheMonthlyReport() throws {
        let ledger = try ReportLedger()
        try ledger.seedSeptember()
        let (csv, unpriced, summary) = try export(ledger)
        let focus = FocusValidator(csv: csv)
        #expect(focus.problems() == [])
        #expect(focus.header.prefix(21).allSatisfy { !$0.hasPrefix("x_") })
        let report = try ledger.report(.monthly, ReportPeriod(month: september))
        // The seeded month has unpriced 1080p jobs: they are left out of both totals.
        #expect(report.total.unpricedJobs > 0)
        #expect(summary.unpricedJobs == report.total.unpricedJobs)
        #expect(focus.sum("BilledCost") == report.total.cost)
        #expect(summary.billed == ["USD": report.total.cost])
        #expect(focus.rows.count == summary.rows)
        #expect(focus.rows.allSatisfy { $0["x_UnpricedReason"] == "" })
        // Unpriced jobs are in the companion with empty costs, never 0.
        let companion = FocusValidator(csv: try #require(unpriced))
        #expect(companion.rows.count == report.total.unpricedJobs)
        #expect(companion.rows.allSatisfy { $0["BilledCost"] == "" && $0["ListCost"] == "" && $0["x_UnpricedReason"] != "" })
        #expect(companion.header == focus.header)
    }

    @Test func includedUnpricedRowsAreFlaggedByTheValidator() throws {
        let ledger = try ReportLedger()
        try ledger.seedSeptember()
        let (csv, unpriced, summary) = try export(ledger, includeUnpriced: true)
        #expect(unpriced == nil)
        let focus = FocusValidator(csv: csv)
        #expect(focus.rows.count == summary.pricedJobs + summary.unpricedJobs)
        #expect(focus.problems().contains { $0.hasSuffix("BilledCost is null") })
        #expect(focus.sum("BilledCost") == summary.billed["USD"])
    }

    @Test func dayRowsConformAndSumExactlyToTheJobRows() throws {
        let ledger = try ReportLedger()
        try ledger.seedSeptember()
        let (jobs, _, _) = try export(ledger)
        let (days, _, summary) = try export(ledger, aggregation: .day, version: .v1_3)
        let focus = FocusValidator(csv: days)
        #expect(focus.problems() == [])
        #expect(focus.header.contains("ServiceProviderName") && focus.header.contains("HostProviderName"))
        #expect(focus.rows.count <= FocusValidator(csv: jobs).rows.count)
        #expect(focus.sum("BilledCost") == FocusValidator(csv: jobs).sum("BilledCost"))
        #expect(focus.sum("ListCost") == FocusValidator(csv: jobs).sum("ListCost"))
        #expect(focus.rows.map { Int($0["x_JobCount"]!)! }.reduce(0, +) == summary.pricedJobs)
        #expect(focus.rows.allSatisfy { $0["ChargePeriodStart"]!.hasSuffix("T00:00:00Z") })
    }

    @Test func jobsOfOneDayAndPriceShareOneDayRow() throws {
        let ledger = try ReportLedger()
        try ledger.add("2026-09-03T01:00:00Z", seconds: 8)
        try ledger.add("2026-09-03T23:59:59Z", seconds: 4)
        try ledger.add("2026-09-03T12:00:00Z", seconds: 12, project: "other")
        try ledger.add("2026-09-04T00:00:00Z", seconds: 4)
        let (csv, _, _) = try export(ledger, aggregation: .day)
        let rows = FocusValidator(csv: csv).rows
        #expect(rows.map { $0["x_JobCount"] } == ["1", "2", "1"])
        #expect(rows.map { $0["SubAccountId"] } == ["other", "p", "p"])
        #expect(rows.map { $0["PricingQuantity"] } == ["12", "12", "4"])
        #expect(rows.map { $0["BilledCost"] } == ["1.2", "1.2", "0.4"])
        #expect(rows.map { $0["ChargePeriodStart"] } == ["2026-09-03T00:00:00Z", "2026-09-03T00:00:00Z", "2026-09-04T00:00:00Z"])
        #expect(rows.allSatisfy { $0["Tags"] == "" && $0["x_VideoId"] == nil })
    }

    @Test func listCostIsTheBuiltInPriceAndBilledCostTheCard() throws {
        let ledger = try ReportLedger()
        try ledger.add("2026-09-03T10:00:00Z", seconds: 8)
        try ledger.add("2026-09-03T11:00:00Z", seconds: 4, batch: true)
        let card = try RateCard.parse(text: """
            {"version": 1, "entries": [{"provider": "openai", "model": "sora-2", "sizes": ["1280x720"], "unit": "second", "rate": "0.10",
             "source": "contract", "discount_percent": 20, "batch_discount_percent": 50}]}
            """, sourceName: "company.json")
        let pricer = Pricer(card: EffectiveCard(user: card))
        let folder = try TemporaryDirectory()
        let sink = try ExportSink(path: folder.file("f.csv"))
        _ = try FocusExporter(pricer: pricer).export(FocusExportRequest(days: september.days, billingAccountID: "org-123"),
                                                     ledger: ledger.ledger, to: sink)
        try sink.finish()
        let focus = FocusValidator(csv: try String(contentsOfFile: folder.file("f.csv"), encoding: .utf8))
        #expect(focus.problems() == [])
        let rows = focus.rows
        #expect(rows.map { $0["ListCost"] } == ["0.8", "0.2"])  // built-in: batch is half price
        #expect(rows.map { $0["BilledCost"] } == ["0.64", "0.16"])
        #expect(rows.map { $0["ContractedUnitPrice"] } == ["0.08", "0.04"])
        #expect(rows.map { $0["EffectiveCost"] } == rows.map { $0["BilledCost"] })
        #expect(rows.map { $0["SkuPriceId"] } == ["sora-2:1280x720:standard", "sora-2:1280x720:batch"])
        #expect(rows.allSatisfy { $0["BillingAccountId"] == "org-123" && $0["ChargeClass"] == "" })
        #expect(rows[0]["ChargePeriodStart"] == "2026-09-03T00:00:00Z" && rows[0]["ChargePeriodEnd"] == "2026-09-04T00:00:00Z")
        #expect(rows[0]["BillingPeriodEnd"] == "2026-10-01T00:00:00Z")
    }

    @Test func jobsExportStreamsEveryFieldAsCSVAndJSONLines() throws {
        let ledger = try ReportLedger()
        try ledger.add("2026-09-03T10:00:00Z", seconds: 8, tags: ["team": "ads"])
        try ledger.add("2026-09-04T10:00:00Z", size: (1920, 1080), seconds: 4, project: nil)
        try ledger.add("2026-10-01T10:00:00Z", status: .queued)
        let folder = try TemporaryDirectory()
        let exporter = JobsExporter(pricer: ledger.pricer)
        let csvSink = try ExportSink(path: folder.file("jobs.csv"))
        #expect(try exporter.export(days: september.days, format: .csv, ledger: ledger.ledger, to: csvSink) == 2)
        try csvSink.finish()
        let records = CSVText.records(try String(contentsOfFile: folder.file("jobs.csv"), encoding: .utf8))
        #expect(records[0] == JobsExporter.fields)
        let first = Dictionary(uniqueKeysWithValues: zip(records[0], records[1]))
        #expect(first["cost"] == "0.80" && first["price_outcome"] == "billed" && first["tags"] == "{\"team\":\"ads\"}")
        #expect(first["created_at"] == "2026-09-03T10:00:00Z")
        let second = Dictionary(uniqueKeysWithValues: zip(records[0], records[2]))
        #expect(second["cost"] == "" && second["unpriced_reason"] == "unknown_size" && second["project"] == "")

        let jsonSink = try ExportSink(path: folder.file("jobs.jsonl"))
        #expect(try exporter.export(days: nil, format: .jsonl, ledger: ledger.ledger, to: jsonSink) == 3)
        try jsonSink.finish()
        let lines = try String(contentsOfFile: folder.file("jobs.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        let objects = try lines.map { try JSONValue.parse(String($0)) }
        #expect(objects[0]["cost"] == .string("0.80") && objects[0]["seconds"] == .number("8"))
        #expect(objects[1]["cost"] == .null && objects[1]["project"] == .null)
        #expect(objects[2]["price_outcome"] == .string("pending") && objects[2]["is_batch"] == .bool(false))
    }

    @Test func moneyParsesProviderFloatsToMicros() {
        #expect(Money.rounding(decimal: "0.06") == Money(micros: 60_000))
        #expect(Money.rounding(decimal: "0.060000000000000005") == Money(micros: 60_000))
        #expect(Money.rounding(decimal: "1.2e-05") == Money(micros: 12))
        #expect(Money.rounding(decimal: "2.5E2") == Money(micros: 250_000_000))
        #expect(Money.rounding(decimal: "0.0000005") == Money(micros: 0))
        #expect(Money.rounding(decimal: "0.0000015") == Money(micros: 2))
        #expect(Money.rounding(decimal: "-3") == Money(micros: -3_000_000))
        #expect(Money.rounding(decimal: "abc") == nil)
        #expect(Money(micros: 500_000).plainDecimal == "0.5" && Money(micros: 12_000_000).plainDecimal == "12")
    }

    /// The direct spelling agrees with the decimal string trimmed, on edge values.
    @Test(arguments: [0, 1, 10, 100_000, 120_000, 500_000, 1_000_000, 12_000_000, 1_000_001, 123_456_789, -1,
                      -500_000, -1_500_000, -10_000_000, Int64.max, Int64.min + 1])
    func plainDecimalIsTheDecimalStringWithoutTrailingZeros(micros: Int64) {
        var text = Money(micros: micros).decimalString
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        #expect(Money(micros: micros).plainDecimal == text)
    }

    @Test func everyHeaderColumnHasAValue() {
        #expect(Set(FocusColumns.all).count == FocusColumns.all.count)
        for version in FocusVersion.allCases {
            for aggregation in FocusAggregation.allCases {
                #expect(FocusColumns.positions(version, aggregation).map { FocusColumns.all[$0] }
                    == FocusColumns.header(version, aggregation))
            }
        }
    }

    @Test func exportCSVQuotesAsTheCSVRendererDoes() {
        let fields: [String?] = ["plain", nil, "", "a,b", "say \"hi\"", "line\nbreak", "cr\rx", "café, 日本 \"q\"", "🐈"]
        let expected = fields.map { CSVRenderer.quoted($0 ?? "") }.joined(separator: ",") + "\r\n"
        #expect(ExportCSV.record(fields) == expected)
    }
}
