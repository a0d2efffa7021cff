/// Prints a report as JSON, schema `soracost.report/1` (documented in docs/README-formats.md).
///
/// Integers are JSON numbers; every other quantity is a decimal string so no consumer meets a
/// binary float: money is `Money.decimalString` (`"8.00"`, `"0.125"`) in the document's
/// `currency`, a percentage its one-decimal value (`"12.5"`), a date ISO 8601. Members keep
/// the order of the model (columns in table order), indented by two spaces, so the same
/// document always gives the same bytes.
public struct JSONReportRenderer: ReportRenderer {
    /// The `schema_version` written first in every report; bumped on any incompatible change.
    public static let schemaVersion = "soracost.report/1"

    public init() {}

    public func render(_ document: ReportDocument) -> String {
        Self.value(of: document).prettyText
    }

    /// The document as a JSON value, for callers that add members before printing it with
    /// `prettyText`.
    public static func value(of document: ReportDocument) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("schema_version", .string(schemaVersion)),
            ("title", .string(document.title)),
            ("subtitle", document.subtitle.map(JSONValue.string) ?? .null),
        ]
        if let period = document.period {
            members.append(("period", .object([
                ("from", .string(period.lowerBound.iso)),
                ("to", .string(period.upperBound.iso)),
            ])))
        } else {
            members.append(("period", .null))
        }
        members.append(("currency", .string(document.currency)))
        members.append(("generated_with", object(of: document.metadata)))
        members.append(("summary", object(of: document.summary)))
        members.append(("sections", .array(document.sections.map(value(of:)))))
        members.append(("notes", .array(document.notes.map(JSONValue.string))))
        if let chart = document.chart {
            members.append(("chart", .object([("path", .string(chart.path)), ("alt", .string(chart.altText))])))
        } else {
            members.append(("chart", .null))
        }
        return .object(members)
    }

    /// One section: `key`, `heading`, `columns`, `rows`, `total` (null when absent), `notes`.
    public static func value(of section: ReportSection) -> JSONValue {
        let table = section.table
        return .object([
            ("key", .string(section.key)),
            ("heading", .string(section.heading)),
            ("columns", .array(table.columns.map { column in
                .object([
                    ("key", .string(column.key)),
                    ("label", .string(column.header)),
                    ("kind", .string(column.kind.rawValue)),
                ])
            })),
            ("rows", .array(rowObjects(of: table))),
            ("total", totalObject(of: table) ?? .null),
            ("notes", .array(section.notes.map(JSONValue.string))),
        ])
    }

    /// The rows of `table` as objects keyed by column key, in column order.
    public static func rowObjects(of table: ReportTable) -> [JSONValue] {
        table.rows.map { row(table.columns, $0) }
    }

    /// The total row of `table` as an object keyed by column key, or nil without one.
    public static func totalObject(of table: ReportTable) -> JSONValue? {
        table.total.map { row(table.columns, $0) }
    }

    static func row(_ columns: [ReportColumn], _ cells: [ReportCell]) -> JSONValue {
        .object(zip(columns, cells).map { ($0.key, value(of: $1)) })
    }

    static func object(of facts: [ReportFact]) -> JSONValue {
        .object(facts.map { ($0.key, value(of: $0.value)) })
    }

    /// One cell: `null`, a number for an integer, a string for everything else.
    public static func value(of cell: ReportCell) -> JSONValue {
        switch cell {
        case .null: .null
        case .integer(let value): .number(String(value))
        case .text, .money, .percent, .date, .month: cell.plainText.map(JSONValue.string) ?? .null
        }
    }
}
