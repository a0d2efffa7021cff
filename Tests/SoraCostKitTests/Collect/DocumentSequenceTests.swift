import Foundation
import Testing
@testable import SoraCostKit

/// `.json` files that hold several JSON values one after another, as `curl … >> pages.json`
/// leaves them: every value read, every reject at its own line, a broken tail rejected where it
/// breaks while the values before it stand.
@Suite struct DocumentSequenceTests {
    let directory: TemporaryDirectory
    let ledger: Ledger

    init() throws {
        (directory, ledger) = try TemporaryDirectory.withLedger()
    }

    func importing(_ name: String, _ text: String) throws -> ImportReport {
        let path = try directory.write(name, text)
        return try LogImporter(ledger: ledger, options: ImportOptions()).run(paths: [path])
    }

    /// A list page as `json.dumps(page, indent=2)` writes it: 12 lines per video, 7 around them.
    static func page(_ ids: [String], seconds: [String: String] = [:], hasMore: Bool) -> String {
        let videos = ids.map { id in
            """
                {
                  "id": "\(id)",
                  "object": "video",
                  "model": "sora-2",
                  "status": "completed",
                  "progress": 100,
                  "created_at": 1772366400,
                  "completed_at": 1772366460,
                  "size": "1280x720",
                  "seconds": "\(seconds[id] ?? "8")",
                  "error": null
                }
            """
        }
        return """
            {
              "object": "list",
              "data": [
            \(videos.joined(separator: ",\n"))
              ],
              "first_id": "\(ids.first ?? "")",
              "last_id": "\(ids.last ?? "")",
              "has_more": \(hasMore)
            }
            """
    }

    func storedIDs() throws -> [String] {
        try (1...5).flatMap { try ledger.jobs(videoID: "video_\($0)") }.map(\.videoID)
    }

    @Test(arguments: ["\n", "", "\n\n  \n"])
    func appendedPagesAreAllRead(separator: String) throws {
        let text = Self.page(["video_1", "video_2"], hasMore: true) + separator + Self.page(["video_3", "video_4"], hasMore: false) + "\n"
        let report = try importing("pages.json", text)
        #expect(report.rejects.isEmpty, "\(report.rejects.map(\.error.reason))")
        #expect(report.counts.new == 4)
        #expect(try storedIDs() == ["video_1", "video_2", "video_3", "video_4"])
        #expect(report.files.first?.format == .json)
    }

    @Test func aRejectInALaterPageNamesItsOwnLine() throws {
        // Page 1: lines 1-32. Page 2 starts at line 33; its second video at 33 + 3 + 12 = 48.
        let text = Self.page(["video_1", "video_2"], hasMore: true) + "\n"
            + Self.page(["video_3", "video_4"], seconds: ["video_4": "eight"], hasMore: false) + "\n"
        let report = try importing("pages.json", text)
        #expect(report.counts.new == 3)
        let reject = try #require(report.rejects.first)
        #expect(report.rejects.count == 1)
        #expect(reject.line == 48)
        #expect(reject.error.field == "seconds")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[47] == "    {" && lines[48].contains("video_4"))
    }

    @Test(arguments: [false, true])
    func aCutOffLastPageIsOneRejectAndThePagesBeforeItStand(insideAString: Bool) throws {
        // The second page cut off after its 19th line (`"model": "sora-2",` of video_4), or 3
        // bytes before that line's end, inside the string.
        let second = Self.page(["video_3", "video_4"], hasMore: false).split(separator: "\n").prefix(19)
        let cut = insideAString ? String(second.joined(separator: "\n").dropLast(3)) : second.joined(separator: "\n") + "\n"
        let text = Self.page(["video_1", "video_2"], hasMore: true) + "\n" + cut
        let report = try importing("pages.json", text)
        #expect(report.counts.new == 2)
        #expect(try storedIDs() == ["video_1", "video_2"])
        let reject = try #require(report.rejects.first)
        #expect(report.rejects.count == 1)
        // Page 2 begins at line 33; its 19th line is line 51, where the text ends.
        #expect(reject.line == 51)
        #expect(reject.error.reason == "invalid JSON at byte \(text.utf8.count + 1): "
            + (insideAString ? "control character inside a string" : "unexpected end of text"))
    }

    @Test func textAfterTheValuesIsRejectedAtItsLine() throws {
        let text = Self.page(["video_1"], hasMore: false) + "\n" + "curl: (28) Operation timed out\n"
        let report = try importing("pages.json", text)
        #expect(report.counts.new == 1)
        let reject = try #require(report.rejects.first)
        #expect(report.rejects.count == 1)
        #expect(reject.line == 21)
        #expect(reject.error.reason == "invalid JSON at byte \(text.utf8.count - 30): unexpected character 'c'")
    }

    @Test func bareObjectsAndArraysMayFollowOneAnother() throws {
        let text = "[\n" + Sample.video("video_1") + "\n]\n{\n\"id\": \"video_2\", \"object\": \"video\", \"model\": \"sora-2\", "
            + "\"status\": \"queued\", \"created_at\": 1772366400, \"size\": \"720x1280\", \"seconds\": \"4\"\n}\n"
            + Sample.video("video_3") + "\n"
        let report = try importing("mixed.json", text)
        #expect(report.rejects.isEmpty, "\(report.rejects.map(\.error.reason))")
        #expect(try storedIDs() == ["video_1", "video_2", "video_3"])
    }
}
