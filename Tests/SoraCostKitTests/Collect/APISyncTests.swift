import Foundation
import Testing
@testable import SoraCostKit

/// A Videos API played by a real `LoopbackServer`: videos newest first, listed in pages by
/// `after` cursor, and `GET /v1/videos/{id}`. `fault` may replace any answer; it gets the
/// request and its 0-based number among list requests (nil for other requests).
final class FakeVideosAPI: @unchecked Sendable {
    typealias Fault = @Sendable (LoopbackServer.Request, Int?) -> LoopbackServer.Response?

    private let lock = NSLock()
    private var videos: [(id: String, json: String)]
    private var faultHandler: Fault?
    private var listRequests = 0
    /// Items per page whatever `limit` asks, as a server may do (nil: obey `limit`).
    let pageSize: Int?
    private(set) var server: LoopbackServer!

    init(_ videos: [(id: String, json: String)], pageSize: Int? = nil, fault: Fault? = nil) throws {
        self.videos = videos
        self.pageSize = pageSize
        faultHandler = fault
        server = try LoopbackServer { [unowned self] request in self.answer(request) }
    }

    deinit { server.stop() }

    var baseURL: String { server.baseURL + "/v1" }
    var requests: [LoopbackServer.Request] { server.requests }
    var targets: [String] { server.requests.map(\.target) }

    /// Replaces the whole list (new jobs at the front, deleted ones gone, statuses changed).
    func setVideos(_ list: [(id: String, json: String)]) {
        lock.lock()
        videos = list
        lock.unlock()
    }

    func setFault(_ fault: Fault?) {
        lock.lock()
        faultHandler = fault
        lock.unlock()
    }

    private func answer(_ request: LoopbackServer.Request) -> LoopbackServer.Response {
        lock.lock()
        let list = videos
        let fault = faultHandler
        let isList = request.path == "/v1/videos"
        let listIndex = isList ? listRequests : nil
        if isList { listRequests += 1 }
        lock.unlock()
        if let replaced = fault?(request, listIndex) { return replaced }
        let requestID = [(name: "x-request-id", value: "req_\(request.index)")]
        if isList {
            let query = request.query ?? [:]
            var start = 0
            if let after = query["after"] {
                guard let index = list.firstIndex(where: { $0.id == after }) else {
                    return .json(FakeVideosAPI.error("No video with id \(after)"), status: 400, headers: requestID)
                }
                start = index + 1
            }
            let size = pageSize ?? Int(query["limit"] ?? "") ?? 20
            let slice = Array(list[min(start, list.count)..<min(start + size, list.count)])
            return .json(FakeVideosAPI.page(slice, hasMore: start + size < list.count), headers: requestID)
        }
        let id = String(request.path.dropFirst("/v1/videos/".count))
        guard let video = list.first(where: { $0.id == id }) else {
            return .json(FakeVideosAPI.error("Video \(id) not found"), status: 404, headers: requestID)
        }
        return .json(video.json, headers: requestID)
    }

    static func page(_ items: [(id: String, json: String)], hasMore: Bool) -> String {
        let first = items.first.map { "\"\($0.id)\"" } ?? "null"
        let last = items.last.map { "\"\($0.id)\"" } ?? "null"
        return #"{"object":"list","data":[\#(items.map(\.json).joined(separator: ","))],"#
            + #""first_id":\#(first),"last_id":\#(last),"has_more":\#(hasMore)}"#
    }

    static func error(_ message: String, type: String = "invalid_request_error", code: String? = nil) -> String {
        #"{"error":{"message":"\#(message)","type":"\#(type)","param":null,"code":\#(code.map { "\"\($0)\"" } ?? "null")}}"#
    }

    /// `count` completed videos, newest first: `video_<count>` … `video_1`, one minute apart.
    static func videos(_ count: Int, prefix: String = "video_", status: String = "completed") -> [(id: String, json: String)] {
        (1...count).reversed().map { i in
            ("\(prefix)\(i)", Sample.video("\(prefix)\(i)", status: status, created: 1_760_000_000 + Int64(i) * 60))
        }
    }
}

/// `APISync` against `FakeVideosAPI`: pagination, incremental re-syncs, refresh of unfinished
/// jobs, resume after an interruption, rejects, and the key kept out of the ledger.
@Suite struct APISyncTests {
    static let key = "sk-test-FAKEsync0123456789"
    let directory: TemporaryDirectory
    let ledger: Ledger

    init() throws {
        (directory, ledger) = try TemporaryDirectory.withLedger()
    }

    func client(_ api: FakeVideosAPI, retry: RetryPolicy = SleepRecorder().policy(), timeout: Double = 10,
                project: String? = nil) throws -> VideosAPIClient {
        try VideosAPIClient(configuration: .init(
            baseURL: api.baseURL, auth: .bearer(Secret(Self.key)), project: project, connectTimeout: 2,
            totalTimeout: timeout, retry: retry))
    }

    func options(full: Bool = false, pageSize: Int = 2, pageLimit: Int? = nil) -> APISyncOptions {
        var options = APISyncOptions(provider: "openai", account: "marketing")
        options.full = full
        options.pageSize = pageSize
        options.pageLimit = pageLimit
        options.now = { 1_800_000_000 }
        return options
    }

    @discardableResult
    func sync(_ api: FakeVideosAPI, _ options: APISyncOptions? = nil, retry: RetryPolicy = SleepRecorder().policy()) throws -> APISyncReport {
        try APISync(ledger: ledger, client: try client(api, retry: retry), options: options ?? self.options()).run()
    }

    func count(_ sql: String, _ arguments: [SQLValue] = []) throws -> Int64 {
        try ledger.database.scalarInt(sql, arguments) ?? -1
    }

    func ids() throws -> [String] {
        try ledger.database.prepare("SELECT video_id FROM jobs ORDER BY created_at DESC").rows { $0.text(0) ?? "" }
    }

    func status(_ id: String) throws -> String? {
        try ledger.database.scalarText("SELECT status FROM jobs WHERE video_id = ?", [.text(id)])
    }

    func syncState(_ api: FakeVideosAPI) throws -> APISyncState {
        let name = APISync.sourceName(provider: "openai", account: "marketing", baseURL: api.baseURL)
        return try #require(try APISyncState.load(ledger, sourceName: name))
    }

    // MARK: Pagination

    @Test func pagesThroughEveryPageIntoTheLedger() throws {
        let api = try FakeVideosAPI(FakeVideosAPI.videos(5))
        let client = try client(api)
        let sync = try APISync(ledger: ledger, client: client, options: options())

        let report = try sync.run()

        #expect(api.targets == [
            "/v1/videos?limit=2&order=desc",
            "/v1/videos?limit=2&order=desc&after=video_4",
            "/v1/videos?limit=2&order=desc&after=video_2",
        ])
        #expect(report.pages == 3)
        #expect(report.counts.new == 5)
        #expect(report.counts.rejected == 0)
        #expect(report.summary == "synced 3 pages: 5 new, 0 updated, 0 unchanged, 0 rejected; refreshed 0 in-progress jobs")
        #expect(try ids() == ["video_5", "video_4", "video_3", "video_2", "video_1"])
        #expect(try count("SELECT COUNT(*) FROM jobs WHERE provider = 'openai' AND account = 'marketing'") == 5)
        // One client, one kept-alive connection for every page.
        #expect(client.connectionsOpened == 1)
        #expect(Set(api.requests.map(\.connection)).count == 1)

        let source = try #require(try ledger.source(named: sync.sourceName))
        #expect(source.kind == "api")
        #expect(sync.sourceName == "api:openai:marketing@127.0.0.1:\(api.server.port)/v1")
        #expect(source.line == 5)
        #expect(source.lastReadAt == 1_800_000_000)
        #expect(try count("SELECT COUNT(*) FROM jobs WHERE first_source = ?", [.int(source.id)]) == 5)
        let state = try syncState(api)
        #expect(state == APISyncState(sourceID: source.id, cursor: nil, pagesDone: 0, walkInProgress: false, walkFull: false,
                                      walkStartedAt: 1_800_000_000, newestID: "video_5", lastSyncAt: 1_800_000_000))
        #expect(try ledger.database.scalarText("""
            SELECT command || '|' || target || '|' || status || '|' || new || '|' || rejected FROM imports WHERE id = ?
            """, [.int(report.importID)]) == "sync|\(sync.sourceName)|completed|5|0")
        // Prompts are confidential unless kept on purpose.
        #expect(try ledger.rawCount(containing: "secret prompt") == 0)
        #expect(try ledger.rawCount(containing: #""id":"video_3""#) == 1)
    }

    @Test func asksForAHundredNewestFirstByDefault() throws {
        let api = try FakeVideosAPI(FakeVideosAPI.videos(3))
        var options = APISyncOptions()
        options.now = { 1_800_000_000 }

        let report = try APISync(ledger: ledger, client: try client(api), options: options).run()

        #expect(api.targets == ["/v1/videos?limit=100&order=desc"])
        #expect(report.counts.new == 3)
        #expect(try count("SELECT COUNT(*) FROM jobs WHERE provider = 'openai' AND account = 'default'") == 3)
    }

    @Test(arguments: [
        ("openai", "default", "https://api.openai.com/v1", "api:openai:default@api.openai.com/v1"),
        ("azure", "east", "https://My-Res.openai.azure.com/openai/v1/", "api:azure:east@my-res.openai.azure.com/openai/v1"),
        ("gw", "proj_1", "http://127.0.0.1:8080/v1", "api:gw:proj_1@127.0.0.1:8080/v1"),
    ])
    func namesTheSourceByProviderAccountAndEndpoint(provider: String, account: String, url: String, name: String) {
        #expect(APISync.sourceName(provider: provider, account: account, baseURL: url) == name)
    }

    @Test func theAccountDefaultsToTheProjectThenDefault() {
        #expect(APISyncOptions.account(explicit: "brand", project: "proj_1") == "brand")
        #expect(APISyncOptions.account(explicit: nil, project: "proj_1") == "proj_1")
        #expect(APISyncOptions.account(explicit: " ", project: nil) == "default")
    }

    // MARK: Incremental

    @Test func aSecondSyncFetchesOnlyTheFirstPageAndStopsEarly() throws {
        let api = try FakeVideosAPI(FakeVideosAPI.videos(6))
        try sync(api)
        #expect(api.requests.count == 3)

        let second = try sync(api)

        #expect(api.targets.dropFirst(3) == ["/v1/videos?limit=2&order=desc"])
        #expect(second.pages == 1)
        #expect(second.stoppedEarly)
        #expect(second.counts.new == 0 && second.counts.unchanged == 2)
        #expect(try count("SELECT COUNT(*) FROM jobs") == 6)
        #expect(try syncState(api).walkInProgress == false)
    }

    @Test func newJobsAreReadUntilAPageOfKnownFinishedJobs() throws {
        let api = try FakeVideosAPI(FakeVideosAPI.videos(6))
        try sync(api)
        api.setVideos(FakeVideosAPI.videos(9))

        let second = try sync(api)

        // Page 1: video_9, video_8 (new); page 2: video_7 (new), video_6; page 3: video_5, video_4 (known).
        #expect(api.targets.dropFirst(3) == [
            "/v1/videos?limit=2&order=desc",
            "/v1/videos?limit=2&order=desc&after=video_8",
            "/v1/videos?limit=2&order=desc&after=video_6",
        ])
        #expect(second.counts.new == 3)
        #expect(second.stoppedEarly)
        #expect(try ids() == (1...9).reversed().map { "video_\($0)" })
        #expect(try syncState(api).newestID == "video_9")
    }

    @Test func jobsKnownOnlyFromLogsDoNotStopTheWalkEarly() throws {
        let api = try FakeVideosAPI(FakeVideosAPI.videos(6))
        try sync(api)
        api.setVideos(FakeVideosAPI.videos(10))
        // The two newest jobs were already imported from an application's log.
        let log = try directory.write("app.jsonl", [
            Sample.video("video_10", created: 1_760_000_600), Sample.video("video_9", created: 1_760_000_540),
        ].joined(separator: "\n") + "\n")
        _ = try LogImporter(ledger: ledger).run(paths: [log])

        let second = try sync(api)

        // Page 1 (video_10, video_9) holds only jobs this source never listed: the walk goes on
        // until video_6 and video_5, which it did list.
        #expect(second.pages == 3)
        #expect(second.stoppedEarly)
        #expect(try ids() == (1...10).reversed().map { "video_\($0)" })
    }

    @Test func fullWalksEveryPageAgain() throws {
        let api = try FakeVideosAPI(FakeVideosAPI.videos(6))
        try sync(api)

        let again = try sync(api, options(full: true))

        #expect(again.pages == 3)
        #expect(!again.stoppedEarly)
        #expect(again.counts.unchanged == 6)
        #expect(api.requests.count == 6)
    }

    @Test func aPageWithAnUnfinishedJobDoesNotStopTheWalk() throws {
        var list = FakeVideosAPI.videos(6)
        list[1] = (id: "video_5", json: Sample.video("video_5", status: "in_progress", created: 1_760_000_300))
        let api = try FakeVideosAPI(list)
        try sync(api)

        let second = try sync(api)

        // Page 1 holds video_5, stored as in_progress: not a page of finished jobs.
        #expect(second.pages == 2)
        #expect(api.targets.last == "/v1/videos?limit=2&order=desc&after=video_5")
        // video_5 was just listed, so it is not fetched again by id.
        #expect(!api.targets.contains { $0.hasPrefix("/v1/videos/") })
    }

    /// Stored unfinished jobs behind the early stop are fetched one by one; a 404 keeps the job.
    @Test func refreshesStoredUnfinishedJobsByID() throws {
        var list = FakeVideosAPI.videos(4)
        list[2] = (id: "video_2", json: Sample.video("video_2", status: "in_progress", created: 1_760_000_120))
        list[3] = (id: "video_1", json: Sample.video("video_1", status: "queued", created: 1_760_000_060))
        let api = try FakeVideosAPI(list)
        let first = try sync(api)
        #expect(first.refreshed == 0)
        #expect(try status("video_2") == "in_progress")

        // Later: video_2 finished, video_1 was deleted.
        api.setVideos([list[0], list[1], (id: "video_2", json: Sample.video("video_2", status: "completed", created: 1_760_000_120))])
        let second = try sync(api)

        #expect(api.targets.dropFirst(2) == ["/v1/videos?limit=2&order=desc", "/v1/videos/video_1", "/v1/videos/video_2"])
        #expect(second.pages == 1)
        #expect(second.refreshed == 1)
        #expect(second.counts.updated == 1)
        #expect(second.missing == [.init(videoID: "video_1", requestID: "req_3")])
        #expect(try status("video_2") == "completed")
        #expect(try status("video_1") == "queued")
        #expect(second.summary.hasSuffix("refreshed 1 in-progress job (1 no longer found, kept as they were)"))
        #expect(second.notes.contains("video_1: no longer found (HTTP 404, x-request-id req_3); kept in the ledger as it was"))
        #expect(try count("SELECT COUNT(*) FROM imports WHERE id = ? AND message LIKE '%video_1: no longer found%'",
                          [.int(second.importID)]) == 1)
    }

    @Test func onlyUnfinishedJobsOfThisProviderAndAccountAreRefreshed() throws {
        // Imported from logs: one of another account, one of another provider, both unfinished.
        let log = try directory.write("app.jsonl", [
            Sample.envelope(Sample.video("video_other", status: "in_progress"), extra: #","account":"sales""#),
            Sample.envelope(Sample.video("video_azure", status: "queued"), extra: #","provider":"azure","account":"marketing""#),
            Sample.envelope(Sample.video("video_mine", status: "queued"), extra: #","account":"marketing""#),
        ].joined(separator: "\n") + "\n")
        _ = try LogImporter(ledger: ledger).run(paths: [log])
        // The list does not show video_mine (another page, or hidden); retrieving it works.
        let api = try FakeVideosAPI(FakeVideosAPI.videos(2)) { request, _ in
            request.path == "/v1/videos/video_mine" ? .json(Sample.video("video_mine")) : nil
        }

        let report = try sync(api)

        #expect(!api.targets.contains("/v1/videos/video_other"))
        #expect(!api.targets.contains("/v1/videos/video_azure"))
        #expect(api.targets.contains("/v1/videos/video_mine"))
        #expect(report.refreshed == 1)
        #expect(report.missing.isEmpty)
        #expect(try status("video_mine") == "completed")
        #expect(try status("video_other") == "in_progress")
    }
}
