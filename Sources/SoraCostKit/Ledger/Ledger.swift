import Foundation

/// The ledger: one SQLite file, the single source of truth for every job soracost has seen.
public final class Ledger {
    let database: Database
    public var path: String { database.path }
    /// The raw-record store's open block, written before each commit (`transaction`, `writeInBatches`).
    lazy var rawStore = RawStore(database: database)

    /// Opens the ledger at `path`, creating and migrating it when `create` is true.
    ///
    /// Without `create`, a missing file is `LedgerError.missing` rather than a new empty ledger,
    /// so a report run against a mistyped path says so instead of printing zeros.
    public init(path: String, create: Bool = true) throws {
        if path != ":memory:" && !create && !FileManager.default.fileExists(atPath: path) {
            throw LedgerError.missing(path: path)
        }
        do {
            database = try Database(path: path)
            try Migrations.migrate(database)
        } catch let error as DatabaseError {
            throw LedgerError.notALedger(path: path, reason: error.message)
        }
    }

    /// Where the ledger lives: `--db`, else `$SORACOST_DB`, else
    /// `$XDG_DATA_HOME/soracost/ledger.sqlite` (XDG_DATA_HOME defaulting to `~/.local/share`).
    public static func resolvePath(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnv = environment["SORACOST_DB"], !fromEnv.isEmpty { return fromEnv }
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/share")
        return dataHome + "/soracost/ledger.sqlite"
    }
}

extension Ledger {
    /// Runs `body` in one write transaction (`BEGIN IMMEDIATE`): all of it is stored, or none.
    ///
    /// The one way code outside `Ledger/` groups ledger writes; it never touches the database
    /// handle itself.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try withRawStore { try database.transaction { let result = try body(); try rawStore.flush(); return result } }
    }

    /// Runs `body`, forgetting the raw-record store's open block when it throws (rolled back).
    func withRawStore<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            rawStore.discard()
            throw error
        }
    }
}
