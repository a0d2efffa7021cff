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

    /// Opens the ledger; `create` is for commands that write.
    func open(create: Bool) throws -> Ledger {
        try Ledger(path: path, create: create)
    }
}
