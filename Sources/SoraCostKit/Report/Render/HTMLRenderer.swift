/// Prints a report as one self-contained HTML page that reads well on screen and on paper.
///
/// Layout follows `MarkdownRenderer`: title, period, currency, headline figures, the chart, each
/// section as a heading with its table (numbers right-aligned, the total row in bold) and notes,
/// the report notes and the metadata. The chart is embedded as inline SVG (`inlineChart`); the
/// styles are in the page and include print rules (A4, no page break inside a table row). The
/// page makes no external request: no script, font, image or stylesheet from elsewhere. All text
/// is HTML-escaped; amounts carry thousands separators.
public struct HTMLRenderer: ReportRenderer {
    public init() {}

    static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#222;margin:2em auto;max-width:1100px;padding:0 1em;line-height:1.4}
        h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc;padding-bottom:.2em}
        .subtitle,.currency{color:#555;margin:.2em 0}
        dl.summary{display:grid;grid-template-columns:max-content max-content;gap:.2em 1.5em}
        dl.summary dt{font-weight:600}dl.summary dd{margin:0;text-align:right;font-variant-numeric:tabular-nums}
        table{border-collapse:collapse;margin:.6em 0;font-size:.9em}
        th,td{border-bottom:1px solid #e2e2e2;padding:.25em .6em;text-align:left;vertical-align:top}
        th{background:#f4f4f4}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.date{white-space:nowrap}
        tr.total td{font-weight:700;border-top:2px solid #999}
        ul.notes{color:#444;font-size:.9em}.empty{color:#777;font-style:italic}
        figure{margin:1em 0}figure svg{max-width:100%;height:auto}
        footer{margin-top:2em;color:#666;font-size:.85em;border-top:1px solid #ccc}
        @media print{@page{size:A4;margin:14mm}body{margin:0;max-width:none;font-size:10pt}
        h2{break-after:avoid}tr{break-inside:avoid}figure{break-inside:avoid}th{background:#eee}}
        """

    public func render(_ document: ReportDocument) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(Self.escaped(document.title))</title>\n<style>\n\(Self.style)\n</style>\n</head>\n<body>\n"
        out += "<h1>\(Self.escaped(document.title))</h1>\n"
        if let subtitle = document.subtitleLine { out += "<p class=\"subtitle\">\(Self.escaped(subtitle))</p>\n" }
        out += "<p class=\"currency\">Amounts in \(Self.escaped(document.currency)).</p>\n"
        if !document.summary.isEmpty {
            out += "<dl class=\"summary\">\n"
            for fact in document.summary {
                out += "<dt>\(Self.escaped(fact.label))</dt><dd>\(Self.escaped(Self.cellText(fact.value)))</dd>\n"
            }
            out += "</dl>\n"
        }
        if let svg = document.inlineChart {
            out += "<figure class=\"chart\">\n\(Self.inlineSVG(svg))</figure>\n"
        }
        for section in document.sections {
            out += "<section id=\"\(section.key)\">\n<h2>\(Self.escaped(section.heading))</h2>\n"
            out += renderTable(section.table)
            out += notes(section.notes)
            out += "</section>\n"
        }
        if !document.notes.isEmpty {
            out += "<section id=\"notes\">\n<h2>Notes</h2>\n" + notes(document.notes) + "</section>\n"
        }
        if !document.metadata.isEmpty {
            out += "<footer>\n<ul>\n"
            for fact in document.metadata {
                out += "<li>\(Self.escaped(fact.label)): \(Self.escaped(Self.cellText(fact.value)))</li>\n"
            }
            out += "</ul>\n</footer>\n"
        }
        return out + "</body>\n</html>\n"
    }

    func renderTable(_ table: ReportTable) -> String {
        func cells(_ row: [ReportCell], tag: String) -> String {
            zip(table.columns, row).map { column, cell in
                let numeric = column.kind.isNumeric ? " class=\"num\"" : column.kind == .date ? " class=\"date\"" : ""
                return "<\(tag)\(numeric)>\(Self.escaped(Self.cellText(cell)))</\(tag)>"
            }.joined()
        }
        var out = "<table>\n<thead><tr>"
        out += table.columns.map { "<th\($0.kind.isNumeric ? " class=\"num\"" : "")>\(Self.escaped($0.header))</th>" }.joined()
        out += "</tr></thead>\n<tbody>\n"
        for row in table.rows { out += "<tr>" + cells(row, tag: "td") + "</tr>\n" }
        if let total = table.total { out += "<tr class=\"total\">" + cells(total, tag: "td") + "</tr>\n" }
        out += "</tbody>\n</table>\n"
        if table.rows.isEmpty, table.total == nil { out += "<p class=\"empty\">No rows.</p>\n" }
        return out
    }

    func notes(_ items: [String]) -> String {
        items.isEmpty ? "" : "<ul class=\"notes\">\n" + items.map { "<li>\(Self.escaped($0))</li>\n" }.joined() + "</ul>\n"
    }

    /// A cell as people read it, with thousands separators on integers and amounts.
    static func cellText(_ cell: ReportCell) -> String {
        cell.groupedDisplayText
    }

    /// The SVG document without its XML declaration, to sit inside the page.
    static func inlineSVG(_ svg: String) -> String {
        guard svg.hasPrefix("<?xml"), let end = svg.firstIndex(of: "\n") else { return svg }
        return String(svg[svg.index(after: end)...])
    }

    /// `&`, `<`, `>`, `"` and `'` as entities; control characters as U+FFFD.
    public static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\t": out += " "
            case _ where TerminalText.needsReplacing(scalar): out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension ReportCell {
    /// `displayText` with thousands separators (`1,234`, `-12,345.60`) on integers and money, as
    /// the table, Markdown and HTML print them; CSV and JSON never group digits.
    public var groupedDisplayText: String {
        switch self {
        case .integer, .money: ReportCell.grouped(displayText)
        default: displayText
        }
    }

    /// `-1234567.891` → `-1,234,567.891`: commas every three digits of the whole part.
    static func grouped(_ text: String) -> String {
        let negative = text.hasPrefix("-")
        let body = negative ? text.dropFirst() : Substring(text)
        let whole = body.prefix { $0 != "." }
        let rest = body.dropFirst(whole.count)
        guard whole.count > 3 else { return text }
        var digits = ""
        for (index, character) in whole.enumerated() {
            if index > 0, (whole.count - index) % 3 == 0 { digits.append(",") }
            digits.append(character)
        }
        return (negative ? "-" : "") + digits + rest
    }
}
