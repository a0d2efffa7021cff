import Foundation
import Testing
@testable import SoraCostKit

/// The parser thread's batches (`ParsedBatch.produce`) hold exactly what one parser reading the
/// file line by line makes of it: every record and reject on its line, in order, each batch's
/// line and offset its own last line's, over many batches, whatever the lines hold (a byte-order
/// mark, a logger's prefix, broken and overlong lines) and however the input ends.
@Suite struct ParsedBatchTests {
    struct Outcome: Equatable {
        var records: [String] = []
        var rejects: [String] = []
        var lines = 0
        var offset: Int64 = 0
        var pendingTail = false
    }

    /// What `produce` hands over for the file at `path`.
    func produced(_ path: String, keepPrompts: Bool) throws -> Outcome {
        let channel = HandOver<ParsedBatch>(capacity: 4)
        let parser = RecordParser(decoder: RecordDecoder(keepPrompts: keepPrompts), displayPath: path, format: nil,
                                  resumable: true, csvHeader: nil)
        let reader = try LineReader(path: path)
        let thread = Thread { [reader = UncheckedBox(reader)] in
            ParsedBatch.produce(from: reader.value, parser: parser, startLine: 0, into: channel)
        }
        thread.start()
        var outcome = Outcome()
        while let batch = channel.take() {
            #expect(batch.failure == nil)
            for (observation, line) in zip(batch.items.records, batch.items.recordLines) {
                outcome.records.append("\(line) \(observation.job.videoID) \(observation.raw)")
            }
            outcome.rejects += batch.items.rejects.map { "\($0.line ?? 0) \($0.error.field ?? "-") \($0.error.reason) \($0.text.prefix(200))" }
            outcome.lines += batch.linesRead
            outcome.offset = batch.offset
            outcome.pendingTail = outcome.pendingTail || batch.pendingTail
            #expect(batch.line == outcome.lines, "a batch's line is the last line it read")
        }
        return outcome
    }

    /// The same file read line by line by one parser, as the import read it before chunks.
    func expected(_ path: String, keepPrompts: Bool) throws -> Outcome {
        var parser = RecordParser(decoder: RecordDecoder(keepPrompts: keepPrompts), displayPath: path, format: nil,
                                  resumable: true, csvHeader: nil)
        let reader = try LineReader(path: path)
        var outcome = Outcome()
        while true {
            let before = reader.offset
            var feed = RecordParser.Feed.next
            let more: Bool? = try reader.nextLine { bytes in
                let text = before == 0 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? UnsafeRawBufferPointer(rebasing: bytes[3...]) : bytes
                if let length = reader.lastLineOverlong {
                    parser.rejectOverlong(text, length: length, line: outcome.lines + 1)
                } else {
                    feed = parser.feed(text, line: outcome.lines + 1, terminated: reader.lastLineTerminated)
                }
                return true
            }
            guard more != nil else { break }
            if feed == .pendingTail {
                outcome.pendingTail = true
                break
            }
            outcome.lines += 1
            outcome.offset = reader.offset
        }
        parser.finish()
        let items = parser.drain()
        outcome.records = zip(items.records, items.recordLines).map { "\($1) \($0.job.videoID) \($0.raw)" }
        outcome.rejects = items.rejects.map { "\($0.line ?? 0) \($0.error.field ?? "-") \($0.error.reason) \($0.text.prefix(200))" }
        return outcome
    }

    /// The first place two lists differ, or nil.
    func firstDifference(_ a: [String], _ b: [String]) -> String? {
        for (x, y) in zip(a, b) where x != y { return "\(x.prefix(300)) | \(y.prefix(300))" }
        return a.count == b.count ? nil : "\(a.count) against \(b.count) items"
    }

    func line(_ n: Int) -> String {
        let id = String(format: "video_%032x", n)
        switch n % 97 {
        case 3: return #"{"id":"\#(id)","model":"sora-2","status":"finished","created_at":1760000000,"size":"720x1280","seconds":"8"}"#
        case 5: return #"{"not json"#
        case 7: return ""
        case 11: return "2026-03-01 INFO app: " + #"{"video":{"id":"\#(id)","model":"sora-2","status":"completed","created_at":1760000000,"size":"720x1280","seconds":"4"}}"#
        default:
            return #"{"ts":"2026-04-01T00:05:15Z","user":"u\#(n % 13)@example.com","tags":{"team":"t\#(n % 5)"},"video":{"id":"\#(id)","object":"video","model":"sora-2","status":"completed","created_at":\#(1_760_000_000 + n),"prompt":"a \"cat\" \#(n)","size":"1280x720","seconds":"\#(4 + n % 3 * 4)"}}"#
        }
    }

    @Test(arguments: [
        (lines: 1, tail: "", bom: false), (lines: 2_048, tail: "", bom: false), (lines: 2_049, tail: "", bom: true),
        (lines: 9_000, tail: "", bom: false), (lines: 9_000, tail: #"{"video":{"id":"video_x","mo"#, bom: false),
        (lines: 6_145, tail: #"{"id":"video_tail","model":"sora-2","status":"queued","created_at":1760000000,"size":"720x1280","seconds":"8"}"#, bom: false),
    ])
    func batchesHoldWhatOneParserMakes(lines: Int, tail: String, bom: Bool) throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("app.jsonl")
        var bytes: [UInt8] = bom ? [0xEF, 0xBB, 0xBF] : []
        for n in 0..<lines { bytes += Array((line(n) + "\n").utf8) }
        // A line over the 4 MiB limit, read as a reject in the middle of a chunk.
        if lines > 5_000 { bytes += Array(("{\"pad\":\"" + String(repeating: "x", count: 4 << 20) + "\"}\n").utf8) }
        bytes += Array(tail.utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for keep in [false, true] {
            let got = try produced(path, keepPrompts: keep)
            let want = try expected(path, keepPrompts: keep)
            #expect(got.records.count > lines / 2)
            #expect(firstDifference(got.records, want.records) == nil)
            #expect(firstDifference(got.rejects, want.rejects) == nil)
            #expect(got.lines == want.lines)
            #expect(got.offset == want.offset)
            #expect(got.pendingTail == want.pendingTail)
            #expect(got.pendingTail == tail.hasPrefix(#"{"video""#))
        }
    }
}
