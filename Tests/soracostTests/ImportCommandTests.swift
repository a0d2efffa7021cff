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
        #expect(mapping.stderr.contains("--map 'nonsense': expected FIELD=PATH"))
        #expect(mapping.stderr.contains("Usage: soracost import"))
    }

    /// A child killed in the middle of a large import, then run again, leaves exactly what one
    /// clean import leaves.
    @Test func killedImportCompletesExactlyOnTheNextRun() throws {
        let lines = (1...120_000).map { i in
            logLine("video_\(i)", status: i % 3 == 0 ? "failed" : "completed", project: "p\(i % 7)",
                    created: 1_760_000_000 + Int64(i) * 60)
        }
        let path = try scratch.write("big.jsonl", lines.joined(separator: "\n") + "\n")
        let killedDB = scratch.file("killed.sqlite")

        // Kill as soon as some batches are committed and before the last one is.
        let (process, _, _) = try Soracost.start(["import", "-q", "--db", killedDB, path])
        var committed = 0
        let deadline = Date().addingTimeInterval(120)
        while committed == 0 && Date() < deadline && process.isRunning {
            Thread.sleep(forTimeInterval: 0.01)
            committed = (try? jobCount(killedDB)) ?? 0
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let partial = try jobCount(killedDB)
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(partial > 0 && partial < 120_000, "the import should have been killed part-way through")

        let resumed = try Soracost.run(["import", "-q", "--db", killedDB, path])
        #expect(resumed.status == 0)
        let clean = try Soracost.run(["import", "-q", "--db", db, path])
        #expect(clean.status == 0)
        #expect(try jobCount(killedDB) == 120_000)
        #expect(try contents(killedDB) == contents(db))
    }

    /// Jobs committed so far, read while another process may be writing (WAL lets readers in).
    func jobCount(_ database: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: database) else { return 0 }
        let connection = try Database(path: database, readOnly: true)
        return Int(try connection.scalarInt("SELECT COUNT(*) FROM jobs") ?? 0)
    }

    /// Every job's content, read with the sqlite3 library through a tiny export: ids and seen
    /// times differ between two ledgers, the facts must not.
    func contents(_ database: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import sqlite3, sys, hashlib, zlib
            c = sqlite3.connect(sys.argv[1])
            h = hashlib.sha256()
            blocks = {i: zlib.decompress(d) for i, d in c.execute("SELECT id, data FROM raw_blocks")}
            for row in c.execute("SELECT j.provider, j.video_id, j.model, j.status, j.seconds, j.width, j.height, j.created_at, j.completed_at, j.project, j.user_name, j.kind, r.block, r.offset, r.length FROM jobs j JOIN job_raws r ON r.job_id = j.id ORDER BY j.video_id, r.block, r.offset"):
                raw = blocks[row[12]][row[13]:row[13] + row[14]].decode()
                h.update(repr(row[:12] + (raw,)).encode())
            print(c.execute("SELECT COUNT(*) FROM jobs").fetchone()[0], h.hexdigest())
            """, database]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
