import Foundation

/// The budgets file (`--budgets FILE`, else `$SORACOST_BUDGETS`), format in docs/README-budgets.md.
///
/// Like a rate card, a budgets file is returned whole and valid or not at all: every problem is
/// collected and thrown together, each naming the file, the budget (index and name) and the
/// field, so a user fixes the file in one pass. Members whose name starts with `_` are comments.
public struct BudgetFile: Sendable, Equatable {
    /// The only `version` this soracost reads.
    public static let formatVersion = 1
    /// The environment variable naming the budgets file when `--budgets` is not given.
    public static let environmentVariable = "SORACOST_BUDGETS"

    public var budgets: [Budget]

    public init(budgets: [Budget]) {
        self.budgets = budgets
    }

    /// Reads and parses the file at `path`; issues name the path as given.
    public static func load(path: String) throws(BudgetFileError) -> BudgetFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
            throw BudgetFileError(issues: [BudgetFileIssue(source: path, message: "cannot read the budgets file: \(reason)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw BudgetFileError(issues: [BudgetFileIssue(source: path, message: "the budgets file is not UTF-8 text")])
        }
        return try parse(text: text, sourceName: path)
    }

    /// Parses and validates a budgets file; throws every issue found.
    public static func parse(text: String, sourceName: String) throws(BudgetFileError) -> BudgetFile {
        var parser = BudgetFileParser(sourceName: sourceName)
        let budgets = parser.parse(text: text)
        guard parser.issues.isEmpty else { throw BudgetFileError(issues: parser.issues) }
        return BudgetFile(budgets: budgets)
    }

    /// The path to read: `explicit` (the `--budgets` option), else a non-empty
    /// `$SORACOST_BUDGETS`, else nil.
    public static func resolvePath(explicit: String?, environment: [String: String]) -> String? {
        if let explicit, !explicit.isEmpty { return explicit }
        return environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
    }
}
