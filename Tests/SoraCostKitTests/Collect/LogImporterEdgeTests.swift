import Foundation
import Testing
@testable import SoraCostKit

/// Real-world shapes that once lost or leaked data: a broken first line, prompts in rejected
/// lines, repeated rotations, rows still being written, byte-order marks, broken CSV headers.
@Suite struct LogImporterEdgeTests {
    let directory: TemporaryDirectory
    let ledger: Ledger

    init() throws {
        (directory, ledger) = try TemporaryDirectory.withLedger()
    }

    func importing(_ paths: [String]) throws -> ImportReport {
        try LogImporter(ledger: ledger, options: ImportOptions()).run(paths: paths)
    }

    func count(_ sql: String) throws -> Int64 {
        try ledger.database.scalarInt(sql) ?? -1
    }

    func lines(_ ids: ClosedRange<Int>, prefix: String = "video_") -> String {
        ids.map { Sample.envelope(Sample.video("\(prefix)\($0)")) }.joined(separator: "\n") + "\n"
    }

    @Test func aBrokenFirstLineDoesNotTurnJSONLinesIntoOneDocument() throws {
        let broken = String(Sample.envelope(Sample.video("video_0")).prefix(120))
        let path = try directory.write("app.log", broken + "\n" + lines(1...3))
        let report = try importing([path])
        #expect(report.counts.new == 3)
        #expect(report.rejects.map(\.line) == [1])
        #expect(report.files.first?.format == .jsonl)
        try directory.append("app.log", lines(4...4))
        #expect(try importing([path]).counts.new == 1)
    }

    @Test func aSingleBrokenLineIsRejectedNotHeldForever() throws {
        let path = try directory.write("one.jsonl", #"{"id":"video_1","model":"sora-2""# + "\n")
        let report = try importing([path])
        #expect(report.counts.rejected == 1)
        #expect(report.rejects.first?.line == 1)
    }

    @Test func prettyPrintedDocumentsAreStillDocuments() throws {
        let page = "{\n  \"object\": \"list\",\n  \"data\": [\n    \(Sample.video("video_1"))\n  ],\n  \"has_more\": false\n}\n"
        let path = try directory.write("page.json", page)
        let report = try importing([path])
        #expect(report.counts.new == 1)
        #expect(report.files.first?.format == .json)
    }

    @Test func rejectedLinesKeepNoPrompt() throws {
        let cut = String(Sample.envelope(Sample.video("video_1", extra: #","quality":"x""#)).dropLast(30))
        let jsonl = try directory.write("app.jsonl", lines(2...2) + cut + "\n")
        let csv = try directory.write("jobs.csv", """
            id,model,size,seconds,status,created_at,prompt
            video_c1,sora-2,1280x720,eight,completed,2026-01-05T10:00:00Z,a secret prompt

            """)
        let report = try importing([jsonl, csv])
        #expect(report.counts.rejected == 2)
        #expect(try count("SELECT COUNT(*) FROM rejects WHERE text LIKE '%secret%'") == 0)
        #expect(try count("SELECT COUNT(*) FROM rejects WHERE text LIKE '%prompt removed%'") == 2)
    }

    @Test func repeatedRotationsContinueEachCheckpoint() throws {
        let log = directory.file("app.log")
        try directory.write("app.log", lines(1...5))
        _ = try importing([directory.path])
        for day in 1...3 {
            // logrotate: app.log.1 -> app.log.2, app.log -> app.log.1, a new app.log.
            for n in stride(from: day, through: 1, by: -1) where FileManager.default.fileExists(atPath: "\(log).\(n)") {
                try? FileManager.default.removeItem(atPath: "\(log).\(n + 1)")
                try FileManager.default.moveItem(atPath: "\(log).\(n)", toPath: "\(log).\(n + 1)")
            }
            try FileManager.default.moveItem(atPath: log, toPath: "\(log).1")
            try directory.write("app.log", lines((day * 10)...(day * 10 + 2)))
            let report = try importing([directory.path])
            #expect(report.counts.new == 3, "day \(day)")
            #expect(report.counts.unchanged == 0, "day \(day): nothing read twice")
        }
        #expect(try count("SELECT COUNT(*) FROM jobs") == 14)
    }

    @Test func datedRotationNamesAreMatchedToo() throws {
        let log = directory.file("app.log")
        try directory.write("app.log", lines(1...5))
        _ = try importing([directory.path])
        try FileManager.default.moveItem(atPath: log, toPath: directory.file("app.log-20260301"))
        try directory.write("app.log", lines(6...7))
        let report = try importing([directory.path])
        #expect(report.counts.new == 2)
        #expect(report.counts.unchanged == 0)
    }

    @Test func aCSVRowStillBeingWrittenWaitsForItsNewline() throws {
        let header = "id,model,size,seconds,status,created_at\n"
        let path = try directory.write("jobs.csv", header + "video_1,sora-2,1280x720,8,completed,1760627796\nvideo_2,sora-2,1280x720,8,completed,17606")
        let first = try importing([path])
        #expect(first.counts.new == 1)
        #expect(first.counts.rejected == 0)
        try directory.append("jobs.csv", "27796\n")
        let second = try importing([path])
        #expect(second.counts.new == 1)
        #expect(second.counts.rejected == 0)
        #expect(try ledger.jobs(videoID: "video_2").first?.createdAt == 1_760_627_796)
    }

    @Test func byteOrderMarksAreIgnored() throws {
        let bom = "\u{FEFF}"
        let csv = try directory.write("jobs.csv", bom + "id,model,size,seconds,status,created_at\nvideo_1,sora-2,1280x720,8,completed,1760627796\n")
        let json = try directory.write("page.json", bom + "{\n\"object\": \"list\", \"data\": [\(Sample.video("video_2"))]\n}\n")
        let report = try importing([csv, json])
        #expect(report.counts.new == 2)
        #expect(report.counts.rejected == 0)
    }

    @Test func aCSVWithoutItsColumnsIsReportedAgainUntilFixed() throws {
        let path = try directory.write("jobs.csv", "job,what\nvideo_1,x\nvideo_2,y\n")
        let first = try importing([path])
        #expect(first.rejects.map(\.line) == [1])
        let again = try importing([path])
        #expect(again.rejects.map(\.line) == [1])
        try directory.write("jobs.csv", "id,model,size,seconds,status,created_at\nvideo_1,sora-2,1280x720,8,completed,1760627796\n")
        #expect(try importing([path]).counts.new == 1)
    }
}

@Suite struct JSONCutMembersTests {
    func cut(_ text: String) throws -> (JSONValue, String) {
        var copy = text
        return try copy.withUTF8 { try JSONValue.parse(UnsafeRawBufferPointer($0), cuttingMembersNamed: "prompt") }
    }

    @Test(arguments: [
        (#"{"prompt":"a","id":1}"#, #"{"id":1}"#),
        (#"{"id":1,"prompt":"a"}"#, #"{"id":1}"#),
        (#"{"prompt":"a"}"#, "{}"),
        (#"{"id":1, "prompt" : "a" , "b":2}"#, #"{"id":1 , "b":2}"#),
        (#"{"prompt":"a","prompt":"b","x":1}"#, #"{"x":1}"#),
        (#"{"prompt":"a","prompt":"b"}"#, "{}"),
        (#"{"v":{"prompt":"a\"q","id":2},"prompt":"b"}"#, #"{"v":{"id":2}}"#),
        (#"{"id":1,"prompt":"a","prompt":"b"}"#, #"{"id":1}"#),
    ])
    func cutsEveryPromptAndLeavesValidJSON(input: String, expected: String) throws {
        let (_, text) = try cut(input)
        #expect(text == expected)
        #expect((try? JSONValue.parse(text)) != nil)
        #expect(!text.contains("prompt"))
    }

    @Test func stillRejectsAnInvalidPrompt() {
        #expect(throws: JSONError.self) { try cut(#"{"prompt":"a\x"}"#) }
        #expect(throws: JSONError.self) { try cut(#"{"prompt":"unterminated}"#) }
    }
}

@Suite struct PythonReprLogTests {
    @Test func readsPrintedSDKObjects() throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger(path: directory.file("ledger.sqlite"))
        let log = """
            2026-03-01 10:00:00,123 INFO app: created Video(id='video_r1', completed_at=None, created_at=1772359200, error=None, expires_at=None, model='sora-2', object='video', progress=0, prompt="a cat's \\"secret\\" walk", remixed_from_video_id=None, seconds='8', size='1280x720', status='queued')
            2026-03-01 10:03:00,001 INFO app: done Video(id='video_r1', completed_at=1772359380, created_at=1772359200, error=None, expires_at=1772445600, model='sora-2', object='video', progress=100, prompt="a cat's \\"secret\\" walk", remixed_from_video_id=None, seconds='8', size='1280x720', status='completed')
            2026-03-01 10:04:00,001 WARNING app: failed Video(id='video_r2', completed_at=1772359440, created_at=1772359300, error=VideoCreateError(code='moderation_blocked', message='Blocked by moderation.'), expires_at=None, model='sora-2-pro', object='video', progress=12, prompt='x', remixed_from_video_id='video_r1', seconds='4', size='720x1280', status='failed')
            2026-03-01 10:05:00,001 INFO app: Video(id='video_r3', broken

            """
        let path = try directory.write("app.log", log)
        let report = try LogImporter(ledger: ledger).run(paths: [path])
        #expect(report.counts.new == 2)
        #expect(report.counts.updated == 1)
        #expect(report.rejects.map(\.line) == [4])
        let r1 = try #require(try ledger.jobs(videoID: "video_r1").first)
        #expect(r1.status == .completed)
        #expect(r1.completedAt == 1_772_359_380)
        let r2 = try #require(try ledger.jobs(videoID: "video_r2").first)
        #expect(r2.errorCode == "moderation_blocked")
        #expect(r2.remixedFrom == "video_r1")
        #expect(r2.kind == .remix)
        var stored: [String] = []
        try ledger.forEachRawRecord { _, record in stored.append(record) }
        #expect(!stored.isEmpty && !stored.contains { $0.contains("secret") })
        let raw = try #require(try ledger.rawRecords(of: r2).last)
        #expect(try JSONValue.parse(raw)["error"]?["code"] == .string("moderation_blocked"))
    }
}
