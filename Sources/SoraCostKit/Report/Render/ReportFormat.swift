/// Something that prints a `ReportDocument` as text, the same bytes for the same document.
public protocol ReportRenderer: Sendable {
    func render(_ document: ReportDocument) -> String
}

/// The output formats of `soracost report --format`.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// Aligned columns for a terminal.
    case table
    /// RFC 4180 CSV of the main (first) table.
    case csv
    /// GitHub-flavoured Markdown.
    case md
    /// JSON with `schema_version` `soracost.report/1`.
    case json
    /// One self-contained HTML page: the chart inline, print styles, no external request.
    case html

    /// Parses the value of a `--format` option: one of the raw values, in any letter case,
    /// or `markdown` for `md`.
    public init(parsing text: String) throws(ReportFormatError) {
        let normalized = text.trimmingCharactersWhitespace().lowercased()
        if let format = ReportFormat(rawValue: normalized) {
            self = format
        } else if normalized == "markdown" {
            self = .md
        } else {
            throw ReportFormatError(given: text)
        }
    }

    /// The extension of a file holding this format, without the dot.
    public var fileExtension: String {
        switch self {
        case .table: "txt"
        case .csv: "csv"
        case .md: "md"
        case .json: "json"
        case .html: "html"
        }
    }

    /// The renderer for this format with its default settings.
    public var renderer: any ReportRenderer {
        switch self {
        case .table: TableRenderer()
        case .csv: CSVRenderer()
        case .md: MarkdownRenderer()
        case .json: JSONReportRenderer()
        case .html: HTMLRenderer()
        }
    }

    /// Shorthand for `renderer.render(document)`.
    public func render(_ document: ReportDocument) -> String {
        renderer.render(document)
    }
}

/// A `--format` value that names no format; the message lists the valid ones.
public struct ReportFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    public var given: String

    public var description: String {
        let valid = ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")
        return "unknown report format '\(given)'; valid formats: \(valid)"
    }
}
