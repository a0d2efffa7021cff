import Testing
@testable import SoraCostKit

@Suite struct CSVRendererTests {
    @Test func rendersTheMainTableOfTheSampleDocument() {
        #expect(CSVRenderer().render(ReportSamples.small)
            == "model,jobs,cost,share\r\nsora-2,80,320.00,25.9\r\nsora-2-pro,37,914.375,74.1\r\n")
        #expect(CSVRenderer(includeTotal: true).render(table: ReportSamples.small.sections[1].table)
            == "day,cost\r\n2026-09-01,1236.875\r\n2026-09-02,-2.50\r\nTotal,1234.375\r\n")
        #expect(CSVRenderer().render(ReportDocument(title: "empty")) == "")
        #expect(CSVRenderer().render(ReportSamples.small, section: "by_day")?.hasPrefix("day,cost\r\n") == true)
        #expect(CSVRenderer().render(ReportSamples.small, section: "by_user") == nil)
    }

    /// Parsing the output back gives the header keys and every cell's plain value, with text
    /// that looks like a formula prefixed by `'` and nothing else changed.
    @Test func roundTripsThroughAnRFC4180Parser() throws {
        let table = ReportSamples.hostileTable
        let csv = CSVRenderer(includeTotal: true).render(table: table)
        let records = try RFC4180.parse(csv)

        var expected = [table.columns.map(\.key)]
        for row in table.rows + [table.total!] {
            expected.append(row.map { cell in
                if case .text(let text) = cell, let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
                    return "'" + text
                }
                return cell.plainText ?? ""
            })
        }
        #expect(records == expected)
        #expect(records.allSatisfy { $0.count == 4 })
        // Values with a quote, a comma or a line break survived intact.
        #expect(records.contains { $0[0] == "comma, \"quoted\"" })
        #expect(records.contains { $0[0] == "line1\nline2" })
        #expect(records.contains { $0[0] == "a|b" })
    }

    @Test func neutralizesFormulasInTextOnly() throws {
        let records = try RFC4180.parse(CSVRenderer().render(table: ReportSamples.hostileTable))
        let names = records.dropFirst().map { $0[0] }
        #expect(names.contains("'=HYPERLINK(\"http://x\",\"y\")"))
        #expect(names.contains("'+1"))
        #expect(names.contains("'@SUM(A1)"))
        #expect(names.contains("'-2+3"))
        #expect(names.contains("'\tcmd"))
        for name in names {
            #expect(!(name.first.map { "=+-@\t\r".contains($0) } ?? false), "formula left active: \(name)")
        }
        // A negative amount is a number, not text: it keeps its minus sign unprefixed.
        #expect(records.contains { $0[2] == "-1.50" })
        #expect(CSVRenderer.neutralizingFormula("\r1") == "'\r1")
        #expect(CSVRenderer.neutralizingFormula("sora-2") == "sora-2")
    }

    @Test func everyRecordEndsWithCRLF() {
        let csv = CSVRenderer().render(table: ReportSamples.hostileTable)
        #expect(csv.hasSuffix("\r\n"))
        // Outside quoted fields, every LF is preceded by a CR.
        var quoted = false
        var previous: Unicode.Scalar = " "
        for scalar in csv.unicodeScalars {
            if scalar == "\"" { quoted.toggle() }
            if scalar == "\n", !quoted { #expect(previous == "\r") }
            previous = scalar
        }
        #expect(!quoted)
    }

    @Test func quotesOnlyWhenNeeded() {
        #expect(CSVRenderer.quoted("plain text") == "plain text")
        #expect(CSVRenderer.quoted("a,b") == "\"a,b\"")
        #expect(CSVRenderer.quoted("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVRenderer.quoted("cr\rlf") == "\"cr\rlf\"")
        #expect(CSVRenderer.quoted("") == "")
    }
}

/// A strict RFC 4180 reader for the tests: CRLF ends a record, a field is either bare (no
/// quote, comma, CR or LF in it) or wholly quoted with inner quotes doubled.
enum RFC4180 {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ text: String) throws -> [[String]] {
        let scalars = Array(text.unicodeScalars)
        var records: [[String]] = []
        var record: [String] = []
        var index = 0
        guard !scalars.isEmpty else { return [] }
        while index < scalars.count {
            var field = String.UnicodeScalarView()
            if scalars[index] == "\"" {
                index += 1
                while true {
                    guard index < scalars.count else { throw Malformed(description: "unterminated quoted field") }
                    if scalars[index] == "\"" {
                        if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                            field.append("\"")
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    field.append(scalars[index])
                    index += 1
                }
            } else {
                while index < scalars.count, scalars[index] != ",", scalars[index] != "\r" {
                    if scalars[index] == "\"" || scalars[index] == "\n" {
                        throw Malformed(description: "bare quote or LF in an unquoted field at \(index)")
                    }
                    field.append(scalars[index])
                    index += 1
                }
            }
            record.append(String(field))
            guard index < scalars.count else { throw Malformed(description: "last record does not end with CRLF") }
            if scalars[index] == "," {
                index += 1
            } else if scalars[index] == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" {
                records.append(record)
                record = []
                index += 2
            } else {
                throw Malformed(description: "expected a comma or CRLF at \(index)")
            }
        }
        return records
    }
}
