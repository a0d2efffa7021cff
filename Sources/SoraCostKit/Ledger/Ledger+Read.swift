/// Reading jobs back out of the ledger.
extension Ledger {
    /// The columns `job(from:)` expects, in order.
    static let jobColumns = """
        id, provider, video_id, account, model, status, progress, seconds, width, height,
        created_at, completed_at, expires_at, remixed_from, error_code, error_message,
        project, user_name, tags, is_batch, kind, segment_seconds
        """

    /// Every stored job with this video id (one per provider that served it).
    public func jobs(videoID: String) throws -> [Job] {
        let statement = try database.prepare("SELECT \(Ledger.jobColumns) FROM jobs WHERE video_id = ? ORDER BY provider")
        return try statement.rows([.text(videoID)], Ledger.job(from:))
    }

    /// Calls `body` with every job matching an optional SQL condition on the `jobs` table,
    /// streaming rows so memory stays flat however large the ledger.
    public func forEachJob(where condition: String? = nil, _ arguments: [SQLValue] = [],
                           _ body: (Job) throws -> Void) throws {
        let sql = "SELECT \(Ledger.jobColumns) FROM jobs" + (condition.map { " WHERE \($0)" } ?? "") + " ORDER BY id"
        let statement = try database.prepare(sql)
        try statement.bind(arguments)
        while try statement.step() {
            try body(Ledger.job(from: statement))
        }
    }

    static func job(from row: Statement) -> Job {
        Job(
            rowID: row.int64(0), provider: row.text(1) ?? "", videoID: row.text(2) ?? "",
            account: row.text(3), model: row.text(4) ?? "",
            status: JobStatus(rawValue: row.text(5) ?? "") ?? .queued, progress: row.intOrNil(6),
            seconds: row.int(7), width: row.int(8), height: row.int(9),
            createdAt: row.int64(10), completedAt: row.int64OrNil(11), expiresAt: row.int64OrNil(12),
            remixedFrom: row.text(13), errorCode: row.text(14), errorMessage: row.text(15),
            project: row.text(16), user: row.text(17), tags: Tags.decode(row.text(18)),
            isBatch: row.int(19) != 0, kind: RequestKind(rawValue: row.text(20) ?? "") ?? .create,
            segmentSeconds: row.intOrNil(21))
    }
}

/// Tags are stored as a JSON object of string values with sorted keys, so equal tag sets are
/// equal text and `json_extract(tags, '$.KEY')` works in reports.
public enum Tags {
    public static func encode(_ tags: [String: String]) -> String? {
        guard !tags.isEmpty else { return nil }
        let body = tags.keys.sorted().map { "\(JSONText.quote($0)):\(JSONText.quote(tags[$0]!))" }
        return "{" + body.joined(separator: ",") + "}"
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
