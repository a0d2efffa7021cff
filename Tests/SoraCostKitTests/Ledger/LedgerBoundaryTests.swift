import Foundation
import Testing

/// The ledger is closed: only `Sources/SoraCostKit/Ledger/` speaks SQL or touches the database
/// handle. This reads every source file outside it, so a query written elsewhere fails here.
@Suite struct LedgerBoundaryTests {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// SQL statements (the issue's `grep -E`), and the ledger's database handle and its types.
    static var forbidden: [Regex<AnyRegexOutput>] { [
        #"(SELECT |INSERT INTO|DELETE FROM|CREATE (TABLE|INDEX)|UPDATE [a-z_]+ SET| WHERE |GROUP BY)"#,
        #"\.database\b"#,
        #"\b(Database|Statement|SQLValue)\b"#,
    ].map { try! Regex($0).wordBoundaryKind(.simple) } }

    static func swiftFiles() throws -> [String] {
        let enumerator = try #require(FileManager.default.enumerator(atPath: sources.path))
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted()
    }

    @Test func noFileOutsideTheLedgerSpeaksSQLOrHoldsTheDatabase() throws {
        let files = try LedgerBoundaryTests.swiftFiles()
        #expect(files.contains("SoraCostKit/Ledger/Ledger.swift"), "the scan must find the sources")
        var offences: [String] = []
        for file in files where !file.hasPrefix("SoraCostKit/Ledger/") {
            let text = try String(contentsOf: LedgerBoundaryTests.sources.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if LedgerBoundaryTests.forbidden.contains(where: { line.contains($0) }) {
                    offences.append("\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(offences.isEmpty, "SQL or the database handle outside Ledger/:\n\(offences.joined(separator: "\n"))")
    }

    /// The guard itself: the patterns catch what they are for.
    @Test(arguments: ["let s = \"SELECT id FROM jobs\"", "try ledger.database.transaction {", "var v: [SQLValue] = []",
                      "\"DELETE FROM rejects\"", "sql += \" GROUP BY model\""])
    func thePatternsCatchAQuery(line: String) {
        #expect(LedgerBoundaryTests.forbidden.contains(where: { line.contains($0) }))
    }
}
