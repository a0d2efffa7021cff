/// A table of typed cells with named columns, ready for any renderer.
///
/// Invariant: every row, and the total row if any, has exactly one cell per column; the
/// initializer and `append` check it, since a ragged table is a programming error in the
/// report code, not a user error. Rows keep the order they were given in: the report code
/// sorts, the renderers never reorder.
public struct ReportTable: Equatable, Sendable {
    public let columns: [ReportColumn]
    public private(set) var rows: [[ReportCell]]
    /// The totals row, printed after a separator (table), in bold (Markdown) or as `total`
    /// (JSON). CSV leaves it out unless asked.
    public private(set) var total: [ReportCell]?

    public init(columns: [ReportColumn], rows: [[ReportCell]] = [], total: [ReportCell]? = nil) {
        precondition(Set(columns.map(\.key)).count == columns.count, "column keys must be unique")
        self.columns = columns
        self.rows = []
        self.total = nil
        for row in rows { append(row) }
        if let total { setTotal(total) }
    }

    public mutating func append(_ row: [ReportCell]) {
        precondition(row.count == columns.count, "a row has \(row.count) cells for \(columns.count) columns")
        rows.append(row)
    }

    public mutating func setTotal(_ row: [ReportCell]?) {
        if let row {
            precondition(row.count == columns.count, "the total row has \(row.count) cells for \(columns.count) columns")
        }
        total = row
    }
}

/// One column of a `ReportTable`: a stable machine key, a label for people, and a kind.
public struct ReportColumn: Equatable, Sendable {
    /// What a column holds; numbers (integer, money, percent) align right, the rest left.
    public enum Kind: String, Equatable, Sendable, CaseIterable {
        case text, integer, money, percent, date

        public var isNumeric: Bool {
            switch self {
            case .integer, .money, .percent: true
            case .text, .date: false
            }
        }
    }

    /// The snake_case name used as the CSV header and the JSON member name, e.g. `cost`.
    ///
    /// Invariant: matches `[a-z][a-z0-9_]*`, so it is a safe CSV header and a plain JSON key.
    public let key: String
    /// The label a person reads in the table and Markdown, e.g. `Cost (USD)`.
    public let header: String
    public let kind: Kind

    public init(key: String, header: String, kind: Kind) {
        precondition(ReportColumn.isValidKey(key), "column key '\(key)' is not snake_case")
        self.key = key
        self.header = header
        self.kind = kind
    }

    /// True for a non-empty snake_case ASCII identifier: `[a-z][a-z0-9_]*`.
    public static func isValidKey(_ key: String) -> Bool {
        guard let first = key.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else {
            return false
        }
        return key.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
    }
}
