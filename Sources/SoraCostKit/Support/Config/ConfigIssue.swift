import Foundation

/// One problem in a config file (a rate card, a budgets file), located well enough to fix it:
/// the file, then either a line and column (malformed JSON) or the list item and field.
public struct ConfigIssue: Sendable, Equatable, CustomStringConvertible {
    /// The file name as the user gave it, or a label such as `built-in`.
    public var source: String
    /// One-based line and column (in characters), for JSON syntax errors.
    public var line: Int?
    public var column: Int?
    /// The list item at fault, such as `entries[3]`; nil for file-level problems.
    public var item: ConfigItem?
    /// The member at fault inside the item (or the file): `rate`, `scope.team`,
    /// `thresholds[1].percent`.
    public var field: String?
    public var message: String

    // Issues are made inside the kit only, with the memberwise initializer.

    /// `company.json: entries[3].rate: must not be negative (-0.10)`,
    /// `budgets.json: budgets[1] "studio-weekly": period: unknown period "fortnight"; …`, or
    /// `company.json:4:17: invalid JSON: expected ',' or '}' in an object`.
    public var description: String {
        var parts = [SourceLocation.describe(source, line: line, column: column)]
        switch (item, field) {
        case let (item?, field?) where !item.isNamed: parts.append("\(item.label).\(field)")
        case let (item?, field): parts.append(item.label); field.map { parts.append($0) }
        case let (nil, field?): parts.append(field)
        case (nil, nil): break
        }
        return parts.joined(separator: ": ") + ": " + message
    }
}

/// An item of a config file's main list: `entries[3]` of a rate card, `budgets[1] "team"` of a
/// budgets file. Indexes are zero-based, as a reader counts them in the JSON.
public struct ConfigItem: Sendable, Equatable {
    /// The list's member name: `entries`, `budgets`.
    public var list: String
    public var index: Int
    /// Whether the list's items carry names: a named item's label stands apart from the field
    /// (`budgets[1] "team": period`); any other item reads as a JSON path (`entries[3].rate`).
    public var isNamed: Bool
    /// The item's own name, once it has a readable one.
    public var name: String?

    public init(list: String, index: Int, isNamed: Bool = false, name: String? = nil) {
        self.list = list
        self.index = index
        self.isNamed = isNamed
        self.name = name
    }

    /// `entries[3]`, `budgets[1] "team"`.
    public var label: String {
        "\(list)[\(index)]" + (name.map { " " + JSONText.quote($0) } ?? "")
    }
}

/// A config file that cannot be used, with every issue found, so a user fixes it in one pass.
public struct ConfigError: Error, LocalizedError, Equatable, Sendable {
    public var issues: [ConfigIssue]

    public init(issues: [ConfigIssue]) {
        self.issues = issues
    }

    /// One issue per line.
    public var errorDescription: String? {
        issues.map(\.description).joined(separator: "\n")
    }
}
