import Foundation

/// One problem in a rate card, located well enough to fix it: the file, and either a line and
/// column (malformed JSON) or the entry index and field.
public struct RateCardIssue: Sendable, Equatable, CustomStringConvertible {
    public var source: String
    /// Zero-based index into `entries`, as in `entries[3]`; nil for card-level problems.
    public var entryIndex: Int?
    /// The JSON member at fault, such as `rate` or `effective_to`.
    public var field: String?
    /// One-based line and column, for JSON syntax errors.
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(source: String, entryIndex: Int? = nil, field: String? = nil, line: Int? = nil,
                column: Int? = nil, message: String) {
        self.source = source
        self.entryIndex = entryIndex
        self.field = field
        self.line = line
        self.column = column
        self.message = message
    }

    /// `company.json: entries[3].rate: must not be negative (-0.10)`, or
    /// `company.json:4:17: invalid JSON: expected ',' or '}' in an object`.
    public var description: String {
        let location = SourceLocation.describe(source, line: line, column: column)
        var path = entryIndex.map { "entries[\($0)]" } ?? ""
        if let field { path += path.isEmpty ? field : ".\(field)" }
        return path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }
}

/// A rate card that cannot be used, with every issue found.
public struct RateCardError: Error, LocalizedError, Equatable, Sendable {
    public var issues: [RateCardIssue]

    public init(issues: [RateCardIssue]) {
        self.issues = issues
    }

    /// One issue per line.
    public var errorDescription: String? {
        issues.map(\.description).joined(separator: "\n")
    }
}
