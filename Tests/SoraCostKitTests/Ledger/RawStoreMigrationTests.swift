import Foundation
import Testing
@testable import SoraCostKit

/// Migration 5 moves a version-3 ledger's `job_raw` text rows into the compressed store in place,
/// byte for byte, and drops the old table; the jobs and their pointers stay as they were.
@Suite struct RawStoreMigrationTests {
    /// A ledger as soracost wrote it before migration 5: the shipped steps 1–3, run as they were.
    static func oldLedger(at path: String, raws: [String]) throws {
        let database = try Database(path: path)
        try database.transaction {
            let job = try database.legacyLedger(version: 3)
            let raw = try database.prepare("INSERT INTO job_raw (job_id, raw) VALUES (?, ?)")
            for (n, text) in raws.enumerated() {
                try job.run([.int(Int64(n + 1)), .text("video_\(n)")])
                try raw.run([.int(Int64(n + 1)), .text(text)])
            }
        }
    }

    @Test func movesEveryRawRecordExactlyAndDropsTheOldTable() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("old.sqlite")
        // Enough records for several blocks; non-ASCII, escapes, an empty record, a long one.
        var raws = (0..<2_500).map { n in #"{"id":"video_\#(n)","title":"naïve café ✓ 日本語 🎬","n":\#(n),"e":"\u00e9\n"}"# }
        raws[7] = ""
        raws[8] = String(repeating: "é", count: 100_000)
        try Self.oldLedger(at: path, raws: raws)

        let ledger = try Ledger(path: path, create: false)
        #expect(try ledger.database.scalarInt("PRAGMA user_version") == Int64(Migrations.latestVersion))
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM sqlite_master WHERE name = 'job_raw'") == 0)
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM jobs") == 2_500)
        let size = try ledger.rawStoreSize()
        #expect(size.records == 2_500)
        #expect(size.blocks > 1)
        for n in [0, 7, 8, 9, 1_234, 2_499] {
            let job = try #require(try ledger.jobs(videoID: "video_\(n)").first)
            let stored = try ledger.rawRecords(of: job)
            #expect(stored.count == 1)
            #expect(Array(stored.first?.utf8 ?? "-".utf8) == Array(raws[n].utf8))
        }
        var all: [String] = []
        try ledger.forEachRawRecord { _, text in all.append(text) }
        #expect(all == raws)

        // The migrated ledger takes new sightings: a changed record is kept beside the old one.
        let writer = try ledger.makeJobWriter()
        try ledger.transaction {
            let job = Job(videoID: "video_0", model: "sora-2", status: .completed, seconds: 8, width: 1280, height: 720,
                          createdAt: 1_760_000_000)
            try writer.record(Observation(job: job, prompt: nil, raw: "second ✓"), sourceID: 1, sourceName: "x",
                              line: nil, importID: nil, now: 2)
        }
        let first = try #require(try ledger.jobs(videoID: "video_0").first)
        #expect(try ledger.rawRecords(of: first) == [raws[0], "second ✓"])
    }

    @Test func aMigratedLedgerOpensAgainUnchanged() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("old.sqlite")
        try Self.oldLedger(at: path, raws: ["{\"a\":1}", "{\"b\":\"ü\"}"])
        _ = try Ledger(path: path, create: false)
        let again = try Ledger(path: path, create: false)
        let job = try #require(try again.jobs(videoID: "video_1").first)
        #expect(try again.rawRecords(of: job) == ["{\"b\":\"ü\"}"])
        #expect(try again.rawStoreSize().blocks == 1)
    }
}
