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

    /// The file format: a JSON object with `version` and a list of named `budgets`.
    static let format = ConfigFormat(
        name: "budgets file", version: formatVersion, members: ["version", "description", "budgets"],
        list: "budgets", listNoun: "budgets", itemNoun: "budget", namedItems: true)

    /// Reads and parses the file at `path`; issues name the path as given.
    public static func load(path: String) throws(BudgetFileError) -> BudgetFile {
        try format.load(path: path) { BudgetFile(budgets: BudgetFileParser(root: $0).budgets()) }
    }

    /// Parses and validates a budgets file; throws every issue found.
    public static func parse(text: String, sourceName: String) throws(BudgetFileError) -> BudgetFile {
        try format.parse(text: text, source: sourceName) { BudgetFile(budgets: BudgetFileParser(root: $0).budgets()) }
    }

    /// The path to read: `explicit` (the `--budgets` option), else a non-empty
    /// `$SORACOST_BUDGETS`, else nil.
    public static func resolvePath(explicit: String?, environment: [String: String]) -> String? {
        ConfigFormat.resolvePath(explicit: explicit, variable: environmentVariable, environment: environment)
    }
}
