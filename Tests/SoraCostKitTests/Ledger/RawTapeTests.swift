import Foundation
import Testing
@testable import SoraCostKit

/// Records the import's parser leaves on its tapes (`RawTape`) are stored without the writer
/// copying them, beside records given as text, and come back byte for byte, whichever tape,
/// block or transaction they fell in; a sighting taken back leaves no trace; a tape is freed
/// once nothing points into it.
@Suite struct RawTapeTests {
    let directory: TemporaryDirectory
    let ledger: Ledger

    init() throws {
        (directory, ledger) = try TemporaryDirectory.withLedger()
    }

    func observation(_ id: String, _ raw: RawBytes, status: JobStatus = .completed) -> Observation {
        Observation(job: Job(videoID: id, model: "sora-2", status: status, seconds: 8, width: 1280, height: 720,
                             createdAt: 1_760_000_000, completedAt: status == .completed ? 1_760_000_060 : nil),
                    prompt: nil, raw: raw, tagsText: nil)
    }

    func onTape(_ tape: inout RawTapeWriter, _ text: String) -> RawBytes {
        var text = text
        return text.withUTF8 { tape.append(UnsafeRawBufferPointer($0)) }
    }

    @Test func storesTapeRecordsBesideTextOnesExactly() throws {
        let writer = try ledger.makeJobWriter()
        let source = try ledger.ensureSource(kind: "file", name: "t").id
        // Small tapes, so records span many of them; some records longer than a whole tape.
        var tape = RawTapeWriter(tapeBytes: 2_000)
        var expected: [String: [String]] = [:]
        var order: [String] = []
        try ledger.writeInBatches { batch in
            for n in 0..<1_500 {
                let id = "video_\(n / 3)"
                // The second sighting of a job repeats its first record (taken back from the open
                // block); the third is a later state, kept as a record of its own.
                let status: JobStatus = n % 3 == 2 ? .failed : .completed
                let text = n % 3 == 1
                    ? expected[id]![0]
                    : #"{"id":"\#(id)","status":"\#(status.rawValue)","note":"é ✓ 日本 \#(n)","pad":"\#(String(repeating: "y", count: (n * 37) % 2_600))"}"#
                let raw = n % 4 == 0 ? RawBytes.text(text) : onTape(&tape, text)
                try writer.record(observation(id, raw, status: status), sourceID: source, sourceName: "t", line: n,
                                  importID: nil, now: 1)
                if n % 3 != 1 {
                    expected[id, default: []].append(text)
                    order.append(text)
                }
                if n == 700 { try batch.commitAndContinue() }
            }
        }
        for n in stride(from: 0, to: 500, by: 1) {
            let id = "video_\(n)"
            let job = try #require(try ledger.jobs(videoID: id).first)
            let stored = try ledger.rawRecords(of: job)
            #expect(stored == expected[id], "\(id)")
            #expect(stored.map { Array($0.utf8) } == expected[id]!.map { Array($0.utf8) })
        }
        var all: [String] = []
        try ledger.forEachRawRecord { _, text in all.append(text) }
        #expect(all == order)
        #expect(try ledger.rawStoreSize().records == 1_000)
    }

    @Test func anOpenBlockKeepsItsTapeUntilTheBlockIsWritten() throws {
        weak var first: RawTape?
        let writer = try ledger.makeJobWriter()
        let source = try ledger.ensureSource(kind: "file", name: "t").id
        _ = try ledger.transaction {
            do {
                var tape = RawTapeWriter(tapeBytes: 4_096)
                let raw = onTape(&tape, #"{"id":"video_a"}"#)
                guard case .slice(let held, _, _) = raw else { Issue.record("not on a tape"); return }
                first = held
                try writer.record(observation("video_a", raw), sourceID: source, sourceName: "t", line: 1,
                                  importID: nil, now: 1)
            }
            // The record, its observation and the tape's writer are gone: the open block alone
            // points into the tape now, and must keep it.
            #expect(first != nil)
        }
        // Written at the commit: nothing points into the tape any more.
        #expect(first == nil)
        #expect(try ledger.rawRecords(of: try #require(try ledger.jobs(videoID: "video_a").first)) == [#"{"id":"video_a"}"#])
    }

    /// Records still in the open block read back before the commit, whichever piece they are,
    /// an empty one among them.
    @Test func recordsInTheOpenBlockReadBackBeforeTheCommit() throws {
        let writer = try ledger.makeJobWriter()
        let source = try ledger.ensureSource(kind: "file", name: "t").id
        var tape = RawTapeWriter(tapeBytes: 64)
        let texts = [#"{"id":"video_0"}"#, #"{"id":"video_1","n":1}"#, "", #"{"id":"video_3","n":"three"}"#, "x"]
        _ = try ledger.transaction {
            for (n, text) in texts.enumerated() {
                let raw = n % 2 == 0 ? RawBytes.text(text) : onTape(&tape, text)
                try writer.record(observation("video_\(n)", raw), sourceID: source, sourceName: "t", line: n,
                                  importID: nil, now: 1)
            }
            for (n, text) in texts.enumerated().reversed() {
                let job = try #require(try ledger.jobs(videoID: "video_\(n)").first)
                #expect(try ledger.rawRecords(of: job) == [text], "video_\(n)")
            }
        }
    }

    @Test func aRolledBackBatchLeavesNoTapeRecordBehind() throws {
        struct Stop: Error {}
        let writer = try ledger.makeJobWriter()
        let source = try ledger.ensureSource(kind: "file", name: "t").id
        var tape = RawTapeWriter(tapeBytes: 1_000)
        func write(_ attempt: Int) throws {
            for n in 0..<60 {
                let text = #"{"id":"video_\#(n)","attempt":\#(attempt),"pad":"\#(String(repeating: "p", count: n * 7))"}"#
                let raw = n % 3 == 0 ? RawBytes.text(text) : onTape(&tape, text)
                try writer.record(observation("video_\(n)", raw), sourceID: source, sourceName: "t", line: n,
                                  importID: nil, now: 1)
            }
        }
        #expect(throws: Stop.self) {
            try ledger.writeInBatches { _ in
                try write(1)
                throw Stop()
            }
        }
        #expect(try ledger.jobs(videoID: "video_0").isEmpty)
        #expect(try ledger.rawStoreSize().records == 0)
        try ledger.writeInBatches { _ in try write(2) }
        for n in [0, 1, 2, 30, 59] {
            let job = try #require(try ledger.jobs(videoID: "video_\(n)").first)
            let expected = #"{"id":"video_\#(n)","attempt":2,"pad":"\#(String(repeating: "p", count: n * 7))"}"#
            #expect(try ledger.rawRecords(of: job) == [expected])
        }
        #expect(try ledger.rawStoreSize().records == 60)
    }

    @Test func aRecordLongerThanATapeGetsOneOfItsOwn() {
        var tape = RawTapeWriter(tapeBytes: 64)
        let short = onTape(&tape, "abc")
        let long = onTape(&tape, String(repeating: "é", count: 100))
        let after = onTape(&tape, "def")
        #expect(short.string == "abc")
        #expect(long.string == String(repeating: "é", count: 100))
        #expect(after.string == "def")
        guard case .slice(let a, _, _) = short, case .slice(let b, _, let count) = long, case .slice(let c, _, _) = after else {
            Issue.record("not on a tape")
            return
        }
        #expect(a !== b && b !== c)
        #expect(count == 200 && b.capacity == 200)
    }
}
