/// The jobs of one or more consecutive periods, read in a single pass over the ledger, counted per
/// group and priced once; every table of a report is then summed from these groups.
///
/// A group is everything that decides a price (provider, model, size, status, batch, kind and UTC
/// usage day) plus the period it falls in, its local day in the report zone and the values of the
/// key columns its period asks for (project, user, account, tags). SQLite only range-scans the
/// `jobs_by_created` index and hands over the columns; the counting happens here, in a Dictionary
/// keyed by small integers (texts are numbered by a `TextInterner`). Sorting a month's rows by a
/// dozen keys for a grouping in SQL cost more than reading them, and every table needed its own.
///
/// Pricing is linear within a price group (`cost == unitRate × units`, counts add up), so pricing
/// these finer groups and summing them gives exactly the amounts of pricing any coarser grouping.
struct UsageScan {
    /// One period: instants `from..<to` (Unix seconds), the zone's UTC offsets over it, and what
    /// its tables will be broken down by.
    struct Part {
        var from: Int64
        var to: Int64
        /// From each start on, the offset holds (`ReportZone.offsetSegments`).
        var segments: [(start: Int64, offset: Int)]
        /// The keys `rows(part:dimensions:granularity:)` may ask for, in any order.
        var dimensions: [ReportDimension]
        /// Whether to count failed jobs by error code (`failureRows(part:)`).
        var countsFailures: Bool

        init(days: ClosedRange<Day>, zone: ReportZone, dimensions: [ReportDimension], countsFailures: Bool = false) {
            self.init(from: zone.start(of: days.lowerBound), to: zone.start(of: days.upperBound.advanced(by: 1)),
                      zone: zone, dimensions: dimensions, countsFailures: countsFailures)
        }

        init(from: Int64, to: Int64, zone: ReportZone, dimensions: [ReportDimension], countsFailures: Bool = false) {
            self.from = from
            self.to = to
            segments = zone.offsetSegments(from: from, to: to)
            self.dimensions = dimensions
            self.countsFailures = countsFailures
        }

        /// This part without the jobs after `cut` (Unix seconds, inclusive); nil keeps it whole.
        func cut(at cut: Int64?) -> Part {
            guard let cut, cut + 1 < to else { return self }
            var part = self
            part.to = max(from, cut + 1)
            part.segments = segments.filter { $0.start < part.to }
            if part.segments.isEmpty { part.segments = Array(segments.prefix(1)) }
            return part
        }

        /// The local day index of `instant`: the instant plus the offset in force, in whole days
        /// (truncated, as SQLite divides; instants are never negative).
        func localDay(_ instant: Int64) -> Int {
            var offset = segments[0].offset
            for segment in segments.dropFirst() {
                guard instant >= segment.start else { break }
                offset = segment.offset
            }
            return Int((instant + Int64(offset)) / 86_400)
        }
    }

    /// A group. Texts are interned ids (`TextInterner`); `keys` holds the first four key columns
    /// (0 where the part does not break down by one) and `moreKeys` any further ones, so the
    /// common case hashes a few words and allocates nothing.
    struct Cell: Hashable {
        var usageDay: Int32
        var localDay: Int32
        var provider: Int32
        var model: Int32
        var status: Int32
        var kind: Int32
        var part: Int16
        var isBatch: Bool
        var width: Int
        var height: Int
        var keys: SIMD4<Int32>
        var moreKeys: [Int32]

        func key(_ column: Int) -> Int32 {
            column < 4 ? keys[column] : moreKeys[column - 4]
        }

        /// The fields folded into one word first: the Hasher is the costly part of a lookup done
        /// for every row, and a fold of small ids loses nothing that matters to the table.
        func hash(into hasher: inout Hasher) {
            hasher.combine(fold)
        }

        /// The fields folded into one well-mixed word.
        var fold: UInt64 {
            func pair(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }
            var fold: UInt64 = 0
            func mix(_ word: UInt64) { WordHash.mix(&fold, word) }
            mix(pair(usageDay, localDay))
            mix(pair(provider, model))
            mix(pair(status, kind))
            mix(pair(Int32(part), isBatch ? 1 : 0))
            mix(UInt64(bitPattern: Int64(width)))
            mix(UInt64(bitPattern: Int64(height)))
            mix(pair(keys[0], keys[1]))
            mix(pair(keys[2], keys[3]))
            for key in moreKeys { mix(UInt64(UInt32(bitPattern: key))) }
            return WordHash.finalize(fold)
        }
    }

    let parts: [Part]
    /// What `rows(part:…)` and `failureRows(part:)` call part `n`: a run of consecutive `parts`,
    /// one each unless `grouped(_:)` joined some (a shared scan read ahead for several queries).
    private(set) var groups: [Range<Int>]
    /// The dimensions read from a column of their own (`reads(_:)`), each once.
    let columns: [ReportDimension]
    /// The groups, each with its priced measures and the currency of its cost (nil if unbilled).
    private(set) var cells: [(cell: Cell, measures: UsageMeasures, currency: String?)] = []
    /// Where each part's groups start in `cells` (they are in part order), and `cells.count`.
    private(set) var partStarts: [Int] = []
    /// With `keepsPrices`, the price of every group, in `cells` order (empty otherwise).
    private(set) var prices: [GroupPrice] = []
    /// With `keepsPrices`, the counts each group was priced from, in `cells` order, so a caller
    /// can price the same groups again (`HistoryRepricing`).
    private(set) var counts: [UsageCounts] = []
    /// Failed jobs per part and error code id: their count and the seconds they asked for.
    private(set) var failures: [FailureKey: (jobs: Int, seconds: Int)] = [:]
    /// The texts of the groups' ids.
    private(set) var texts: ScanTexts

    struct FailureKey: Hashable {
        var part: Int
        var code: Int32
    }

    /// Whether `part`'s jobs can be counted from the `usage_hours` rollup (every job of one UTC
    /// hour of creation then falls in one group): it reads no key column and counts no failure,
    /// starts and ends on whole hours (after 1970-01-03, so no local day is before 1970), and
    /// the zone's offsets over it are whole hours changing on whole hours. The caller checks
    /// that the usage instant is the creation time and that no filter applies.
    static func countsByHour(_ part: Part) -> Bool {
        !part.countsFailures && !part.dimensions.contains(where: reads)
            && part.from >= 2 * 86_400 && part.from % 3600 == 0 && part.to % 3600 == 0
            && part.segments.allSatisfy { $0.offset % 3600 == 0 && ($0.start <= part.from || $0.start % 3600 == 0) }
    }

    /// Whether `dimension` needs a column of its own; the others derive from the price group.
    static func reads(_ dimension: ReportDimension) -> Bool {
        switch dimension {
        case .account, .project, .user, .tag: true
        case .model, .size, .resolution, .provider, .status, .kind: false
        }
    }

    /// Reads and prices the jobs whose usage instant falls in one of `parts`, which must follow
    /// each other in time, in one pass over the ledger.
    ///
    /// - Parameter filter: the jobs that count (a budget's scope); nil for every job.
    /// - Parameter keepsPrices: whether to keep each group's full price (`prices`).
    /// - Parameter splitAt: from how many rows (by job id span) the rows are read on two threads,
    ///   each half on its own connection (`Counter.count`).
    /// - Parameter readsHours: whether the leading and trailing parts `countsByHour` allows are
    ///   counted from the `usage_hours` rollup (false reads every job, as the tests compare).
    init(parts: [Part], filter: JobFilter? = nil, ledger: Ledger, pricer: Pricer, keepsPrices: Bool = false,
         splitAt: Int64 = Counter.splitAt, readsHours: Bool = true) throws {
        precondition(!parts.isEmpty && zip(parts, parts.dropFirst()).allSatisfy { $0.to <= $1.from },
                     "scan parts must be in time order")
        self.parts = parts
        groups = parts.indices.map { $0..<($0 + 1) }
        var columns: [ReportDimension] = []
        for part in parts {
            for dimension in part.dimensions where UsageScan.reads(dimension) && !columns.contains(dimension) {
                columns.append(dimension)
            }
        }
        self.columns = columns
        texts = ScanTexts(keyColumns: columns.count)
        // The leading and trailing parts the rollup can count (by creation hour) are read from it
        // (a review's older history, and a forecast's days after the month), the jobs of the rest.
        let byHour = readsHours && filter == nil && pricer.options.usageDate.instants == [.createdAt]
        let leading = byHour ? parts.prefix(while: UsageScan.countsByHour).count : 0
        let trailing = byHour && leading < parts.count ? parts.reversed().prefix(while: UsageScan.countsByHour).count : 0
        var hours: [Range<Int64>] = []
        if leading > 0 { hours.append(parts[0].from..<parts[leading - 1].to) }
        if trailing > 0 { hours.append(parts[parts.count - trailing].from..<parts[parts.count - 1].to) }
        let jobs = leading < parts.count
            ? parts[leading].from..<parts[parts.count - 1 - trailing].to : parts[0].from..<parts[0].from
        // The usage instant both places a job in a period and, in whole UTC days, dates its rates.
        let request = UsageRowRequest(
            from: jobs.lowerBound, to: jobs.upperBound, usageDate: pricer.options.usageDate,
            keys: columns.map { $0.usageKey! }, readsErrorCode: parts.contains(where: \.countsFailures), filter: filter)
        let counter = try Counter.count(ledger, request, hours: hours, parts: parts, columns: columns, splitAt: splitAt)
        texts = counter.texts
        failures = counter.failures
        try price(counter.groups, with: pricer, keepsPrices: keepsPrices)
    }

    /// Prices every group once, as `UsageQuery` has always priced its SQL groups.
    ///
    /// Throws `MoneyOverflow` when a group's cost, or the sum of every group's cost in a
    /// currency, does not fit: costs are never negative, so every total a report, status,
    /// forecast or budget makes of these groups then fits too.
    private mutating func price(_ groups: CellTable, with pricer: Pricer, keepsPrices: Bool) throws {
        let statusByID = texts.statuses.values.map { JobStatus(rawValue: $0 ?? "") ?? .queued }
        let kindByID = texts.kinds.values.map { RequestKind(rawValue: $0 ?? "") ?? .create }
        let modelNames = texts.models.values.map { ModelName($0 ?? "") }
        // Groups differ by much more than the rate card looks at; ask it once per question.
        struct Question: Hashable {
            var provider: Int32
            var model: Int32
            var width: Int
            var height: Int
            var usageDay: Int32
        }
        var answers: [Question: RateLookup] = [:]
        var totals: [String: Money] = [:]
        // Grouped by part, so a table of some parts reads only their groups (`partStarts`).
        var byPart = parts.map { _ in [Int]() }
        for (index, cell) in groups.cells.enumerated() { byPart[Int(cell.part)].append(index) }
        cells.reserveCapacity(groups.cells.count)
        partStarts = byPart.reduce(into: [0]) { starts, part in starts.append(starts[starts.count - 1] + part.count) }
        for index in byPart.joined() {
            let (cell, counts) = (groups.cells[index], groups.counts[index])
            let group = UsageGroup(
                provider: texts.providers.values[Int(cell.provider)] ?? "", model: texts.models.values[Int(cell.model)] ?? "",
                width: cell.width, height: cell.height, status: statusByID[Int(cell.status)], isBatch: cell.isBatch,
                kind: kindByID[Int(cell.kind)], usageDay: Day(index: Int(cell.usageDay)))
            let price = pricer.price(group: group, jobs: counts.jobs, seconds: counts.seconds,
                                     extensionsWithoutSegment: counts.extensionsWithoutSegment) {
                let question = Question(provider: cell.provider, model: cell.model, width: cell.width,
                                        height: cell.height, usageDay: cell.usageDay)
                if let answer = answers[question] { return answer }
                let answer = pricer.card.lookup(provider: group.provider, model: modelNames[Int(cell.model)],
                                                width: group.width, height: group.height, on: group.usageDay)
                answers[question] = answer
                return answer
            }
            if let currency = price.currency {
                totals[currency, default: .zero] += price.cost
                _ = try totals[currency, default: .zero].checked("the cost of the \(group.model) jobs of \(group.usageDay)")
            }
            var measures = UsageMeasures()
            measures.add(price, jobs: counts.jobs)
            // Only extensions the price left unpriced for want of a segment (billable, at a
            // per-second rate) could bill their stitched length: not pending, unbilled failed or
            // per-generation ones, nor those of a model without a rate.
            if price.unpriced[.extensionSegmentUnknown] != nil { measures.stitchedSeconds = groups.stitched[index] }
            cells.append((cell, measures, price.currency))
            if keepsPrices {
                prices.append(price)
                self.counts.append(counts)
            }
        }
    }

    /// This scan with its parts renumbered: part `n` of `rows(part:…)` and `failureRows(part:)`
    /// is the run `groups[n]` of the parts it was read with. A scan read ahead for several
    /// queries (`SharedUsageScan`) hands each reader its parts under the numbers it expects.
    func grouped(_ groups: [Range<Int>]) -> UsageScan {
        precondition(groups.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= parts.count }, "no such scan part")
        var scan = self
        scan.groups = groups
        return scan
    }

    /// The text of `dimension` (one read from its own column) for `cell`; nil where the job has none.
    func keyText(_ cell: Cell, _ dimension: ReportDimension) -> String? {
        guard let column = columns.firstIndex(of: dimension) else { return nil }
        return texts.keyTexts[column].values[Int(cell.key(column))]
    }
}

/// The texts a scan numbers (`TextInterner`): of the price columns, the error codes and each key
/// column it reads.
struct ScanTexts {
    var providers = TextInterner()
    var models = TextInterner()
    var statuses = TextInterner()
    var kinds = TextInterner()
    var errorCodes = TextInterner()
    var keyTexts: [TextInterner]

    init(keyColumns: Int) {
        keyTexts = Array(repeating: TextInterner(), count: keyColumns)
    }
}
