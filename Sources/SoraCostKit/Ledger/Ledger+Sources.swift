/// A file, stream or API account the ledger has read, with its import checkpoint.
public struct SourceRecord: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var name: String
    public var format: String?
    public var device: Int64?
    public var inode: Int64?
    /// File size when it was last read to its end (used to skip unchanged gzip and JSON files).
    public var size: Int64?
    public var mtime: Int64?
    /// `LENGTH:HASH` of the file's first bytes, telling an appended file from a replaced one.
    public var headHash: String?
    /// Bytes of (decompressed) input already imported.
    public var offset: Int64
    /// Lines already imported.
    public var line: Int64
    public var lastReadAt: Int64?
}

extension Ledger {
    static let sourceColumns = "id, kind, name, format, device, inode, size, mtime, head_hash, offset, line, last_read_at"

    static func source(from row: Statement) -> SourceRecord {
        SourceRecord(id: row.int64(0), kind: row.text(1) ?? "", name: row.text(2) ?? "", format: row.text(3),
                     device: row.int64OrNil(4), inode: row.int64OrNil(5), size: row.int64OrNil(6),
                     mtime: row.int64OrNil(7), headHash: row.text(8), offset: row.int64(9), line: row.int64(10),
                     lastReadAt: row.int64OrNil(11))
    }

    public func source(named name: String) throws -> SourceRecord? {
        try database.prepare("SELECT \(Ledger.sourceColumns) FROM sources WHERE name = ?")
            .rows([.text(name)], Ledger.source(from:)).first
    }

    /// Sources last seen as the file with this device and inode (a log renamed by rotation).
    public func sources(device: Int64, inode: Int64) throws -> [SourceRecord] {
        try database.prepare("SELECT \(Ledger.sourceColumns) FROM sources WHERE device = ? AND inode = ? ORDER BY id")
            .rows([.int(device), .int(inode)], Ledger.source(from:))
    }

    public func allSources() throws -> [SourceRecord] {
        try database.prepare("SELECT \(Ledger.sourceColumns) FROM sources ORDER BY name").rows([], Ledger.source(from:))
    }

    /// Returns the source named `name`, creating it if new.
    public func ensureSource(kind: String, name: String) throws -> SourceRecord {
        if let existing = try source(named: name) { return existing }
        try database.prepare("INSERT INTO sources (kind, name) VALUES (?, ?)").run([.text(kind), .text(name)])
        return SourceRecord(id: database.lastInsertRowID, kind: kind, name: name, offset: 0, line: 0)
    }

    /// Stores a source's checkpoint; call inside the transaction that wrote the rows it covers.
    public func saveSource(_ s: SourceRecord) throws {
        try database.prepare("""
            UPDATE sources SET format = ?, device = ?, inode = ?, size = ?, mtime = ?, head_hash = ?,
                offset = ?, line = ?, last_read_at = ? WHERE id = ?
            """).run([SQLValue(s.format), SQLValue(s.device), SQLValue(s.inode), SQLValue(s.size), SQLValue(s.mtime),
                      SQLValue(s.headHash), .int(s.offset), .int(s.line), SQLValue(s.lastReadAt), .int(s.id)])
    }
}

/// Counters of one import or sync run.
public struct ImportCounts: Sendable, Equatable {
    public var new = 0
    public var updated = 0
    public var unchanged = 0
    public var rejected = 0
    public var conflicts = 0

    public init() {}

    public var summary: String {
        var text = "\(new) new, \(updated) updated, \(unchanged) unchanged, \(rejected) rejected"
        if conflicts > 0 { text += ", \(conflicts) conflict\(conflicts == 1 ? "" : "s")" }
        return text
    }

    public mutating func add(_ outcome: JobWriter.Outcome) {
        switch outcome {
        case .new: new += 1
        case .updated: updated += 1
        case .unchanged: unchanged += 1
        }
    }
}

extension Ledger {
    /// Opens an audit row for a run; returns its id.
    public func beginRun(command: String, target: String, at now: Int64) throws -> Int64 {
        try markInterruptedRuns()
        try database.prepare("INSERT INTO imports (command, target, started_at, status, pid, pid_start) VALUES (?, ?, ?, 'running', ?, ?)")
            .run([.text(command), .text(target), .int(now), .int(Ledger.currentPID), Ledger.currentStart.map { .int($0) } ?? .null])
        return database.lastInsertRowID
    }

    /// Updates a run's counters (inside the transaction that wrote them) and, when given, its end.
    public func updateRun(_ id: Int64, counts: ImportCounts, status: String? = nil, message: String? = nil,
                          finishedAt: Int64? = nil) throws {
        try database.prepare("""
            UPDATE imports SET new = ?, updated = ?, unchanged = ?, rejected = ?, conflicts = ?,
                status = COALESCE(?, status), message = COALESCE(?, message), finished_at = COALESCE(?, finished_at)
            WHERE id = ?
            """).run([.int(Int64(counts.new)), .int(Int64(counts.updated)), .int(Int64(counts.unchanged)),
                      .int(Int64(counts.rejected)), .int(Int64(counts.conflicts)), SQLValue(status),
                      SQLValue(message), SQLValue(finishedAt), .int(id)])
    }

    /// Keeps a rejected input line for audit: the field at fault (if any), why, and the first
    /// 64 KiB of the line.
    public func recordReject(importID: Int64?, source: String, line: Int?, field: String?, reason: String,
                             text: String) throws {
        try database.prepare("INSERT INTO rejects (import_id, source, line, field, reason, text) VALUES (?, ?, ?, ?, ?, ?)")
            .run([SQLValue(importID), .text(source), SQLValue(line), SQLValue(field), .text(reason),
                  .text(String(text.prefix(65_536)))])
    }
}
