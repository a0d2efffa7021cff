/// Which jobs a ledger read covers: every given constraint must hold; none means every job.
///
/// `provider` and `model` match ignoring case, as rate cards do, and `model` also matches the
/// dated snapshots of that model (`sora-2` covers `sora-2-2025-12-08`), since a snapshot is billed
/// as its base model (`ModelName.snapshotBase`). `account`, `project`, `user` and tags match
/// exactly. Only the ledger turns it into SQL (`condition`).
public struct JobFilter: Sendable, Equatable {
    public var provider: String?
    public var account: String?
    public var project: String?
    public var model: String?
    public var user: String?
    /// The job's tag KEY must equal the value.
    public var tags: [String: String]

    public init(provider: String? = nil, account: String? = nil, project: String? = nil, model: String? = nil,
                user: String? = nil, tags: [String: String] = [:]) {
        self.provider = provider
        self.account = account
        self.project = project
        self.model = model
        self.user = user
        self.tags = tags
    }

    public var isEmpty: Bool { self == JobFilter() }
}

extension JobFilter {
    /// The SQL condition on `jobs`; nil when the filter is empty.
    var condition: SQL? {
        var clauses: [SQL] = []
        if let provider { clauses.append("lower(provider) = lower(\(provider))") }
        if let account { clauses.append("account = \(account)") }
        if let project { clauses.append("project = \(project)") }
        if let model { clauses.append(BillingSQL.billsAs(column: "model", base: model)) }
        if let user { clauses.append("user_name = \(user)") }
        for key in tags.keys.sorted() {
            clauses.append("json_extract(tags, \(JobFilter.tagPath(key))) = \(tags[key]!)")
        }
        return clauses.isEmpty ? nil : SQL.joined(clauses, separator: " AND ")
    }

    /// `$."KEY"`: the JSON path of tag KEY in the `tags` column.
    static func tagPath(_ key: String) -> String {
        "$.\"\(key.replacingOccurrences(of: "\"", with: "\\\""))\""
    }
}
