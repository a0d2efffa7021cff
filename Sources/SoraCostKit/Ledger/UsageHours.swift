/// The `usage_hours` rollup (schema step 8): the jobs counted per UTC hour of creation and price
/// group, so a report reads a year of history in a few hundred thousand rows instead of every job.
///
/// It is kept in step with `jobs` by the one writer of jobs (`JobWriter`), in the same
/// transactions: each change is summed here in memory and written just before the commit
/// (`PendingWrites`), so a kill at any moment leaves the two agreeing. A row holds what a report
/// counts of a job (`UsageScan.Counter`): the jobs, their seconds, and of those with a recorded
/// segment their count, their seconds and their segment seconds.
final class UsageHours {
    /// A row's key: the hour and every column that decides a price.
    struct Key: Hashable {
        var hour: Int64
        var provider: String
        var model: String
        var width: Int
        var height: Int
        var status: JobStatus
        var isBatch: Bool
        var kind: RequestKind

        init(_ job: borrowing Job) {
            hour = UsageHours.hour(of: job.createdAt)
            provider = job.provider
            model = job.model
            width = job.width
            height = job.height
            status = job.status
            isBatch = job.isBatch
            kind = job.kind
        }
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
    private var changes: [Key: Counts] = [:]
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

    /// Counts `job` in (`sign` 1) or out (`sign` -1) of its row.
    func add(_ job: borrowing Job, sign: Int64) {
        let key = Key(job)
        let seconds = Int64(job.seconds)
        changes[key, default: Counts()].add(jobs: sign, seconds: sign * seconds,
                                             segment: job.segmentSeconds.map { sign * Int64($0) }, sign: sign)
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
        for (key, counts) in changes where !counts.isZero {
            let values = Self.values(key) + [.int(counts.jobs), .int(counts.seconds), .int(counts.segmented),
                                             .int(counts.segmentedSeconds), .int(counts.segmentSeconds)]
            try upsert.run(values)
            if counts.jobs < 0 {
                // A job that left its row (its status moved on) may have been the row's last.
                let delete = try deleteEmpty ?? database.prepare("""
                    DELETE FROM usage_hours WHERE hour = ?1 AND provider = ?2 AND model = ?3 AND width = ?4
                        AND height = ?5 AND status = ?6 AND is_batch = ?7 AND kind = ?8 AND jobs = 0
                    """)
                deleteEmpty = delete
                try delete.run(Self.values(key))
            }
        }
        changes.removeAll(keepingCapacity: true)
    }

    /// Forgets the changes (their transaction rolled back).
    func discard() {
        changes.removeAll(keepingCapacity: true)
    }

    private static func values(_ key: Key) -> [SQLValue] {
        [.int(key.hour), .text(key.provider), .text(key.model), .int(Int64(key.width)), .int(Int64(key.height)),
         .text(key.status.rawValue), .int(key.isBatch ? 1 : 0), .text(key.kind.rawValue)]
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
