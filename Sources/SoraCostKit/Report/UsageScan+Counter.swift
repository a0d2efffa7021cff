import Foundation

extension UsageScan {
    /// Counts rows into groups: the per-row half of a scan, before pricing.
    ///
    /// A large scan reads its rows on two threads: the jobs split in two halves by id (and the
    /// rollup's rows, if it reads any, in two halves by hour), each half read on a connection of
    /// its own and counted by a counter of its own, then the second counter's groups are
    /// renumbered into the first's texts and added (`merge`). Counts add
    /// up, so the groups are exactly those of one counter reading every row. Each connection reads
    /// its own snapshot of the ledger: when another process committed while the two halves were
    /// read (an import beside the report), they may show two moments, so the whole scan is read
    /// again on one connection, one snapshot: totals never mix two states of the ledger.
    struct Counter {
        /// From this many rows (the jobs' id span), a scan reads on two threads.
        static let splitAt: Int64 = 200_000

        let parts: [Part]
        /// By part, the key columns it reads (the others stay 0).
        let partColumns: [[Int]]
        /// The groups, their counts and the stitched seconds of their extensions without a
        /// recorded segment.
        private(set) var groups = CellTable()
        private(set) var failures: [FailureKey: (jobs: Int, seconds: Int)] = [:]
        private(set) var texts: ScanTexts
        // By interned id, the length a kind bills (`BilledLength`) and whether a status is failed.
        private var billedLength: [BilledLength] = [.seconds]
        private var isFailed: [Bool] = [false]

        init(parts: [Part], columns: [ReportDimension]) {
            self.parts = parts
            partColumns = parts.map { part in columns.indices.filter { part.dimensions.contains(columns[$0]) } }
            texts = ScanTexts(keyColumns: columns.count)
        }

        /// Every row of `request` counted (none when its range is empty), and the rows of the
        /// `usage_hours` rollup for the instants `hours`, on two threads when the ledger is a file
        /// of at least `splitAt` jobs and the machine has two cores.
        static func count(_ ledger: Ledger, _ request: UsageRowRequest, hours: [Range<Int64>], parts: [Part],
                          columns: [ReportDimension], splitAt: Int64) throws -> Counter {
            var counter = Counter(parts: parts, columns: columns)
            let readsJobs = request.from < request.to
            guard readsJobs, ProcessInfo.processInfo.activeProcessorCount > 1, let ids = try ledger.jobIDSpan(),
                  ids.upperBound - ids.lowerBound + 1 >= splitAt, let reader = try ledger.secondReader() else {
                try ledger.onOneSnapshot { try counter.read(ledger, hours: hours, jobs: readsJobs ? request : nil) }
                return counter
            }
            let version = try ledger.dataVersion()
            // Each thread reads half of the jobs (by id) and half of the rollup's hours.
            let middle = ids.lowerBound + (ids.upperBound - ids.lowerBound) / 2
            var first = request, second = request
            first.ids = ids.lowerBound...middle
            second.ids = (middle + 1)...ids.upperBound
            var firstHours: [Range<Int64>] = [], secondHours: [Range<Int64>] = []
            for range in hours {
                let middle = range.lowerBound + (range.upperBound - range.lowerBound) / 7_200 * 3_600
                firstHours.append(range.lowerBound..<middle)
                secondHours.append(middle..<range.upperBound)
            }
            let other = Worker(counter: Counter(parts: parts, columns: columns), ledger: reader, hours: secondHours,
                               request: second)
            let group = DispatchGroup()
            DispatchQueue.global(qos: .userInitiated).async(group: group) { other.run() }
            var failure: (any Error)?
            do {
                try counter.read(ledger, hours: firstHours, jobs: first)
            } catch {
                failure = error
            }
            group.wait()
            if let failure { throw failure }
            try other.result.get()
            guard try ledger.dataVersion() == version else {
                var again = Counter(parts: parts, columns: columns)
                try ledger.onOneSnapshot { try again.read(ledger, hours: hours, jobs: request) }
                return again
            }
            counter.merge(other.counter)
            return counter
        }

        /// Counts the rollup's rows of the instants `hours` and the jobs of `jobs` when given.
        mutating func read(_ ledger: Ledger, hours: [Range<Int64>], jobs: UsageRowRequest?) throws {
            for range in hours where !range.isEmpty {
                try ledger.forEachUsageHour(from: range.lowerBound, to: range.upperBound) { add($0) }
            }
            if let jobs { try ledger.forEachUsageRow(jobs) { add($0) } }
        }

        /// Counts one job into its group (and its failure, if its part counts failures).
        mutating func add(_ row: UsageRowCursor) {
            guard let (part, index, kind, status) = group(of: row) else { return }
            // Counted as `UsageCounts.add(_:)` counts a job (`UsageGroup.billableSeconds(of:)`).
            let seconds = row.seconds
            switch billedLength[Int(kind)] {
            case .seconds:
                groups.counts[index].add(seconds: seconds)
            case .segmentSeconds:
                if let segment = row.segmentSeconds {
                    groups.counts[index].add(seconds: segment)
                } else {
                    groups.counts[index].addExtensionWithoutSegment()
                    groups.stitched[index] += seconds
                }
            }
            if parts[part].countsFailures, isFailed[Int(status)] {
                let key = FailureKey(part: part, code: texts.errorCodes.id(of: row.errorCode))
                failures[key, default: (0, 0)].jobs += 1
                failures[key, default: (0, 0)].seconds += seconds
            }
        }

        /// Counts one row of the `usage_hours` rollup into its group: its jobs, each as `add(_:)`
        /// counts a job. Only parts that read no key column and count no failure are read from
        /// the rollup (`UsageScan.countsByHour`).
        mutating func add(_ row: UsageHourCursor) {
            guard let (_, index, kind, _) = group(of: row) else { return }
            let unsegmented = row.jobs - row.segmented
            switch billedLength[Int(kind)] {
            case .seconds:
                groups.counts[index].add(jobs: row.jobs, seconds: row.seconds)
            case .segmentSeconds:
                groups.counts[index].add(jobs: row.segmented, seconds: row.segmentSeconds)
                groups.counts[index].addExtensionsWithoutSegment(unsegmented)
                groups.stitched[index] += row.seconds - row.segmentedSeconds
            }
        }

        /// The part, group index, kind id and status id of a job or a rollup row; nil when its
        /// instant is in no part.
        private mutating func group(of row: some UsageGroupRow) -> (part: Int, index: Int, kind: Int32, status: Int32)? {
            let instant = row.instant
            guard let part = parts.firstIndex(where: { instant < $0.to }), instant >= parts[part].from else { return nil }
            let kind = texts.kinds.id(of: row.kind)
            while billedLength.count <= Int(kind) {
                let text = texts.kinds.values[billedLength.count] ?? ""
                billedLength.append(BilledLength.of(RequestKind(rawValue: text) ?? .create))
            }
            let status = texts.statuses.id(of: row.status)
            while isFailed.count <= Int(status) {
                isFailed.append(JobStatus(rawValue: texts.statuses.values[isFailed.count] ?? "") == .failed)
            }
            var cell = Cell(
                usageDay: Int32(instant / 86_400), localDay: Int32(parts[part].localDay(instant)),
                provider: texts.providers.id(of: row.provider), model: texts.models.id(of: row.model),
                status: status, kind: kind, part: Int16(part), isBatch: row.isBatch,
                width: row.width, height: row.height, keys: SIMD4(), moreKeys: [])
            for column in partColumns[part] {
                cell.setKey(column, texts.keyTexts[column].id(of: row.key(column)))
            }
            return (part, groups.index(of: cell), kind, status)
        }

        /// Adds `other`'s groups and failures, its texts renumbered into this counter's.
        mutating func merge(_ other: Counter) {
            /// For each id of `theirs`, the id of the same text in `mine` (added if new).
            func ids(_ mine: inout TextInterner, for theirs: TextInterner) -> [Int32] {
                theirs.values.indices.map { mine.id(of: Int32($0), in: theirs) }
            }
            let provider = ids(&texts.providers, for: other.texts.providers)
            let model = ids(&texts.models, for: other.texts.models)
            let status = ids(&texts.statuses, for: other.texts.statuses)
            let kind = ids(&texts.kinds, for: other.texts.kinds)
            let code = ids(&texts.errorCodes, for: other.texts.errorCodes)
            let key = texts.keyTexts.indices.map { column in ids(&texts.keyTexts[column], for: other.texts.keyTexts[column]) }
            func renumbered(_ cell: Cell) -> Cell {
                var cell = cell
                cell.provider = provider[Int(cell.provider)]
                cell.model = model[Int(cell.model)]
                cell.status = status[Int(cell.status)]
                cell.kind = kind[Int(cell.kind)]
                for column in partColumns[Int(cell.part)] { cell.setKey(column, key[column][Int(cell.key(column))]) }
                return cell
            }
            for (theirs, cell) in other.groups.cells.enumerated() {
                let index = groups.index(of: renumbered(cell))
                groups.counts[index].add(other.groups.counts[theirs])
                groups.stitched[index] += other.groups.stitched[theirs]
            }
            for (failure, value) in other.failures {
                let key = FailureKey(part: failure.part, code: code[Int(failure.code)])
                failures[key, default: (0, 0)].jobs += value.jobs
                failures[key, default: (0, 0)].seconds += value.seconds
            }
        }
    }

    /// The second thread's half of a split scan: its own connection and counter.
    private final class Worker: @unchecked Sendable {
        var counter: Counter
        let ledger: Ledger
        let hours: [Range<Int64>]
        let request: UsageRowRequest
        var result: Result<Void, any Error> = .success(())

        init(counter: Counter, ledger: Ledger, hours: [Range<Int64>], request: UsageRowRequest) {
            self.counter = counter
            self.ledger = ledger
            self.hours = hours
            self.request = request
        }

        func run() {
            result = Result { try counter.read(ledger, hours: hours, jobs: request) }
        }
    }
}

/// The groups of a scan: each distinct `Cell` once, in the order first met, with its counts.
struct CellTable {
    private var table = FoldTable<UsageScan.Cell>()
    var cells: [UsageScan.Cell] { table.keys }
    var counts: [UsageCounts] = []
    /// Per group, the stitched seconds of its extensions without a recorded segment, whatever
    /// their status: pricing the group tells whether they count (`UsageMeasures.stitchedSeconds`).
    var stitched: [Int] = []

    /// The index of `cell`, added with zero counts if new.
    mutating func index(of cell: UsageScan.Cell) -> Int {
        let (index, isNew) = table.index(of: cell)
        if isNew {
            counts.append(UsageCounts())
            stitched.append(0)
        }
        return index
    }
}

extension UsageScan.Cell: Folding {}

extension UsageScan.Cell {
    /// Sets key column `column` (the first four in `keys`, further ones in `moreKeys`).
    mutating func setKey(_ column: Int, _ id: Int32) {
        if column < 4 {
            keys[column] = id
        } else {
            while moreKeys.count <= column - 4 { moreKeys.append(0) }
            moreKeys[column - 4] = id
        }
    }
}

private extension UsageCounts {
    mutating func add(seconds: Int) {
        add(jobs: 1, seconds: seconds)
    }

    mutating func add(jobs: Int, seconds: Int) {
        self.jobs += jobs
        self.seconds += seconds
    }

    mutating func addExtensionWithoutSegment() {
        addExtensionsWithoutSegment(1)
    }

    mutating func addExtensionsWithoutSegment(_ count: Int) {
        jobs += count
        extensionsWithoutSegment += count
    }

    mutating func add(_ other: UsageCounts) {
        jobs += other.jobs
        seconds += other.seconds
        extensionsWithoutSegment += other.extensionsWithoutSegment
    }
}
