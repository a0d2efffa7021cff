/// Rows summed over some of their keys, for breakdowns of a query's rows.
struct Rollup: Equatable {
    var keys: [String?]
    var measures: UsageMeasures

    /// The rows summed by the key positions `keys` (and across buckets), most expensive first,
    /// then by more jobs, then by key (a missing key last).
    static func of(_ rows: [UsageRow], keys: [Int], where include: (UsageRow) -> Bool = { _ in true }) -> [Rollup] {
        var sums: [[String?]: UsageMeasures] = [:]
        var order: [[String?]] = []
        for row in rows where include(row) {
            let key = keys.map { row.keys[$0] }
            if sums[key] == nil { order.append(key) }
            sums[key, default: UsageMeasures()].add(row.measures)
        }
        return order.map { Rollup(keys: $0, measures: sums[$0]!) }.sorted(by: Rollup.byCost)
    }

    static func byCost(_ a: Rollup, _ b: Rollup) -> Bool {
        if a.measures.cost != b.measures.cost { return a.measures.cost > b.measures.cost }
        if a.measures.jobs != b.measures.jobs { return a.measures.jobs > b.measures.jobs }
        return keyOrder(a.keys, b.keys)
    }

    /// Keys in text order, a missing value after every present one.
    static func keyOrder(_ a: [String?], _ b: [String?]) -> Bool {
        for (x, y) in zip(a, b) where x != y {
            switch (x, y) {
            case let (x?, y?): return x < y
            case (nil, _): return false
            case (_, nil): return true
            }
        }
        return a.count < b.count
    }
}
