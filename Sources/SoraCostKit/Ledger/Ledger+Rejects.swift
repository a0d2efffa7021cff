/// A rejected input line kept for audit.
public struct RejectRecord: Sendable {
    public var id: Int64
    public var importID: Int64?
    public var source: String
    public var line: Int?
    public var field: String?
    public var reason: String
    public var text: String
}

extension Ledger {
    /// Rejected lines, newest import first; `importID` narrows to one run.
    public func rejects(importID: Int64? = nil, limit: Int = 1_000) throws -> [RejectRecord] {
        var sql = "SELECT id, import_id, source, line, field, reason, text FROM rejects"
        var arguments: [SQLValue] = []
        if let importID {
            sql += " WHERE import_id = ?"
            arguments.append(.int(importID))
        }
        sql += " ORDER BY import_id DESC, id LIMIT ?"
        arguments.append(.int(Int64(limit)))
        return try database.prepare(sql).rows(arguments) { row in
            RejectRecord(id: row.int64(0), importID: row.int64OrNil(1), source: row.text(2) ?? "",
                         line: row.intOrNil(3), field: row.text(4), reason: row.text(5) ?? "", text: row.text(6) ?? "")
        }
    }
}
