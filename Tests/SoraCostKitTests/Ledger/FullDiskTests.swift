import Foundation
import Testing
@testable import SoraCostKit

/// A ledger that cannot grow (`PRAGMA max_page_count`, as on a full disk): the import fails with
/// SQLite's "full" error, and the ledger keeps every job it held, sound.
@Suite struct FullDiskTests {
    @Test func anImportOnAFullDiskFailsCleanlyAndLeavesTheLedgerAsItWas() throws {
        let (directory, ledger) = try TemporaryDirectory.withLedger()
        let first = try directory.write("first.jsonl", (1...20).map {
            Sample.envelope(Sample.video("video_a\($0)"))
        }.joined(separator: "\n") + "\n")
        _ = try LogImporter(ledger: ledger, options: ImportOptions()).run(paths: [first])
        let before = try ledger.database.scalarInt("SELECT COUNT(*) FROM jobs")
        let pages = try ledger.database.scalarInt("PRAGMA page_count") ?? 0
        _ = try ledger.database.scalarInt("PRAGMA max_page_count = \(pages + 2)")

        let big = try directory.write("big.jsonl", (1...20_000).map {
            Sample.envelope(Sample.video("video_b\($0)"))
        }.joined(separator: "\n") + "\n")
        #expect {
            _ = try LogImporter(ledger: ledger, options: ImportOptions()).run(paths: [big])
        } throws: { error in
            "\(error)".contains("full")
        }
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM jobs") == before)
        #expect(try ledger.integrityCheck() == ["ok"])
        // Room again: the same import goes through.
        _ = try ledger.database.scalarInt("PRAGMA max_page_count = 1000000")
        _ = try LogImporter(ledger: ledger, options: ImportOptions()).run(paths: [big])
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM jobs") == before.map { $0 + 20_000 })
    }
}
