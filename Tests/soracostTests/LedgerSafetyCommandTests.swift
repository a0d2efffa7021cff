import Foundation
@testable import SoraCostKit
import Testing

/// The ledger as a hostile or careless user meets it: an output path that is the ledger, a file
/// that is not a ledger, a writer holding the lock while readers run, a rate that would overflow,
/// a umask that would expose the file.
@Suite struct LedgerSafetyCommandTests {
    let fixture: ThirtyJobLedger
    var scratch: Scratch { fixture.scratch }
    var db: String { fixture.db }

    init() throws { fixture = try ThirtyJobLedger() }

    func bytes(_ path: String) throws -> Data { try fixture.bytes(path) }

    @Test(arguments: [["-o", ""], ["--chart", ""], ["-o", "-wal"], ["-o", "-shm"], ["--chart", "-wal"]])
    func anOutputOverTheLedgerIsRefusedAndTheLedgerKept(option: [String]) throws {
        let before = try bytes(db)
        let target = db + option[1]
        var arguments = ["report", "monthly", "--db", db, "--month", "2026-03", option[0], target]
        if option[0] == "--chart" { arguments += ["-o", scratch.file("r.md")] }
        let result = try Soracost.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot write: it is the ledger"), "\(result.stderr)")
        #expect(try bytes(db) == before)
        #expect(try Soracost.run(["status", "--db", db]).stdout.contains("jobs     30"))
    }

    @Test func anOutputReachingTheLedgerThroughASymlinkOrDotsIsRefused() throws {
        let link = scratch.file("link.sqlite")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: db)
        for target in [link, scratch.file("sub/../v.sqlite")] {
            try? FileManager.default.createDirectory(atPath: scratch.file("sub"), withIntermediateDirectories: true)
            let result = try Soracost.run(["report", "monthly", "--db", db, "-o", target])
            #expect(result.status == 2, "\(target)")
        }
        #expect(try Soracost.run(["status", "--db", db]).status == 0)
    }

    /// An empty file is no ledger: readers and `budget check` say so and leave it empty; only
    /// `import` (or `sync`) makes a ledger of it.
    @Test func anEmptyFileIsNoLedgerUntilAnImport() throws {
        let empty = scratch.file("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        let budgets = try scratch.write("b.json", #"{"version": 1, "budgets": [{"name": "m", "period": "month", "amount": "1"}]}"#)
        for (command, status) in [(["status"], 2 as Int32), (["report", "monthly", "--month", "2026-03"], 2),
                                  (["budget", "check", "--budgets", budgets], 3)] {
            let result = try Soracost.run(command + ["--db", empty])
            #expect(result.status == status, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("no ledger here yet"), "\(command): \(result.stderr)")
            #expect(try bytes(empty).isEmpty, "\(command)")
        }
        // Through a symbolic link too, and a link to nothing is no ledger either.
        let link = scratch.file("link.sqlite"), dangling = scratch.file("dangling.sqlite")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: empty)
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: scratch.file("nowhere.sqlite"))
        for path in [link, dangling] {
            let result = try Soracost.run(["budget", "check", "--budgets", budgets, "--db", path])
            #expect(result.status == 3 && result.stderr.contains("no ledger here yet"), "\(path): \(result.stderr)")
        }
        #expect(try bytes(empty).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: scratch.file("nowhere.sqlite")))
        let log = try scratch.write("one.jsonl", logLine("video_e1") + "\n")
        #expect(try Soracost.run(["import", "-q", "--db", empty, log]).status == 0)
        #expect(try Soracost.run(["status", "--db", empty]).stdout.contains("jobs     1"))
    }

    @Test func aFileThatIsNotALedgerIsRefusedAndLeftAsItWas() throws {
        let log = scratch.file("a.jsonl")
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: UInt8(7), count: 600))
        let pngPath = scratch.file("picture.png")
        try png.write(to: URL(fileURLWithPath: pngPath))
        let text = try scratch.write("notes.txt", "hello\n")
        let foreign = scratch.file("other.db")
        do {
            let other = try Database(path: foreign)
            try other.execute("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('ana')")
        }
        for path in [pngPath, text, foreign] {
            let before = try bytes(path)
            for arguments in [["import", "-q", "--db", path, log], ["report", "monthly", "--db", path], ["status", "--db", path]] {
                let result = try Soracost.run(arguments)
                #expect(result.status == 2, "\(arguments)")
                #expect(result.stderr.contains("not a usable soracost ledger"), "\(result.stderr)")
            }
            #expect(try bytes(path) == before, "\(path) unchanged")
        }
    }

    /// Readers open the ledger read-only: while another connection holds a write transaction,
    /// report, status, rejects and explain answer at once with the committed state.
    @Test func readersRunWhileAWriterHoldsTheLock() throws {
        let writer = try Database(path: db)
        try writer.execute("BEGIN IMMEDIATE")
        try writer.execute("UPDATE jobs SET project = 'uncommitted'")
        defer { try? writer.execute("ROLLBACK") }
        let commands = [["report", "monthly", "--month", "2026-03", "--format", "csv"], ["status"], ["rejects"],
                        ["explain", "video_1"], ["rates", "check"]] + Self.readOnlyCommands
        for command in commands {
            let result = try Soracost.run(command + ["--db", db], environment: ["SORACOST_RATES": ""])
            #expect(result.status == 0, "\(command): \(result.stderr)")
            #expect(!result.stderr.contains("locked"))
        }
        #expect(try Soracost.run(["status", "--db", db]).stdout.contains("jobs     30"))
        let report = try Soracost.run(["report", "monthly", "--month", "2026-03", "--by", "project", "--db", db])
        #expect(!report.stdout.contains("uncommitted"), "readers see the committed state")
    }

    /// Commands that read the ledger and never write it, beyond the reports.
    static let readOnlyCommands = [["explain", "video_1", "--raw"], ["export", "jobs"],
                                   ["export", "focus", "--month", "2026-03"], ["estimate", "--from-history", "2026-03"]]

    /// As a user who may not write the folder (run as `nobody` through runuser, so only when the
    /// tests run as root): readers work, and an older ledger is refused with a message.
    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser")))
    func readersWorkInAFolderTheyMayNotWrite() throws {
        let folder = try Scratch()
        let copy = folder.file("v.sqlite"), old = folder.file("old.sqlite")
        for target in [copy, old] { try FileManager.default.copyItem(atPath: db, toPath: target) }
        do {
            let writer = try Database(path: old)
            try writer.execute("ALTER TABLE imports DROP COLUMN pid; PRAGMA user_version = 3")
        }
        for path in [folder.path, copy, old] {
            try FileManager.default.setAttributes([.posixPermissions: path == folder.path ? 0o755 : 0o644], ofItemAtPath: path)
        }
        func asNobody(_ arguments: [String]) throws -> Soracost.Result {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", "nobody", "--", Soracost.binary] + arguments
            process.environment = ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent"]
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Soracost.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                   stderr: String(decoding: stderr, as: UTF8.self))
        }
        let report = try asNobody(["report", "monthly", "--month", "2026-03", "--db", copy])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("Total cost"))
        // Every command that only reads: the raw records, the exports and the re-pricing too.
        for command in Self.readOnlyCommands {
            let result = try asNobody(command + ["--db", copy])
            #expect(result.status == 0, "\(command): \(result.stderr)")
            #expect(!result.stdout.isEmpty, "\(command)")
        }
        let older = try asNobody(["status", "--db", old])
        #expect(older.status == 2)
        #expect(older.stderr.contains("ledger schema version 3 is older than this soracost's"), "\(older.stderr)")
        #expect(!FileManager.default.fileExists(atPath: copy + "-wal"))
    }

    @Test func anOlderLedgerIsUpgradedByAReaderThatMayWriteIt() throws {
        // A version-3 ledger as soracost wrote it: the shipped steps 1–3, run as they were.
        let path = scratch.file("v3.sqlite")
        do {
            let old = try Database(path: path)
            for step in Migrations.steps where step.version <= 3 { try old.execute(step.sql) }
            try old.execute("PRAGMA user_version = 3")
        }
        let result = try Soracost.run(["status", "--db", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("schema \(Migrations.latestVersion)"))
    }

    @Test func aRateThatWouldOverflowIsRefusedCleanly() throws {
        let card = try scratch.write("rates.json", #"""
            {"version": 1, "entries": [{"provider": "openai", "model": "sora-2", "unit": "second", "rate": "800000000000"}]}
            """#)
        for command in [["report", "monthly", "--month", "2026-03"], ["rates", "check"], ["explain", "video_1"]] {
            let result = try Soracost.run(command + ["--db", db, "--rates", card])
            #expect(result.status == 2, "\(command)")
            #expect((result.stderr + result.stdout).contains("above the limit of 1000.00 per second"),
                    "\(command): \(result.stderr)")
        }
    }

    /// A ledger whose figures overflow Money (absurd seconds at a valid rate): reports and
    /// explain fail cleanly with exit 2, `budget check` says UNKNOWN (3); nothing traps.
    @Test func anOverflowingLedgerFailsCleanlyEverywhere() throws {
        do {
            let writer = try Database(path: db)
            try writer.execute("UPDATE jobs SET seconds = 200000000000000 WHERE video_id = 'video_1'")
            // The rollup counted afresh, as the ledger's own writes would have kept it.
            try writer.execute("DELETE FROM usage_hours; INSERT INTO usage_hours \(UsageHours.fromJobsSQL)")
        }
        let budgets = try scratch.write("budgets.json", """
            {"version": 1, "budgets": [{"name": "all", "period": "month", "amount": "100.00", "thresholds": [{"percent": 80}]}]}
            """)
        for (command, expected) in [(["report", "monthly", "--month", "2026-03"], Int32(2)), (["explain", "video_1"], 2),
                                    (["status"], 2), (["rates", "check"], 2),
                                    (["budget", "check", "--budgets", budgets, "--as-of", "2026-03-20"], 3)] {
            let result = try Soracost.run(command + ["--db", db], environment: ["SORACOST_RATES": ""])
            #expect(result.status == expected, "\(command): \(result.status)")
            #expect(result.stderr.contains("overflows (more than 9,223,372,036,854.775807 in one currency)"),
                    "\(command): \(result.stderr)")
        }
    }

    @Test func theLedgerAndItsWALAreOwnerOnlyWhateverTheUmask() throws {
        let previous = umask(0o022)
        defer { umask(previous) }
        let fresh = scratch.file("fresh/ledger.sqlite")
        let writer = try Soracost.run(["import", "-q", "--db", fresh, scratch.file("a.jsonl")])
        #expect(writer.status == 0)
        let open = try Ledger(path: fresh)  // keeps -wal and -shm in place while we look
        for suffix in ["", "-wal", "-shm"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: fresh + suffix)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(suffix)")
        }
        _ = open
    }

    /// While a large import writes (and commits batch after batch), a report, a budget check and
    /// a second import all succeed: readers never wait, writers wait for the lock, none says
    /// "database is locked", and each report shows a committed count of jobs.
    @Test func reportBudgetCheckAndASecondImportRunBesideALargeImport() throws {
        let big = try scratch.write("big.jsonl", (1...150_000).map { i in
            logLine("big_\(i)", created: 1_773_479_564 + Int64(i))
        }.joined(separator: "\n") + "\n")
        let small = try scratch.write("small.jsonl", (1...10).map { logLine("small_\($0)") }.joined(separator: "\n") + "\n")
        // The budget check replays a day long after the jobs, and an empty ledger is UNKNOWN by
        // design (nothing to vouch for): a generous `stale_after` and a few jobs stored first
        // keep this test about locking, not staleness.
        let budgets = try scratch.write("budgets.json", """
            {"version": 1, "stale_after": "3650d", "budgets": [{"name": "all", "period": "month", "amount": "1000000.00",
              "thresholds": [{"percent": 80}]}]}
            """)
        let seed = try scratch.write("seed.jsonl", (1...5).map { logLine("seed_\($0)") }.joined(separator: "\n") + "\n")
        #expect(try Soracost.run(["import", "-q", "--db", db, seed]).status == 0)
        let (importer, _, errURL) = try Soracost.start(["import", "-q", "--db", db, big])
        var overlapped = 0
        var results: [Soracost.Result] = []
        repeat {
            if importer.isRunning { overlapped += 1 }
            results.append(try Soracost.run(["report", "monthly", "--month", "2026-03", "--format", "csv", "--db", db]))
            results.append(try Soracost.run(["budget", "check", "--db", db, "--budgets", budgets, "--as-of", "2026-03-20"]))
        } while importer.isRunning && results.count < 40
        results.append(try Soracost.run(["import", "-q", "--db", db, small]))
        importer.waitUntilExit()
        #expect(importer.terminationStatus == 0, "\((try? String(contentsOf: errURL, encoding: .utf8)) ?? "")")
        for result in results {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stderr.contains("locked"))
        }
        let status = try Soracost.run(["status", "--db", db])
        #expect(status.stdout.contains("jobs     150045"), "\(status.stdout.prefix(200))")
        print("concurrency: \(overlapped) report + budget check rounds ran while the import wrote")
    }
}
