import Foundation

/// The ledger: one SQLite file, the single source of truth for every job soracost has seen.
public final class Ledger {
    let database: Database
    public var path: String { database.path }
    /// The raw-record store's open block and the usage rollup's changes, written before each
    /// commit (`transaction`, `writeInBatches`).
    lazy var pending = PendingWrites(database: database)
    var rawStore: RawStore { pending.rawStore }

    /// How a command uses the ledger.
    public enum Access: Sendable {
        /// Reads and writes; creates and migrates the file when it is missing or behind.
        case write
        /// Writes to an existing ledger only (a missing file is `LedgerError.missing`).
        case writeExisting
        /// Reads only: opened `SQLITE_OPEN_READONLY`, never takes the write lock, so it works in a
        /// read-only folder and while an import holds a long write transaction. A ledger whose
        /// schema is behind is migrated first when the file is writable, else refused
        /// (`LedgerError.schemaTooOld`).
        case read
    }

    /// Opens the ledger at `path`, creating and migrating it when `create` is true.
    ///
    /// Without `create`, a missing file is `LedgerError.missing` rather than a new empty ledger,
    /// so a report run against a mistyped path says so instead of printing zeros.
    public convenience init(path: String, create: Bool = true) throws {
        try self.init(path: path, access: create ? .write : .writeExisting)
    }

    /// Opens the ledger at `path` for `access`.
    ///
    /// The schema version is read without a transaction; `BEGIN IMMEDIATE` runs only when a
    /// migration is due. A file that is not a ledger (a text file, an image, another program's
    /// SQLite database) is refused and left untouched.
    public init(path: String, access: Access) throws {
        // An empty file (`touch ledger.sqlite`, a failed copy) is no ledger either: only a writer
        // that may create one (`import`, `sync`) turns it into one.
        // stat(2) follows a symbolic link: a link to an empty file, or to nothing, is no ledger.
        var status = stat()
        if path != ":memory:" && access != .write && (stat(path, &status) != 0 || status.st_size == 0) {
            throw LedgerError.missing(path: path)
        }
        do {
            let exists = path != ":memory:" && FileManager.default.fileExists(atPath: path)
            var behind = true
            if exists {
                // Looked at read-only first: a foreign or newer file is refused before anything
                // (not even the switch to WAL) is written to it.
                behind = try Migrations.isBehind(try Ledger.reader(path))
            }
            switch access {
            case .write, .writeExisting:
                database = try Database(path: path)
                if behind { try Migrations.migrateIfBehind(database) }
            case .read:
                if behind {
                    guard Ledger.isWritable(path) else {
                        throw LedgerError.schemaTooOld(path: path, found: try Migrations.version(of: Ledger.reader(path)),
                                                       supported: Migrations.latestVersion)
                    }
                    try Migrations.migrateIfBehind(try Database(path: path))
                }
                database = try Ledger.reader(path)
            }
        } catch let error as DatabaseError {
            throw LedgerError.notALedger(path: path, reason: error.message)
        }
    }

    /// A read-only connection to `path`. In a folder where this user may not create the `-wal`
    /// and `-shm` files SQLite needs (and none are there), the file is read as immutable: a
    /// ledger nobody here can write cannot change under the reader.
    private static func reader(_ path: String) throws -> Database {
        do {
            let reader = try Database(path: path, readOnly: true)
            _ = try Migrations.version(of: reader)
            return reader
        } catch is DatabaseError where !isWritable(path) {
            return try Database(path: path, readOnly: true, immutable: true)
        }
    }

    /// True when both the file and its folder may be written (SQLite writes `-wal`/`-shm` beside it).
    private static func isWritable(_ path: String) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        return FileManager.default.isWritableFile(atPath: path)
            && FileManager.default.isWritableFile(atPath: folder.isEmpty ? "." : folder)
    }

    /// Where the ledger lives: `--db`, else `$SORACOST_DB`, else
    /// `$XDG_DATA_HOME/soracost/ledger.sqlite` (XDG_DATA_HOME defaulting to `~/.local/share`).
    public static func resolvePath(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = ConfigFormat.resolvePath(explicit: explicit, variable: "SORACOST_DB", environment: environment) {
            return path
        }
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/share")
        return dataHome + "/soracost/ledger.sqlite"
    }

    /// `PRAGMA integrity_check`'s answer: `["ok"]` for a sound file, else SQLite's findings.
    public func integrityCheck() throws -> [String] {
        let statement = try database.prepare("PRAGMA integrity_check")
        var lines: [String] = []
        while try statement.step() { lines.append(statement.text(0) ?? "") }
        return lines
    }
}

extension Ledger {
    /// Runs `body` in one write transaction (`BEGIN IMMEDIATE`): all of it is stored, or none.
    ///
    /// The one way code outside `Ledger/` groups ledger writes; it never touches the database
    /// handle itself.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try withPendingWrites { try database.transaction { let result = try body(); try pending.flush(); return result } }
    }

    /// Runs `body`, forgetting the pending writes when it throws (rolled back).
    func withPendingWrites<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            pending.discard()
            throw error
        }
    }
}
