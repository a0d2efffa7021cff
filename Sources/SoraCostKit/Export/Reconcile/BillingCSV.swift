import Foundation

/// A billing CSV (from an invoice or a gateway): a header row naming `date`, `project` and
/// `amount`, optionally `currency` (default USD) and `line_item`, in any order and case; then
/// one amount per row. `date` is `YYYY-MM-DD` (or a full ISO 8601 UTC time); an empty project
/// means none.
public enum BillingCSV {
    public static func read(path: String) throws(BilledSourceError) -> [BilledLine] {
        let data = try BilledSourceError.contents(of: path, noun: "billing CSV")
        return try parse(String(decoding: data, as: UTF8.self), source: path)
    }

    public static func parse(_ text: String, source: String) throws(BilledSourceError) -> [BilledLine] {
        var splitter = CSVRecordSplitter()
        var columns: [String: Int]?
        var lines: [BilledLine] = []
        var lineNumber = 0
        var recordLine = 1
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let bytes = Array(raw.utf8)
            let record = bytes.withUnsafeBytes { splitter.feed($0) }
            guard let cells = record else { continue }
            defer { recordLine = lineNumber + 1 }
            if cells.count == 1, cells[0].trimmingCharactersWhitespace().isEmpty { continue }
            let location = "\(source):\(recordLine)"
            guard let index = columns else {
                var found: [String: Int] = [:]
                for (position, name) in cells.enumerated() {
                    var key = name.trimmingCharactersWhitespace().lowercased().replacingOccurrences(of: " ", with: "_")
                    if position == 0, key.hasPrefix("\u{FEFF}") { key.removeFirst() }
                    found[key] = position
                }
                for required in ["date", "project", "amount"] where found[required] == nil {
                    throw BilledSourceError(location: "\(location):1", message: "the header has no \(required) column (need date, project, amount[, currency, line_item])")
                }
                columns = found
                continue
            }
            func cell(_ name: String) -> String? {
                guard let position = index[name], position < cells.count else { return nil }
                let value = cells[position].trimmingCharactersWhitespace()
                return value.isEmpty ? nil : value
            }
            func column(_ name: String) -> Int { (index[name] ?? 0) + 1 }
            guard let dateText = cell("date"),
                  let day = Day(iso: dateText.prefix(10)), dateText.count == 10 || Timestamp.parseISO(dateText) != nil
            else { throw BilledSourceError(location: "\(location):\(column("date"))", message: "date must be YYYY-MM-DD, not \(JSONText.quote(cell("date") ?? ""))") }
            guard let amountText = cell("amount"), let amount = Money.rounding(decimal: amountText) else {
                throw BilledSourceError(location: "\(location):\(column("amount"))", message: "amount must be a plain decimal number, not \(JSONText.quote(cell("amount") ?? ""))")
            }
            let currency = (cell("currency") ?? "USD").uppercased()
            guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw BilledSourceError(location: "\(location):\(column("currency"))", message: "currency must be an ISO 4217 code such as USD")
            }
            lines.append(BilledLine(day: day, project: cell("project"), amount: amount, currency: currency,
                                    lineItem: cell("line_item"), itemised: index["line_item"] != nil, origin: location))
        }
        if splitter.isPending { throw BilledSourceError(location: "\(source):\(recordLine)", message: "a quoted field is never closed") }
        if columns == nil { throw BilledSourceError(location: source, message: "the file is empty; expected a header row date,project,amount") }
        return lines
    }
}
