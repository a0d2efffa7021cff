import Foundation
import SoraCostCSQLite

/// A failed SQLite call: the result code, SQLite's own message, and what we were doing.
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    public var code: Int32
    public var message: String
    public var context: String

    public var description: String {
        "database error \(code) (\(message)) while \(context)"
    }

    /// True when another process held the write lock for longer than the busy timeout.
    public var isBusy: Bool { code & 0xff == SQLITE_BUSY || code & 0xff == SQLITE_LOCKED }
}

/// One SQLite connection, owning its handle. Used from one place at a time; not `Sendable`.
///
/// The connection runs in WAL mode (readers never block the single writer;
/// https://www.sqlite.org/wal.html) with `synchronous=NORMAL`, which in WAL mode keeps the
/// database consistent across a crash or kill and may only lose the last transactions on a power
/// cut (https://www.sqlite.org/pragma.html#pragma_synchronous).
final class Database {
    let handle: OpaquePointer
    public let path: String

    /// Opens (creating if needed) the database at `path`; `":memory:"` gives a private one.
    ///
    /// A new file is created with mode 0600: the ledger holds a company's usage history.
    ///
    /// `immutable` (read-only only) reads the file as one nobody changes, for a ledger in a
    /// folder where this user can create neither `-wal` nor `-shm`
    /// (https://www.sqlite.org/uri.html#uriimmutable).
    public init(path: String, readOnly: Bool = false, immutable: Bool = false) throws {
        self.path = path
        if path != ":memory:", !readOnly, !FileManager.default.fileExists(atPath: path) {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                do {
                    try FileManager.default.createDirectory(
                        atPath: directory, withIntermediateDirectories: true,
                        attributes: [.posixPermissions: 0o700])
                } catch {
                    // `--db afile/x.sqlite`: say which part is in the way, in plain words.
                    var isDirectory: ObjCBool = false
                    if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
                        throw InputError(path: path, reason: "\(directory) is a file, not a directory")
                    }
                    throw InputError(path: directory, foundationError: error)
                }
            }
            let fd = open(path, O_CREAT | O_WRONLY | O_EXCL, 0o600)
            if fd >= 0 { close(fd) }
        }
        _ = Database.configureOnce
        var db: OpaquePointer?
        let flags = readOnly
            ? SQLITE_OPEN_READONLY
            : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        var name = path
        var uri: Int32 = 0
        if immutable {
            let escaped = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
            name = "file:\(escaped)?immutable=1"
            uri = SQLITE_OPEN_URI
        }
        let rc = sqlite3_open_v2(name, &db, flags | uri | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw DatabaseError(code: rc, message: message, context: "opening \(path)")
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        // Wait up to 60 s for the write lock held by another writer (a cron `budget check` or
        // sync next to a long import) instead of failing with SQLITE_BUSY, asking again every
        // 2 ms: an import gives the lock up for a moment after each batch (`ImportBatch`), and
        // SQLite's own handler, which backs off to 100 ms, would nearly always miss that moment.
        // A read-only connection never waits in WAL mode.
        sqlite3_busy_handler(db, { _, attempts in
            guard attempts < Database.busyAttempts else { return 0 }
            usleep(Database.busyPollMicroseconds)
            return 1
        }, nil)
        if path != ":memory:" && !readOnly {
            // 16 KiB pages for a new ledger (an existing one keeps its own: in WAL mode the size
            // is fixed once the file exists). A quarter of the pages, WAL frames and write calls
            // of 4 KiB pages for the same jobs (https://www.sqlite.org/pragma.html#pragma_page_size).
            try execute("PRAGMA page_size=16384")
            let mode = try scalarText("PRAGMA journal_mode=WAL")
            guard mode?.lowercased() == "wal" else {
                throw DatabaseError(code: SQLITE_ERROR, message: "journal mode is \(mode ?? "unknown")",
                                    context: "switching \(path) to WAL")
            }
        }
        try execute("PRAGMA synchronous=NORMAL")
        // 16 MiB of page cache (negative means KiB; https://www.sqlite.org/pragma.html#pragma_cache_size).
        // Video ids begin with their creation time, so an import touches the key index near its
        // end: 64 MiB bought no speed in the 300k-job imports timed and cost 57 MB of peak memory.
        try execute("PRAGMA cache_size=-16384")
        if !readOnly {
            // Checkpoint the WAL every ~100 MB instead of every 4 MB: fewer copies during big imports
            // (the setting counts pages: 6,250 of a new ledger's 16 KiB, 25,000 of an older 4 KiB).
            let pageSize = max(512, Int(try scalarInt("PRAGMA page_size") ?? 4096))
            try execute("PRAGMA wal_autocheckpoint=\(100_000_000 / pageSize)")
        }
        try execute("PRAGMA foreign_keys=ON")
    }

    /// How often and how long a writer asks again for a lock another writer holds: every 2 ms,
    /// for up to 60 s.
    static let busyPollMicroseconds: useconds_t = 2_000
    static let busyAttempts: Int32 = 30_000

    /// Process-wide settings that must precede the first connection; evaluated once.
    private static let configureOnce: Void = {
        _ = soracost_sqlite_disable_memstatus()
    }()

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(errorMessage)
            throw DatabaseError(code: rc, message: message, context: "running \(sql.prefix(60))")
        }
    }

    /// Prepares a statement for repeated use.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// The first column of the first row, as text.
    public func scalarText(_ sql: String, _ arguments: [SQLValue] = []) throws -> String? {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        guard try statement.step() else { return nil }
        return statement.text(0)
    }

    /// The first column of the first row, as an integer.
    public func scalarInt(_ sql: String, _ arguments: [SQLValue] = []) throws -> Int64? {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        guard try statement.step() else { return nil }
        return statement.int64OrNil(0)
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back if it throws.
    ///
    /// IMMEDIATE takes the write lock up front: a deferred transaction that later upgrades to a
    /// write fails with SQLITE_BUSY without waiting (https://www.sqlite.org/lang_transaction.html).
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            #if DEBUG
            TestKillSwitch.committed()
            #endif
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` with the page cache limited to `kibibytes`, then restores the limit.
    ///
    /// For a read that visits each page once, such as a report's scan of months of jobs: the
    /// 16 MiB a connection keeps would only fill with pages never read again and hold that memory.
    public func withCacheSize<T>(kibibytes: Int, _ body: () throws -> T) throws -> T {
        let previous = try scalarInt("PRAGMA cache_size") ?? -16384
        try execute("PRAGMA cache_size=\(-kibibytes)")
        let result: T
        do {
            result = try body()
        } catch {
            // The body's error is the one to report; a failed restore only keeps the cache small.
            try? execute("PRAGMA cache_size=\(previous)")
            throw error
        }
        try execute("PRAGMA cache_size=\(previous)")
        return result
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }
    var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }
}

#if DEBUG
/// Debug and test builds only: `SORACOST_TEST_KILL_AFTER_COMMIT=N` makes the process kill itself
/// with SIGKILL right after its Nth committed write transaction, so the kill tests stop an
/// import or a sync at a chosen batch or page (deterministically, never by sleeping). A release
/// build has no such switch.
enum TestKillSwitch {
    nonisolated(unsafe) private static var remaining: Int? = ProcessInfo.processInfo
        .environment["SORACOST_TEST_KILL_AFTER_COMMIT"].flatMap { Int($0) }

    static func committed() {
        guard let left = remaining else { return }
        if left <= 1 {
            raise(SIGKILL)
        }
        remaining = left - 1
    }
}
#endif
