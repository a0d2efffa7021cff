/// Reading jobs back out of the ledger.
extension Ledger {
    /// The columns `job(from:)` reads, first in a statement's select list.
    static let jobLayout = JobLayout([
        .id, .provider, .videoID, .account, .model, .status, .progress, .seconds, .width, .height,
        .createdAt, .completedAt, .expiresAt, .remixedFrom, .errorCode, .errorMessage,
        .project, .userName, .tags, .isBatch, .kind, .segmentSeconds,
    ])

    /// `jobLayout`'s select list, for statements that read a `Job` and then more columns.
    static let jobColumns = jobLayout.selectList

    /// Every stored job with this video id (one per provider that served it).
    public func jobs(videoID: String) throws -> [Job] {
        let statement = try database.prepare(
            "SELECT \(raw: Ledger.jobColumns) FROM jobs WHERE video_id = \(VideoIDCodec.value(videoID)) ORDER BY provider" as SQL)
        let row = JobRow(statement, layout: Ledger.jobLayout)
        var jobs: [Job] = []
        while try statement.step() { jobs.append(Ledger.job(from: row)) }
        statement.reset()
        return jobs
    }

    /// Calls `body` with every job `filter` lets through (every job without one), in storage
    /// order, streaming rows so memory stays flat however large the ledger.
    public func forEachJob(matching filter: JobFilter? = nil, _ body: (Job) throws -> Void) throws {
        var sql: SQL = "SELECT \(raw: Ledger.jobColumns) FROM jobs"
        if let condition = filter?.condition { sql += " WHERE \(condition)" }
        sql += " ORDER BY id"
        let statement = try database.prepare(sql)
        let row = JobRow(statement, layout: Ledger.jobLayout)
        while try statement.step() {
            try body(Ledger.job(from: row))
        }
        statement.reset()
    }

    /// The job in the current row of `statement`, whose select list starts with `jobColumns`.
    static func job(from statement: Statement) -> Job {
        job(from: JobRow(statement, layout: jobLayout))
    }

    static func job(from row: JobRow) -> Job {
        Job(
            rowID: row.int64(.id), provider: row.text(.provider) ?? "",
            videoID: VideoIDCodec.read(row.statement, row.position(.videoID)) ?? "",
            account: row.text(.account), model: row.text(.model) ?? "",
            status: JobStatus(rawValue: row.text(.status) ?? "") ?? .queued, progress: row.intOrNil(.progress),
            seconds: row.int(.seconds), width: row.int(.width), height: row.int(.height),
            createdAt: row.int64(.createdAt), completedAt: row.int64OrNil(.completedAt),
            expiresAt: row.int64OrNil(.expiresAt), remixedFrom: row.text(.remixedFrom),
            errorCode: row.text(.errorCode), errorMessage: row.text(.errorMessage),
            project: row.text(.project), user: row.text(.userName), tags: Tags.decode(row.text(.tags)),
            isBatch: row.int(.isBatch) != 0, kind: RequestKind(rawValue: row.text(.kind) ?? "") ?? .create,
            segmentSeconds: row.intOrNil(.segmentSeconds))
    }
}

/// Tags are stored as a JSON object of string values with sorted keys, so equal tag sets are
/// equal text and `json_extract(tags, '$.KEY')` works in reports.
public enum Tags {
    public static func encode(_ tags: [String: String]) -> String? {
        guard !tags.isEmpty else { return nil }
        // This runs once per imported record: the keys are sorted in a buffer on the stack and
        // the text written straight into its string, without an array of keys or of bytes.
        return withUnsafeTemporaryAllocation(of: Dictionary<String, String>.Index.self, capacity: tags.count) { order in
            var count = 0
            var length = 1
            for index in tags.indices {
                // Insertion sort by key: a record has a handful of tags.
                var slot = count
                while slot > 0 && tags[index].key < tags[order[slot - 1]].key {
                    order[slot] = order[slot - 1]
                    slot -= 1
                }
                order[slot] = index
                count += 1
                length += JSONText.quotedLength(tags[index].key) + JSONText.quotedLength(tags[index].value) + 2
            }
            return String(unsafeUninitializedCapacity: length) { out in
                var at = 0
                func put(_ byte: UInt8) {
                    out[at] = byte
                    at += 1
                }
                put(UInt8(ascii: "{"))
                for position in 0..<count {
                    if position > 0 { put(UInt8(ascii: ",")) }
                    let (key, value) = tags[order[position]]
                    at = JSONText.writeQuoted(key, into: out, at: at)
                    put(UInt8(ascii: ":"))
                    at = JSONText.writeQuoted(value, into: out, at: at)
                }
                put(UInt8(ascii: "}"))
                return at
            }
        }
    }

    public static func decode(_ text: String?) -> [String: String] {
        guard let text, let value = try? JSONValue.parse(text), case .object(let members) = value else { return [:] }
        var tags: [String: String] = [:]
        for (key, value) in members {
            if case .string(let s) = value { tags[key] = s }
        }
        return tags
    }
}
