import ArgumentParser
import SoraCostKit

/// Where the ledger lives; shared by every command that reads or writes it.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Path of the ledger database.",
        discussion: "Default: $SORACOST_DB, else $XDG_DATA_HOME/soracost/ledger.sqlite.",
        valueName: "path"))
    var db: String?

    var path: String { Ledger.resolvePath(explicit: db) }

    /// Opens the ledger for a command that writes; `create` makes a missing one.
    ///
    /// The path is registered with `OutputFile` first, so no `-o` or `--chart` of this run can
    /// replace the ledger or its `-wal`/`-shm`.
    func open(create: Bool) throws -> Ledger {
        OutputFile.protect(ledger: path)
        return try Ledger(path: path, access: create ? .write : .writeExisting)
    }

    /// Opens the ledger read-only, for a command that only reads it (`report`, `status`, ...):
    /// it never takes the write lock, so it runs beside an import and in a read-only folder.
    func openForReading() throws -> Ledger {
        OutputFile.protect(ledger: path)
        return try Ledger(path: path, access: .read)
    }
}
