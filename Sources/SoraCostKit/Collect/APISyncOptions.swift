import Foundation

/// Settings of one `soracost sync` run.
public struct APISyncOptions: Sendable {
    /// Recorded as every job's provider (`openai`, `azure`, a gateway name). Video ids are
    /// unique per provider, so two providers never merge into one job.
    public var provider: String
    /// Recorded as every job's account: the project or key label whose list this is.
    public var account: String
    /// Visit every page instead of stopping at the first page of already finished jobs.
    public var full = false
    /// Most list pages fetched in this run; nil for no limit. An unfinished walk is kept and
    /// the next run continues it.
    public var pageLimit: Int?
    /// Items per list page, 1…100 (the API's maximum keeps requests few).
    public var pageSize = 100
    /// Store prompt text (off by default: prompts can be confidential).
    public var keepPrompts = false
    /// The clock, in Unix seconds (tests fix it).
    public var now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }

    public init(provider: String = "openai", account: String = "default") {
        self.provider = provider
        self.account = account
    }

    /// The account label when `--account` is not given: the `--project` id if any, else
    /// `default`. One key sees one project's list, so the project is the natural label.
    public static func account(explicit: String?, project: String?) -> String {
        for candidate in [explicit, project] {
            if let value = candidate?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
        }
        return "default"
    }
}
