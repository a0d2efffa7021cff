import Testing
@testable import SoraCostKit

/// Every way a file can look at its next import, decided without touching a disk or a ledger.
@Suite struct ResumeDecisionTests {
    /// Four JSON Lines records of 30 bytes each: the file as it grows, 30 bytes at a time.
    static let lines = (1...4).map { "{\"id\":\"video_\($0)\",\"seconds\":\"8\"}\n" }
    static let full = Array(lines.joined().utf8)

    func file(_ bytes: [UInt8], device: Int64 = 1, inode: Int64 = 10, mtime: Int64 = 200) -> FileIdentity {
        FileIdentity(device: device, inode: inode, size: Int64(bytes.count), mtime: mtime,
                     head: Array(bytes.prefix(FileIdentity.headLength)))
    }

    /// The source an earlier import left after reading `bytes` to their end.
    func readTo(_ bytes: [UInt8], id: Int64 = 1, name: String = "/logs/app.jsonl", format: String = "jsonl",
                size: Int64? = nil, mtime: Int64 = 100, lines: Int64? = nil) -> SourceRecord {
        SourceRecord(id: id, kind: "file", name: name, format: format, device: 1, inode: 10, size: size,
                     mtime: mtime, headHash: file(bytes).storedHeadHash, offset: Int64(bytes.count),
                     line: lines ?? Int64(bytes.filter { $0 == 0x0A }.count), lastReadAt: 100)
    }

    var firstTwo: [UInt8] { Array(ResumeDecisionTests.full.prefix(ResumeDecisionTests.lines[0].utf8.count * 2)) }

    @Test func aNewFileIsReadFromTheStart() {
        let decision = ResumeDecision.decide(identity: file(ResumeDecisionTests.full), known: nil, sameFile: [])
        #expect(decision == .read(from: .start, previous: nil, note: nil))
        #expect(decision.skipped == nil)
        #expect(decision.note == nil)
    }

    @Test func aGrownFileGoesOnFromItsCheckpoint() {
        let known = readTo(firstTwo)
        let decision = ResumeDecision.decide(identity: file(ResumeDecisionTests.full), known: known, sameFile: [known])
        let offset = Int64(firstTwo.count)
        #expect(decision == .read(from: .init(offset: offset, line: 2), previous: known, note: nil))
        #expect(offset == 62)
    }

    @Test func aFileWithNoNewLinesIsSkipped() {
        let known = readTo(ResumeDecisionTests.full)
        let decision = ResumeDecision.decide(identity: file(ResumeDecisionTests.full), known: known, sameFile: [known])
        #expect(decision == .unchanged(reason: "no new lines since the last import"))
        #expect(decision.note == nil)
    }

    @Test func aRotatedFileContinuesUnderItsNewName() {
        // app.jsonl was read to two lines, renamed app.jsonl.1, and then got its last two lines.
        let old = readTo(firstTwo)
        let decision = ResumeDecision.decide(identity: file(ResumeDecisionTests.full), known: nil, sameFile: [old])
        #expect(decision == .read(from: .init(offset: 62, line: 2), previous: old, note: "continues /logs/app.jsonl"))
    }

    @Test func aRotatedFileReadToItsEndAdoptsTheOldCheckpoint() {
        let old = readTo(ResumeDecisionTests.full)
        let renamed = SourceRecord(id: 2, kind: "file", name: "/logs/app.jsonl.1", offset: 0, line: 0)
        let decision = ResumeDecision.decide(identity: file(ResumeDecisionTests.full), known: renamed, sameFile: [old])
        #expect(decision == .adopt(old, reason: "no new lines since the last import"))
        #expect(decision.skipped == "no new lines since the last import")
        #expect(decision.note == "continues /logs/app.jsonl")
    }

    @Test func theNewLiveFileUnderARotatedNameIsReadAgainFromTheStart() {
        // app.jsonl now names a new file (another inode, other first bytes).
        let known = readTo(ResumeDecisionTests.full)
        let fresh = Array(ResumeDecisionTests.lines[3].utf8)
        let decision = ResumeDecision.decide(identity: file(fresh, inode: 11), known: known, sameFile: [])
        #expect(decision == .read(from: .start, previous: nil, note: ResumeDecision.changedFile))
        #expect(decision.note == "changed since the last import (rotated or rewritten): read again from the start")
    }

    @Test func aReplacedFileIsReadAgainFromTheStart() {
        // Same name and inode, rewritten with other records.
        let known = readTo(ResumeDecisionTests.full)
        let rewritten = Array(ResumeDecisionTests.lines.reversed().joined().utf8)
        let decision = ResumeDecision.decide(identity: file(rewritten), known: known, sameFile: [known])
        #expect(decision == .read(from: .start, previous: nil, note: ResumeDecision.changedFile))
    }

    @Test func aFileTruncatedBelowItsHeadIsReadAgainFromTheStart() {
        let known = readTo(ResumeDecisionTests.full)
        let decision = ResumeDecision.decide(identity: file([]), known: known, sameFile: [known])
        #expect(decision == .read(from: .start, previous: nil, note: ResumeDecision.changedFile))
    }

    @Test func aFileTruncatedBehindItsCheckpointButWithTheSameHeadIsReadAgain() {
        // 6000 bytes read; the first 4096 (all the hash covers) are unchanged, the rest cut off.
        let long = (0..<6000).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        let known = readTo(long, lines: 0)
        let decision = ResumeDecision.decide(identity: file(Array(long.prefix(5000))), known: known, sameFile: [known])
        #expect(decision == .read(from: .start, previous: known, note: nil))
    }

    @Test func anUnchangedGzipFileIsSkippedAndAChangedOneReadWhole() {
        let gzip: [UInt8] = [0x1F, 0x8B, 0x08, 0x00] + Array(repeating: 7, count: 60)
        let whole = readTo(gzip, size: Int64(gzip.count), mtime: 200)
        #expect(file(gzip).isCompressed)
        #expect(ResumeDecision.decide(identity: file(gzip, mtime: 200), known: whole, sameFile: [])
            == .unchanged(reason: "unchanged since the last import"))
        #expect(ResumeDecision.decide(identity: file(gzip, mtime: 300), known: whole, sameFile: [])
            == .read(from: .start, previous: whole, note: nil))
    }

    @Test func anInterruptedGzipReadGoesOnInTheDecompressedStream() {
        let gzip: [UInt8] = [0x1F, 0x8B, 0x08, 0x00] + Array(repeating: 7, count: 60)
        var cut = readTo(gzip, size: nil)
        cut.offset = 5_000
        cut.line = 40
        #expect(ResumeDecision.decide(identity: file(gzip), known: cut, sameFile: [])
            == .read(from: .init(offset: 5_000, line: 40), previous: cut, note: nil))
    }

    @Test func aJSONDocumentIsReadWholeOrSkipped() {
        let document = readTo(firstTwo, format: "json", size: Int64(firstTwo.count), mtime: 200)
        #expect(ResumeDecision.decide(identity: file(firstTwo, mtime: 200), known: document, sameFile: [])
            == .unchanged(reason: "unchanged since the last import"))
        // Grown: not resumed at the old end (a document is not a list of lines), read again.
        #expect(ResumeDecision.decide(identity: file(ResumeDecisionTests.full), known: document, sameFile: [])
            == .read(from: .start, previous: document, note: nil))
    }

    @Test func theFilesOwnNameWinsOverAnotherNameOfTheSameInode() {
        let known = readTo(firstTwo, id: 5, name: "/logs/app.jsonl")
        let other = readTo(firstTwo, id: 3, name: "/logs/old.jsonl")
        let decision = ResumeDecision.decide(identity: file(ResumeDecisionTests.full), known: known,
                                             sameFile: [other, known])
        #expect(decision == .read(from: .init(offset: 62, line: 2), previous: known, note: nil))
    }

    @Test func theLatestMatchingNameIsContinued() {
        let older = readTo(Array(firstTwo.prefix(36)), id: 2, name: "/logs/app.jsonl.2")
        let newer = readTo(firstTwo, id: 4, name: "/logs/app.jsonl.1")
        let decision = ResumeDecision.decide(identity: file(ResumeDecisionTests.full), known: nil, sameFile: [older, newer])
        #expect(decision == .read(from: .init(offset: 62, line: 2), previous: newer, note: "continues /logs/app.jsonl.1"))
    }

    @Test func headHashesNameTheirLength() {
        let bytes = Array("abc".utf8)
        // FNV-1a 64 of "abc" is e71fa2190541574b.
        #expect(FileIdentity.headHash(bytes, length: 3) == "3:e71fa2190541574b")
        #expect(FileIdentity.headHash(bytes, length: 10) == "3:e71fa2190541574b")
        #expect(file(bytes + Array("def".utf8)).headMatches("3:e71fa2190541574b"))
        #expect(!file(Array("ab".utf8)).headMatches("3:e71fa2190541574b"))
        #expect(!file(bytes).headMatches(nil))
    }
}
