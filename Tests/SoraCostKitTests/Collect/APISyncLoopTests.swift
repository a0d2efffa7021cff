import Foundation
import Testing
@testable import SoraCostKit

/// Sync against servers that would keep it walking forever, a second sync of one source, and a
/// server that echoes the key into a job's text: bounded, clear, state intact, key never stored.
@Suite struct APISyncLoopTests {
    static let key = "sk-test-FAKEloop0123456789"
    let directory: TemporaryDirectory
    let ledger: Ledger

    init() throws {
        (directory, ledger) = try TemporaryDirectory.withLedger()
    }

    func sync(_ api: FakeVideosAPI) throws -> APISyncReport {
        let client = try VideosAPIClient(configuration: .init(
            baseURL: api.baseURL, auth: .bearer(Secret(Self.key)), connectTimeout: 2, totalTimeout: 10,
            retry: SleepRecorder().policy()))
        var options = APISyncOptions(provider: "openai", account: "marketing")
        options.pageSize = 2
        options.now = { 1_800_000_000 }
        return try APISync(ledger: ledger, client: client, options: options).run()
    }

    func scalar(_ sql: String) throws -> String? { try ledger.database.scalarText(sql) }

    @Test func aCursorCycleStopsWithAClearMessageAndTheStateIntact() throws {
        // The page after video_3 names video_5 as the next cursor again: A → B → A.
        let videos = FakeVideosAPI.videos(6)
        let api = try FakeVideosAPI(videos, fault: { request, _ in
            guard request.query?["after"] == "video_3" else { return nil }
            return .json(FakeVideosAPI.page([videos[4], videos[5]].map { ($0.id, $0.json) }, hasMore: true)
                .replacingOccurrences(of: #""last_id":"video_1""#, with: #""last_id":"video_5""#))
        })
        #expect {
            try sync(api)
        } throws: { error in
            "\(error)".contains("already visited in this walk: the pages loop")
        }
        #expect(api.requests.count < 10, "bounded: \(api.requests.count) requests")
        #expect(try scalar("SELECT status FROM imports") == "failed")
        #expect(try scalar("SELECT cursor FROM sync_state") == "video_3")
        #expect(try scalar("SELECT COUNT(*) FROM jobs") == "4")
    }

    @Test func hasMoreWithAnEmptyPageEndsWithAClearMessage() throws {
        let api = try FakeVideosAPI(FakeVideosAPI.videos(4), fault: { request, _ in
            guard request.query?["after"] == "video_3" else { return nil }
            return .json(#"{"object":"list","data":[],"first_id":null,"last_id":"video_0","has_more":true}"#)
        })
        #expect {
            try sync(api)
        } throws: { error in
            "\(error)".contains("\"has_more\" is true but the page holds no videos")
        }
        #expect(api.requests.count == 2)
        #expect(try scalar("SELECT COUNT(*) FROM jobs") == "2")
    }

    @Test(arguments: ["null", #""""#])
    func aNullOrEmptyLastIDEndsTheWalkWithANote(lastID: String) throws {
        // The page after video_5 says has_more but names no cursor: the walk ends there, and a
        // second sync reads the newest page only, as after any completed walk.
        let api = try FakeVideosAPI(FakeVideosAPI.videos(6), fault: { request, _ in
            guard request.query?["after"] == "video_5" else { return nil }
            let page = FakeVideosAPI.videos(6)[2...3].map { ($0.id, $0.json) }
            return .json(FakeVideosAPI.page(page, hasMore: true)
                .replacingOccurrences(of: #""last_id":"video_3""#, with: #""last_id":\#(lastID)"#))
        })
        let report = try sync(api)
        #expect(api.targets == ["/v1/videos?limit=2&order=desc", "/v1/videos?limit=2&order=desc&after=video_5"])
        #expect(report.pages == 2)
        #expect(report.counts.new == 4)
        #expect(report.endedWithoutCursorAt == 2)
        #expect(report.notes == ["page 2 said has_more but gave no last_id (null or empty); the list ends there, as the API reference says"])
        #expect(try scalar("SELECT status FROM imports") == "completed")
        #expect(try scalar("SELECT message FROM imports")?.contains("page 2 said has_more but gave no last_id") == true)
        #expect(try scalar("SELECT walk_in_progress || ',' || coalesce(cursor, '-') FROM sync_state") == "0,-")
        #expect(try scalar("SELECT COUNT(*) FROM jobs") == "4")
    }

    @Test func anEmptyPageWithoutALastIDEndsTheWalk() throws {
        let api = try FakeVideosAPI(FakeVideosAPI.videos(4), fault: { request, _ in
            guard request.query?["after"] == "video_3" else { return nil }
            return .json(#"{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":true}"#)
        })
        let report = try sync(api)
        #expect(api.requests.count == 2)
        #expect(report.endedWithoutCursorAt == 2)
        #expect(try scalar("SELECT status FROM imports") == "completed")
    }

    @Test func aSecondSyncOfOneSourceIsRefusedWhileTheFirstIsAlive() throws {
        let api = try FakeVideosAPI(FakeVideosAPI.videos(2))
        let name = APISync.sourceName(provider: "openai", account: "marketing", baseURL: api.baseURL)
        // pid 1 is always alive: the other run holds the lock.
        try ledger.database.execute("""
            INSERT INTO imports (command, target, started_at, status, pid) VALUES ('sync', '\(name)', 1800000000, 'running', 1)
            """)
        #expect {
            try sync(api)
        } throws: { error in
            (error as? SyncAlreadyRunning)?.localizedDescription.contains("another sync of \(name) is running since 2027-01-15") == true
                && error.localizedDescription.contains("pid 1")
        }
        #expect(api.requests.isEmpty)
        // Once that process is gone, the run reads interrupted and the next sync goes ahead.
        try ledger.database.execute("UPDATE imports SET pid = 2147483646")
        let report = try sync(api)
        #expect(report.counts.new == 2)
        #expect(try scalar("SELECT group_concat(status) FROM imports ORDER BY id") == "interrupted,completed")
    }

    @Test func theKeyEchoedIntoAJobsTextIsNeverStored() throws {
        let failed = #"{"id":"video_9","object":"video","model":"sora-2","status":"failed","seconds":"4","size":"720x1280","#
            + #""created_at":1760000000,"error":{"code":"bad \#(Self.key)","message":"invalid key \#(Self.key) given"}}"#
        let api = try FakeVideosAPI([("video_9", failed)])
        _ = try sync(api)
        let stored = try ledger.jobs(videoID: "video_9").map { job in
            "\(job.errorCode ?? "")|\(job.errorMessage ?? "")|" + (try ledger.rawRecords(of: job)).joined(separator: "|")
        }
        #expect(stored.count == 1)
        #expect(stored.allSatisfy { !$0.contains(Self.key) && $0.contains("<redacted>") }, "\(stored)")
        let explained = try ExplainDocument(videoID: "video_9", ledger: ledger, pricer: Pricer(card: EffectiveCard()))
        #expect(!"\(explained.jobs.map(\.explanation.text))".contains(Self.key))
    }
}
