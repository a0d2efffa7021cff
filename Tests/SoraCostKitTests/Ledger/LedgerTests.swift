import Foundation
import Testing
@testable import SoraCostKit

@Suite struct LedgerTests {
    @Test func migratesAFreshLedger() throws {
        let ledger = try Ledger(path: ":memory:")
        #expect(try ledger.database.scalarInt("PRAGMA user_version") == Int64(Migrations.latestVersion))
    }

    @Test func createsThePrivateFileInWALMode() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("nested/dir/ledger.sqlite")
        let ledger = try Ledger(path: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try ledger.database.scalarText("PRAGMA journal_mode") == "wal")
    }

    @Test func refusesALedgerFromANewerSoracost() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("ledger.sqlite")
        do {
            let ledger = try Ledger(path: path)
            try ledger.database.execute("PRAGMA user_version = 99")
        }
        #expect(throws: LedgerError.schemaTooNew(path: path, found: 99, supported: Migrations.latestVersion)) {
            try Ledger(path: path)
        }
    }

    @Test func explainsAFileThatIsNotALedger() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("junk.sqlite", String(repeating: "not a database ", count: 100))
        #expect {
            try Ledger(path: path)
        } throws: { error in
            (error as? LedgerError)?.errorDescription?.contains("not a usable soracost ledger") == true
        }
    }

    @Test func missingLedgerIsAnErrorForReaders() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: LedgerError.self) { try Ledger(path: directory.file("none.sqlite"), create: false) }
    }

    @Test func resolvesThePathFromFlagEnvironmentAndXDG() {
        #expect(Ledger.resolvePath(explicit: "/a.sqlite", environment: ["SORACOST_DB": "/b"]) == "/a.sqlite")
        #expect(Ledger.resolvePath(explicit: nil, environment: ["SORACOST_DB": "/b"]) == "/b")
        #expect(Ledger.resolvePath(explicit: nil, environment: ["XDG_DATA_HOME": "/x"]) == "/x/soracost/ledger.sqlite")
        #expect(Ledger.resolvePath(explicit: nil, environment: ["HOME": "/home/u"]) == "/home/u/.local/share/soracost/ledger.sqlite")
    }
}
