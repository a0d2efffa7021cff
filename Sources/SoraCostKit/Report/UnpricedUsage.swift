extension Ledger {
    /// Prices the whole ledger by groups and returns what stays unpriced, with up to
    /// `examples` example jobs per group, oldest first and at most two a day (0 for counts only,
    /// as `status` wants).
    ///
    /// One scan (`UsageScan`, the engine behind every report) groups the jobs by everything that
    /// decides a price (provider, model, size, status, batch, kind, UTC usage day) and prices each
    /// group once, so totals equal pricing every job one by one (`Pricer.price(group:...)` is
    /// linear). The examples of an unpriced group are the smallest and largest video id of each
    /// of its price groups (of its extensions without a segment, for that reason), asked of the
    /// ledger day by day from its first day until enough are found.
    public func unpricedUsage(pricer: Pricer, examples: Int = 3) throws -> UnpricedUsageReport {
        let scan = try UsageScan(parts: [UsageScan.Part(from: 0, to: Int64(Int32.max) * 4, zone: .utc, dimensions: [])],
                                 ledger: self, pricer: pricer, keepsPrices: true)
        struct Key: Hashable {
            var reason: UnpricedReason
            var provider: String
            var model: String
            var width: Int
            var height: Int
        }
        var totals = CostTotals()
        var groups: [Key: UnpricedGroup] = [:]
        var members: [Key: [UsageGroup]] = [:]
        for price in scan.prices {
            totals.add(price)
            let group = price.group
            for (reason, usage) in price.unpriced where usage.jobs > 0 {
                let key = Key(reason: reason, provider: group.provider, model: group.model,
                              width: group.width, height: group.height)
                var entry = groups[key] ?? UnpricedGroup(
                    reason: reason, provider: group.provider, model: group.model, width: group.width,
                    height: group.height, jobs: 0, seconds: 0, firstDay: group.usageDay, lastDay: group.usageDay,
                    examples: [])
                entry.jobs += usage.jobs
                entry.seconds += usage.seconds
                entry.firstDay = min(entry.firstDay, group.usageDay)
                entry.lastDay = max(entry.lastDay, group.usageDay)
                groups[key] = entry
                if examples > 0 { members[key, default: []].append(group) }
            }
        }
        if examples > 0 {
            for (key, list) in members {
                groups[key]?.examples = try exampleJobs(of: list, examples: examples, usageDate: pricer.options.usageDate,
                                                        withoutSegmentOnly: key.reason == .extensionSegmentUnknown)
            }
        }
        let ordered = groups.values.sorted {
            ($0.reason, $0.provider, $0.model, $0.width, $0.height) < ($1.reason, $1.provider, $1.model, $1.width, $1.height)
        }
        return UnpricedUsageReport(totals: totals, groups: ordered)
    }

    /// The first `examples` of the smallest and largest video ids of each price group in `list`,
    /// by usage day then id. Days are visited in order and the search stops once a finished day
    /// leaves enough: every id of a later day sorts after them.
    private func exampleJobs(of list: [UsageGroup], examples: Int, usageDate: PricingOptions.UsageDate,
                             withoutSegmentOnly: Bool) throws -> [UnpricedExample] {
        var found: Set<UnpricedExample> = []
        let sorted = list.sorted { $0.usageDay < $1.usageDay }
        for (index, group) in sorted.enumerated() {
            for id in try videoIDRange(of: group, usageDate: usageDate, withoutSegmentOnly: withoutSegmentOnly) {
                found.insert(UnpricedExample(videoID: id, usageDay: group.usageDay))
            }
            let dayEnds = index + 1 == sorted.count || sorted[index + 1].usageDay != group.usageDay
            if dayEnds, found.count >= examples { break }
        }
        return Array(found.sorted().prefix(examples))
    }
}
