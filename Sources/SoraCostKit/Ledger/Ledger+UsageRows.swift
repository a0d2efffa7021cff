import SoraCostCSQLite

/// A column a usage scan reads besides those that decide a price: a key a report breaks down by.
enum UsageKey: Hashable, Sendable {
    case account, project, user
    case tag(String)

    /// The expression on `jobs`.
    var sql: SQL {
        switch self {
        case .account: "\(JobColumn.account)"
        case .project: "\(JobColumn.project)"
        case .user: "\(JobColumn.userName)"
        case .tag(let key): "json_extract(\(JobColumn.tags), \(JobFilter.tagPath(key)))"
        }
    }
}

/// What a usage scan reads: the jobs whose usage instant falls in `from..<to`.
struct UsageRowRequest {
    /// Unix seconds; `to` is exclusive.
    var from: Int64
    var to: Int64
    var usageDate: PricingOptions.UsageDate
    /// The key columns each row carries, in this order (`UsageRowCursor.key(_:)`).
    var keys: [UsageKey] = []
    /// Whether rows carry the error code (`UsageRowCursor.errorCode`).
    var readsErrorCode = false
    var filter: JobFilter?
    /// Only the jobs whose id is in this range (one half of a scan split over two threads).
    var ids: ClosedRange<Int64>?
}

/// The current row of a read that counts jobs into price groups: a job (`UsageRowCursor`) or a
/// row of the `usage_hours` rollup (`UsageHourCursor`). Both select lists begin with the instant
/// and the seven columns of a price group, in this order, read here once for both. Texts are
/// SQLite's bytes, valid until the next row, so a scan can intern them without building Strings.
protocol UsageGroupRow {
    var statement: Statement { get }
    /// The usage instant (a rollup row's: its hour's first), Unix seconds.
    var instant: Int64 { get }
    /// The value of key column `index` (a rollup row has none).
    func key(_ index: Int) -> UnsafeRawBufferPointer?
}

extension UsageGroupRow {
    var provider: UnsafeRawBufferPointer? { statement.textBytes(1) }
    var model: UnsafeRawBufferPointer? { statement.textBytes(2) }
    var width: Int { statement.int(3) }
    var height: Int { statement.int(4) }
    var status: UnsafeRawBufferPointer? { statement.textBytes(5) }
    var isBatch: Bool { statement.int64(6) != 0 }
    var kind: UnsafeRawBufferPointer? { statement.textBytes(7) }
}

/// The current row of a usage scan: a job.
struct UsageRowCursor: UsageGroupRow {
    /// The select list after the price group's columns, in order; keys follow `errorCode`.
    private enum Position: Int32 {
        case seconds = 8, segmentSeconds, errorCode, firstKey
    }

    let statement: Statement

    var instant: Int64 { statement.int64(0) }
    var seconds: Int { statement.int(Position.seconds.rawValue) }
    /// Nil when not recorded.
    var segmentSeconds: Int? { statement.intOrNil(Position.segmentSeconds.rawValue) }
    /// Nil without `readsErrorCode`, or when the job recorded none.
    var errorCode: UnsafeRawBufferPointer? { statement.textBytes(Position.errorCode.rawValue) }
    /// The value of `UsageRowRequest.keys[index]`.
    func key(_ index: Int) -> UnsafeRawBufferPointer? { statement.textBytes(Position.firstKey.rawValue + Int32(index)) }
}

extension Ledger {
    /// Calls `body` with every job `request` asks for, in no particular order, streaming rows so
    /// memory stays flat however large the ledger.
    func forEachUsageRow(_ request: UsageRowRequest, _ body: (UsageRowCursor) throws -> Void) throws {
        let instant = BillingSQL.instant(request.usageDate)
        var select: [SQL] = [SQL(instant)]
        select += ([.provider, .model, .width, .height, .status, .isBatch, .kind, .seconds, .segmentSeconds] as [JobColumn])
            .map { SQL($0.name) }
        select.append(request.readsErrorCode ? "\(JobColumn.errorCode)" : "NULL")
        select += request.keys.map(\.sql)
        let table = try coversMostOfTheLedger(from: request.from, to: request.to, instant: instant)
            ? "jobs NOT INDEXED" : "jobs"
        var sql: SQL = """
            SELECT \(SQL.joined(select, separator: ", ")) FROM \(raw: table) \
            WHERE \(raw: instant) >= \(request.from) AND \(raw: instant) < \(request.to)
            """
        if let condition = request.filter?.condition { sql += " AND (\(condition))" }
        if let ids = request.ids { sql += " AND id BETWEEN \(ids.lowerBound) AND \(ids.upperBound)" }
        let statement = try database.prepare(sql)
        let cursor = UsageRowCursor(statement: statement)
        // Each table page is read once; 2 MiB keeps the index's and table's inner pages.
        try database.withCacheSize(kibibytes: 2048) {
            while try statement.step() { try body(cursor) }
        }
        statement.reset()
    }

    /// The smallest and largest job id (two seeks of the table's key), nil when there is no job.
    func jobIDSpan() throws -> ClosedRange<Int64>? {
        guard let first = try database.scalarInt("SELECT min(id) FROM jobs"),
              let last = try database.scalarInt("SELECT max(id) FROM jobs") else { return nil }
        return first...last
    }

    /// SQLite's count of commits by other connections (`PRAGMA data_version`): equal before and
    /// after two reads on two connections, no commit fell between them, so both read the same
    /// ledger (https://www.sqlite.org/pragma.html#pragma_data_version).
    func dataVersion() throws -> Int64 {
        try database.scalarInt("PRAGMA data_version") ?? 0
    }

    /// A second read-only connection to this ledger's file, for a scan read on two threads; nil
    /// for an in-memory ledger, or inside a transaction (another connection would not see its
    /// uncommitted changes).
    func secondReader() throws -> Ledger? {
        guard path != ":memory:", !path.isEmpty, sqlite3_get_autocommit(database.handle) != 0 else { return nil }
        return try Ledger(path: path, access: .read)
    }

    /// Whether `from..<to` spans most (3/5) of the ledger's `created_at` range, taking the jobs
    /// as evenly spread over it.
    ///
    /// SQLite range-scans `jobs_by_created` for any range, paying a table lookup per job; over
    /// most of the ledger, reading the table straight through is faster (a year of 1M jobs:
    /// 1.19 s through the index, 0.77 s through the table). Both read the same jobs.
    func coversMostOfTheLedger(from: Int64, to: Int64, instant: String) throws -> Bool {
        // Only a plain `created_at` can use the index at all. Two queries: SQLite answers a lone
        // min() or max() from the index's ends, but not both in one query.
        guard instant == JobColumn.createdAt.name,
              let first = try database.scalarInt("SELECT min(created_at) FROM jobs"),
              let last = try database.scalarInt("SELECT max(created_at) FROM jobs")
        else { return false }
        let covered = min(to, last + 1) - max(from, first)
        return covered > 0 && covered * 5 >= (last + 1 - first) * 3
    }

    /// The first and last usage instant of the ledger's jobs, of those at or before `through`
    /// (Unix seconds) when given; nil when there is none.
    public func usageSpan(_ usageDate: PricingOptions.UsageDate, through: Int64? = nil) throws -> ClosedRange<Int64>? {
        let instant = BillingSQL.instant(usageDate)
        let bound = through ?? Int64.max
        if instant == JobColumn.createdAt.name {
            // Two queries: SQLite answers a lone min() or max() from the index (a seek each),
            // but both in one query by reading the whole index (75 ms on 1M jobs).
            guard let first = try database.scalarInt("SELECT MIN(created_at) FROM jobs WHERE created_at <= ?", [.int(bound)]),
                  let last = try database.scalarInt("SELECT MAX(created_at) FROM jobs WHERE created_at <= ?", [.int(bound)])
            else { return nil }
            return first...last
        }
        let span = try database.rows("""
            SELECT MIN(\(raw: instant)) AS first, MAX(\(raw: instant)) AS last FROM jobs WHERE \(raw: instant) <= \(bound)
            """) {
            (NamedRow($0).int64OrNil("first"), NamedRow($0).int64OrNil("last"))
        }.first
        guard let first = span?.0, let last = span?.1 else { return nil }
        return first...last
    }

    /// Failed jobs whose usage instant falls in `from..<to`, counted per error code (nil: no
    /// code recorded), with the seconds they asked for; in no particular order.
    func failureCounts(from: Int64, to: Int64, usageDate: PricingOptions.UsageDate)
        throws -> [(code: String?, jobs: Int, seconds: Int)] {
        let instant = BillingSQL.instant(usageDate)
        return try database.rows("""
            SELECT error_code, COUNT(*) AS jobs, SUM(seconds) AS seconds FROM jobs
            WHERE \(raw: instant) >= \(from) AND \(raw: instant) < \(to) AND status = \(JobStatus.failed.rawValue)
            GROUP BY error_code
            """) { statement in
                let row = NamedRow(statement)
                return (code: row.text("error_code"), jobs: row.int("jobs"), seconds: row.int("seconds"))
            }
    }

    /// The smallest and largest video id of the jobs of price group `group` (each once; none
    /// when the group has no job), only of those without a recorded segment if asked.
    func videoIDRange(of group: UsageGroup, usageDate: PricingOptions.UsageDate,
                      withoutSegmentOnly: Bool) throws -> [String] {
        let instant = BillingSQL.instant(usageDate)
        let start = Int64(group.usageDay.index) * 86_400
        var sql: SQL = """
            SELECT MIN(\(raw: VideoIDCodec.textSQL)) AS first, MAX(\(raw: VideoIDCodec.textSQL)) AS last FROM jobs
            WHERE \(raw: instant) >= \(start) AND \(raw: instant) < \(start + 86_400)
              AND provider = \(group.provider) AND model = \(group.model) AND width = \(group.width)
              AND height = \(group.height) AND status = \(group.status.rawValue) AND is_batch = \(group.isBatch)
              AND kind = \(group.kind.rawValue)
            """
        if withoutSegmentOnly { sql += " AND segment_seconds IS NULL" }
        let range = try database.rows(sql) { [NamedRow($0).text("first"), NamedRow($0).text("last")] }.first ?? []
        return Array(Set(range.compactMap { $0 })).sorted()
    }
}
