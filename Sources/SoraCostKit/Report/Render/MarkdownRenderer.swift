/// Prints a report as GitHub-flavoured Markdown (https://github.github.com/gfm/).
///
/// Layout: `# title`, the period, the currency, the headline figures as a bullet list, the
/// chart as an image, then each section as `## heading` with a pipe table (numbers aligned
/// right with `---:`, the total row in bold) and its notes, the report notes under `## Notes`,
/// and the metadata after a rule. Money is printed like the CSV and JSON values.
///
/// Every piece of text from the data goes through `escaped(_:)`, so a name such as
/// `<script>`, `a|b`, `*bold*` or one with a line break prints literally and cannot break a table
/// row, start a list or inject HTML.
public struct MarkdownRenderer: ReportRenderer {
    public init() {}

    public func render(_ document: ReportDocument) -> String {
        var blocks: [String] = ["# " + Self.escaped(document.title)]
        if let subtitle = document.subtitleLine {
            blocks.append(Self.escaped(subtitle))
        }
        blocks.append("Amounts in " + Self.escaped(document.currency) + ".")
        if !document.summary.isEmpty {
            blocks.append(document.summary.map { "- **" + Self.escaped($0.label) + ":** " + Self.cellText($0.value) }
                .joined(separator: "\n"))
        }
        if let chart = document.chart {
            blocks.append("![" + Self.escaped(chart.altText) + "](" + Self.percentEncodedPath(chart.path) + ")")
        }
        for section in document.sections {
            blocks.append("## " + Self.escaped(section.heading))
            blocks.append(renderTable(section.table))
            if !section.notes.isEmpty {
                blocks.append(bullets(section.notes))
            }
        }
        if !document.notes.isEmpty {
            blocks.append("## Notes")
            blocks.append(bullets(document.notes))
        }
        if !document.metadata.isEmpty {
            blocks.append("---")
            blocks.append(document.metadata.map { "- " + Self.escaped($0.label) + ": " + Self.cellText($0.value) }
                .joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// One pipe table: header, alignment row, rows, and the total row in bold; no trailing
    /// newline. A table without rows is followed by an italic `No rows.` line.
    public func renderTable(_ table: ReportTable) -> String {
        var lines: [String] = []
        lines.append(row(table.columns.map { Self.escaped($0.header) }))
        lines.append(row(table.columns.map { $0.kind.isNumeric ? "---:" : "---" }))
        for cells in table.rows {
            lines.append(row(cells.map(Self.cellText)))
        }
        if let total = table.total {
            lines.append(row(total.map { cell in
                let text = Self.cellText(cell)
                return text.isEmpty ? "" : "**" + text + "**"
            }))
        }
        if table.rows.isEmpty, table.total == nil {
            lines.append("")
            lines.append("_No rows._")
        }
        return lines.joined(separator: "\n")
    }

    func row(_ cells: [String]) -> String {
        "| " + cells.joined(separator: " | ") + " |"
    }

    func bullets(_ items: [String]) -> String {
        items.map { "- " + Self.escaped($0) }.joined(separator: "\n")
    }

    /// A cell as Markdown: text escaped; numbers, money, percentages and dates as they are,
    /// since their characters (digits, `.`, a leading `-`, `%`) mean nothing inside a table cell.
    static func cellText(_ cell: ReportCell) -> String {
        if case .text(let text) = cell { return escaped(text) }
        return cell.groupedDisplayText
    }

    /// `text` as literal Markdown inline content on one line.
    ///
    /// - Line breaks and tabs become spaces, other control characters U+FFFD.
    /// - `\`, `` ` ``, `*`, `_`, `[`, `]`, `|`, `~`, `$`, `@` get a backslash (GFM lets any ASCII
    ///   punctuation be escaped; `$` starts math and `@` a mention on GitHub, `|` ends a table
    ///   cell).
    /// - `&`, `<`, `>` become entities, so no HTML tag or entity survives.
    /// - At the start, `#`, `-`, `+`, `=` and the `.` or `)` after leading digits get a
    ///   backslash, so the text cannot open a heading or a list where it begins a line.
    public static func escaped(_ text: String) -> String {
        var out = ""
        var atStart = true
        var leadingDigits = true
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r", "\n", "\t":
                out += " "
            case "\\", "`", "*", "_", "[", "]", "|", "~", "$", "@":
                out += "\\"
                out.unicodeScalars.append(scalar)
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case _ where atStart && (scalar == "#" || scalar == "-" || scalar == "+" || scalar == "="):
                out += "\\"
                out.unicodeScalars.append(scalar)
            case _ where leadingDigits && !atStart && (scalar == "." || scalar == ")"):
                out += "\\"
                out.unicodeScalars.append(scalar)
            case _ where TerminalText.needsReplacing(scalar):
                out += "\u{FFFD}"
            default:
                out.unicodeScalars.append(scalar)
            }
            leadingDigits = leadingDigits && ("0"..."9").contains(scalar)
            atStart = false
        }
        return out
    }

    /// A link destination: ASCII letters, digits and `-._~/` kept, every other byte of the
    /// UTF-8 form written `%XX`, so spaces, parentheses and angle brackets cannot end the link.
    static func percentEncodedPath(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}
