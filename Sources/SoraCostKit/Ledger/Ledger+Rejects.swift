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
        var sql: SQL = "SELECT id, import_id, source, line, field, reason, text FROM rejects"
        if let importID { sql += " WHERE import_id = \(importID)" }
        sql += " ORDER BY import_id DESC, id LIMIT \(limit)"
        return try database.rows(sql) { statement in
            let row = NamedRow(statement)
            return RejectRecord(id: row.int64("id"), importID: row.int64OrNil("import_id"), source: row.text("source") ?? "",
                                line: row.intOrNil("line"), field: row.text("field"), reason: row.text("reason") ?? "",
                                text: row.text("text") ?? "")
        }
    }
}
