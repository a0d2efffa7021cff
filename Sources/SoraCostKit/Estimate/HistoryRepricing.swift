/// Which models and sizes a re-pricing replaces: `sora-2-pro` → `sora-2`, `1792x1024` → `1280x720`.
public struct RepricingMap: Sendable, Equatable {
    /// Model → model. A dated snapshot (`sora-2-pro-2025-10-06`) follows its base model's mapping.
    public var models: [String: String]
    /// Size → size, matched in either orientation; a portrait job stays portrait.
    public var sizes: [(from: RateSize, to: RateSize)]

    public init(models: [String: String] = [:], sizes: [(from: RateSize, to: RateSize)] = []) {
        self.models = models
        self.sizes = sizes
    }

    public static func == (lhs: RepricingMap, rhs: RepricingMap) -> Bool {
        lhs.models == rhs.models && lhs.sizes.map(\.from) == rhs.sizes.map(\.from) && lhs.sizes.map(\.to) == rhs.sizes.map(\.to)
    }

    public var isEmpty: Bool { models.isEmpty && sizes.isEmpty }

    /// Parses `FROM=TO`; nil unless both sides are non-empty.
    public static func pair(_ text: String) -> (String, String)? {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        let from = text[..<equals].trimmingCharacters(), to = text[text.index(after: equals)...].trimmingCharacters()
        return from.isEmpty || to.isEmpty ? nil : (from, to)
    }

    /// `group` with its model and size replaced.
    func apply(to group: UsageGroup) -> UsageGroup {
        var group = group
        if let model = models[group.model] ?? ModelName.snapshotBase(of: group.model).flatMap({ models[$0] }) {
            group.model = model
        }
        if let size = sizes.first(where: { $0.from.matches(width: group.width, height: group.height) }) {
            let to = size.to.unoriented
            let portrait = group.height > group.width
            (group.width, group.height) = portrait ? (to.width, to.height) : (to.height, to.width)
        }
        return group
    }
}

/// A past month's jobs priced twice: as billed (the card they are billed with) and re-priced
/// (another card, models or sizes mapped), by project and model.
///
/// Both sides read the same groups from the one usage scan; the as-billed side is the scan's own
/// pricing, so it ties out exactly with `report monthly` for the month with the same card.
public struct HistoryRepricing: Sendable {
    /// One project and (base) model of the month.
    public struct Row: Sendable, Equatable {
        public var project: String?
        public var model: String
        public var jobs = 0
        public var billed = Money.zero
        public var repriced = Money.zero
        public var billedUnpricedJobs = 0
        public var repricedUnpricedJobs = 0
        /// The models the row's jobs were re-priced as.
        public var repricedAs: Set<String> = []

        public var difference: Money { repriced - billed }
    }

    public var month: Month
    public var zone: ReportZone
    public var map: RepricingMap
    /// Sorted by project (no project last), then model.
    public var rows: [Row]
    public var currency: String
    public var billedCard: String
    public var repricedCard: String

    /// Reads `month` (local days in `zone`) through the one usage scan priced by `billed`, and
    /// prices every group again with `repriced` after `map`.
    public init(month: Month, zone: ReportZone = .utc, map: RepricingMap, ledger: Ledger, billed: Pricer,
                repriced: Pricer) throws {
        let scan = try UsageScan(parts: [UsageScan.Part(days: month.days, zone: zone, dimensions: [.project])],
                                 ledger: ledger, pricer: billed, keepsPrices: true)
        struct Key: Hashable {
            var project: String?
            var model: String
        }
        var rows: [Key: Row] = [:]
        var currencies: Set<String> = []
        for (index, price) in scan.prices.enumerated() {
            let counts = scan.counts[index]
            let project = scan.keyText(scan.cells[index].cell, .project)
            let model = UsageQuery.baseModel(price.group.model)
            let mapped = map.apply(to: price.group)
            let again = repriced.price(group: mapped, counts: counts)
            if let currency = price.currency { currencies.insert(currency) }
            if let currency = again.currency { currencies.insert(currency) }
            let key = Key(project: project, model: model)
            var row = rows[key] ?? Row(project: project, model: model)
            row.jobs += counts.jobs
            row.billed += price.cost
            row.repriced += again.cost
            row.billedUnpricedJobs += price.unpricedJobs
            row.repricedUnpricedJobs += again.unpricedJobs
            row.repricedAs.insert(UsageQuery.baseModel(mapped.model))
            rows[key] = row
        }
        guard currencies.count <= 1 else { throw ReportError.mixedCurrencies(currencies.sorted()) }
        self.month = month
        self.zone = zone
        self.map = map
        self.rows = rows.values.sorted { a, b in
            if a.project != b.project {
                guard let left = a.project else { return false }
                guard let right = b.project else { return true }
                return left < right
            }
            return a.model < b.model
        }
        self.currency = currencies.first ?? "USD"
        self.billedCard = billed.card.user?.sourceName ?? BuiltInRates.sourceName
        self.repricedCard = repriced.card.user?.sourceName ?? BuiltInRates.sourceName
    }

    /// The sum of every row.
    public var total: Row {
        var total = Row(project: nil, model: "")
        for row in rows {
            total.jobs += row.jobs
            total.billed += row.billed
            total.repriced += row.repriced
            total.billedUnpricedJobs += row.billedUnpricedJobs
            total.repricedUnpricedJobs += row.repricedUnpricedJobs
        }
        return total
    }
}
