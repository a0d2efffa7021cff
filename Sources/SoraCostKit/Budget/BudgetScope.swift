/// Which jobs count against a budget: the ledger's `JobFilter`, spelled the way a budget file
/// spells it. Every given key must match; no key means every job.
public typealias BudgetScope = JobFilter

extension JobFilter {
    /// The keys a budget scope may use, for messages.
    public static let keyNames = "provider, account, project, model, user, tag:KEY"

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
    public var jobFilter: JobFilter? { isEmpty ? nil : self }
}
