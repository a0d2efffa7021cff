import SoraCostCSQLite

/// A value bound to a statement parameter.
enum SQLValue: Sendable, Equatable {
    case null
    case int(Int64)
    case text(String)
    case real(Double)
    case blob([UInt8])
}

extension SQLValue {
    public init(_ value: String?) { self = value.map { .text($0) } ?? .null }
    public init(_ value: Int64?) { self = value.map { .int($0) } ?? .null }
    public init(_ value: Int?) { self = value.map { .int(Int64($0)) } ?? .null }
}

/// A prepared statement, owned and finalized with this object. Reuse it: `reset()` and bind again.
final class Statement {
    let handle: OpaquePointer
    unowned let database: Database
    let sql: String

    init(database: Database, sql: String) throws {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw DatabaseError(code: rc, message: database.lastErrorMessage, context: "preparing \(sql.prefix(80))")
        }
        self.handle = statement
        self.database = database
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Resets the statement and binds `values` to parameters 1…n.
    public func bind(_ values: [SQLValue]) throws {
        reset()
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    public func bind(_ value: SQLValue, at index: Int32) throws {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .int(let v): rc = sqlite3_bind_int64(handle, index, v)
        case .real(let v): rc = sqlite3_bind_double(handle, index, v)
        case .text(let v): rc = bindText(v, at: index)
        case .blob(let v):
            try v.withUnsafeBytes { try bind(blob: $0, at: index) }
            return
        }
        guard rc == SQLITE_OK else { throw error(rc, "binding parameter \(index)") }
    }

    public func bind(_ value: Int64, at index: Int32) throws {
        let rc = sqlite3_bind_int64(handle, index, value)
        guard rc == SQLITE_OK else { throw error(rc, "binding parameter \(index)") }
    }

    public func bind(_ value: String?, at index: Int32) throws {
        let rc = value.map { bindText($0, at: index) } ?? sqlite3_bind_null(handle, index)
        guard rc == SQLITE_OK else { throw error(rc, "binding parameter \(index)") }
    }

    /// Binds text by its byte length, so a NUL inside it is stored, not taken for its end.
    private func bindText(_ value: String, at index: Int32) -> Int32 {
        var text = value
        return text.withUTF8 { buffer in
            let empty: StaticString = ""
            let base = buffer.baseAddress.map(UnsafeRawPointer.init) ?? UnsafeRawPointer(empty.utf8Start)
            return sqlite3_bind_text(handle, index, base.assumingMemoryBound(to: CChar.self), Int32(buffer.count),
                                     soracost_sqlite_transient())
        }
    }

    /// Binds raw UTF-8 bytes as text that SQLite does not copy (SQLITE_STATIC): the bytes must
    /// stay valid and unchanged until the statement is reset or rebound.
    public func bindStatic(utf8 bytes: UnsafeRawBufferPointer, at index: Int32) throws {
        // A zero-length text still needs a non-null pointer, or SQLite binds NULL.
        let empty: StaticString = ""
        let base = bytes.baseAddress ?? UnsafeRawPointer(empty.utf8Start)
        let rc = sqlite3_bind_text(handle, index, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
        guard rc == SQLITE_OK else { throw error(rc, "binding parameter \(index)") }
    }

    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Resets the statement but keeps its bindings: for a statement that binds every parameter
    /// on each use anyway (the import's insert), where clearing them is wasted work.
    func resetKeepingBindings() {
        sqlite3_reset(handle)
    }

    /// Advances to the next row; false when done.
    @discardableResult
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw error(rc, "running \(sql.prefix(80))")
        }
    }

    /// Binds `bytes` as a blob, copied by SQLite (the raw-record store's compressed blocks).
    func bind(blob bytes: UnsafeRawBufferPointer, at index: Int32) throws {
        let rc = sqlite3_bind_blob(handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count),
                                   soracost_sqlite_transient())
        guard rc == SQLITE_OK else { throw error(rc, "binding parameter \(index)") }
    }

    /// Binds `bytes` as a blob that SQLite does not copy (SQLITE_STATIC), like `bindStatic(utf8:at:)`.
    func bindStatic(blob bytes: UnsafeRawBufferPointer, at index: Int32) throws {
        let rc = sqlite3_bind_blob(handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), nil)
        guard rc == SQLITE_OK else { throw error(rc, "binding parameter \(index)") }
    }

    /// Binds, runs to completion and resets; for INSERT/UPDATE/DELETE.
    public func run(_ values: [SQLValue] = []) throws {
        try bind(values)
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Binds and collects every row through `row`.
    public func rows<T>(_ values: [SQLValue] = [], _ row: (Statement) throws -> T) throws -> [T] {
        try bind(values)
        var result: [T] = []
        while try step() { result.append(try row(self)) }
        sqlite3_reset(handle)
        return result
    }

    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    func isBlob(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_BLOB }
    public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    public func int64OrNil(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }
    public func int(_ column: Int32) -> Int { Int(int64(column)) }
    public func intOrNil(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }
    public func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    /// The column's text, read by its byte length, so a NUL inside it (`"ab\u0000cd"`) is kept.
    public func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// The column's text as SQLite holds it, UTF-8 without a terminator, or nil for NULL; no
    /// String is built. The bytes belong to SQLite and are valid only until the next `step()`,
    /// `reset()` or read of the same column as another type
    /// (https://www.sqlite.org/c3ref/column_blob.html).
    ///
    /// Read as a blob: `sqlite3_column_text` must NUL-terminate a text that sits in a database
    /// page, which copies it; the blob is the same bytes in place, as the database is UTF-8 (the
    /// default every ledger is created with). A number reads as its text.
    public func textBytes(_ column: Int32) -> UnsafeRawBufferPointer? {
        // The pointer first, then its length: the order the SQLite page above recommends.
        guard let pointer = sqlite3_column_blob(handle, column) else {
            // No pointer for NULL, nor for an empty value.
            return isNull(column) ? nil : UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column)))
    }

    /// The position of the result column called `name` (its `AS` name, else the column's), or nil.
    func columnIndex(named name: String) -> Int32? {
        for index in 0..<sqlite3_column_count(handle) {
            if let pointer = sqlite3_column_name(handle, index), String(cString: pointer) == name { return index }
        }
        return nil
    }

    private func error(_ rc: Int32, _ context: String) -> DatabaseError {
        DatabaseError(code: rc, message: database.lastErrorMessage, context: context)
    }
}
