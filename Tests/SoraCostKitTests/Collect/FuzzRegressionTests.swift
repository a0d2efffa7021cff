import Foundation
import Testing
@testable import SoraCostKit

/// Replays the corpus, and every input `make fuzz` ever crashed on (kept in
/// Tests/Corpus/fuzz-crashes/), through the readers the fuzz target drives
/// (Fuzz/FuzzTarget.swift): each must come back with records or rejects, never a crash.
@Suite struct FuzzRegressionTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Corpus")

    static var inputs: [String] {
        let manager = FileManager.default
        let top = (try? manager.contentsOfDirectory(atPath: corpus.path)) ?? []
        let crashes = (try? manager.contentsOfDirectory(atPath: corpus.appendingPathComponent("fuzz-crashes").path)) ?? []
        return top.filter { !$0.hasPrefix(".") && $0 != "fuzz-crashes" }.sorted() + crashes.sorted().map { "fuzz-crashes/\($0)" }
    }

    @Test(arguments: inputs)
    func replaysThroughEveryReader(_ name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: FuzzRegressionTests.corpus.appendingPathComponent(name)))
        bytes.withUnsafeBytes { raw in
            _ = try? JSONValue.parse(raw)
            _ = try? JSONValue.parse(raw, cuttingMembersNamed: "prompt")
            _ = try? PythonRepr.printed(in: raw, before: raw.count)
            for keep in [false, true] {
                for format in [nil, InputFormat.jsonl, .json, .csv] {
                    var parser = RecordParser(decoder: RecordDecoder(keepPrompts: keep), displayPath: name, format: format,
                                              resumable: true, csvHeader: nil)
                    var line = 0
                    var start = 0
                    while start <= raw.count {
                        let end = raw[start...].firstIndex(of: 0x0A) ?? raw.count
                        line += 1
                        if parser.feed(UnsafeRawBufferPointer(rebasing: raw[start..<end]), line: line,
                                       terminated: end < raw.count) == .stop { break }
                        start = end + 1
                    }
                    parser.finish()
                    let items = parser.drain()
                    #expect(items.rejects.allSatisfy { !$0.error.reason.isEmpty })
                }
            }
        }
    }
}
