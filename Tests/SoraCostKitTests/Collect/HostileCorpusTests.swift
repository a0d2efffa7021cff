import Foundation
import SoraCostCZlib
import Testing
@testable import SoraCostKit

/// The hostile corpus (Tests/Corpus, plus what is too big to commit, generated here): every bad
/// line is rejected with its file, line and a reason, the good lines around it all go in, and the
/// rejects are kept in the ledger.
@Suite struct HostileCorpusTests {
    let directory: TemporaryDirectory
    let ledger: Ledger

    init() throws {
        (directory, ledger) = try TemporaryDirectory.withLedger()
    }

    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Corpus")

    func importing(_ paths: [String], keepPrompts: Bool = false) throws -> ImportReport {
        var options = ImportOptions()
        options.decoder.keepPrompts = keepPrompts
        return try LogImporter(ledger: ledger, options: options).run(paths: paths)
    }

    func good(_ id: String) -> String { Sample.envelope(Sample.video(id)) }

    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var new: Int
        /// Rejected line numbers and a piece of each reason.
        var rejects: [(Int, String)]
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "invalid-utf8.jsonl", new: 3, rejects: [(2, "invalid UTF-8"), (4, "invalid UTF-8")]),
        Case(file: "nul.jsonl", new: 3, rejects: []),
        Case(file: "numbers.jsonl", new: 9, rejects: [(2, "leading zero"), (4, "unexpected character '+'"),
                                                       (6, "unexpected character '.'"), (8, "invalid number"),
                                                       (10, "unexpected character 'N'"), (12, "unexpected character 'I'"),
                                                       (14, "not a whole number"), (16, "not a whole number")]),
        Case(file: "seconds.jsonl", new: 5, rejects: [(2, "seconds"), (4, "seconds"), (6, "seconds"), (8, "seconds")]),
        Case(file: "sizes.jsonl", new: 4, rejects: [(2, "WIDTHxHEIGHT"), (4, "WIDTHxHEIGHT"), (6, "WIDTHxHEIGHT")]),
        Case(file: "timestamps.jsonl", new: 4, rejects: [(2, "outside 2020-01-01"), (4, "outside 2020-01-01"),
                                                          (6, "outside 2020-01-01")]),
        Case(file: "duplicates.jsonl", new: 2, rejects: []),
        Case(file: "surrogate.jsonl", new: 2, rejects: [(2, "unpaired surrogate")]),
        Case(file: "bracketed.log", new: 4, rejects: [(4, "invalid JSON")]),
        Case(file: "broken-head.jsonl", new: 2, rejects: [(1, "invalid JSON"), (2, "invalid JSON")]),
        Case(file: "truncated.json", new: 0, rejects: [(1, "invalid JSON")]),
        Case(file: "cr-only.jsonl", new: 0, rejects: [(1, "CR alone")]),
        Case(file: "quoted-bom-crlf.csv", new: 3, rejects: [(5, "WIDTHxHEIGHT")]),
        Case(file: "empty.jsonl", new: 0, rejects: []),
        Case(file: "repr.log", new: 2, rejects: [(2, "nesting deeper than \(NestingLimit.maxDepth) levels")]),
    ]

    @Test(arguments: cases)
    func eachBadLineIsRejectedAndTheGoodOnesGoIn(_ item: Case) throws {
        let path = HostileCorpusTests.corpus.appendingPathComponent(item.file).path
        let report = try importing([path])
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(report.counts.new == item.new)
        #expect(report.rejects.map(\.line) == item.rejects.map(\.0))
        for (note, expected) in zip(report.rejects, item.rejects) {
            #expect(note.error.description.contains(expected.1), "\(note)")
            #expect(note.path == path)
        }
        // Every reject is kept, with its file and line.
        let stored = try ledger.rejects()
        #expect(stored.map(\.line) == item.rejects.map(\.0))
        #expect(stored.allSatisfy { $0.source == path })
    }

    @Test func anOffsetCountsFromTheStartOfTheLine() throws {
        var bytes = Array("2026-03-01 12:00:00 INFO videos: ".utf8) + Array(#"{"video":{"id":"video_"#.utf8) + [0xFF]
        bytes += Array(#""}}"#.utf8) + [0x0A] + Array((good("video_2") + "\n").utf8)
        let path = directory.file("prefixed.log")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let report = try importing([path])
        #expect(report.counts.new == 1)
        #expect(report.rejects.map(\.description) == ["\(path):1: invalid JSON at byte 56: invalid UTF-8 in a string"])
    }

    @Test func nulSurvivesTheLedger() throws {
        _ = try importing([HostileCorpusTests.corpus.appendingPathComponent("nul.jsonl").path])
        #expect(try ledger.database.scalarText("SELECT project FROM jobs WHERE video_id = 'video_b2'") == "ab\u{0}cd")
        #expect(try ledger.database.scalarInt("SELECT length(CAST(project AS BLOB)) FROM jobs WHERE video_id = 'video_b2'") == 5)
    }

    @Test func conflictingDuplicatesAreRecorded() throws {
        let report = try importing([HostileCorpusTests.corpus.appendingPathComponent("duplicates.jsonl").path])
        #expect(report.counts.conflicts == 1)
    }

    @Test func keepingPromptsDoesNotChangeWhatIsAccepted() throws {
        let path = HostileCorpusTests.corpus.appendingPathComponent("surrogate.jsonl").path
        let kept = try importing([path], keepPrompts: true)
        let other = try TemporaryDirectory.withLedger()
        let cut = try LogImporter(ledger: other.1, options: ImportOptions()).run(paths: [path])
        #expect(kept.counts.new == cut.counts.new)
        #expect(kept.rejects.map(\.description) == cut.rejects.map(\.description))
    }

    @Test func aTenMegabyteLineIsRejectedAndItsNeighboursKept() throws {
        let huge = #"{"video":{"id":"video_big","prompt":""# + String(repeating: "x", count: 10 << 20) + #""}}"#
        let path = try directory.write("big.jsonl", good("video_1") + "\n" + huge + "\n" + good("video_2") + "\n")
        let report = try importing([path])
        #expect(report.counts.new == 2)
        #expect(report.rejects.map(\.line) == [2])
        #expect(report.rejects.first?.error.reason.contains("longer than the limit of \(LineReader.maxLineBytes) bytes") == true)
        // The reject keeps only the head of the line.
        #expect(try ledger.rejects().first.map { $0.text.utf8.count <= LineReader.auditBytes + 100 } == true)
    }

    @Test func aHugeLineInsideAGzipIsSkippedNotHeld() throws {
        // 64 MiB of one line compress to about 64 KB; the reader keeps 2,000 bytes of it.
        let path = directory.file("huge.jsonl.gz")
        let gz = try #require(gzopen(path, "wb"))
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        for text in [good("video_1") + "\n", "{\"video\":\""] { _ = gzwrite(gz, text, UInt32(text.utf8.count)) }
        for _ in 0..<64 { _ = chunk.withUnsafeBytes { gzwrite(gz, $0.baseAddress, UInt32($0.count)) } }
        for text in ["\"}\n", good("video_2") + "\n"] { _ = gzwrite(gz, text, UInt32(text.utf8.count)) }
        gzclose(gz)
        let report = try importing([path])
        #expect(report.counts.new == 2)
        #expect(report.rejects.map(\.line) == [2])
        #expect(report.rejects.first?.error.reason.hasPrefix("line is \((64 << 20) + 12) bytes") == true)
    }

    @Test func deepNestingInALogIsRejectedAndItsNeighboursKept() throws {
        let deepJSON = #"{"video":"# + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "}"
        let deepRepr = "INFO Video(id=" + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + ")"
        let path = try directory.write("deep.log", [good("video_1"), deepJSON, good("video_2"), deepRepr, good("video_3")]
            .joined(separator: "\n") + "\n")
        let report = try importing([path])
        #expect(report.counts.new == 3)
        #expect(report.rejects.map(\.line) == [2, 4])
        #expect(report.rejects.allSatisfy { $0.error.reason.contains("nesting deeper than") })
    }

    @Test func aCSVOfTwentyThousandColumnsIsRead() throws {
        let extra = (1...20_000).map { "c\($0)" }.joined(separator: ",")
        let header = "id,model,status,size,seconds,created_at," + extra
        let row = { (id: String) in "\(id),sora-2,completed,1280x720,8,1760627796," + (1...20_000).map { "\($0)" }.joined(separator: ",") }
        let path = try directory.write("wide.csv", [header, row("video_1"), row("video_2") + ",one too many", row("video_3")]
            .joined(separator: "\n") + "\n")
        let report = try importing([path])
        #expect(report.counts.new == 2)
        #expect(report.rejects.map(\.line) == [3])
        #expect(report.rejects.first?.error.reason.contains("20007 cells but the header has 20006 columns") == true)
    }

    @Test func invalidUTF8InACSVIsRejectedWithItsOffset() throws {
        var bytes = Array("id,model,status,size,seconds,created_at,project\n".utf8)
        bytes += Array("video_1,sora-2,completed,1280x720,8,1760627796,a\n".utf8)
        bytes += Array("video_2,sora-2,completed,1280x720,8,1760627796,".utf8) + [0xC3, 0x28] + [0x0A]
        bytes += Array("video_3,sora-2,completed,1280x720,8,1760627796,c\n".utf8)
        let path = directory.file("bad.csv")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let report = try importing([path])
        #expect(report.counts.new == 2)
        #expect(report.rejects.map(\.description) == ["\(path):3: invalid UTF-8 at byte 48 of line 3"])
    }

    @Test func aDirectoryWalkSkipsFIFOsAndSymlinkLoopsAndSaysSo() throws {
        try directory.write("logs/app.jsonl", good("video_1") + "\n")
        let logs = directory.file("logs")
        #expect(mkfifo(directory.file("logs/pipe.jsonl"), 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: directory.file("logs/again"), withDestinationPath: logs)
        try FileManager.default.createSymbolicLink(atPath: directory.file("logs/self.jsonl"), withDestinationPath: directory.file("logs/self.jsonl"))
        let report = try importing([logs])
        #expect(report.counts.new == 1)
        #expect(report.failures.isEmpty)
        let notes = report.skipped.map(\.errorDescription!)
        #expect(notes.contains("\(logs)/pipe.jsonl: a named pipe (FIFO), not a regular file; skipped (name it alone to read it)"))
        #expect(notes.contains("\(logs)/again: symbolic link loop (leads back to \(logs)); not followed"))
        #expect(notes.contains("\(logs)/self.jsonl: symbolic link loop (the link leads back to itself)"))
    }

    @Test func aSymlinkLoopGivenByNameIsALoopNotAMissingFile() throws {
        let loop = directory.file("loop.jsonl")
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        let report = try importing([loop])
        #expect(report.failures.map(\.reason) == ["symbolic link loop (the link leads back to itself)"])
        let dangling = directory.file("gone.jsonl")
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: directory.file("nowhere"))
        #expect(try importing([dangling]).failures.map(\.reason) == ["broken symbolic link (its target does not exist)"])
    }

    /// As root, mode 000 does not stop reading, so the unreadable case runs only as another user;
    /// the message it gives is checked through the same errno mapping below in every case.
    @Test(.enabled(if: geteuid() != 0)) func anUnreadableFolderIsReportedNotSkipped() throws {
        try directory.write("logs/locked/app.jsonl", good("video_1") + "\n")
        chmod(directory.file("logs/locked"), 0)
        defer { chmod(directory.file("logs/locked"), 0o755) }
        let report = try importing([directory.file("logs")])
        #expect(report.failures.map(\.reason) == ["permission denied"])
    }

    @Test func systemAndFoundationErrorsAreInPlainWords() {
        #expect(InputError(path: "/x", errno: EACCES).errorDescription == "/x: permission denied")
        #expect(InputError(path: "/x", errno: ELOOP).reason == "symbolic link loop (the link leads back to itself)")
        let cocoa = CocoaError(.fileWriteUnknown)
        let mapped = InputError(path: "/x", foundationError: cocoa).errorDescription ?? ""
        #expect(!mapped.contains("NSCocoaErrorDomain") && !mapped.contains("Code="))
        let denied = InputError(path: "/x", foundationError: CocoaError(.fileReadNoPermission))
        #expect(denied.reason == "permission denied")
    }

    @Test func aDeviceThatNeverEndsALineStopsWithAnError() throws {
        let report = try importing(["/dev/zero"])
        #expect(report.failures.first?.reason.contains("no line break in 64 MiB") == true)
    }
}
