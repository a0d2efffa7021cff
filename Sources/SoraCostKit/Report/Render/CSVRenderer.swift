/// Prints one report table as CSV (RFC 4180, https://www.rfc-editor.org/rfc/rfc4180).
///
/// - One header row of the columns' snake_case keys, then one record per row.
/// - Records end with CRLF, the last one too, as RFC 4180 specifies; no byte order mark.
/// - A field is quoted when it holds a comma, a double quote, CR or LF; quotes inside are
///   doubled.
/// - Values are plain: money is `Money.decimalString` (`8.00`, `0.125`, `-1.50`) with no sign or
///   thousands separator, a percentage is its one-decimal number without `%`, dates are ISO 8601,
///   `.null` and a percentage of zero are empty fields.
/// - Text cells that a spreadsheet would run as a formula (first character `=`, `+`, `-`, `@`,
///   tab or CR) get a leading `'`, as the OWASP guidance on CSV injection advises
///   (https://owasp.org/www-community/attacks/CSV_Injection). Number, money, percent and date
///   cells are never changed, so `-1.50` stays a number.
/// - The total row is left out unless `includeTotal` is set: a CSV is usually loaded into a
///   spreadsheet or database that sums by itself, and a total row there would count twice.
public struct CSVRenderer: ReportRenderer {
    public var includeTotal: Bool

    public init(includeTotal: Bool = false) {
        self.includeTotal = includeTotal
    }

    /// The table of the document's first section, its main table; only the header-less empty
    /// string when the document has no section.
    public func render(_ document: ReportDocument) -> String {
        guard let main = document.sections.first else { return "" }
        return render(table: main.table)
    }

    /// The table of the section whose key is `key`; nil when the document has no such section.
    public func render(_ document: ReportDocument, section key: String) -> String? {
        document.sections.first { $0.key == key }.map { render(table: $0.table) }
    }

    public func render(table: ReportTable) -> String {
        var out = ""
        writeRecord(table.columns.map(\.key), to: &out)
        for row in table.rows {
            writeRecord(row.map(Self.field), to: &out)
        }
        if includeTotal, let total = table.total {
            writeRecord(total.map(Self.field), to: &out)
        }
        return out
    }

    /// The unquoted text of one field: the plain value, neutralized if it is text.
    static func field(_ cell: ReportCell) -> String {
        guard case .text(let text) = cell else { return cell.plainText ?? "" }
        return neutralizingFormula(text)
    }

    /// `text` with a `'` in front if a spreadsheet would take it for a formula.
    public static func neutralizingFormula(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        switch first {
        case "=", "+", "-", "@", "\t", "\r": return "'" + text
        default: return text
        }
    }

    /// `field` as RFC 4180 spells it: in double quotes, inner quotes doubled, when it holds a
    /// comma, a quote, CR or LF; as is otherwise.
    public static func quoted(_ field: String) -> String {
        let needsQuotes = field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return field }
        var out = "\""
        for scalar in field.unicodeScalars {
            if scalar == "\"" { out += "\"\"" } else { out.unicodeScalars.append(scalar) }
        }
        return out + "\""
    }

    func writeRecord(_ fields: [String], to out: inout String) {
        out += fields.map(Self.quoted).joined(separator: ",")
        out += "\r\n"
    }
}
