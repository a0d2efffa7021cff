import Foundation
import Testing
@testable import SoraCostKit

/// `VideoIDCodec`: canonical ids as 16 bytes, every other id as text, one-to-one.
@Suite struct VideoIDCodecTests {
    static let canonical = "video_68e31a378ce788f5b608248190c1810c"

    @Test func aCanonicalIDIsStoredAsItsSixteenBytesAndReadBack() throws {
        #expect(VideoIDCodec.value(Self.canonical) == .blob([
            0x68, 0xe3, 0x1a, 0x37, 0x8c, 0xe7, 0x88, 0xf5, 0xb6, 0x08, 0x24, 0x81, 0x90, 0xc1, 0x81, 0x0c,
        ]))
        let (directory, ledger) = try TemporaryDirectory.withLedger()
        _ = directory
        try ledger.database.execute("INSERT INTO sources (id, kind, name) VALUES (1, 'file', '/logs/app.jsonl')")
        let ids = [Self.canonical, "video_1", "video_68E31A378CE788F5B608248190C1810C", "video_68e31a378ce788f5b608248190c1810",
                   "video_68e31a378ce788f5b608248190c1810c0", "video_68e31a378ce788f5b608248190c1810g", "vid_68e31a378ce788f5b608248190c1810c1",
                   "", "🎬"]
        let writer = try ledger.makeJobWriter()
        var outcomes: [JobWriter.Outcome] = []
        try ledger.transaction {
            for (n, id) in ids.enumerated() {
                let job = Job(videoID: id, model: "sora-2", status: .completed, seconds: 4, width: 1280, height: 720,
                              createdAt: 1_760_000_000 + Int64(n))
                outcomes.append(try writer.record(Observation(job: job, prompt: nil, raw: "{\"n\":\(n)}"), sourceID: 1,
                                                  sourceName: "x", line: n, importID: nil, now: 1))
            }
        }
        #expect(outcomes.allSatisfy { $0 == .new } && outcomes.count == ids.count)
        // Only the canonical one is packed; each id reads back exactly, by Swift and by SQL.
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM jobs WHERE typeof(video_id) = 'blob'") == 1)
        for id in ids {
            let jobs = try ledger.jobs(videoID: id)
            #expect(jobs.map(\.videoID) == [id])
            #expect(try ledger.rawRecords(of: try #require(jobs.first)).count == 1)
        }
        let inSQL = try ledger.database.prepare("SELECT \(VideoIDCodec.textSQL) FROM jobs ORDER BY id").rows { $0.text(0) ?? "-" }
        #expect(inSQL == ids)
    }

    /// The record hash is stored: its values are pinned (computed independently), so a change
    /// to the function cannot pass unnoticed and leave stored records unrecognised.
    @Test func theRecordHashIsPinnedAndSeesEveryByte() {
        #expect(RawStore.hash("") == -7_160_610_219_483_255_062)
        #expect(RawStore.hash("abc") == 4_457_624_126_634_268_100)
        #expect(RawStore.hash(#"{"id":"video_1","n":12345678}"#) == 1_545_198_348_668_150_790)
        let base = Array(repeating: UInt8(ascii: "a"), count: 37)
        var seen: Set<Int64> = [base.withUnsafeBytes { RawStore.hash($0) }]
        for index in base.indices {
            var changed = base
            changed[index] = UInt8(ascii: "b")
            seen.insert(changed.withUnsafeBytes { RawStore.hash($0) })
        }
        seen.insert(base.dropLast().withUnsafeBytes { RawStore.hash($0) })
        #expect(seen.count == base.count + 2)
    }

    @Test func aRepeatedSightingOfAPackedIDMergesIntoTheSameJob() throws {
        let (directory, ledger) = try TemporaryDirectory.withLedger()
        _ = directory
        try ledger.database.execute("INSERT INTO sources (id, kind, name) VALUES (1, 'file', '/logs/app.jsonl')")
        let writer = try ledger.makeJobWriter()
        var job = Job(videoID: Self.canonical, model: "sora-2", status: .inProgress, seconds: 4, width: 1280, height: 720,
                      createdAt: 1_760_000_000)
        var outcomes: [JobWriter.Outcome] = []
        try ledger.transaction {
            for (line, raw) in ["first", "first", "second", "first"].enumerated() {
                if line == 2 { job.status = .completed }
                outcomes.append(try writer.record(Observation(job: job, prompt: nil, raw: raw), sourceID: 1, sourceName: "x",
                                                  line: line, importID: nil, now: Int64(line)))
            }
        }
        #expect(outcomes == [.new, .unchanged, .updated, .unchanged])
        let stored = try #require(try ledger.jobs(videoID: Self.canonical).first)
        #expect(stored.status == .completed)
        #expect(try ledger.rawRecords(of: stored) == ["first", "second"])
        // The first record is pointed to from the job's row, the later one from job_raws.
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM job_raws") == 1)
        #expect(try ledger.rawStoreSize().records == 2)
    }
}

/// Migration 7 packs the canonical ids of a version-6 ledger and moves each job's first raw
/// record pointer into its row, in place and exactly.
@Suite struct LeanJobsMigrationTests {
    /// A ledger as soracost wrote it at version 6, with `jobs` ids and raw records of `jobs`
    /// (several records for some jobs, oldest first).
    static func version6Ledger(at path: String, jobs: [(id: String, raws: [String])]) throws {
        let database = try Database(path: path)
        try database.transaction {
            let insert = try database.legacyLedger(version: 6)
            let raw = try database.prepare("INSERT INTO job_raws (job_id, hash, block, offset, length) VALUES (?, ?, ?, ?, ?)")
            let store = RawStore(database: database)
            for (n, job) in jobs.enumerated() {
                try insert.run([.int(Int64(n + 1)), .text(job.id)])
                for text in job.raws {
                    var bytes = Array(text.utf8)
                    let at = try bytes.withUnsafeMutableBytes { try store.append(UnsafeRawBufferPointer($0)) }
                    try raw.run([.int(Int64(n + 1)), .int(Self.fnv1a(text)), .int(at.block), .int(at.offset), .int(at.length)])
                }
            }
            try store.flush()
        }
    }

    /// The record hash ledgers stored before migration 7.
    static func fnv1a(_ text: String) -> Int64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int64(bitPattern: h)
    }

    @Test func packsIDsAndMovesFirstRecordsExactly() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("v6.sqlite")
        let jobs: [(id: String, raws: [String])] = (0..<3_000).map { n in
            let id = n % 3 == 0 ? "video_\(n)" : "video_" + String(format: "%032x", n * 7_919)
            let raws = n % 5 == 0 ? ["{\"n\":\(n),\"s\":\"queued\"}", "{\"n\":\(n),\"s\":\"completed ✓\"}"] : ["{\"n\":\(n)}"]
            return (id, raws)
        }
        try Self.version6Ledger(at: path, jobs: jobs)

        let ledger = try Ledger(path: path, create: false)
        #expect(try ledger.database.scalarInt("PRAGMA user_version") == Int64(Migrations.latestVersion))
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM jobs WHERE typeof(video_id) = 'blob'") == 2_000)
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM jobs WHERE raw_block IS NULL") == 0)
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM job_raws") == 600)
        #expect(try ledger.rawStoreSize().records == 3_600)
        for n in [0, 1, 2, 5, 10, 2_999] {
            let job = try #require(try ledger.jobs(videoID: jobs[n].id).first)
            #expect(job.videoID == jobs[n].id)
            #expect(try ledger.rawRecords(of: job) == jobs[n].raws)
        }
        var all: [String] = []
        try ledger.forEachRawRecord { _, text in all.append(text) }
        #expect(all == jobs.flatMap(\.raws))
        var exported: [String] = []
        try ledger.forEachRawRecord(createdFrom: 0, to: 2_000_000_000) { _, id, _ in exported.append(id) }
        #expect(exported == jobs.flatMap { job in job.raws.map { _ in job.id } })

        // A sighting after the migration finds the packed job and keeps its records.
        let writer = try ledger.makeJobWriter()
        let seen = Job(videoID: jobs[1].id, model: "sora-2", status: .completed, seconds: 8, width: 1280, height: 720,
                       createdAt: 1_760_000_000)
        // Both a first record and a later one are known again under the new hash: nothing is
        // stored twice.
        let later = Job(videoID: jobs[5].id, model: "sora-2", status: .completed, seconds: 8, width: 1280, height: 720,
                        createdAt: 1_760_000_000)
        let outcomes = try ledger.transaction {
            [try writer.record(Observation(job: seen, prompt: nil, raw: jobs[1].raws[0]), sourceID: 1,
                               sourceName: "x", line: nil, importID: nil, now: 2),
             try writer.record(Observation(job: later, prompt: nil, raw: jobs[5].raws[1]), sourceID: 1,
                               sourceName: "x", line: nil, importID: nil, now: 2),
             try writer.record(Observation(job: later, prompt: nil, raw: jobs[5].raws[0]), sourceID: 1,
                               sourceName: "x", line: nil, importID: nil, now: 2)]
        }
        #expect(outcomes == [.unchanged, .unchanged, .unchanged])
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM jobs WHERE raw_hash = \(RawStore.hash(jobs[5].raws[0]))") == 1)
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM jobs") == 3_000)
        #expect(try ledger.rawStoreSize().records == 3_600)
    }
}
