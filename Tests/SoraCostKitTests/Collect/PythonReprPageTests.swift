import Foundation
import Testing
@testable import SoraCostKit

/// Lines the official Python SDK printed with more than one video in them (`print(page)`,
/// `print(page.data)`), and lines where JSON and a printed object meet (a prompt that says
/// `Video(…)`, a repr whose prompt holds `{`).
@Suite struct PythonReprPageTests {
    let directory: TemporaryDirectory
    let ledger: Ledger

    init() throws {
        (directory, ledger) = try TemporaryDirectory.withLedger()
    }

    /// A video as openai-python's `BaseModel.__str__` writes it (fields in the model's order).
    static func printed(_ id: String, seconds: String = "8", prompt: String = "a cat") -> String {
        "Video(id='\(id)', completed_at=1772366460, created_at=1772366400, error=None, expires_at=1772452800, "
            + "model='sora-2', object='video', progress=100, prompt='\(prompt)', remixed_from_video_id=None, "
            + "seconds='\(seconds)', size='1280x720', status='completed')"
    }

    /// `print(client.videos.list())`: the page is a generic model, named with its item type.
    static func page(_ videos: [String], hasMore: Bool = false) -> String {
        "SyncConversationCursorPage[Video](data=[\(videos.joined(separator: ", "))], "
            + "has_more=\(hasMore ? "True" : "False"), last_id=None)"
    }

    func importing(_ name: String, _ text: String) throws -> ImportReport {
        let path = try directory.write(name, text)
        return try LogImporter(ledger: ledger, options: ImportOptions()).run(paths: [path])
    }

    func rawIDs(of videoID: String) throws -> [String] {
        let job = try #require(try ledger.jobs(videoID: videoID).first)
        return try ledger.rawRecords(of: job).map { try JSONValue.parse($0)["id"]?.stringValue ?? "?" }
    }

    @Test(arguments: ["2026-03-01 12:00:00 INFO app: ", "[2026-03-01 12:00:00] INFO app: ", ""])
    func aPrintedPageIsEveryVideoOfIt(prefix: String) throws {
        let line = prefix + Self.page(["video_s1", "video_s2", "video_s3"].map { Self.printed($0) })
        let report = try importing("app.log", line + "\n")
        #expect(report.counts.new == 3)
        #expect(report.rejects.isEmpty)
        for id in ["video_s1", "video_s2", "video_s3"] {
            #expect(try rawIDs(of: id) == [id])
        }
        var stored: [String] = []
        try ledger.forEachRawRecord { _, record in stored.append(record) }
        #expect(stored.count == 3 && !stored.contains { $0.contains("a cat") })
    }

    @Test func aPrintedListOfVideosIsEveryVideoOfIt() throws {
        let line = "INFO app: listed [\(Self.printed("video_d1")), \(Self.printed("video_d2", seconds: "4"))]"
        let report = try importing("app.log", line + "\n")
        #expect(report.counts.new == 2)
        #expect(try ledger.jobs(videoID: "video_d2").first?.seconds == 4)
        #expect(try rawIDs(of: "video_d1") == ["video_d1"])
    }

    @Test func aBadVideoOfAPrintedPageIsRejectedAlone() throws {
        let videos = [Self.printed("video_e1"), Self.printed("video_e2", seconds: "eight"), Self.printed("video_e3")]
        let report = try importing("app.log", "ok\n" + Self.page(videos) + "\n")
        #expect(report.counts.new == 2)
        #expect(report.rejects.count == 2)
        let bad = try #require(report.rejects.last)
        #expect(bad.line == 2)
        #expect(bad.error.field == "seconds")
        #expect(bad.error.reason.hasSuffix("(item 2 of the page)"))
    }

    @Test func aPrintedPageThatDoesNotReadIsRejectedWholeNotAsItsFirstVideo() throws {
        let odd = Self.printed("video_f2").replacingOccurrences(of: "error=None", with: "error=<object at 0x7f>")
        let report = try importing("app.log", Self.page([Self.printed("video_f1"), odd]) + "\n")
        #expect(report.counts.new == 0)
        let reject = try #require(report.rejects.first)
        #expect(report.rejects.count == 1)
        #expect(reject.line == 1)
        #expect(reject.error.reason.hasPrefix("printed SDK page at byte 1: cannot be read past byte "))
        #expect(reject.error.reason.hasSuffix("none of its videos were read"))
    }

    @Test func anEmptyPrintedPageIsNoRecordAndNoReject() throws {
        let report = try importing("app.log", Self.page([]) + "\n" + Self.printed("video_g1") + "\n")
        #expect(report.counts.new == 1)
        #expect(report.rejects.isEmpty)
    }

    @Test func aPrintedPageStillBeingWrittenWaitsForItsNewline() throws {
        let line = Self.page(["video_h1", "video_h2"].map { Self.printed($0) })
        let cut = line.index(line.startIndex, offsetBy: line.count / 2)
        var report = try importing("app.log", String(line[..<cut]))
        #expect(report.counts.new == 0 && report.rejects.isEmpty)
        try directory.append("app.log", String(line[cut...]) + "\n")
        report = try LogImporter(ledger: ledger, options: ImportOptions()).run(paths: [directory.file("app.log")])
        #expect(report.counts.new == 2)
        #expect(report.rejects.isEmpty)
    }

    @Test func aPromptThatSaysVideoDoesNotTurnJSONIntoARepr() throws {
        let line = #"2026-03-01 12:00:00 INFO app: {"id":"video_l1","object":"video","model":"sora-2","status":"completed","progress":100,"created_at":1772366400,"completed_at":1772366460,"size":"1280x720","seconds":"8","prompt":"make Video(style='noir') of a cat"}"#
        let report = try importing("app.log", line + "\n")
        #expect(report.rejects.isEmpty)
        #expect(report.counts.new == 1)
        let job = try #require(try ledger.jobs(videoID: "video_l1").first)
        #expect(job.seconds == 8 && job.completedAt == 1_772_366_460)
    }

    @Test func aBrokenJSONLineWhosePromptSaysVideoKeepsItsJSONError() throws {
        let line = #"INFO app: {"id":"video_l2","seconds":"8","prompt":"make Video(style='noir') of a cat""#
        let report = try importing("app.log", line + "\n")
        #expect(report.counts.new == 0)
        #expect(report.rejects.first?.error.reason.hasPrefix("invalid JSON at byte ") == true)
    }

    @Test func aReprWhosePromptHoldsABraceIsStillARepr() throws {
        let line = "INFO app: done " + Self.printed("video_b1", seconds: "12", prompt: "a {curly} cat: {\"x\": 1}")
        let report = try importing("app.log", line + "\n")
        #expect(report.rejects.isEmpty)
        #expect(report.counts.new == 1)
        #expect(try ledger.jobs(videoID: "video_b1").first?.seconds == 12)
    }

    @Test func aReprAfterABraceInThePrefixIsStillARepr() throws {
        let line = "INFO {req_7} app: " + Self.printed("video_q1")
        let report = try importing("app.log", line + "\n")
        #expect(report.rejects.isEmpty)
        #expect(report.counts.new == 1)
        #expect(try rawIDs(of: "video_q1") == ["video_q1"])
    }
}
