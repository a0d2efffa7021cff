import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import SoraCostKit

@Suite struct SVGChartTests {
    let days = Array(Day(year: 2026, month: 9, day: 1)...Day(year: 2026, month: 9, day: 30))

    /// Three series over September: sora-2 every day but the 10th, sora-2-pro on even days, a
    /// hostile-named one on every fifth day, and one credit.
    var chart: SVGChart {
        var plain: [Day: Money] = [:]
        var pro: [Day: Money] = [:]
        var hostile: [Day: Money] = [:]
        for (index, day) in days.enumerated() {
            plain[day] = Money(micros: index == 9 ? 0 : Int64(index % 7 + 1) * 2_500_000)
            if index % 2 == 0 { pro[day] = Money(micros: Int64(index + 1) * 1_000_000) }
            if index % 5 == 0 { hostile[day] = Money(micros: 125_000) }
        }
        hostile[days[3]] = Money(micros: -4_000_000)
        return SVGChart(title: "Daily spend <b>& \"co\"</b>", days: days, series: [
            .init(name: "sora-2", amounts: plain),
            .init(name: "sora-2-pro", amounts: pro),
            .init(name: "<script>alert('x')</script> & \u{1}", amounts: hostile),
        ])
    }

    @Test func isWellFormedXMLWithOneRectPerSegment() throws {
        let chart = chart
        let svg = chart.render()
        let collector = ElementCollector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")

        let segments = chart.series.reduce(0) { count, one in
            count + days.filter { (one.amounts[$0]?.micros ?? 0) != 0 }.count
        }
        #expect(segments == 29 + 15 + 7)
        #expect(collector.rects.filter { $0["class"] == "seg" }.count == segments)
        #expect(collector.rects.filter { $0["class"] == "swatch" }.count == 3)
        #expect(collector.root?["viewBox"] == "0 0 900 360")
        // The hostile name reaches the reader as text, exactly, in a tooltip and the legend.
        #expect(collector.texts.contains { $0.contains("<script>alert('x')</script> & \u{FFFD}") })
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("<b>"))
    }

    @Test func tooltipsNameDaySeriesAndExactAmount() {
        let svg = chart.render()
        #expect(svg.contains("<title>2026-09-01 · sora-2: 2.50 USD (day total 3.625 USD)</title>"))
        #expect(svg.contains("<title>2026-09-04 · &lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; \u{FFFD}: -4.00 USD"))
        #expect(!svg.contains("2026-09-10 · sora-2:"))
        #expect(svg == chart.render())
    }

    @Test func axisTicksAreRoundNumbers() {
        let axis = chart.axis()
        // Highest day: 2026-09-27 (index 26) = 2.50 * 6 + 27.00 = 42.00; lowest: -4.00 on
        // 2026-09-04. A range of 46 over five ticks wants at least 9.20 a step: 10.00.
        #expect(axis.step == 10_000_000)
        #expect(axis.maximum == 50_000_000)
        #expect(axis.minimum == -10_000_000)
        let svg = chart.render()
        for label in ["-10.00", "0.00", "10.00", "20.00", "30.00", "40.00", "50.00"] {
            #expect(svg.contains(">\(label)</text>"), "missing tick \(label)")
        }
        #expect(SVGChart.niceStep(atLeast: 1) == 1)
        #expect(SVGChart.niceStep(atLeast: 3) == 5)
        #expect(SVGChart.niceStep(atLeast: 6_300_001) == 10_000_000)
        #expect(SVGChart.niceStep(atLeast: 1_500_000) == 2_000_000)
    }

    @Test func labelsEveryWeekAndPrintsExactCoordinates() {
        #expect(SVGChart.labelInterval(dayCount: 7) == 1)
        #expect(SVGChart.labelInterval(dayCount: 31) == 7)
        #expect(SVGChart.labelInterval(dayCount: 365) == 42)
        let svg = chart.render()
        let labels = ["2026-09-01", "2026-09-08", "2026-09-15", "2026-09-22", "2026-09-29"]
        for label in labels { #expect(svg.contains(">\(label)</text>")) }
        #expect(!svg.contains(">2026-09-02</text>"))
        #expect(SVGChart.px(12_345) == "123.45")
        #expect(SVGChart.px(12_340) == "123.4")
        #expect(SVGChart.px(12_300) == "123")
        #expect(SVGChart.px(1_205) == "12.05")
        #expect(SVGChart.px(-5) == "-0.05")
    }

    @Test func emptyAndZeroChartsStillRender() throws {
        for chart in [
            SVGChart(title: "Nothing", days: [], series: []),
            SVGChart(title: "Zero", days: days, series: [.init(name: "sora-2", amounts: [days[0]: .zero])]),
        ] {
            let svg = chart.render()
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse())
            #expect(!svg.contains("class=\"seg\""))
            #expect(svg.contains(">1.00</text>"))
        }
    }

    @Test func manySeriesWrapTheLegendAndGrowTheImage() throws {
        let series = (0..<14).map { SVGChart.Series(name: "project-with-a-long-name-\($0)", amounts: [days[0]: Money(micros: 1_000_000)]) }
        let svg = SVGChart(title: "Many", days: days, series: series).render()
        let collector = ElementCollector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        #expect(parser.parse())
        let height = try #require(collector.root?["height"].flatMap { Int($0) })
        #expect(height > 360)
        // Series past the tenth are one `others` series with a color of its own: none repeats.
        let fills = collector.rects.filter { $0["class"] == "seg" }.map { $0["fill"] }
        #expect(fills.count == 11)
        #expect(Set(fills).count == 11)
    }

    @Test func escapesEveryMarkupCharacter() {
        #expect(SVGChart.escaped("<a href='x'>&\"</a>") == "&lt;a href=&apos;x&apos;&gt;&amp;&quot;&lt;/a&gt;")
        #expect(SVGChart.escaped("bell\u{7}\u{FFFE}") == "bell\u{FFFD}\u{FFFD}")
    }
}

/// Collects the attributes of the root and of every `rect`, and all character data.
final class ElementCollector: NSObject, XMLParserDelegate {
    var root: [String: String]?
    var rects: [[String: String]] = []
    var texts: [String] = []
    private var current = ""

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        if root == nil { root = attributeDict }
        if elementName == "rect" { rects.append(attributeDict) }
        current = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        current += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if !current.isEmpty { texts.append(current) }
        current = ""
    }
}
