import Foundation
@testable import SoraCostKit
import SoraCostTestSupport
import Testing

/// Kill and resume: `import` and `sync` die by SIGKILL right after a chosen committed
/// transaction (the debug build's `SORACOST_TEST_KILL_AFTER_COMMIT`), are run again, and must
/// end with exactly the jobs, attribution and monthly totals of a clean run; `PRAGMA
/// integrity_check` passes after every kill. The fast cases run in `make test`; `make chaos`
/// (`SORACOST_CHAOS=1`) runs at least 20 kills per command at seeded random moments.
@Suite(.serialized) struct ChaosTests {
    static let key = "sk-test-FAKEchaos0123456789"
    let scratch: Scratch

    init() throws {
        scratch = try Scratch()
    }

    static var isLong: Bool { ProcessInfo.processInfo.environment["SORACOST_CHAOS"] == "1" }
    static var seed: UInt64 { UInt64(ProcessInfo.processInfo.environment["SORACOST_CHAOS_SEED"] ?? "") ?? 11 }

    /// Runs `arguments` killed after commit `after`; true when the kill happened (a run that
    /// finished first exits 0 or 1).
    func killed(_ arguments: [String], after: Int, environment: [String: String] = [:], db: String) throws -> Bool {
        var environment = environment
        environment["SORACOST_TEST_KILL_AFTER_COMMIT"] = String(after)
        let result = try Soracost.run(arguments, environment: environment)
        let wasKilled = result.status == 9
        #expect(wasKilled || result.status == 0 || result.status == 1, "\(arguments): \(result.status) \(result.stderr)")
        let ledger = try Ledger(path: db, access: .read)
        #expect(try ledger.integrityCheck() == ["ok"], "integrity after a kill at \(after)")
        #expect(try ledger.usageHoursDrift() == [], "the hourly rollup agrees with the jobs after a kill at \(after)")
        return wasKilled
    }

    /// What must not differ between a killed-and-resumed ledger and a clean one: each job's
    /// facts and attribution, and the monthly report's totals.
    func summary(_ db: String) throws -> [String] {
        let connection = try Database(path: db, readOnly: true)
        let jobs = try connection.prepare("""
            SELECT provider, video_id, model, status, seconds, width, height, created_at, completed_at, project,
                   user_name, tags, kind
            FROM jobs ORDER BY provider, video_id
            """).rows { row in (0..<13).map { row.text(Int32($0)) ?? "NULL" }.joined(separator: "|") }
        let report = try Soracost.run(["report", "monthly", "--db", db, "--since", "2025-01-01", "--until", "2027-12-31",
                                       "--by", "project", "--format", "csv"], environment: ["SORACOST_RATES": ""])
        #expect(report.status == 0)
        return jobs + [report.stdout]
    }

    // MARK: import

    /// Kills `import` until `kills` kills happened (a run that ends before its moment does not
    /// count); before each attempt `appendLines` new lines are appended, as a growing log gets
    /// them, so every run has work to be killed in.
    func importChaos(kills: Int, lines: Int, appendLines: Int = 0, moments: () -> Int) throws -> Int {
        var written = 0
        let log = scratch.file("big.jsonl")
        func append(_ count: Int) throws {
            let text = (written + 1...written + count).map { i in
                logLine("video_\(i)", status: i % 3 == 0 ? "failed" : "completed", project: "p\(i % 7)",
                        created: 1_760_000_000 + Int64(i) * 60)
            }.joined(separator: "\n") + "\n"
            written += count
            if !FileManager.default.fileExists(atPath: log) { #expect(FileManager.default.createFile(atPath: log, contents: nil)) }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
        }
        try append(lines)
        let killedDB = scratch.file("killed.sqlite"), cleanDB = scratch.file("clean.sqlite")
        var survived = 0, attempts = 0
        while survived < kills && attempts < kills * 3 {
            attempts += 1
            if attempts > 1 && appendLines > 0 { try append(appendLines) }
            if try killed(["import", "-q", "--db", killedDB, log], after: moments(), db: killedDB) { survived += 1 }
        }
        #expect(try Soracost.run(["import", "-q", "--db", killedDB, log]).status == 0)
        #expect(try Soracost.run(["import", "-q", "--db", cleanDB, log]).status == 0)
        #expect(try summary(killedDB) == summary(cleanDB))
        return survived
    }

    @Test func importKilledAtChosenBatchesEndsAsACleanRun() throws {
        var moments = [2, 2, 2].makeIterator()
        let survived = try importChaos(kills: 3, lines: 60_000) { moments.next() ?? 2 }
        #expect(survived == 3)
    }

    @Test(.enabled(if: ChaosTests.isLong)) func importKilledAtRandomMoments() throws {
        var random = SeededRandom(seed: Self.seed)
        let survived = try importChaos(kills: 24, lines: 60_000, appendLines: 30_000) {
            Int.random(in: 1...3, using: &random)
        }
        print("chaos: import survived \(survived) SIGKILLs (seed \(Self.seed))")
        #expect(survived >= 20)
    }

    // MARK: sync

    func syncChaos(kills: Int, videos count: Int, moments: () -> Int) throws -> Int {
        let videos = SyncCommandTests.videos(count)
        let server = try SyncCommandTests.server(videos)
        defer { server.stop() }
        let killedDB = scratch.file("killed-sync.sqlite"), cleanDB = scratch.file("clean-sync.sqlite")
        func sync(_ db: String) -> [String] { ["sync", "-q", "--db", db, "--base-url", server.baseURL + "/v1"] }
        let environment = ["OPENAI_API_KEY": Self.key]
        var survived = 0, attempts = 0
        while survived < kills && attempts < kills * 3 {
            attempts += 1
            if try killed(sync(killedDB), after: moments(), environment: environment, db: killedDB) { survived += 1 }
        }
        #expect(try Soracost.run(sync(killedDB), environment: environment).status == 0)
        #expect(try Soracost.run(sync(cleanDB), environment: environment).status == 0)
        #expect(try summary(killedDB) == summary(cleanDB))
        let bytes = ["", "-wal"].compactMap { try? Data(contentsOf: URL(fileURLWithPath: killedDB + $0)) }
        #expect(!bytes.contains { String(decoding: $0, as: UTF8.self).contains(Self.key) })
        return survived
    }

    @Test func syncKilledAtChosenPagesEndsAsACleanRun() throws {
        var moments = [2, 4, 3].makeIterator()
        let survived = try syncChaos(kills: 3, videos: 12) { moments.next() ?? 2 }
        #expect(survived == 3)
    }

    @Test(.enabled(if: ChaosTests.isLong)) func syncKilledAtRandomMoments() throws {
        var random = SeededRandom(seed: Self.seed &+ 1)
        let survived = try syncChaos(kills: 24, videos: 600) { Int.random(in: 1...12, using: &random) }
        print("chaos: sync survived \(survived) SIGKILLs (seed \(Self.seed))")
        #expect(survived >= 20)
    }
}
