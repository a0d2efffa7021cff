import Foundation
import Testing
@testable import SoraCostKit

@Suite struct JSONReportRendererTests {
    @Test func foundationReadsTheSameValues() throws {
        let document = ReportSamples.small
        let text = JSONReportRenderer().render(document)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])

        #expect(object["schema_version"] as? String == "soracost.report/1")
        #expect(object["title"] as? String == document.title)
        #expect(object["currency"] as? String == "USD")
        #expect(object["subtitle"] is NSNull)
        let period = try #require(object["period"] as? [String: Any])
        #expect(period["from"] as? String == "2026-09-01")
        #expect(period["to"] as? String == "2026-09-30")
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["total_cost"] as? String == Money(micros: 1_234_375_000).decimalString)
        #expect(summary["jobs"] as? Int == 117)
        let generated = try #require(object["generated_with"] as? [String: Any])
        #expect(generated["tool"] as? String == "soracost 0.1.0")
        #expect((object["notes"] as? [String]) == ["3 jobs have no price yet."])
        let chart = try #require(object["chart"] as? [String: Any])
        #expect(chart["path"] as? String == "chart.svg")

        let sections = try #require(object["sections"] as? [[String: Any]])
        #expect(sections.map { $0["key"] as? String } == ["by_model", "by_day"])
        for (section, model) in zip(sections, document.sections) {
            let rows = try #require(section["rows"] as? [[String: Any]])
            #expect(rows.count == model.table.rows.count)
            for (row, cells) in zip(rows, model.table.rows) {
                try Self.expectRow(row, equals: cells, columns: model.table.columns)
            }
            let total = try #require(section["total"] as? [String: Any])
            try Self.expectRow(total, equals: try #require(model.table.total), columns: model.table.columns)
            let columns = try #require(section["columns"] as? [[String: String]])
            #expect(columns.map { $0["kind"] } == model.table.columns.map(\.kind.rawValue))
        }
    }

    /// Each member equals the cell: an Int for integers, the exact decimal string for money.
    static func expectRow(_ row: [String: Any], equals cells: [ReportCell], columns: [ReportColumn]) throws {
        #expect(row.count == columns.count)
        for (column, cell) in zip(columns, cells) {
            let value = row[column.key]
            switch cell {
            case .integer(let number):
                #expect(value as? Int == number)
                #expect(!(value is String))
            case .money(let money):
                #expect(value as? String == money.decimalString)
            case .null:
                #expect(value is NSNull)
            default:
                #expect(value as? String == cell.plainText)
            }
        }
    }

    @Test func keepsTheModelOrderAndIndentsByTwoSpaces() throws {
        let text = JSONReportRenderer().render(ReportSamples.small)
        #expect(text.hasSuffix("}\n"))
        #expect(text.hasPrefix("{\n  \"schema_version\": \"soracost.report/1\",\n  \"title\": "))
        let parsed = try JSONValue.parse(text)
        guard case .object(let members) = parsed else { Issue.record("not an object"); return }
        #expect(members.map(\.0) == [
            "schema_version", "title", "subtitle", "period", "currency", "generated_with", "summary",
            "sections", "notes", "chart",
        ])
        guard case .array(let sections) = parsed["sections"], case .array(let rows) = sections[0]["rows"],
              case .object(let first) = rows[0]
        else { Issue.record("no rows"); return }
        #expect(first.map(\.0) == ["model", "jobs", "cost", "share"])
        #expect(first[2].1 == .string("320.00"))
        #expect(first[1].1 == .number("80"))
        #expect(text == JSONReportRenderer().render(ReportSamples.small))
    }

    @Test func prettyTextFormat() {
        let value = JSONValue.object([
            ("b", .array([.number("1"), .string("x\"y")])),
            ("a", .object([])),
            ("c", .array([])),
            ("d", .object([("e", .null), ("f", .bool(true))])),
        ])
        #expect(value.prettyText == """
            {
              "b": [
                1,
                "x\\"y"
              ],
              "a": {},
              "c": [],
              "d": {
                "e": null,
                "f": true
              }
            }

            """)
        #expect(JSONValue.string("é\n").prettyText == "\"é\\n\"\n")
    }

    @Test func hostileTextIsEscapedAndNullCellsAreNull() throws {
        let text = JSONReportRenderer().render(ReportSamples.hostileDocument)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let sections = try #require(object["sections"] as? [[String: Any]])
        let rows = try #require(sections.first?["rows"] as? [[String: Any]])
        let names = rows.map { $0["project"] as? String }
        #expect(names.prefix(ReportSamples.hostile.count).elementsEqual(ReportSamples.hostile.map(Optional.some)))
        #expect(rows.last?["cost"] is NSNull)
        // A percentage of nothing has no value.
        #expect(rows[rows.count - 2]["share"] is NSNull)
        #expect(JSONReportRenderer.value(of: .percent(1, of: 8)) == .string("12.5"))
        #expect(JSONReportRenderer.totalObject(of: ReportSamples.hostileTable)?["cost"] == .string("81.00"))
        #expect(JSONReportRenderer.rowObjects(of: ReportSamples.hostileTable).count == ReportSamples.hostileTable.rows.count)
    }
}
