import Testing
@testable import SoraCostKit
@Suite struct LedgerTests {
    @Test func migratesAFreshLedger() throws {
        let ledger = try Ledger(path: ":memory:")
        #expect(try ledger.database.scalarInt("PRAGMA user_version") == Int64(Migrations.latestVersion))
    }
}
