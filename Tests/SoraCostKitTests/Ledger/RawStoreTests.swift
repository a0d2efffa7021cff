import Foundation
import Testing
@testable import SoraCostKit

/// The raw-record store gives back the exact bytes it was given: across blocks, with non-ASCII
/// text, after the prompt was cut, in and out of transactions, and after a rollback; it keeps
/// every distinct record of a job once.
@Suite struct RawStoreTests {
    let directory: TemporaryDirectory
    let ledger: Ledger

    init() throws {
        (directory, ledger) = try TemporaryDirectory.withLedger()
    }

    func observation(_ id: String, raw: String, status: JobStatus = .completed) -> Observation {
        Observation(job: Job(videoID: id, model: "sora-2", status: status, seconds: 8, width: 1280, height: 720,
                             createdAt: 1_760_000_000, completedAt: status == .completed ? 1_760_000_060 : nil),
                    prompt: nil, raw: raw)
    }

    func record(_ writer: JobWriter, _ observation: Observation, source: Int64) throws {
        try writer.record(observation, sourceID: source, sourceName: "test", line: nil, importID: nil, now: 1)
    }

    func raws(_ id: String) throws -> [String] {
        try ledger.rawRecords(of: try #require(try ledger.jobs(videoID: id).first))
    }

    @Test func roundTripsExactBytesAcrossManyBlocks() throws {
        let writer = try ledger.makeJobWriter()
        let source = try ledger.ensureSource(kind: "file", name: "t").id
        // About 0.5 MB of records: several blocks, each record different.
        let texts = (0..<3_000).map { n in
            #"{"id":"video_\#(n)","title":"café ✓ 日本語 🎬 \#(n)","pad":"\#(String(repeating: "x", count: n % 300))"}"#
        }
        try ledger.writeInBatches { batch in
            for (n, text) in texts.enumerated() {
                try record(writer, observation("video_\(n)", raw: text), source: source)
                if n == 1_500 { try batch.commitAndContinue() }
            }
        }
        for n in [0, 1, 1_499, 1_500, 1_501, 2_999] {
            let stored = try raws("video_\(n)")
            #expect(stored == [texts[n]])
            #expect(Array(stored[0].utf8) == Array(texts[n].utf8))
        }
        let size = try ledger.rawStoreSize()
        #expect(size.records == 3_000)
        #expect(size.blocks > 3)
        #expect(size.compressedBytes < size.bytes / 3)
        var all: [String] = []
        try ledger.forEachRawRecord { _, text in all.append(text) }
        #expect(all == texts)
    }

    @Test func keepsEveryDistinctSightingOnceOldestFirst() throws {
        let writer = try ledger.makeJobWriter()
        let source = try ledger.ensureSource(kind: "file", name: "t").id
        try ledger.transaction {
            try record(writer, observation("video_a", raw: #"{"status":"queued"}"#, status: .queued), source: source)
            try record(writer, observation("video_a", raw: #"{"status":"completed"}"#), source: source)
            try record(writer, observation("video_a", raw: #"{"status":"queued"}"#, status: .queued), source: source)
            try record(writer, observation("video_a", raw: #"{"status":"completed","ts":2}"#), source: source)
        }
        #expect(try raws("video_a") == [#"{"status":"queued"}"#, #"{"status":"completed"}"#, #"{"status":"completed","ts":2}"#])
    }

    @Test func writesOutsideATransactionAndForgetsARolledBackBlock() throws {
        let writer = try ledger.makeJobWriter()
        let source = try ledger.ensureSource(kind: "file", name: "t").id
        try record(writer, observation("video_a", raw: "ä"), source: source)
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try ledger.transaction {
                try record(writer, observation("video_b", raw: "lost"), source: source)
                throw Stop()
            }
        }
        try ledger.transaction { try record(writer, observation("video_c", raw: "ç"), source: source) }
        #expect(try raws("video_a") == ["ä"])
        #expect(try ledger.jobs(videoID: "video_b").isEmpty)
        #expect(try raws("video_c") == ["ç"])
        // A fresh handle reads the same bytes from disk.
        let reopened = try Ledger(path: ledger.path, create: false)
        #expect(try reopened.rawRecords(of: try #require(try reopened.jobs(videoID: "video_c").first)) == ["ç"])
    }

    @Test func aRollbackDropsBlocksStillBeingDeflated() throws {
        let writer = try ledger.makeJobWriter()
        let source = try ledger.ensureSource(kind: "file", name: "t").id
        let pad = String(repeating: "ü", count: 2_000)
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try ledger.transaction {
                // About 400 KB: several sealed blocks on the deflating thread when it throws.
                for n in 0..<100 { try record(writer, observation("video_lost_\(n)", raw: "\(n)\(pad)"), source: source) }
                throw Stop()
            }
        }
        try ledger.transaction {
            for n in 0..<100 { try record(writer, observation("video_\(n)", raw: "\(n)\(pad)"), source: source) }
        }
        for n in [0, 31, 99] { #expect(try raws("video_\(n)") == ["\(n)\(pad)"]) }
        #expect(try ledger.rawStoreSize().records == 100)
        #expect(try ledger.database.scalarInt("SELECT MIN(id) FROM raw_blocks") == 1)
    }

    @Test func explainRawGivesBackTheScrubbedAndTheKeptForm() throws {
        let line = Sample.envelope(Sample.video("video_é", extra: #","title":"café ✓ 日本語 🎬""#), project: "équipe")
        let path = try directory.write("app.jsonl", line + "\n")
        _ = try LogImporter(ledger: ledger, options: ImportOptions()).run(paths: [path])
        let scrubbed = try #require(try ExplainDocument.rawRecords(videoID: "video_é", ledger: ledger))
        #expect(!scrubbed.contains("secret"))
        #expect(scrubbed.contains("café ✓ 日本語 🎬") && scrubbed.contains("équipe"))
        #expect(scrubbed == line.replacingOccurrences(of: #""prompt":"a secret prompt","#, with: "") + "\n")

        let other = try TemporaryDirectory()
        let keeping = try Ledger(path: other.file("l.sqlite"))
        var options = ImportOptions()
        options.decoder.keepPrompts = true
        _ = try LogImporter(ledger: keeping, options: options).run(paths: [path])
        let kept = try #require(try ExplainDocument.rawRecords(videoID: "video_é", ledger: keeping))
        #expect(Array(kept.utf8) == Array((line + "\n").utf8))
        #expect(try ExplainDocument.rawRecords(videoID: "video_none", ledger: keeping) == nil)
    }
}
