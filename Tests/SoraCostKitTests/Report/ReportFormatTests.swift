import Testing
@testable import SoraCostKit

@Suite struct ReportFormatTests {
    @Test(arguments: [
        ("table", ReportFormat.table), ("csv", .csv), ("md", .md), ("json", .json),
        ("JSON", .json), (" csv ", .csv), ("markdown", .md),
    ])
    func parsesOptionValues(text: String, expected: ReportFormat) throws {
        #expect(try ReportFormat(parsing: text) == expected)
    }

    @Test func unknownFormatListsValidOnes() {
        #expect(throws: ReportFormatError(given: "xml")) { try ReportFormat(parsing: "xml") }
        #expect(ReportFormatError(given: "xml").description
            == "unknown report format 'xml'; valid formats: table, csv, md, json, html")
        #expect(throws: ReportFormatError.self) { try ReportFormat(parsing: "") }
    }

    @Test func dispatchesToTheRenderers() {
        let document = ReportSamples.small
        #expect(ReportFormat.table.render(document) == TableRenderer().render(document))
        #expect(ReportFormat.csv.render(document) == CSVRenderer().render(document))
        #expect(ReportFormat.md.render(document) == MarkdownRenderer().render(document))
        #expect(ReportFormat.json.render(document) == JSONReportRenderer().render(document))
        #expect(ReportFormat.allCases.map(\.fileExtension) == ["txt", "csv", "md", "json", "html"])
    }
}
