extension SpendHistory {
    /// The history of each of `scopes` (budget scopes; nil or empty = every job) through the
    /// instant `cut` (Unix seconds, inclusive), from **one** scan of the ledger instead of one per scope: the rows are grouped by
    /// provider, model and every key a scope names, and each scope adds up the rows it covers.
    ///
    /// Each result equals `load(ledger:pricer:through:zone:filter:)` of its scope
    /// (`SpendHistoryScopesTests`). A scope the grouping cannot tell apart (a `model` naming a
    /// dated snapshot: rows carry base models), or every scope when the one scan fails (prices
    /// in several currencies), is loaded on its own as before.
    public static func load(ledger: Ledger, pricer: Pricer, through cut: Int64, zone: ReportZone = .utc,
                            scopes: [JobFilter?]) -> [Result<SpendHistory, any Error>] {
        load(ledger: ledger, pricer: pricer, through: cut, zone: zone, scopes: scopes, shared: nil)
    }

    /// `load(ledger:pricer:through:zone:scopes:)` with its rows from `shared` when given (then
    /// even a single scope is read together: the rows are already counted).
    static func load(ledger: Ledger, pricer: Pricer, through cut: Int64, zone: ReportZone, scopes: [JobFilter?],
                     shared: SharedUsageScan?) -> [Result<SpendHistory, any Error>] {
        func alone(_ scope: JobFilter?) -> Result<SpendHistory, any Error> {
            Result { try load(ledger: ledger, pricer: pricer, through: cut, zone: zone, filter: scope?.jobFilter, shared: shared) }
        }
        let together = scopes.map { scope in scope?.model.map { ModelName.snapshotBase(of: $0) == nil } ?? true }
        guard together.filter({ $0 }).count > (shared == nil ? 1 : 0),
              let span = try? ledger.usageSpan(pricer.options.usageDate, through: cut) else {
            return scopes.map(alone)
        }
        let keys = scopeKeys(scopes)
        let query = UsageQuery(from: zone.start(of: zone.day(of: span.lowerBound)), to: cut + 1, zone: zone,
                               dimensions: [.provider, .model] + keys, granularity: .day)
        guard let (rows, currency) = try? query.run(ledger: ledger, pricer: pricer, shared: shared) else {
            return scopes.map(alone)
        }
        return zip(scopes, together).map { scope, together in
            guard together else { return alone(scope) }
            let covered = rows.filter { covers(scope, $0, keys: keys) }
            // A scope with no cost of its own reads `USD` alone (nothing priced): only then can it differ.
            if currency != "USD", !covered.contains(where: { $0.measures.cost != .zero }) { return alone(scope) }
            return .success(SpendHistory(rows: covered, currency: currency, pricer: pricer, cut: cut, zone: zone,
                                         span: span, dimension: nil))
        }
    }

    /// The keys besides provider and model that tell `scopes` apart, in the order the one scan
    /// of `load(ledger:pricer:through:zone:scopes:)` reads them.
    static func scopeKeys(_ scopes: [JobFilter?]) -> [ReportDimension] {
        var keys: [ReportDimension] = []
        func need(_ dimension: ReportDimension) { if !keys.contains(dimension) { keys.append(dimension) } }
        for case let scope? in scopes {
            if scope.account != nil { need(.account) }
            if scope.project != nil { need(.project) }
            if scope.user != nil { need(.user) }
            for key in scope.tags.keys.sorted() { need(.tag(key)) }
        }
        return keys
    }

    /// Whether `scope` covers the jobs of `row` (keys: provider, base model, then `keys`), as
    /// `JobFilter.condition` selects them in SQL.
    static func covers(_ scope: JobFilter?, _ row: UsageRow, keys: [ReportDimension]) -> Bool {
        guard let scope else { return true }
        func key(_ dimension: ReportDimension) -> String? { keys.firstIndex(of: dimension).flatMap { row.keys[$0 + 2] } }
        func asciiLower(_ text: String?) -> [UInt8]? {
            text.map { $0.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } }
        }
        if let provider = scope.provider, asciiLower(row.keys[0]) != asciiLower(provider) { return false }
        if let model = scope.model, asciiLower(row.keys[1]) != asciiLower(model) { return false }
        if let account = scope.account, key(.account) != account { return false }
        if let project = scope.project, key(.project) != project { return false }
        if let user = scope.user, key(.user) != user { return false }
        for (name, value) in scope.tags where key(.tag(name)) != value { return false }
        return true
    }
}
