import Foundation
import Testing
@testable import SoraCostKit

/// Which inputs an import finds and the order it reads them in.
@Suite struct LogInputTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test func directoriesGiveLogsOnlyRotatedGenerationsOldestFirst() throws {
        for name in ["app.log", "app.log.1", "app.log.2.gz", "app.log.10", "b.jsonl", "data.csv", "sub/c.ndjson",
                     "notes.txt", ".hidden.jsonl", ".cache/d.jsonl", "page.json"] {
            try directory.write(name, "{}\n")
        }
        let found = LogInput.discover([directory.path])
        let names = found.map { input -> String in
            guard case .file(let path) = input else { return "not a file" }
            return String(path.dropFirst(directory.path.count + 1))
        }
        #expect(names == ["app.log.10", "app.log.2.gz", "app.log.1", "app.log", "b.jsonl", "data.csv", "page.json",
                          "sub/c.ndjson"])
    }

    @Test func explicitPathsKeepTheirOrderAndAnyName() throws {
        let notes = try directory.write("notes.txt", "{}\n")
        let log = try directory.write("z.jsonl", "{}\n")
        let missing = directory.file("missing.jsonl")
        #expect(LogInput.discover([notes, "-", missing, log]) == [
            .file(notes), .standardInput,
            .unreadable(InputError(path: missing, reason: "no such file or directory")), .file(log),
        ])
    }

    @Test(arguments: [
        ("app.log.2.gz", "app.log.1", true), ("app.log.1", "app.log", true), ("app.log", "app.log.1", false),
        ("app.log.9", "app.log.10", false), ("a.log", "b.log.3", true), ("app.log", "app.log", false),
    ])
    func rotationOrder(_ a: String, _ b: String, _ first: Bool) {
        #expect(LogInput.rotationOrder(a, b) == first)
    }

    @Test func looksLikeLog() {
        #expect(LogInput.looksLikeLog("app.jsonl.3.gz"))
        #expect(LogInput.looksLikeLog("Export.CSV"))
        #expect(LogInput.looksLikeLog("api.log-20260301"))
        #expect(!LogInput.looksLikeLog("notes.txt"))
        #expect(!LogInput.looksLikeLog(".app.jsonl"))
    }

    @Test func filesTheLedgerKnowsUnderAnotherNameComeFirst() throws {
        let live = try directory.write("app.log", "{}\n")
        let rotated = try directory.write("app.log-20260301", "{}\n")
        let other = try directory.write("other.log", "{}\n")
        let rotatedAt = try #require(FileIdentity.location(of: rotated))
        let liveAt = try #require(FileIdentity.location(of: live))
        var asked: [Int64] = []
        let ordered = LogInput.renamedFirst([.file(live), .standardInput, .file(rotated), .file(other)]) { device, inode in
            asked.append(inode)
            // The ledger last saw the rotated file as app.log, and app.log's inode under its own name.
            if (device, inode) == rotatedAt { return [LogInput.absolutePath(live)] }
            if (device, inode) == liveAt { return [LogInput.absolutePath(live)] }
            return []
        }
        #expect(ordered == [.file(rotated), .file(live), .standardInput, .file(other)])
        #expect(asked.count == 3)
    }

    @Test func fileIdentityReadsTheDisk() throws {
        let path = try directory.write("app.jsonl", "{\"id\":\"video_1\"}\n")
        let identity = try FileIdentity(path: path)
        #expect(identity.size == 17)
        #expect(identity.head == Array("{\"id\":\"video_1\"}\n".utf8))
        #expect(!identity.isCompressed)
        #expect(identity.mtime > 1_700_000_000)
        let location = try #require(FileIdentity.location(of: path))
        #expect((identity.device, identity.inode) == location)
        #expect(throws: InputError.self) { try FileIdentity(path: directory.file("missing")) }
    }
}
