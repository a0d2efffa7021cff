import Foundation
import Testing
@testable import SoraCostKit

/// `APISyncTests`, continued: resuming and history, rejects, and secrets.
extension APISyncTests {
    // MARK: Resume and history

    /// Clears the fault, serves `videos` and syncs again: the report, and the targets this run
    /// requested.
    func syncAgain(_ api: FakeVideosAPI, serving videos: [(id: String, json: String)]) throws -> (APISyncReport, [String]) {
        api.setFault(nil)
        api.setVideos(videos)
        let before = api.requests.count
        let report = try sync(api)
        return (report, Array(api.targets.dropFirst(before)))
    }

    /// A sync that fails on page 3 keeps pages 1–2; the next run continues with page 3, then
    /// reads what is new at the head, and ends with exactly the full set.
    @Test func resumesAnInterruptedSyncWithoutDuplicates() throws {
        let api = try FakeVideosAPI(FakeVideosAPI.videos(7)) { request, _ in
            request.query?["after"] == "video_4"
                ? .json(FakeVideosAPI.error("The server had an error"), status: 500,
                        headers: [(name: "x-request-id", value: "req_page3")])
                : nil
        }
        let failure = try #require(throws: APISyncError.self) { try sync(api, retry: SleepRecorder().policy(maxRetries: 0)) }
        #expect(failure.stage == .listPage(number: 3, cursor: "video_4"))
        #expect(failure.report.pages == 2)
        #expect(failure.description.contains("sync stopped at page 3 (after video_4)"))
        #expect(failure.description.contains("x-request-id req_page3"))
        #expect(failure.description.contains("Pages 1–2 are stored"))
        #expect(try ids() == ["video_7", "video_6", "video_5", "video_4"])
        var state = try syncState(api)
        #expect(state.walkInProgress && state.walkFull)
        #expect(state.cursor == "video_4")
        #expect(state.pagesDone == 2)
        #expect(try ledger.database.scalarText("SELECT status FROM imports ORDER BY id DESC LIMIT 1") == "failed")

        let (report, targets) = try syncAgain(api, serving: FakeVideosAPI.videos(8))

        #expect(targets == [
            "/v1/videos?limit=2&order=desc&after=video_4",
            "/v1/videos?limit=2&order=desc&after=video_2",
            "/v1/videos?limit=2&order=desc",
            "/v1/videos?limit=2&order=desc&after=video_7",
        ])
        #expect(report.resumedAtPage == 3)
        #expect(report.counts.new == 4)
        #expect(try ids() == (1...8).reversed().map { "video_\($0)" })
        #expect(try count("SELECT COUNT(*) FROM jobs") == 8)
        #expect(try count("SELECT COUNT(*) FROM jobs WHERE first_source IS NOT NULL") == 8)
        #expect(try count("SELECT COUNT(*) FROM job_sources") == 0)
        #expect(try ledger.rawStoreSize().records == 8)
        state = try syncState(api)
        #expect(!state.walkInProgress && state.cursor == nil)
        #expect(state.lastSyncAt != nil)
    }

    /// The job an interrupted walk's cursor names was deleted, and the server refuses `after=`
    /// it: the next run reads the list again from the newest page instead of failing forever.
    @Test func aRefusedCursorStartsTheWalkAgainFromTheNewestPage() throws {
        let api = try FakeVideosAPI(FakeVideosAPI.videos(5)) { request, _ in
            request.query?["after"] == "video_4" ? .json("{}", status: 503) : nil
        }
        _ = try #require(throws: APISyncError.self) { try sync(api, retry: SleepRecorder().policy(maxRetries: 0)) }
        let (report, targets) = try syncAgain(api, serving: FakeVideosAPI.videos(5).filter { $0.id != "video_4" })

        #expect(targets == [
            "/v1/videos?limit=2&order=desc&after=video_4",
            "/v1/videos?limit=2&order=desc",
            "/v1/videos?limit=2&order=desc&after=video_3",
        ])
        #expect(report.restartedAfter == "video_4")
        #expect(report.resumedAtPage == nil)
        #expect(report.notes.first == "the server refused to continue an interrupted sync after video_4; "
            + "read the list again from the newest page")
        #expect(report.counts.new == 3)
        #expect(try ids() == ["video_5", "video_4", "video_3", "video_2", "video_1"])
        #expect(try syncState(api).walkInProgress == false)
    }

    @Test func aPageLimitLeavesTheWalkForTheNextRun() throws {
        let api = try FakeVideosAPI(FakeVideosAPI.videos(7))

        let first = try sync(api, options(pageLimit: 2))

        #expect(first.pages == 2)
        #expect(first.incomplete)
        #expect(first.nextPage == 3)
        #expect(first.notes.contains("stopped after 2 pages (page limit); the next sync continues with page 3"))
        #expect(try count("SELECT COUNT(*) FROM jobs") == 4)

        let second = try sync(api, options(pageLimit: 10))

        #expect(second.resumedAtPage == 3)
        #expect(!second.incomplete)
        #expect(try count("SELECT COUNT(*) FROM jobs") == 7)
        #expect(try syncState(api).walkInProgress == false)
    }

    @Test func jobsThatVanishFromTheAPIStayInTheLedger() throws {
        let api = try FakeVideosAPI(FakeVideosAPI.videos(5))
        try sync(api)
        api.setVideos(FakeVideosAPI.videos(5).filter { $0.id != "video_3" && $0.id != "video_1" })

        let again = try sync(api, options(full: true))

        #expect(again.counts.unchanged == 3)
        #expect(try ids() == ["video_5", "video_4", "video_3", "video_2", "video_1"])
    }

    // MARK: Rejects

    @Test func badItemsAreRejectedWithTheirPageAndTheSyncGoesOn() throws {
        var list = FakeVideosAPI.videos(5)
        list[3] = (id: "video_2", json: #"{"id":"video_2","object":"video","model":"sora-2","status":"completed","created_at":1760000120,"size":"720x1280"}"#)
        let api = try FakeVideosAPI(list)

        let report = try sync(api)

        #expect(report.pages == 3)
        #expect(report.counts.new == 4)
        #expect(report.counts.rejected == 1)
        let reject = try #require(report.rejects.first)
        #expect(reject.error.field == "seconds")
        #expect(reject.description == "api:openai:marketing@127.0.0.1:\(api.server.port)/v1 page 2 item 2: field 'seconds': missing")
        let stored = try ledger.database.scalarText("SELECT source || '|' || field || '|' || reason FROM rejects")
        #expect(stored == "api:openai:marketing@127.0.0.1:\(api.server.port)/v1|seconds|missing (page 2 item 2)")
        #expect(try count("SELECT COUNT(*) FROM rejects WHERE text LIKE '%video_2%' AND import_id = ?", [.int(report.importID)]) == 1)
        #expect(try count("SELECT rejected FROM imports WHERE id = ?", [.int(report.importID)]) == 1)
        #expect(try ids() == ["video_5", "video_4", "video_3", "video_1"])
    }

    // MARK: Secrets

    /// The key reaches neither the ledger nor any message, even when the server echoes it back.
    @Test func theKeyNeverReachesTheLedgerFile() throws {
        var list = FakeVideosAPI.videos(3)
        list[0] = (id: "video_3", json: Sample.video("video_3", extra: #","echo":"\#(Self.key)""#))
        list[1] = (id: "video_2", json: #"{"id":"video_2","note":"\#(Self.key)","status":"bogus"}"#)
        let api = try FakeVideosAPI(list)
        try sync(api)
        api.setFault { request, _ in
            .json(FakeVideosAPI.error("Incorrect API key provided: \(Self.key)", code: "invalid_api_key"), status: 401,
                  headers: [(name: "x-request-id", value: "req_\(Self.key)")])
        }
        let failure = try #require(throws: APISyncError.self) { try sync(api) }
        #expect(!failure.description.contains(Self.key))
        #expect(failure.description.contains("HTTP 401"))

        let needle = Array(Self.key.utf8)
        var checked = 0
        for path in [ledger.path, ledger.path + "-wal"] where FileManager.default.fileExists(atPath: path) {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            checked += bytes.count
            // Computed apart so that a failure prints the path, not megabytes of page bytes.
            let hasKey = contains(bytes, needle)
            let hasPart = contains(bytes, Array("FAKEsync".utf8))
            #expect(!hasKey, "the key is in \(path)")
            #expect(!hasPart, "part of the key is in \(path)")
        }
        #expect(checked > 0)
        // What the server echoed is kept for audit, with the key cut out.
        #expect(try count("SELECT COUNT(*) FROM rejects WHERE text LIKE '%\"note\":\"<redacted>\"%'") == 1)
        #expect(try ledger.rawCount(containing: #""echo":"<redacted>""#) == 1)
    }

    func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count, let first = needle.first else { return false }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
