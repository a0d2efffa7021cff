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
    /// `stale_after`: seconds without a new job after which `budget check` reports the ledger
    /// stale (UNKNOWN); nil when the file does not say (the command's default then holds).
    public var staleAfter: Int64?

    public init(budgets: [Budget], staleAfter: Int64? = nil) {
        self.budgets = budgets
        self.staleAfter = staleAfter
    }

    /// The default age after which a ledger with no new job is stale: 36 hours.
    public static let defaultStaleAfter: Int64 = 36 * 3600

    /// A duration such as `36h`, `2d` or `90m` in seconds; nil when it is not one (or not positive).
    public static func duration(_ text: String) -> Int64? {
        guard let unit = text.last, let value = Int64(text.dropLast()), value > 0, value < 100_000 else { return nil }
        switch unit {
        case "m": return value * 60
        case "h": return value * 3600
        case "d": return value * 86_400
        default: return nil
        }
    }

    /// The file format: a JSON object with `version` and a list of named `budgets`.
    static let format = ConfigFormat(
        name: "budgets file", version: formatVersion, members: ["version", "description", "budgets", "stale_after", "anomalies"],
        list: "budgets", listNoun: "budgets", itemNoun: "budget", namedItems: true)

    /// Reads and parses the file at `path`; issues name the path as given.
    public static func load(path: String) throws(BudgetFileError) -> BudgetFile {
        try format.load(path: path) { BudgetFileParser(root: $0).file() }
    }

    /// Parses and validates a budgets file; throws every issue found.
    public static func parse(text: String, sourceName: String) throws(BudgetFileError) -> BudgetFile {
        try format.parse(text: text, source: sourceName) { BudgetFileParser(root: $0).file() }
    }

    /// The path to read: `explicit` (the `--budgets` option), else a non-empty
    /// `$SORACOST_BUDGETS`, else nil.
    public static func resolvePath(explicit: String?, environment: [String: String]) -> String? {
        ConfigFormat.resolvePath(explicit: explicit, variable: environmentVariable, environment: environment)
    }
}
