import Testing
@testable import SoraCostKit

/// The ledger's rejects query: newest import first, narrowed to one run, limited, text whole.
@Suite struct RejectsQueryTests {
    let directory: TemporaryDirectory
    let ledger: Ledger

    init() throws {
        (directory, ledger) = try TemporaryDirectory.withLedger()
    }

    @Test func listsNewestImportFirstAndNarrowsToOneRun() throws {
        let first = try ledger.transaction { try ledger.beginRun(command: "import", target: "a", at: 1_760_000_000) }
        let second = try ledger.transaction { try ledger.beginRun(command: "import", target: "b", at: 1_760_000_100) }
        try ledger.transaction {
            try ledger.recordReject(importID: first, source: "a.jsonl", line: 3, field: "size", reason: "bad size", text: "x")
            try ledger.recordReject(importID: second, source: "b.jsonl", line: 7, field: nil, reason: "not JSON", text: "ab\u{0}cd")
            try ledger.recordReject(importID: second, source: "b.jsonl", line: nil, field: nil, reason: "unclosed", text: "")
        }
        let all = try ledger.rejects()
        #expect(all.map(\.source) == ["b.jsonl", "b.jsonl", "a.jsonl"])
        #expect(all.map(\.line) == [7, nil, 3])
        #expect(all[0].text == "ab\u{0}cd")
        #expect(all[2].field == "size")
        #expect(try ledger.rejects(importID: first).map(\.reason) == ["bad size"])
        #expect(try ledger.rejects(limit: 1).count == 1)
        #expect(try ledger.rejects(importID: 999).isEmpty)
    }
}
