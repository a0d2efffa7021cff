/// The tables of a scan: its groups summed by the keys and time bucket a table asks for.
extension UsageScan {
    /// The rows of part `part` by `dimensions` and time bucket, sorted by bucket then keys, and
    /// the currency of their costs: what `UsageQuery.run` returns for that period.
    ///
    /// The groups are first summed by the small ids they carry (no String is made per group),
    /// then each sum gets its texts and sums that print alike are added together, so the rows
    /// are exactly those of summing every group by its texts.
    func rows(part: Int, dimensions: [ReportDimension],
              granularity: ReportGranularity) throws -> (rows: [UsageRow], currency: String) {
        struct RowKey: Hashable {
            var bucket: Day?
            var keys: [String?]
        }
        let members = groups[part]
        precondition(dimensions.allSatisfy { dimension in
            !UsageScan.reads(dimension) || members.allSatisfy { parts[$0].dimensions.contains(dimension) }
        }, "a scan part breaks down only by the dimensions it was given")
        let columnOf = dimensions.map { columns.firstIndex(of: $0) }
        var table = FoldTable<IDKey>()
        var sums: [UsageMeasures] = []
        var currencies: Set<String> = []
        var lastCurrency: String?
        cells.withUnsafeBufferPointer { cells in
            for index in partStarts[members.lowerBound]..<partStarts[members.upperBound] {
                if let currency = cells[index].currency, currency != lastCurrency {
                    currencies.insert(currency)
                    lastCurrency = currency
                }
                let cell = cells[index].cell
                var key = IDKey(bucket: granularity.bucket(of: Day(index: Int(cell.localDay)))?.index ?? Int.min)
                for (column, dimension) in zip(columnOf, dimensions) {
                    switch dimension {
                    case .model: key.append(Int64(cell.model))
                    case .size: key.append(Int64(cell.width)); key.append(Int64(cell.height))
                    case .resolution: key.append(Int64(min(cell.width, cell.height)))
                    case .provider: key.append(Int64(cell.provider))
                    case .status: key.append(Int64(cell.status))
                    case .kind: key.append(Int64(cell.kind))
                    case .account, .project, .user, .tag: key.append(Int64(cell.key(column!)))
                    }
                }
                let (sum, isNew) = table.index(of: key)
                if isNew { sums.append(UsageMeasures()) }
                sums[sum].add(cells[index].measures)
            }
        }
        guard currencies.count <= 1 else { throw ReportError.mixedCurrencies(currencies.sorted()) }
        let baseModels = texts.models.values.map { $0.map(UsageQuery.baseModel) }
        var rows: [RowKey: UsageMeasures] = [:]
        for (key, measures) in zip(table.keys, sums) {
            var keys: [String?] = []
            keys.reserveCapacity(dimensions.count)
            var slot = 0
            func next() -> Int {
                defer { slot += 1 }
                return Int(key[slot])
            }
            for (index, dimension) in dimensions.enumerated() {
                switch dimension {
                case .model: keys.append(baseModels[next()])
                case .size: keys.append("\(next())x\(next())")
                case .resolution: keys.append("\(next())p")
                case .provider: keys.append(texts.providers.values[next()])
                case .status: keys.append(texts.statuses.values[next()])
                case .kind: keys.append(texts.kinds.values[next()])
                case .account, .project, .user, .tag: keys.append(texts.keyTexts[columnOf[index]!].values[next()])
                }
            }
            let bucket = key.bucket == Int.min ? nil : Day(index: key.bucket)
            rows[RowKey(bucket: bucket, keys: keys), default: UsageMeasures()].add(measures)
        }
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
        var counts: [Int32: (jobs: Int, seconds: Int)] = [:]
        for (key, value) in failures where groups[part].contains(key.part) {
            counts[key.code, default: (0, 0)].jobs += value.jobs
            counts[key.code, default: (0, 0)].seconds += value.seconds
        }
        return FailureQuery.ordered(counts.map { code, value in
            FailureQuery.Row(code: texts.errorCodes.values[Int(code)], jobs: value.jobs, seconds: value.seconds)
        })
    }
}

/// A row's time bucket and key ids, up to eight in place (more spill into an array), folded
/// into one word like `UsageScan.Cell`.
private struct IDKey: Folding {
    var bucket: Int
    var count = 0
    var slots = SIMD8<Int64>()
    var more: [Int64] = []

    init(bucket: Int) { self.bucket = bucket }

    mutating func append(_ id: Int64) {
        if count < 8 { slots[count] = id } else { more.append(id) }
        count += 1
    }

    subscript(index: Int) -> Int64 { index < 8 ? slots[index] : more[index - 8] }

    var fold: UInt64 {
        var fold = UInt64(bitPattern: Int64(bucket)) &* 0x9E37_79B9_7F4A_7C15
        func mix(_ word: Int64) { WordHash.mix(&fold, UInt64(bitPattern: word)) }
        for index in 0..<min(count, 8) { mix(slots[index]) }
        for word in more { mix(word) }
        return WordHash.finalize(fold)
    }
}
