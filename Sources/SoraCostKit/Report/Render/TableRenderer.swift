/// Prints a report as aligned plain text for a terminal.
///
/// Numbers align right and text left, columns are two spaces apart and widths are measured in
/// terminal columns (`TerminalText.displayWidth`), so wide CJK names keep the columns straight.
/// Money carries no currency sign: the currency is printed once under the title, and the cells
/// read exactly like the CSV and JSON values (`Money.decimalString`: two decimals when the
/// amount is whole cents, every digit otherwise). In a money column the decimal points line up:
/// shorter fractions are padded with spaces on the right. Lines carry no trailing spaces.
public struct TableRenderer: ReportRenderer {
    public init() {}

    public func render(_ document: ReportDocument) -> String {
        var blocks: [[String]] = []

        let title = TerminalText.sanitized(document.title)
        var head = [title, String(repeating: "=", count: max(1, TerminalText.displayWidth(title)))]
        if let subtitle = document.subtitleLine {
            head.append(TerminalText.sanitized(subtitle))
        }
        head.append("Amounts in \(TerminalText.sanitized(document.currency))")
        blocks.append(head)

        if !document.summary.isEmpty {
            blocks.append(factLines(document.summary))
        }
        for section in document.sections {
            var lines = [TerminalText.sanitized(section.heading)]
            lines += tableLines(section.table)
            if !section.notes.isEmpty {
                lines.append("")
                lines += section.notes.map { "- " + TerminalText.sanitized($0) }
            }
            blocks.append(lines)
        }
        if !document.notes.isEmpty {
            blocks.append(["Notes:"] + document.notes.map { "- " + TerminalText.sanitized($0) })
        }
        var tail: [String] = []
        if let chart = document.chart {
            tail.append("Chart: " + TerminalText.sanitized(chart.path))
        }
        tail += document.metadata.map {
            TerminalText.sanitized($0.label) + ": " + TerminalText.sanitized($0.value.groupedDisplayText)
        }
        if !tail.isEmpty { blocks.append(tail) }

        return blocks.map { $0.joined(separator: "\n") }.joined(separator: "\n\n") + "\n"
    }

    /// Just the table: header, underline, rows and, after a second underline, the total row,
    /// one string with a newline after every line.
    public func render(table: ReportTable) -> String {
        tableLines(table).joined(separator: "\n") + "\n"
    }

    /// The lines of `table`, each without a newline.
    func tableLines(_ table: ReportTable) -> [String] {
        let columns = table.columns
        var bodies = table.rows
        if let total = table.total { bodies.append(total) }
        var texts = bodies.map { row in row.map { TerminalText.sanitized($0.groupedDisplayText) } }

        // Line up the decimal points of money: pad shorter fractions on the right.
        for index in columns.indices {
            let fractions = bodies.map { row -> Int? in
                guard case .money(let money) = row[index] else { return nil }
                return fractionDigits(money.decimalString)
            }
            let longest = fractions.compactMap { $0 }.max() ?? 0
            for (rowIndex, digits) in fractions.enumerated() {
                guard let digits, digits < longest else { continue }
                texts[rowIndex][index] += String(repeating: " ", count: longest - digits)
            }
        }

        let headers = columns.map { TerminalText.sanitized($0.header) }
        let widths = columns.indices.map { index in
            texts.reduce(TerminalText.displayWidth(headers[index])) { max($0, TerminalText.displayWidth($1[index])) }
        }
        let rightAligned = columns.map(\.kind.isNumeric)
        func line(_ cells: [String]) -> String {
            let padded = cells.indices.map { TerminalText.pad(cells[$0], to: widths[$0], alignRight: rightAligned[$0]) }
            return trimmingTrailingSpaces(padded.joined(separator: "  "))
        }
        let rule = widths.map { String(repeating: "-", count: max(1, $0)) }.joined(separator: "  ")

        var lines = [line(headers), rule]
        let rowCount = table.rows.count
        lines += texts.prefix(rowCount).map(line)
        if rowCount == 0 { lines.append("(no rows)") }
        if table.total != nil, let totalTexts = texts.last {
            lines.append(rule)
            lines.append(line(totalTexts))
        }
        return lines
    }

    /// Headline figures as `label  value` lines; numeric values right-aligned to each other.
    func factLines(_ facts: [ReportFact]) -> [String] {
        let labels = facts.map { TerminalText.sanitized($0.label) }
        let values = facts.map { TerminalText.sanitized($0.value.groupedDisplayText) }
        let labelWidth = labels.map(TerminalText.displayWidth).max() ?? 0
        let numberWidth = zip(facts, values).filter { $0.0.value.isNumeric }.map { TerminalText.displayWidth($0.1) }.max() ?? 0
        return facts.indices.map { index in
            let value = facts[index].value.isNumeric
                ? TerminalText.pad(values[index], to: numberWidth, alignRight: true)
                : values[index]
            return trimmingTrailingSpaces(TerminalText.pad(labels[index], to: labelWidth, alignRight: false) + "  " + value)
        }
    }

    func fractionDigits(_ decimal: String) -> Int {
        guard let dot = decimal.firstIndex(of: ".") else { return 0 }
        return decimal.distance(from: decimal.index(after: dot), to: decimal.endIndex)
    }

    func trimmingTrailingSpaces(_ text: String) -> String {
        var view = Substring(text)
        while view.last == " " { view.removeLast() }
        return String(view)
    }
}
