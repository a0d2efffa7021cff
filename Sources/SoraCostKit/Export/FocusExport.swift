/// What `export focus` writes: the jobs whose usage instant falls in `days` (UTC).
public struct FocusExportRequest: Sendable {
    public var days: ClosedRange<Day>
    public var aggregation: FocusAggregation
    public var version: FocusVersion
    /// Puts unpriced jobs in the main file with empty costs (not FOCUS-conformant: FOCUS 1.2
    /// forbids null costs); off by default, when they go to the companion only.
    public var includeUnpriced: Bool
    /// FOCUS BillingAccountId / BillingAccountName; nil: the job's provider name (one billing
    /// account per provider, as this ledger knows no organization ids).
    public var billingAccountID: String?
    public var billingAccountName: String?
    public var filter: JobFilter?

    public init(days: ClosedRange<Day>, aggregation: FocusAggregation = .job, version: FocusVersion = .v1_2,
                includeUnpriced: Bool = false, billingAccountID: String? = nil, billingAccountName: String? = nil,
                filter: JobFilter? = nil) {
        self.days = days
        self.aggregation = aggregation
        self.version = version
        self.includeUnpriced = includeUnpriced
        self.billingAccountID = billingAccountID
        self.billingAccountName = billingAccountName
        self.filter = filter
    }
}

/// What an export wrote and left out.
public struct FocusExportSummary: Sendable, Equatable {
    /// Rows written to the main file (header not counted).
    public var rows = 0
    /// Priced jobs in the main file.
    public var pricedJobs = 0
    /// Σ BilledCost per currency: what `report monthly` totals for the same days.
    public var billed: [String: Money] = [:]
    /// Unpriced jobs by reason: in the companion file, or in the main file with `includeUnpriced`.
    public var unpriced: [UnpricedReason: Int] = [:]
    /// Rows written to the companion.
    public var companionRows = 0
    /// Queued or in-progress jobs, and failed jobs that are not billed: no charge, no row.
    public var pending = 0
    public var notBilled = 0

    public var unpricedJobs: Int { unpriced.values.reduce(0, +) }
}

/// Writes the FOCUS export of a ledger, streaming: per job in constant memory, per day holding
/// one entry per day and price.
///
/// ListCost is the built-in list price (`listPricer`, the built-in card with no user card),
/// ContractedCost, EffectiveCost and BilledCost the user's card (`pricer`). Where the built-in
/// card has no price for a job the user card prices (another provider, another unit), the list
/// price is the contracted one, so ListCost = ListUnitPrice × PricingQuantity still holds.
public struct FocusExporter {
    public let pricer: Pricer
    public let listPricer: Pricer

    public init(pricer: Pricer) {
        self.pricer = pricer
        listPricer = Pricer(card: EffectiveCard(builtIn: pricer.card.builtIn, user: nil), options: pricer.options)
    }

    /// Writes the header and rows to `sink`, and unpriced jobs to `companion` (same header, empty
    /// costs) unless the request includes them in the main file.
    public func export(_ request: FocusExportRequest, ledger: Ledger, to sink: ExportSink,
                       companion: ExportSink? = nil) throws -> FocusExportSummary {
        var summary = FocusExportSummary()
        let header = ExportCSV.record(FocusColumns.header(request.version, request.aggregation))
        try sink.write(header)
        try companion?.write(header)
        var days: [FocusCharge.Key: FocusCharge] = [:]
        let from = request.days.lowerBound.unixStart
        let to = request.days.upperBound.advanced(by: 1).unixStart
        try ledger.forEachJob(usageFrom: from, to: to, usageDate: pricer.options.usageDate, matching: request.filter) { job in
            guard let charge = charge(for: job, request, &summary) else { return }
            if charge.key.unpriced == nil {
                summary.pricedJobs += 1
                summary.billed[charge.key.currency ?? "", default: .zero] += charge.contractedCost ?? .zero
            }
            switch request.aggregation {
            case .job: try write(charge, request, sink: sink, companion: companion, &summary)
            case .day: days[charge.key, default: FocusCharge(key: charge.key, quantity: 0, jobCount: 0)].add(charge)
            }
        }
        let ordered = days.values.sorted { a, b in
            a.key.day != b.key.day ? a.key.day < b.key.day
                : FocusExporter.order(a.key).lexicographicallyPrecedes(FocusExporter.order(b.key))
        }
        for charge in ordered {
            try write(charge, request, sink: sink, companion: companion, &summary)
        }
        return summary
    }

    private func write(_ charge: FocusCharge, _ request: FocusExportRequest, sink: ExportSink, companion: ExportSink?,
                       _ summary: inout FocusExportSummary) throws {
        let fields = charge.fields(request.version, request.aggregation)
        if charge.key.unpriced == nil || request.includeUnpriced {
            try sink.writeRecord(fields)
            summary.rows += 1
        } else if let companion {
            try companion.writeRecord(fields)
            summary.companionRows += 1
        }
    }

    private static func order(_ key: FocusCharge.Key) -> [String] {
        [key.billingAccountID, key.provider, key.project ?? "", key.model, key.size, key.isBatch ? "1" : "0",
         key.currency ?? "", key.listUnitPrice?.decimalString ?? "", key.contractedUnitPrice?.decimalString ?? "",
         key.unpriced?.rawValue ?? ""]
    }

    /// The charge of one job; nil (counted) for a pending job or a failed one that is not billed.
    func charge(for job: Job, _ request: FocusExportRequest, _ summary: inout FocusExportSummary) -> FocusCharge? {
        let price = pricer.price(job)
        var key = FocusCharge.Key(
            day: price.usageDay,
            billingAccountID: request.billingAccountID ?? job.provider,
            billingAccountName: request.billingAccountName ?? request.billingAccountID ?? job.provider,
            provider: job.provider, project: job.project, model: UsageQuery.baseModel(job.model), size: job.size,
            isBatch: job.isBatch)
        switch price.outcome {
        case .pending:
            summary.pending += 1
            return nil
        case .notBilled:
            summary.notBilled += 1
            return nil
        case .unpriced(let reason, let rate):
            summary.unpriced[reason, default: 0] += 1
            key.unpriced = reason
            key.unit = rate?.entry.unit
            return FocusCharge(key: key, quantity: price.billableSeconds ?? 0, jobCount: 1, job: job)
        case .billed(let charge):
            key.currency = charge.currency
            key.unit = charge.rate.entry.unit
            key.contractedUnitPrice = charge.unitRate
            var list = (unit: charge.unitRate, cost: charge.amount)
            if case .billed(let listed) = listPricer.price(job).outcome, listed.currency == charge.currency,
               listed.quantity == charge.quantity, listed.rate.entry.unit == charge.rate.entry.unit {
                list = (listed.unitRate, listed.amount)
            }
            key.listUnitPrice = list.unit
            return FocusCharge(key: key, quantity: charge.quantity, listCost: list.cost, contractedCost: charge.amount,
                               jobCount: 1, job: job)
        }
    }
}
