/// Which jobs count against a budget: every given key must match; no key means every job.
///
/// `provider` and `model` match ignoring case, as rate cards do, and `model` also matches the
/// dated snapshots of that model (`sora-2` covers `sora-2-2025-12-08`), since a snapshot is billed
/// as its base model. `account`, `project`, `user` and tags match exactly.
public struct BudgetScope: Sendable, Equatable {
    public var provider: String?
    public var account: String?
    public var project: String?
    public var model: String?
    public var user: String?
    /// `tag:KEY` entries: the job's tag KEY must equal the value.
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

    /// The keys a scope may use, for messages.
    public static let keyNames = "provider, account, project, model, user, tag:KEY"

    public var isEmpty: Bool { self == BudgetScope() }

    /// `project=marketing, tag:team=brand`, or `everything`.
    public var summary: String {
        let parts = pairs.map { "\($0.key)=\($0.value)" }
        return parts.isEmpty ? "everything" : parts.joined(separator: ", ")
    }

    /// The scope's keys and values in a fixed order (tags sorted), as the file spells the keys.
    public var pairs: [(key: String, value: String)] {
        var out: [(key: String, value: String)] = []
        if let provider { out.append(("provider", provider)) }
        if let account { out.append(("account", account)) }
        if let project { out.append(("project", project)) }
        if let model { out.append(("model", model)) }
        if let user { out.append(("user", user)) }
        for key in tags.keys.sorted() { out.append(("tag:\(key)", tags[key]!)) }
        return out
    }

    /// The jobs the scope covers, as the ledger filters them; nil for an empty scope.
    public var jobFilter: JobFilter? {
        isEmpty ? nil : JobFilter(provider: provider, account: account, project: project, model: model, user: user,
                                  tags: tags)
    }
}
