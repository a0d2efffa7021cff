/// One `UsageScan` read ahead for several queries in one time zone, so a document built from
/// several of them (the monthly review: its own tables, the forecast, budgets, anomalies and
/// accrual) reads each job once.
///
/// The caller plans its windows first: a time range, the keys it breaks down by and whether it
/// counts failures. The scan's parts are cut at every window's ends, each part carrying the keys
/// of every window over it, so each window is a run of consecutive parts. A query whose range,
/// zone and keys match a run is then answered from the groups already counted and priced:
/// exactly the rows its own scan gives, because a part's groups are only finer (pricing is
/// linear within a price group, so finer groups sum to the same amounts). Any other query (one
/// with a filter, or one the plan missed) is run on the ledger as before and counted in
/// `ledgerReads`.
final class SharedUsageScan {
    /// A planned read: instants `from..<to` (Unix seconds) by `dimensions`.
    struct Window {
        var from: Int64
        var to: Int64
        var dimensions: [ReportDimension]
        var countsFailures = false

        init(from: Int64, to: Int64, dimensions: [ReportDimension], countsFailures: Bool = false) {
            self.from = from
            self.to = to
            self.dimensions = dimensions
            self.countsFailures = countsFailures
        }

        init(_ part: UsageScan.Part) {
            self.init(from: part.from, to: part.to, dimensions: part.dimensions, countsFailures: part.countsFailures)
        }
    }

    let zone: ReportZone
    let scan: UsageScan
    private let ledger: Ledger
    private let pricer: Pricer
    /// Queries answered by reading the ledger again (not from the shared scan).
    private(set) var ledgerReads = 0

    /// Reads every job of `windows` once.
    init(windows: [Window], zone: ReportZone, ledger: Ledger, pricer: Pricer) throws {
        let live = windows.filter { $0.from < $0.to }
        let bounds = Set(live.flatMap { [$0.from, $0.to] }).sorted()
        var parts: [UsageScan.Part] = []
        for (from, to) in zip(bounds, bounds.dropFirst()) {
            let over = live.filter { $0.from <= from && to <= $0.to }
            guard !over.isEmpty else { continue }
            var dimensions: [ReportDimension] = []
            for window in over {
                for dimension in window.dimensions where UsageScan.reads(dimension) && !dimensions.contains(dimension) {
                    dimensions.append(dimension)
                }
            }
            parts.append(UsageScan.Part(from: from, to: to, zone: zone, dimensions: dimensions,
                                        countsFailures: over.contains(where: \.countsFailures)))
        }
        if parts.isEmpty { parts = [UsageScan.Part(from: 0, to: 0, zone: zone, dimensions: [])] }
        self.zone = zone
        self.ledger = ledger
        self.pricer = pricer
        scan = try UsageScan(parts: parts, ledger: ledger, pricer: pricer)
    }

    /// The run of parts that is exactly `window` (empty for an empty window), or nil when the
    /// plan did not include it.
    func parts(_ window: Window) -> Range<Int>? {
        guard window.from < window.to else { return 0..<0 }
        let parts = scan.parts
        guard let first = parts.firstIndex(where: { $0.from == window.from }) else { return nil }
        var last = first
        while parts[last].to != window.to {
            guard last + 1 < parts.count, parts[last + 1].from == parts[last].to, parts[last].to < window.to else {
                return nil
            }
            last += 1
        }
        let run = first..<(last + 1)
        let covered = run.allSatisfy { index in
            (!window.countsFailures || parts[index].countsFailures)
                && window.dimensions.allSatisfy { !UsageScan.reads($0) || parts[index].dimensions.contains($0) }
        }
        return covered ? run : nil
    }

    /// The shared scan with `windows` as its parts 0, 1, …, or nil when one was not planned.
    func scan(for windows: [Window]) -> UsageScan? {
        let runs = windows.compactMap(parts)
        return runs.count == windows.count ? scan.grouped(runs) : nil
    }

    /// `query`'s rows and currency, as `query.run(ledger:pricer:)` gives them.
    func run(_ query: UsageQuery) throws -> (rows: [UsageRow], currency: String) {
        guard query.filter == nil, query.zone == zone,
              let scan = scan(for: [Window(from: query.from, to: query.to, dimensions: query.dimensions)]) else {
            ledgerReads += 1
            return try query.run(ledger: ledger, pricer: pricer)
        }
        return try scan.rows(part: 0, dimensions: query.dimensions, granularity: query.granularity)
    }
}

extension UsageQuery {
    /// The rows of this query from `shared` when given (which reads the ledger only for a query
    /// it did not plan), else from a scan of its own.
    func run(ledger: Ledger, pricer: Pricer, shared: SharedUsageScan?) throws -> (rows: [UsageRow], currency: String) {
        if let shared { return try shared.run(self) }
        return try run(ledger: ledger, pricer: pricer)
    }
}
