import Foundation

/// One problem in a budgets file: the file, then a line and column (malformed JSON) or the
/// budget and field.
public struct BudgetFileIssue: Sendable, Equatable, CustomStringConvertible {
    public var source: String
    public var line: Int?
    public var column: Int?
    /// Zero-based index into `budgets`.
    public var budgetIndex: Int?
    /// The budget's name, when it has a readable one.
    public var budgetName: String?
    /// The member at fault: `period`, `amount`, `scope.team`, `thresholds[1].percent`.
    public var field: String?
    public var message: String

    public init(source: String, line: Int? = nil, column: Int? = nil, budgetIndex: Int? = nil,
                budgetName: String? = nil, field: String? = nil, message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.budgetIndex = budgetIndex
        self.budgetName = budgetName
        self.field = field
        self.message = message
    }

    /// `budgets.json: budgets[1] "studio-weekly": period: unknown period "fortnight"; …`, or
    /// `budgets.json:3:14: invalid JSON: …`.
    public var description: String {
        let location = SourceLocation.describe(source, line: line, column: column)
        var parts = [location]
        if let budgetIndex {
            parts.append("budgets[\(budgetIndex)]" + (budgetName.map { " " + JSONText.quote($0) } ?? ""))
        }
        if let field { parts.append(field) }
        return parts.joined(separator: ": ") + ": " + message
    }
}

/// A budgets file that cannot be used, with every issue found.
public struct BudgetFileError: Error, LocalizedError, Equatable, Sendable {
    public var issues: [BudgetFileIssue]

    public init(issues: [BudgetFileIssue]) {
        self.issues = issues
    }

    public var errorDescription: String? {
        issues.map(\.description).joined(separator: "\n")
    }
}
