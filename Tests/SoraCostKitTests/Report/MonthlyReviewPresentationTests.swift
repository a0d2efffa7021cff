import Foundation
import Testing
@testable import SoraCostKit

/// The review's presentation rules: `--round cents`, thousands separators, the HTML page and the
/// chart's `others` series.
@Suite struct MonthlyReviewPresentationTests {
    func usd(_ text: String) -> Money { Money(decimal: text)! }

    @Test func largestRemainderKeepsRowsSummingToTheRoundedTotal() {
        let thirds = [usd("0.333333"), usd("0.333333"), usd("0.333334")]
        let rounded = ReportRounding.apportioned(thirds, total: usd("1.00"))
        #expect(rounded == [usd("0.33"), usd("0.33"), usd("0.34")])
        #expect(rounded.reduce(Money.zero, +) == usd("1.00"))

        // Independent rounding would give 0.01 + 0.01 + 0.01 = 0.03 for a total of 0.02.
        let small = [usd("0.006"), usd("0.006"), usd("0.006")]
        let apportioned = ReportRounding.apportioned(small, total: usd("0.018"))
        #expect(apportioned.reduce(Money.zero, +) == usd("0.02"))

        // Negative amounts (credits, changes) floor toward minus infinity and still add up.
        let changes = [usd("-1.234567"), usd("2.345678"), usd("-0.005")]
        let total = changes.reduce(Money.zero, +)
        #expect(ReportRounding.apportioned(changes, total: total).reduce(Money.zero, +) == ReportRounding.rounded(total))

        var table = ReportTable(columns: [ReportColumn(key: "name", header: "Name", kind: .text),
                                          ReportColumn(key: "cost", header: "Cost", kind: .money)])
        for amount in thirds { table.append([.text("x"), .money(amount)]) }
        table.setTotal([.text("Total"), .money(usd("1.00"))])
        let cents = ReportRounding.cents.apply(to: table)
        #expect(cents.rows.map { $0[1] } == [.money(usd("0.33")), .money(usd("0.33")), .money(usd("0.34"))])
    }

    @Test func thousandsSeparatorsOnlyWherePeopleRead() {
        #expect(ReportCell.money(usd("1234567.5")).groupedDisplayText == "1,234,567.50")
        #expect(ReportCell.money(usd("-1234.00")).groupedDisplayText == "-1,234.00")
        #expect(ReportCell.money(usd("999.99")).groupedDisplayText == "999.99")
        #expect(ReportCell.integer(12345).groupedDisplayText == "12,345")
        #expect(ReportCell.money(usd("1234.00")).plainText == "1234.00")

        let document = ReportDocument(title: "T", sections: [ReportSection(key: "s", heading: "S", table: ReportTable(
            columns: [ReportColumn(key: "cost", header: "Cost", kind: .money)], rows: [[.money(usd("4251.00"))]]))])
        #expect(MarkdownRenderer().render(document).contains("| 4,251.00 |"))
        #expect(TableRenderer().render(document).contains("4,251.00"))
        #expect(HTMLRenderer().render(document).contains(">4,251.00<"))
        #expect(CSVRenderer().render(document).contains("4251.00"))
        #expect(JSONReportRenderer().render(document).contains("\"4251.00\""))
    }

    @Test func theHTMLPageEscapesTextAndEmbedsTheChart() {
        var document = ReportDocument(title: "<script>alert(1)</script>", notes: ["a & b"])
        document.inlineChart = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\n"
        let html = HTMLRenderer().render(document)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<script"))
        #expect(html.contains("<figure class=\"chart\">\n<svg xmlns="))
        #expect(!html.contains("<?xml"))
        #expect(html.contains("<li>a &amp; b</li>"))
        #expect(ReportFormat(rawValue: "html")?.fileExtension == "html")
    }

    @Test func seriesPastTheTenthAreOthersAndNoColourRepeats() {
        let day = Day(year: 2026, month: 9, day: 1)
        let series = (1...14).map { SVGChart.Series(name: "s\($0)", amounts: [day: Money(micros: Int64($0) * 1_000_000)]) }
        let chart = SVGChart(title: "t", days: [day], series: series)
        #expect(chart.series.count == 11)
        #expect(chart.series.last?.name == "others (4 series)")
        #expect(chart.series.last?.amounts[day] == Money(micros: (11 + 12 + 13 + 14) * 1_000_000))
        #expect(Set(SVGChart.palette).count == SVGChart.palette.count)
        #expect(SVGChart.palette.count >= chart.series.count)
        let svg = chart.render()
        let fills = svg.components(separatedBy: "class=\"swatch\"").dropFirst().compactMap { part in
            part.range(of: "fill=\"").map { String(part[$0.upperBound...].prefix(7)) }
        }
        #expect(fills.count == 11 && Set(fills).count == 11)
    }
}
