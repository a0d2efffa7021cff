/// The jobs of one or more consecutive periods, read in a single pass over the ledger, counted per
/// group and priced once; every table of a report is then summed from these groups.
///
/// A group is everything that decides a price (provider, model, size, status, batch, kind and UTC
/// usage day) plus the period it falls in, its local day in the report zone and the values of the
/// key columns its period asks for (project, user, account, tags). SQLite only range-scans the
/// `jobs_by_created` index and hands over the columns; the counting happens here, in a Dictionary
/// keyed by small integers (texts are numbered by a `TextInterner`). Sorting a month's rows by a
/// dozen keys for a SQL `GROUP BY` cost more than reading them, and every table needed its own.
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
            func pair(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }
            var fold: UInt64 = 0
            func mix(_ word: UInt64) {
                fold = (fold ^ word) &* 0x9E37_79B9_7F4A_7C15
                fold ^= fold >> 29
            }
            mix(pair(usageDay, localDay))
            mix(pair(provider, model))
            mix(pair(status, kind))
            mix(pair(Int32(part), isBatch ? 1 : 0))
            mix(UInt64(bitPattern: Int64(width)))
            mix(UInt64(bitPattern: Int64(height)))
            mix(pair(keys[0], keys[1]))
            mix(pair(keys[2], keys[3]))
            hasher.combine(fold)
            if !moreKeys.isEmpty { hasher.combine(moreKeys) }
        }
    }

    let parts: [Part]
    /// The dimensions read from a column of their own (`reads(_:)`), each once.
    let columns: [ReportDimension]
    /// The groups, each with its priced measures and the currency of its cost (nil if unbilled).
    private(set) var cells: [(cell: Cell, measures: UsageMeasures, currency: String?)] = []
    /// Failed jobs per part and error code id: their count and the seconds they asked for.
    private(set) var failures: [FailureKey: (jobs: Int, seconds: Int)] = [:]
    private var providers = TextInterner()
    private var models = TextInterner()
    private var statuses = TextInterner()
    private var kinds = TextInterner()
    private var errorCodes = TextInterner()
    private var keyTexts: [TextInterner]

    struct FailureKey: Hashable {
        var part: Int
        var code: Int32
    }

    /// Whether `dimension` needs a column of its own; the others derive from the price group.
    static func reads(_ dimension: ReportDimension) -> Bool {
        switch dimension {
        case .account, .project, .user, .tag: true
        case .model, .size, .resolution, .provider, .status, .kind: false
        }
    }

    /// Reads and prices the jobs whose usage instant falls in one of `parts`, which must follow
    /// each other in time, in one statement.
    ///
    /// - Parameter condition: SQL on `jobs` restricting the jobs (a budget's scope).
    init(parts: [Part], condition: (sql: String, arguments: [SQLValue])? = nil, ledger: Ledger, pricer: Pricer) throws {
        precondition(!parts.isEmpty && zip(parts, parts.dropFirst()).allSatisfy { $0.to <= $1.from },
                     "scan parts must be in time order")
        self.parts = parts
        var columns: [ReportDimension] = []
        for part in parts {
            for dimension in part.dimensions where UsageScan.reads(dimension) && !columns.contains(dimension) {
                columns.append(dimension)
            }
        }
        self.columns = columns
        keyTexts = Array(repeating: TextInterner(), count: columns.count)

        // The usage instant both places a job in a period and, in whole UTC days, dates its rates.
        let instant = UsageQuery.instantSQL(pricer.options)
        let countsFailures = parts.contains(where: \.countsFailures)
        var select = [instant, "provider", "model", "width", "height", "status", "is_batch", "kind", "seconds",
                      "segment_seconds", countsFailures ? "error_code" : "NULL"]
        var arguments: [SQLValue] = []
        for column in columns {
            let (sql, args) = column.sql
            select.append(sql)
            arguments += args
        }
        let (from, to) = (parts[0].from, parts[parts.count - 1].to)
        let table = try UsageScan.coversMostOfTheLedger(from: from, to: to, instant: instant, ledger: ledger)
            ? "jobs NOT INDEXED" : "jobs"
        var sql = "SELECT " + select.joined(separator: ", ") + " FROM \(table) WHERE \(instant) >= ? AND \(instant) < ?"
        arguments += [.int(from), .int(to)]
        if let condition {
            sql += " AND (\(condition.sql))"
            arguments += condition.arguments
        }
        let statement = try ledger.database.prepare(sql)
        try statement.bind(arguments)
        // Each table page is read once; 2 MiB keeps the index's and table's inner pages.
        let counts = try ledger.database.withCacheSize(kibibytes: 2048) { try count(statement) }
        price(counts, with: pricer)
    }

    /// Whether `from..<to` spans most (3/5) of the ledger's `created_at` range, taking the jobs
    /// as evenly spread over it.
    ///
    /// SQLite range-scans `jobs_by_created` for any range, paying a table lookup per job; over
    /// most of the ledger, reading the table straight through is faster (a year of 1M jobs:
    /// 1.19 s through the index, 0.77 s through the table). Both read the same jobs.
    static func coversMostOfTheLedger(from: Int64, to: Int64, instant: String, ledger: Ledger) throws -> Bool {
        // Only a plain `created_at` can use the index at all. Two queries: SQLite answers a lone
        // min() or max() from the index's ends, but not both in one query.
        guard instant == "created_at",
              let first = try ledger.database.scalarInt("SELECT min(created_at) FROM jobs"),
              let last = try ledger.database.scalarInt("SELECT max(created_at) FROM jobs")
        else { return false }
        let covered = min(to, last + 1) - max(from, first)
        return covered > 0 && covered * 5 >= (last + 1 - first) * 3
    }

    /// Steps through the rows, counting each job into its group (and its failure, if asked).
    private mutating func count(_ statement: Statement) throws -> [Cell: UsageCounts] {
        // By part, the key columns it reads (the others stay 0).
        let partColumns = parts.map { part in columns.indices.filter { part.dimensions.contains(columns[$0]) } }
        var counts: [Cell: UsageCounts] = [:]
        // By interned id, whether the kind is 'extension' and the status 'failed'.
        var isExtension: [Bool] = [false]
        var isFailed: [Bool] = [false]
        let firstKey = Int32(11)
        while try statement.step() {
            let instant = statement.int64(0)
            guard let part = parts.firstIndex(where: { instant < $0.to }), instant >= parts[part].from else { continue }
            let kind = kinds.id(of: statement.textBytes(7))
            while isExtension.count <= Int(kind) { isExtension.append(kinds.id(Int32(isExtension.count), is: "extension")) }
            let status = statuses.id(of: statement.textBytes(5))
            while isFailed.count <= Int(status) { isFailed.append(statuses.id(Int32(isFailed.count), is: "failed")) }
            var cell = Cell(
                usageDay: Int32(instant / 86_400), localDay: Int32(parts[part].localDay(instant)),
                provider: providers.id(of: statement.textBytes(1)), model: models.id(of: statement.textBytes(2)),
                status: status, kind: kind, part: Int16(part), isBatch: statement.int64(6) != 0,
                width: statement.int(3), height: statement.int(4), keys: SIMD4(), moreKeys: [])
            for column in partColumns[part] {
                let id = keyTexts[column].id(of: statement.textBytes(firstKey + Int32(column)))
                if column < 4 {
                    cell.keys[column] = id
                } else {
                    while cell.moreKeys.count <= column - 4 { cell.moreKeys.append(0) }
                    cell.moreKeys[column - 4] = id
                }
            }
            // Counted as `UsageGroup.billableSecondsSQL` and `extensionWithoutSegmentSQL` count.
            let seconds = statement.int(8)
            if !isExtension[Int(kind)] {
                counts[cell, default: UsageCounts()].add(seconds: seconds)
            } else if statement.isNull(9) {
                counts[cell, default: UsageCounts()].addExtensionWithoutSegment()
            } else {
                counts[cell, default: UsageCounts()].add(seconds: statement.int(9))
            }
            if parts[part].countsFailures, isFailed[Int(status)] {
                let key = FailureKey(part: part, code: errorCodes.id(of: statement.textBytes(10)))
                failures[key, default: (0, 0)].jobs += 1
                failures[key, default: (0, 0)].seconds += seconds
            }
        }
        statement.reset()
        return counts
    }

    /// Prices every group once, as `UsageQuery` has always priced its SQL groups.
    private mutating func price(_ counts: [Cell: UsageCounts], with pricer: Pricer) {
        let statusByID = statuses.values.map { JobStatus(rawValue: $0 ?? "") ?? .queued }
        let kindByID = kinds.values.map { RequestKind(rawValue: $0 ?? "") ?? .create }
        let modelNames = models.values.map { ModelName($0 ?? "") }
        // Groups differ by much more than the rate card looks at; ask it once per question.
        struct Question: Hashable {
            var provider: Int32
            var model: Int32
            var width: Int
            var height: Int
            var usageDay: Int32
        }
        var answers: [Question: RateLookup] = [:]
        cells.reserveCapacity(counts.count)
        for (cell, counts) in counts {
            let group = UsageGroup(
                provider: providers.values[Int(cell.provider)] ?? "", model: models.values[Int(cell.model)] ?? "",
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
            var measures = UsageMeasures()
            measures.add(price, jobs: counts.jobs)
            cells.append((cell, measures, price.currency))
        }
    }

    // MARK: Tables

    /// The rows of part `part` by `dimensions` and time bucket, sorted by bucket then keys, and
    /// the currency of their costs: what `UsageQuery.run` returns for that period.
    func rows(part: Int, dimensions: [ReportDimension],
              granularity: ReportGranularity) throws -> (rows: [UsageRow], currency: String) {
        struct RowKey: Hashable {
            var bucket: Day?
            var keys: [String?]
        }
        precondition(dimensions.allSatisfy { !UsageScan.reads($0) || parts[part].dimensions.contains($0) },
                     "a scan part breaks down only by the dimensions it was given")
        let baseModels = models.values.map { $0.map(UsageQuery.baseModel) }
        let columnOf = dimensions.map { columns.firstIndex(of: $0) }
        var rows: [RowKey: UsageMeasures] = [:]
        var currencies: Set<String> = []
        for (cell, measures, currency) in cells where Int(cell.part) == part {
            if let currency { currencies.insert(currency) }
            var keys: [String?] = []
            keys.reserveCapacity(dimensions.count)
            for (index, dimension) in dimensions.enumerated() {
                switch dimension {
                case .model: keys.append(baseModels[Int(cell.model)])
                case .size: keys.append("\(cell.width)x\(cell.height)")
                case .resolution: keys.append("\(min(cell.width, cell.height))p")
                case .provider: keys.append(providers.values[Int(cell.provider)])
                case .status: keys.append(statuses.values[Int(cell.status)])
                case .kind: keys.append(kinds.values[Int(cell.kind)])
                case .account, .project, .user, .tag:
                    let column = columnOf[index]!
                    keys.append(keyTexts[column].values[Int(cell.key(column))])
                }
            }
            let key = RowKey(bucket: granularity.bucket(of: Day(index: Int(cell.localDay))), keys: keys)
            rows[key, default: UsageMeasures()].add(measures)
        }
        guard currencies.count <= 1 else { throw ReportError.mixedCurrencies(currencies.sorted()) }
        let sorted = rows.map { UsageRow(bucket: $0.key.bucket, keys: $0.key.keys, measures: $0.value) }
            .sorted { a, b in
                if a.bucket != b.bucket { return (a.bucket?.index ?? 0) < (b.bucket?.index ?? 0) }
                return a.keys.lexicographicallyPrecedes(b.keys) { ($0 ?? "") < ($1 ?? "") }
            }
        return (sorted, currencies.first ?? "USD")
    }

    /// The failed jobs of part `part` by error code, in `FailureQuery`'s order; needs
    /// `countsFailures`.
    func failureRows(part: Int) -> [FailureQuery.Row] {
        FailureQuery.ordered(failures.compactMap { key, value in
            key.part == part ? FailureQuery.Row(code: errorCodes.values[Int(key.code)], jobs: value.jobs,
                                                seconds: value.seconds) : nil
        })
    }
}

private extension UsageCounts {
    mutating func add(seconds: Int) {
        jobs += 1
        self.seconds += seconds
    }

    mutating func addExtensionWithoutSegment() {
        jobs += 1
        extensionsWithoutSegment += 1
    }
}
