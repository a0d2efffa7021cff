/// The `usage_hours` rollup (schema step 8): the jobs counted per UTC hour of creation and price
/// group, so a report reads a year of history in a few hundred thousand rows instead of every job.
///
/// It is kept in step with `jobs` by the one writer of jobs (`JobWriter`), in the same
/// transactions: each change is summed here in memory and written just before the commit
/// (`PendingWrites`), so a kill at any moment leaves the two agreeing. A row holds what a report
/// counts of a job (`UsageScan.Counter`): the jobs, their seconds, and of those with a recorded
/// segment their count, their seconds and their segment seconds.
final class UsageHours {
    /// A row's key: the hour and every column that decides a price, the texts by number
    /// (`names`), so a job's key is hashed and compared as a few words.
    struct Key: Folding {
        var hour: Int64
        /// The provider and model, numbered by `UsageHours.number(provider:model:)`.
        var names: Int32
        var width: Int
        var height: Int
        var status: JobStatus
        var isBatch: Bool
        var kind: RequestKind

        var fold: UInt64 {
            var fold: UInt64 = 0
            WordHash.mix(&fold, UInt64(bitPattern: hour))
            WordHash.mix(&fold, UInt64(UInt32(truncatingIfNeeded: width)) << 32 | UInt64(UInt32(truncatingIfNeeded: height)))
            WordHash.mix(&fold, UInt64(UInt32(bitPattern: names)) << 32 | UInt64(status.code) | UInt64(kind.code) << 8
                | (isBatch ? 1 << 16 : 0))
            return WordHash.finalize(fold)
        }
    }

    /// A provider and model, as the ledger stores them.
    private struct Names: Hashable {
        var provider: String
        var model: String
    }

    /// A row's counts, or a change to them.
    struct Counts: Equatable {
        var jobs: Int64 = 0
        var seconds: Int64 = 0
        var segmented: Int64 = 0
        var segmentedSeconds: Int64 = 0
        var segmentSeconds: Int64 = 0

        var isZero: Bool { self == Counts() }
    }

    private let database: Database
    /// The keys changed since the last flush, and the change of each (`changes[i]` is `keys.keys[i]`'s).
    private var keys = FoldTable<Key>()
    private var changes: [Counts] = []
    /// The providers and models met, numbered in the order met (kept across flushes).
    private var names: [Names] = []
    private var numbers: [Names: Int32] = [:]
    private var lastNames: Int32 = -1
    private var upsert: Statement?
    private var deleteEmpty: Statement?

    init(database: Database) {
        self.database = database
    }

    /// The hour of `instant` (Unix seconds), rounded down.
    static func hour(of instant: Int64) -> Int64 {
        instant >= 0 ? instant / 3600 : -((-instant + 3599) / 3600)
    }

    /// The same in SQL, over the `jobs` column `created_at`.
    static let hourSQL = "(CASE WHEN created_at >= 0 THEN created_at / 3600 ELSE -((3599 - created_at) / 3600) END)"

    /// The rollup's rows computed from `jobs` (for the migration, and to check the table).
    static let fromJobsSQL = """
        SELECT \(hourSQL) AS hour, provider, model, width, height, status, is_batch, kind,
            COUNT(*) AS jobs, SUM(seconds) AS seconds, COUNT(segment_seconds) AS segmented,
            COALESCE(SUM(CASE WHEN segment_seconds IS NOT NULL THEN seconds END), 0) AS segmented_seconds,
            COALESCE(SUM(segment_seconds), 0) AS segment_seconds
        FROM jobs GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
        """

    /// Whether `a` and `b` count alike: in the same row, with the same segment.
    static func countAlike(_ a: borrowing Job, _ b: borrowing Job) -> Bool {
        hour(of: a.createdAt) == hour(of: b.createdAt) && a.provider == b.provider && a.model == b.model
            && a.width == b.width && a.height == b.height && a.status == b.status && a.isBatch == b.isBatch
            && a.kind == b.kind && a.seconds == b.seconds && a.segmentSeconds == b.segmentSeconds
    }

    /// Counts `job` in (`sign` 1) or out (`sign` -1) of its row.
    func add(_ job: borrowing Job, sign: Int64) {
        let key = Key(hour: UsageHours.hour(of: job.createdAt), names: number(provider: job.provider, model: job.model),
                      width: job.width, height: job.height, status: job.status, isBatch: job.isBatch, kind: job.kind)
        let (index, isNew) = keys.index(of: key)
        if isNew { changes.append(Counts()) }
        let seconds = Int64(job.seconds)
        changes[index].add(jobs: sign, seconds: sign * seconds,
                                             segment: job.segmentSeconds.map { sign * Int64($0) }, sign: sign)
    }

    /// The number of a provider and model: the last job's, else one of the few met so far, else
    /// a dictionary's (a ledger of many distinct models costs a hash per job, never a long search).
    private func number(provider: String, model: String) -> Int32 {
        func matches(_ number: Int32) -> Bool {
            names[Int(number)].model == model && names[Int(number)].provider == provider
        }
        if lastNames >= 0, matches(lastNames) { return lastNames }
        if names.count <= 8, let found = names.indices.first(where: { matches(Int32($0)) }) {
            lastNames = Int32(found)
            return lastNames
        }
        let pair = Names(provider: provider, model: model)
        if let found = numbers[pair] {
            lastNames = found
            return found
        }
        lastNames = Int32(names.count)
        names.append(pair)
        numbers[pair] = lastNames
        return lastNames
    }

    /// Writes the changes summed so far (inside the transaction that made them).
    func flush() throws {
        guard !changes.isEmpty else { return }
        let upsert = try self.upsert ?? database.prepare("""
            INSERT INTO usage_hours (hour, provider, model, width, height, status, is_batch, kind, jobs, seconds,
                segmented, segmented_seconds, segment_seconds)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
            ON CONFLICT (hour, provider, model, width, height, status, is_batch, kind) DO UPDATE SET
                jobs = jobs + excluded.jobs, seconds = seconds + excluded.seconds,
                segmented = segmented + excluded.segmented,
                segmented_seconds = segmented_seconds + excluded.segmented_seconds,
                segment_seconds = segment_seconds + excluded.segment_seconds
            """)
        self.upsert = upsert
        // In key order, so the upserts walk the table's pages in order.
        let order = keys.keys.indices.sorted { precedes(keys.keys[$0], keys.keys[$1]) }
        for index in order where !changes[index].isZero {
            let (key, counts) = (keys.keys[index], changes[index])
            let values = keyValues(key) + [.int(counts.jobs), .int(counts.seconds), .int(counts.segmented),
                                             .int(counts.segmentedSeconds), .int(counts.segmentSeconds)]
            try upsert.run(values)
            if counts.jobs < 0 {
                // A job that left its row (its status moved on) may have been the row's last.
                let delete = try deleteEmpty ?? database.prepare("""
                    DELETE FROM usage_hours WHERE hour = ?1 AND provider = ?2 AND model = ?3 AND width = ?4
                        AND height = ?5 AND status = ?6 AND is_batch = ?7 AND kind = ?8 AND jobs = 0
                    """)
                deleteEmpty = delete
                try delete.run(keyValues(key))
            }
        }
        discard()
    }

    /// Forgets the changes (their transaction rolled back).
    func discard() {
        keys.removeAll()
        changes.removeAll(keepingCapacity: true)
        // The numbers only name the keys of one flush: a ledger of many models starts afresh.
        if names.count > 1024 {
            names.removeAll()
            numbers.removeAll()
            lastNames = -1
        }
    }

    /// The table's key order, near enough: by hour, then by the texts.
    private func precedes(_ a: Key, _ b: Key) -> Bool {
        (a.hour, names[Int(a.names)].provider, names[Int(a.names)].model)
            < (b.hour, names[Int(b.names)].provider, names[Int(b.names)].model)
    }

    private func keyValues(_ key: Key) -> [SQLValue] {
        let names = names[Int(key.names)]
        return [.int(key.hour), .text(names.provider), .text(names.model), .int(Int64(key.width)), .int(Int64(key.height)),
         .text(key.status.rawValue), .int(key.isBatch ? 1 : 0), .text(key.kind.rawValue)]
    }
}

private extension JobStatus {
    /// A small number of its own for each status (for `UsageHours.Key.fold`).
    var code: UInt8 {
        switch self {
        case .queued: 0
        case .inProgress: 1
        case .completed: 2
        case .failed: 3
        }
    }
}

private extension RequestKind {
    var code: UInt8 {
        switch self {
        case .create: 0
        case .remix: 1
        case .edit: 2
        case .extension: 3
        }
    }
}

private extension UsageHours.Counts {
    mutating func add(jobs: Int64, seconds: Int64, segment: Int64?, sign: Int64) {
        self.jobs += jobs
        self.seconds += seconds
        if let segment {
            segmented += sign
            segmentedSeconds += seconds
            segmentSeconds += segment
        }
    }
}
