/// What the ledger holds, for `soracost status`: the ledger's stored figures (read through, as
/// `status.jobs`, `status.sources`, ...) and the counts one scan of the jobs adds to them.
@dynamicMemberLookup
public struct LedgerStatus: Sendable {
    public typealias SourceLine = LedgerFigures.SourceLine
    public typealias RunLine = LedgerFigures.RunLine

    public var path: String
    public var figures: LedgerFigures
    public var byStatus: [(status: String, jobs: Int64)]
    public var byProvider: [(provider: String, account: String?, jobs: Int64)]
    /// Queued and in-progress jobs: counted, never billed yet.
    public var pendingJobs: Int64
    /// Unpriced jobs and seconds by reason under the card `status(pricer:)` was given (empty when
    /// everything is priced); nil when no pricer was given.
    public var unpriced: [UnpricedReason: UnpricedUsage]?

    public subscript<Value>(dynamicMember figure: KeyPath<LedgerFigures, Value>) -> Value {
        figures[keyPath: figure]
    }
}

extension Ledger {
    /// What the ledger holds: its stored figures (`figures(recentRuns:)`) with the counts by
    /// status and by provider from one scan of the jobs (`UsageScan`), which with a `pricer` also
    /// counts what the card leaves unpriced.
    public func status(recentRuns: Int = 5, pricer: Pricer? = nil) throws -> LedgerStatus {
        let figures = try figures(recentRuns: recentRuns)
        // One scan of every job gives the counts by status, by provider and account, and (priced)
        // the unpriced usage; three groupings in SQL took seconds on a million jobs.
        let scan = try UsageQuery(from: 0, to: Int64(Int32.max) * 4, dimensions: [.status, .provider, .account])
            .run(ledger: self, pricer: pricer ?? Pricer(card: EffectiveCard(user: nil))).rows
        var statusCounts: [String: Int64] = [:]
        var providerCounts: [[String?]: Int64] = [:]
        var unpriced: [UnpricedReason: UnpricedUsage] = [:]
        for row in scan {
            statusCounts[row.keys[0] ?? "", default: 0] += Int64(row.measures.jobs)
            providerCounts[[row.keys[1], row.keys[2]], default: 0] += Int64(row.measures.jobs)
            unpriced.merge(row.measures.unpriced)
        }
        let byStatus = statusCounts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let byProvider = providerCounts
            .map { (provider: $0.key[0] ?? "", account: $0.key[1], jobs: $0.value) }
            .sorted { ($0.provider, $0.account ?? "") < ($1.provider, $1.account ?? "") }
        return LedgerStatus(
            path: path, figures: figures, byStatus: byStatus, byProvider: byProvider,
            pendingJobs: byStatus.filter { JobStatus(rawValue: $0.0)?.isTerminal == false }.reduce(0) { $0 + $1.1 },
            unpriced: pricer == nil ? nil : unpriced)
    }
}
