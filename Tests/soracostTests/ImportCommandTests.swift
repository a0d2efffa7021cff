import Foundation
@testable import SoraCostKit
import Testing

@Suite struct ImportCommandTests {
    let scratch: Scratch
    var db: String { scratch.file("ledger.sqlite") }

    init() throws {
        scratch = try Scratch()
    }

    @Test func importsThenReportsStatusAndExitCodes() throws {
        let good = try scratch.write("logs/app.jsonl", (1...5).map { logLine("video_\($0)") }.joined(separator: "\n") + "\n")
        let first = try Soracost.run(["import", "--db", db, good])
        #expect(first.status == 0)
        #expect(first.stdout.contains("5 new, 0 updated, 0 unchanged, 0 rejected"))

        try scratch.write("logs/bad.jsonl", logLine("video_9") + "\n{broken\n")
        let second = try Soracost.run(["import", "--db", db, scratch.file("logs")])
        #expect(second.status == 1)
        #expect(second.stdout.contains("1 new, 0 updated, 0 unchanged, 1 rejected"))
        #expect(second.stderr.contains("bad.jsonl:2"))

        let quiet = try Soracost.run(["import", "-q", "--db", db, good])
        #expect(quiet.status == 0)
        #expect(quiet.stdout.isEmpty)
        #expect(quiet.stderr.isEmpty)

        let status = try Soracost.run(["status", "--db", db])
        #expect(status.status == 0)
        #expect(status.stdout.contains("jobs     6"))
        #expect(status.stdout.contains("rejects  1 line"))
    }

    @Test func readsStandardInput() throws {
        let result = try Soracost.run(["import", "--db", db, "-"], stdin: logLine("video_a") + "\n" + logLine("video_b") + "\n")
        #expect(result.status == 0)
        #expect(result.stdout.contains("2 new"))
    }

    @Test func failsClearlyOnAMissingInputOrLedger() throws {
        let missing = try Soracost.run(["import", "--db", db, scratch.file("nope.jsonl")])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.jsonl: no such file or directory"))
        let noLedger = try Soracost.run(["status", "--db", scratch.file("none.sqlite")])
        #expect(noLedger.status == 2)
        #expect(noLedger.stderr.contains("no ledger here yet"))
        #expect(!noLedger.stderr.contains("Fatal"))
        let junk = try scratch.write("junk.sqlite", String(repeating: "junk", count: 1000))
        let broken = try Soracost.run(["status", "--db", junk])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("not a usable soracost ledger"))
    }

    @Test func rejectsBadUsage() throws {
        let result = try Soracost.run(["import", "--db", db, "--format", "xml", "x"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("The value 'xml' is invalid for '--format <format>'. Please provide one of 'jsonl', 'json' or 'csv'."))
        let mapping = try Soracost.run(["import", "--db", db, "--map", "nonsense", "x"])
        #expect(mapping.status == 64)
        #expect(mapping.stderr.contains("--map: 'nonsense': expected FIELD=PATH"))
        #expect(mapping.stderr.contains("Usage: soracost import"))
    }

    /// An import killed (SIGKILL) right after its 4th committed transaction (the first batch of
    /// lines), twice in a row, then run to its end, leaves exactly what one clean import leaves,
    /// and the ledger passes `PRAGMA integrity_check` after every kill. The debug build's
    /// `SORACOST_TEST_KILL_AFTER_COMMIT` picks the moment, so the kill never races the import.
    @Test func killedImportCompletesExactlyOnTheNextRun() throws {
        let lines = (1...120_000).map { i in
            logLine("video_\(i)", status: i % 3 == 0 ? "failed" : "completed", project: "p\(i % 7)",
                    created: 1_760_000_000 + Int64(i) * 60)
        }
        let path = try scratch.write("big.jsonl", lines.joined(separator: "\n") + "\n")
        let killedDB = scratch.file("killed.sqlite")

        var counts: [Int] = []
        for _ in 1...2 {
            let killed = try Soracost.run(["import", "-q", "--db", killedDB, path],
                                          environment: ["SORACOST_TEST_KILL_AFTER_COMMIT": "4"])
            #expect(killed.status == 9 || killed.status == 128 + 9, "killed by its own SIGKILL: \(killed.status)")
            #expect(try Ledger(path: killedDB, access: .read).integrityCheck() == ["ok"])
            counts.append(try jobCount(killedDB))
        }
        #expect(counts.first.map { $0 > 0 && $0 < 120_000 } == true, "killed part-way: \(counts)")
        #expect(counts == counts.sorted(), "each run goes on from the last committed batch: \(counts)")

        let resumed = try Soracost.run(["import", "-q", "--db", killedDB, path])
        #expect(resumed.status == 0)
        let clean = try Soracost.run(["import", "-q", "--db", db, path])
        #expect(clean.status == 0)
        #expect(try jobCount(killedDB) == 120_000)
        #expect(try contents(killedDB) == contents(db))
        let status = try Soracost.run(["status", "--db", killedDB])
        #expect(status.stdout.contains("interrupted"), "the killed runs read interrupted: \(status.stdout)")
        #expect(!status.stdout.contains(" running"))
    }

    /// Jobs committed so far, read while another process may be writing (WAL lets readers in).
    func jobCount(_ database: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: database) else { return 0 }
        let connection = try Database(path: database, readOnly: true)
        return Int(try connection.scalarInt("SELECT COUNT(*) FROM jobs") ?? 0)
    }

    /// Every job's facts and raw records, in video id order: ids and seen times differ between
    /// two ledgers, the facts must not.
    func contents(_ database: String) throws -> [String] {
        let ledger = try Ledger(path: database, access: .read)
        var jobs: [Job] = []
        try ledger.forEachJob(matching: nil) { jobs.append($0) }
        return try jobs.sorted { $0.videoID < $1.videoID }.map { job in
            let facts: [String] = [job.provider, job.videoID, job.model, job.status.rawValue, "\(job.seconds)",
                                   "\(job.width)", "\(job.height)", "\(job.createdAt)", "\(job.completedAt ?? -1)",
                                   job.project ?? "NULL", job.user ?? "NULL", job.kind.rawValue]
            return (facts + (try ledger.rawRecords(of: job))).joined(separator: "|")
        }
    }
}

/// `soracost rejects` lists what `import` rejected, with file, line, field and reason, in every
/// format, and the hostile corpus gives clear messages end to end.
@Suite struct RejectsCommandTests {
    let scratch: Scratch
    var db: String { scratch.file("ledger.sqlite") }

    init() throws {
        scratch = try Scratch()
    }

    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus")

    @Test func listsTheRejectsOfAnImport() throws {
        let path = try scratch.write("app.jsonl", logLine("video_1") + "\n{broken\n" + logLine("video_2").replacingOccurrences(of: "1280x720", with: "0x0") + "\n")
        let imported = try Soracost.run(["import", "--db", db, path])
        #expect(imported.status == 1)
        #expect(imported.stderr.contains("\(path):2: invalid JSON at byte 2"))
        #expect(imported.stderr.contains("\(path):3: field 'size'"))

        let table = try Soracost.run(["rejects", "--db", db])
        #expect(table.status == 0)
        #expect(table.stdout.contains("2 rejected lines"))
        let csv = try Soracost.run(["rejects", "--db", db, "--format", "csv"])
        let rows = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.first == "import,source,line,field,reason,text")
        #expect(rows.count == 3)
        #expect(rows.contains { $0.contains(",2,,") && $0.contains("invalid JSON") })
        #expect(rows.contains { $0.contains(",3,size,") })
        let json = try Soracost.run(["rejects", "--db", db, "--format", "json", "--limit", "1"])
        #expect(json.status == 0)
        #expect(json.stdout.contains("\"schema_version\""))
        #expect(try Soracost.run(["rejects", "--db", db, "--import", "999"]).stdout.contains("0 rejected lines"))
    }

    @Test func theCorpusImportsWithClearMessagesAndNoCrash() throws {
        let result = try Soracost.run(["import", "--db", db, RejectsCommandTests.corpus.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cr-only.jsonl:1: lines end with CR alone"))
        #expect(result.stderr.contains("repr.log:2: printed SDK object: nesting deeper than"))
        #expect(!result.stderr.contains("NSCocoaErrorDomain"))
        let listed = try Soracost.run(["rejects", "--db", db, "--format", "csv"])
        #expect(listed.stdout.contains("invalid-utf8.jsonl,2,"))
    }

    @Test func aFIFOInAScannedFolderIsSkippedWithANote() throws {
        try scratch.write("logs/app.jsonl", logLine("video_1") + "\n")
        #expect(mkfifo(scratch.file("logs/live.jsonl"), 0o644) == 0)
        let result = try Soracost.run(["import", "--db", db, scratch.file("logs")])
        #expect(result.status == 0)
        #expect(result.stderr.contains("skipped \(scratch.file("logs/live.jsonl")): a named pipe (FIFO)"))
        #expect(result.stdout.contains("1 new"))
    }
}

@Suite struct ImportFileErrorTests {
    @Test func aLedgerFolderThatCannotBeMadeIsSaidInPlainWords() throws {
        let scratch = try Scratch()
        let blocker = try scratch.write("file", "not a folder")
        let log = try scratch.write("app.jsonl", logLine("video_1") + "\n")
        let result = try Soracost.run(["import", "--db", blocker + "/sub/ledger.sqlite", log])
        #expect(result.status == 2)
        #expect(!result.stderr.contains("NSCocoaErrorDomain"))
        #expect(!result.stderr.contains("Code="))
        #expect(result.stderr.contains(blocker))
    }
}
