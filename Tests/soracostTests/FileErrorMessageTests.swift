import Foundation
import Testing

/// File problems read as plain words with the path, in every command: never
/// `NSCocoaErrorDomain Code=…` or `error 256`.
@Suite struct FileErrorMessageTests {
    let scratch: Scratch
    var db: String { scratch.file("ledger.sqlite") }
    let folder: String
    let plainFile: String

    init() throws {
        scratch = try Scratch()
        let log = try scratch.write("app.jsonl", logLine("video_1") + "\n")
        #expect(try Soracost.run(["import", "-q", "--db", scratch.file("ledger.sqlite"), log]).status == 0)
        folder = scratch.file("a-folder")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        plainFile = try scratch.write("plain.txt", "not a folder\n")
    }

    func expectPlain(_ arguments: [String], status: Int32, mentions path: String, saying words: String) throws {
        let result = try Soracost.run(arguments)
        #expect(result.status == status, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("Code=")
                && !result.stderr.contains("error 256") && !result.stderr.contains("error 512"), "\(result.stderr)")
        #expect(result.stderr.contains(path), "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(words), "\(arguments): \(result.stderr)")
    }

    @Test func aMissingRateCard() throws {
        try expectPlain(["report", "monthly", "--db", db, "--rates", "/nonexistent/dir/x.json"], status: 2,
                        mentions: "/nonexistent/dir/x.json", saying: "no such file or directory")
    }

    @Test func aFolderWhereAFileBelongs() throws {
        try expectPlain(["budget", "status", "--db", db, "--budgets", folder], status: 2,
                        mentions: folder, saying: "is a directory")
        try expectPlain(["report", "monthly", "--db", db, "--rates", folder], status: 2,
                        mentions: folder, saying: "is a directory")
        try expectPlain(["report", "monthly", "--db", db, "-o", folder], status: 2,
                        mentions: folder, saying: "is a directory")
        try expectPlain(["budget", "check", "--db", db, "--budgets", folder], status: 3,
                        mentions: folder, saying: "is a directory")
    }

    @Test func aMissingReconcileSource() throws {
        let missing = scratch.file("nonexist.jsonl")
        try expectPlain(["reconcile", "--db", db, "--month", "2026-09", "--costs", missing], status: 2,
                        mentions: missing, saying: "cannot read the saved Costs API export: no such file or directory")
        try expectPlain(["reconcile", "--db", db, "--month", "2026-09", "--billing", folder], status: 2,
                        mentions: folder, saying: "cannot read the billing CSV: is a directory")
    }

    @Test func aLedgerInsideAFile() throws {
        try expectPlain(["import", "-q", "--db", plainFile + "/x.sqlite", scratch.file("app.jsonl")], status: 2,
                        mentions: plainFile, saying: "is a file, not a directory")
        try expectPlain(["report", "monthly", "--db", plainFile + "/x.sqlite"], status: 2,
                        mentions: plainFile + "/x.sqlite", saying: "no ledger here yet")
    }
}
