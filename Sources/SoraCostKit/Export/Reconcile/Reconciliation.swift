/// Which ledger attribute a billed project is compared with.
public enum ReconcileProjectKey: String, Sendable, CaseIterable {
    /// The job's project (from application logs); provider ids need a project map.
    case project
    /// The job's account: what `sync` records (the key's project id by default), so a Costs API
    /// `project_id` compares as it is.
    case account

    var dimension: ReportDimension { self == .project ? .project : .account }
}

/// What `reconcile` compares and how strictly.
public struct ReconcileRequest: Sendable {
    public var month: Month
    /// Selects billed lines whose line item contains it, ignoring case. A line without a line item
    /// is taken only when its source has none at all (a billing CSV without the column); in a
    /// source that labels its lines (the Costs API's `line_item: null`) it is listed, not compared.
    public var lineItemPattern: String
    /// Largest absolute difference per cell that still matches.
    public var tolerance: Money
    public var projectKey: ReconcileProjectKey
    /// Provider project id → ledger name; nil when the source's projects are compared as they are.
    public var projectMap: ProjectMap?
    /// Whether the source's project values are already ledger values (a billing CSV, or `account`
    /// matching); otherwise only mapped projects count and the rest falls back to day totals.
    public var sourceNamesLedgerProjects: Bool
    /// A line naming the source, for the report: `Costs API (https://…)`, `billing.csv`.
    public var sourceName: String

    public init(month: Month, lineItemPattern: String = "sora", tolerance: Money = Money(micros: 10_000),
                projectKey: ReconcileProjectKey = .project, projectMap: ProjectMap? = nil,
                sourceNamesLedgerProjects: Bool, sourceName: String) {
        self.month = month
        self.lineItemPattern = lineItemPattern
        self.tolerance = tolerance
        self.projectKey = projectKey
        self.projectMap = projectMap
        self.sourceNamesLedgerProjects = sourceNamesLedgerProjects
        self.sourceName = sourceName
    }
}

/// How one cell (a day, or a day and project) compares.
public enum ReconcileStatus: String, Sendable, CaseIterable {
    /// Both sides within the tolerance.
    case matched
    /// Billed more than the ledger's cost, beyond the tolerance.
    case over
    /// Billed less than the ledger's cost, beyond the tolerance.
    case under
    /// Cost in the ledger, nothing billed.
    case missingBilled = "missing_billed"
    /// Billed, nothing in the ledger.
    case missingLedger = "missing_ledger"
}

public struct ReconcileCell: Sendable, Equatable {
    public var day: Day
    /// Nil when comparing day totals, or for the ledger's jobs without a project.
    public var project: String?
    public var ledger: Money?
    public var billed: Money?
    public var status: ReconcileStatus
    /// Whether the difference exceeds the tolerance (a missing side counts its whole amount).
    public var isMismatch: Bool

    public var difference: Money { (billed ?? .zero) - (ledger ?? .zero) }
}

/// A line item string seen in the source, and whether the pattern took it.
public struct ReconcileLineItem: Sendable, Equatable {
    /// Nil for the lines without a line item.
    public var name: String?
    public var lines: Int
    public var amount: Money
    public var selected: Bool
}

/// The ledger's cost beside what was billed, cell by cell.
public struct Reconciliation: Sendable {
    public var request: ReconcileRequest
    public var cells: [ReconcileCell]
    public var lineItems: [ReconcileLineItem]
    /// True when cells are day and project; false when the source gave no usable project.
    public var byProject: Bool
    public var currency: String
    public var ledgerTotal: Money
    public var billedTotal: Money
    /// Ledger jobs of the month without a price: their cost is unknown, not 0.
    public var unpricedJobs: Int
    /// Selected lines whose project had no ledger name (no mapping), counted once each.
    public var unmappedProjects: [String]

    public var isWithinTolerance: Bool { !cells.contains(where: \.isMismatch) }

    public func count(_ status: ReconcileStatus) -> Int { cells.filter { $0.status == status }.count }

    /// The lines without a line item that were left out, when there are any: cost the source does
    /// not label (the Costs API's `line_item: null`), so it is not known to be Sora.
    public var unlabelled: ReconcileLineItem? { lineItems.first { $0.name == nil && !$0.selected } }

    /// Compares `billed` with the ledger's priced cost for `request.month` (UTC days).
    public static func run(_ request: ReconcileRequest, billed: [BilledLine], ledger: Ledger,
                           pricer: Pricer) throws -> Reconciliation {
        let pattern = request.lineItemPattern.lowercased()
        var seen: [String?: ReconcileLineItem] = [:]
        var selected: [BilledLine] = []
        for line in billed where request.month.days.contains(line.day) {
            let take = line.lineItem.map { pattern.isEmpty || $0.lowercased().contains(pattern) } ?? !line.itemised
            seen[line.lineItem, default: ReconcileLineItem(name: line.lineItem, lines: 0, amount: .zero, selected: take)]
                .lines += 1
            seen[line.lineItem]!.amount += line.amount
            if take { selected.append(line) }
        }
        // Each selected line's ledger project; nil for a line whose project has no ledger name.
        var unmapped: Set<String> = []
        var resolved: [String?] = []
        var byProject = true
        for line in selected {
            guard let id = line.project else {
                byProject = false
                resolved.append(nil)
                continue
            }
            if let name = request.projectMap?.projects[id] {
                resolved.append(name)
            } else if request.sourceNamesLedgerProjects || request.projectKey == .account {
                resolved.append(id)
            } else {
                unmapped.insert(id)
                byProject = false
                resolved.append(nil)
            }
        }

        let scan = try UsageScan(parts: [UsageScan.Part(days: request.month.days, zone: .utc,
                                                        dimensions: byProject ? [request.projectKey.dimension] : [])],
                                 ledger: ledger, pricer: pricer)
        let (rows, currency) = try scan.rows(part: 0, dimensions: byProject ? [request.projectKey.dimension] : [],
                                             granularity: .day)
        struct Key: Hashable {
            var day: Day
            var project: String?
        }
        var ledgerCost: [Key: Money] = [:]
        var unpricedJobs = 0
        for row in rows {
            unpricedJobs += row.measures.unpricedJobs
            guard let day = row.bucket, row.measures.cost != .zero else { continue }
            ledgerCost[Key(day: day, project: byProject ? row.keys[0] : nil), default: .zero] += row.measures.cost
        }
        var billedCost: [Key: Money] = [:]
        for (line, project) in zip(selected, resolved) {
            guard line.currency == currency else {
                throw BilledSourceError(location: line.origin,
                                        message: "billed in \(line.currency), but the ledger prices in \(currency)")
            }
            billedCost[Key(day: line.day, project: byProject ? project : nil), default: .zero] += line.amount
        }
        var cells: [ReconcileCell] = []
        for key in Set(ledgerCost.keys).union(billedCost.keys) {
            cells.append(cell(day: key.day, project: key.project, ledger: ledgerCost[key], billed: billedCost[key],
                              tolerance: request.tolerance))
        }
        cells.sort { $0.day != $1.day ? $0.day < $1.day : ($0.project ?? "") < ($1.project ?? "") }
        return Reconciliation(
            request: request, cells: cells,
            lineItems: seen.values.sorted { ($0.name ?? "") < ($1.name ?? "") }, byProject: byProject,
            currency: currency, ledgerTotal: ledgerCost.values.sum(), billedTotal: billedCost.values.sum(),
            unpricedJobs: unpricedJobs, unmappedProjects: unmapped.sorted())
    }

    static func cell(day: Day, project: String?, ledger: Money?, billed: Money?, tolerance: Money) -> ReconcileCell {
        let difference = (billed ?? .zero) - (ledger ?? .zero)
        let beyond = abs(difference.micros) > tolerance.micros
        let status: ReconcileStatus
        switch (ledger, billed) {
        case (nil, _): status = .missingLedger
        case (_, nil): status = .missingBilled
        default: status = !beyond ? .matched : (difference.micros > 0 ? .over : .under)
        }
        return ReconcileCell(day: day, project: project, ledger: ledger, billed: billed, status: status, isMismatch: beyond)
    }
}
