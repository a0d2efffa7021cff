import Foundation
import Testing
@testable import SoraCostKit

/// How `APISync` survives, or stops on, what real endpoints do: rate limits, server errors,
/// slow and cut-off answers, bad keys, empty quotas, and a shut-down endpoint. Retries run
/// through `SleepRecorder`, so they take no time and their waits can be asserted.
@Suite struct APISyncFailureTests {
    static let key = "sk-test-FAKEfail0123456789"
    let directory: TemporaryDirectory
    let ledger: Ledger

    init() throws {
        (directory, ledger) = try TemporaryDirectory.withLedger()
    }

    func sync(_ api: FakeVideosAPI, retry: RetryPolicy = SleepRecorder().policy(), timeout: Double = 10) throws -> APISyncReport {
        let client = try VideosAPIClient(configuration: .init(
            baseURL: api.baseURL, auth: .bearer(Secret(Self.key)), connectTimeout: 2, totalTimeout: timeout, retry: retry))
        var options = APISyncOptions(provider: "openai", account: "marketing")
        options.pageSize = 2
        options.now = { 1_800_000_000 }
        return try APISync(ledger: ledger, client: client, options: options).run()
    }

    func jobCount() throws -> Int64 {
        try ledger.database.scalarInt("SELECT COUNT(*) FROM jobs") ?? -1
    }

    /// The audit row of the last run: `status|message`.
    func lastRun() throws -> String {
        try ledger.database.scalarText("SELECT status || '|' || IFNULL(message, '') FROM imports ORDER BY id DESC LIMIT 1") ?? ""
    }

    /// Answers `response` in place of the list page requested after `cursor`, `times` times.
    static func fault(after cursor: String?, times: Int = .max, _ response: LoopbackServer.Response) -> FakeVideosAPI.Fault {
        let served = Counter()
        return { request, listIndex in
            guard listIndex != nil, request.query?["after"] == cursor, served.next() < times else { return nil }
            return response
        }
    }

    // MARK: Retried

    @Test(arguments: [
        ("retry-after-ms", "250", 0.25),
        ("retry-after", "2", 2.0),
        ("retry-after", "Fri, 15 Jan 2027 08:00:03 GMT", 3.0),  // the recorder's clock is 08:00:00
    ])
    func rateLimitsAreWaitedOutAsTheServerSays(header: String, value: String, expected: Double) throws {
        let limited = LoopbackServer.Response.json(
            FakeVideosAPI.error("Rate limit reached for requests", type: "requests", code: "rate_limit_exceeded"),
            status: 429, headers: [(name: header, value: value)])
        let api = try FakeVideosAPI(FakeVideosAPI.videos(5), fault: Self.fault(after: "video_4", times: 1, limited))
        let sleeps = SleepRecorder()

        let report = try sync(api, retry: sleeps.policy())

        #expect(sleeps.delays == [expected])
        #expect(api.targets.filter { $0.hasSuffix("after=video_4") }.count == 2)
        #expect(report.pages == 3)
        #expect(report.counts.new == 5)
        #expect(try jobCount() == 5)
    }

    @Test func aServerErrorThenSuccessCompletesTheSync() throws {
        let failing = LoopbackServer.Response.json(FakeVideosAPI.error("The server had an error", type: "server_error"),
                                                   status: 500)
        let api = try FakeVideosAPI(FakeVideosAPI.videos(5), fault: Self.fault(after: "video_2", times: 1, failing))
        let sleeps = SleepRecorder()

        let report = try sync(api, retry: sleeps.policy())

        #expect(sleeps.delays == [0.5])
        #expect(api.requests.count == 4)
        #expect(report.counts.new == 5)
        #expect(try lastRun() == "completed|")
    }

    // MARK: Stopped, with earlier pages kept

    @Test func aSlowPageHitsTheTimeoutAndEarlierPagesStay() throws {
        let slow = FakeVideosAPI.page([], hasMore: false)
        let api = try FakeVideosAPI(FakeVideosAPI.videos(5),
                                    fault: Self.fault(after: "video_4", LoopbackServer.Response.json(slow, delay: 10)))
        let started = Date()

        let error = try #require(throws: APISyncError.self) {
            try sync(api, retry: SleepRecorder().policy(maxRetries: 0), timeout: 1)
        }

        #expect(Date().timeIntervalSince(started) < 5)
        #expect(error.stage == .listPage(number: 2, cursor: "video_4"))
        guard case .transport(let curl, _) = error.underlying else { Issue.record("expected .transport, got \(error)"); return }
        #expect(curl.isTimeout)
        #expect(error.description.contains("timed out"))
        #expect(error.description.contains("sync stopped at page 2 (after video_4)"))
        #expect(try jobCount() == 2)
        #expect(try lastRun().hasPrefix("failed|sync stopped at page 2"))
    }

    @Test(arguments: [
        (LoopbackServer.Response.json(FakeVideosAPI.page(FakeVideosAPI.videos(2, prefix: "video_x"), hasMore: true),
                                      truncateAfter: 60), "truncated"),
        (.json(#"{"object":"list","data":[{"id":"video_2","#), "ends early"),
        (.json("<html>502 Bad Gateway</html>"), "not valid JSON"),
        (.json(#"{"object":"list","has_more":false}"#), #""data" is missing"#),
    ])
    func aBrokenPageIsAnErrorNamingItAfterTheEarlierPagesAreStored(response: LoopbackServer.Response, reason: String) throws {
        var broken = response
        broken.headers.append((name: "x-request-id", value: "req_broken"))
        let api = try FakeVideosAPI(FakeVideosAPI.videos(7), fault: Self.fault(after: "video_4", broken))

        let error = try #require(throws: APISyncError.self) { try sync(api, retry: SleepRecorder().policy(maxRetries: 0)) }

        #expect(error.stage == .listPage(number: 3, cursor: "video_4"))
        let text = error.description
        #expect(text.contains("sync stopped at page 3 (after video_4)"))
        #expect(text.contains(reason))
        #expect(text.contains("after=video_4"))
        #expect(text.contains("Pages 1–2 are stored (2 of them in this run: 4 new, 0 updated, 0 unchanged, 0 rejected)"))
        #expect(text.contains("the next sync continues with page 3"))
        if reason != "truncated" { #expect(text.contains("x-request-id req_broken")) }
        #expect(try jobCount() == 4)
        let state = try #require(try APISyncState.load(ledger, sourceName: error.report.source))
        #expect(state.cursor == "video_4" && state.walkInProgress && state.pagesDone == 2)
    }

    // MARK: Never retried

    @Test func aBadKeyStopsAtOnce() throws {
        let api = try FakeVideosAPI(FakeVideosAPI.videos(3)) { _, _ in
            .json(FakeVideosAPI.error("Incorrect API key provided: \(Self.key).", code: "invalid_api_key"),
                  status: 401, headers: [(name: "x-request-id", value: "req_auth")])
        }
        let sleeps = SleepRecorder()

        let error = try #require(throws: APISyncError.self) { try sync(api, retry: sleeps.policy()) }

        guard case .unauthorized = error.underlying else { Issue.record("expected .unauthorized, got \(error)"); return }
        #expect(api.requests.count == 1)
        #expect(sleeps.delays.isEmpty)
        let text = error.description
        #expect(text.contains("sync stopped at page 1 (first page)"))
        #expect(text.contains("HTTP 401 Unauthorized"))
        #expect(text.contains("Incorrect API key provided: <redacted>"))
        #expect(text.contains("x-request-id req_auth"))
        #expect(text.contains("Nothing from this page was stored"))
        #expect(!text.contains(Self.key))
        #expect(try jobCount() == 0)
        let run = try lastRun()
        #expect(run.hasPrefix("failed|"))
        #expect(run.contains("x-request-id req_auth"))
        #expect(!run.contains(Self.key))
    }

    @Test func anEmptyQuotaStopsAtOnce() throws {
        let api = try FakeVideosAPI(FakeVideosAPI.videos(3)) { _, _ in
            .json(FakeVideosAPI.error("You exceeded your current quota, please check your plan and billing details.",
                                      type: "insufficient_quota", code: "insufficient_quota"),
                  status: 429, headers: [(name: "retry-after", value: "1"), (name: "x-request-id", value: "req_quota")])
        }
        let sleeps = SleepRecorder()

        let error = try #require(throws: APISyncError.self) { try sync(api, retry: sleeps.policy()) }

        guard case .quotaExhausted = error.underlying else { Issue.record("expected .quotaExhausted, got \(error)"); return }
        #expect(api.requests.count == 1)
        #expect(sleeps.delays.isEmpty)
        #expect(error.description.contains("HTTP 429"))
        #expect(error.description.contains("You exceeded your current quota"))
        #expect(error.description.contains("x-request-id req_quota"))
    }

    @Test func aShutDownEndpointPointsToImport() throws {
        let api = try FakeVideosAPI(FakeVideosAPI.videos(3)) { _, _ in
            .json(FakeVideosAPI.error("Invalid URL (GET /v1/videos)"), status: 404,
                  headers: [(name: "x-request-id", value: "req_gone")])
        }

        let error = try #require(throws: APISyncError.self) { try sync(api) }

        guard case .endpointGone = error.underlying else { Issue.record("expected .endpointGone, got \(error)"); return }
        #expect(api.requests.count == 1)
        #expect(error.description.contains("no longer serves videos"))
        #expect(error.description.contains("soracost import"))
        #expect(error.description.contains("HTTP 404 Not Found"))
        #expect(error.description.contains("x-request-id req_gone"))
    }

    @Test func aRefreshFailureOtherThan404StopsTheSyncAndKeepsThePages() throws {
        var list = FakeVideosAPI.videos(4)
        list[3] = (id: "video_1", json: Sample.video("video_1", status: "in_progress", created: 1_760_000_060))
        let api = try FakeVideosAPI(list)
        _ = try sync(api)
        api.setFault { request, _ in
            request.path == "/v1/videos/video_1"
                ? .json(FakeVideosAPI.error("Forbidden"), status: 403, headers: [(name: "x-request-id", value: "req_403")])
                : nil
        }

        let error = try #require(throws: APISyncError.self) { try sync(api) }

        #expect(error.stage == .refresh(videoID: "video_1"))
        #expect(error.description.contains("sync stopped while refreshing video_1"))
        #expect(error.description.contains("HTTP 403"))
        #expect(error.description.contains("The 1 list page is stored"))
        #expect(try ledger.database.scalarText("SELECT status FROM jobs WHERE video_id = 'video_1'") == "in_progress")
    }
}
