import Foundation
import Testing
@testable import SoraCostKit

/// `VideosAPIClient` against a real server on 127.0.0.1 playing the Videos API.
@Suite struct VideosAPIClientTests {
    static let key = "sk-test-FAKE0000"

    func makeClient(
        _ server: LoopbackServer, auth: VideosAPIClient.Auth = .bearer(Secret(key)),
        organization: String? = nil, project: String? = nil,
        retry: RetryPolicy = SleepRecorder().policy(), totalTimeout: Double = 10
    ) throws -> VideosAPIClient {
        try VideosAPIClient(configuration: .init(
            baseURL: "\(server.baseURL)/v1/", auth: auth, organization: organization, project: project,
            userAgent: "soracost/9.9.9", connectTimeout: 2, totalTimeout: totalTimeout, retry: retry))
    }

    static func video(_ id: String) -> String {
        #"{"id":"\#(id)","object":"video","model":"sora-2","status":"completed","progress":100,"# +
            #""created_at":1760627796,"size":"720x1280","seconds":"4","error":null}"#
    }

    static func page(_ ids: [String], hasMore: Bool) -> String {
        let items = ids.map(video).joined(separator: ",")
        let first = ids.first.map { "\"\($0)\"" } ?? "null"
        let last = ids.last.map { "\"\($0)\"" } ?? "null"
        return #"{"object":"list","data":[\#(items)],"first_id":\#(first),"last_id":\#(last),"has_more":\#(hasMore)}"#
    }

    static func errorBody(_ message: String, type: String, code: String?) -> String {
        let codeText = code.map { "\"\($0)\"" } ?? "null"
        return #"{"error":{"message":"\#(message)","type":"\#(type)","param":null,"code":\#(codeText)}}"#
    }

    static let okPage = LoopbackServer.Response.json(page(["video_1"], hasMore: false))

    // MARK: Pagination and request shape

    @Test func followsTheAfterCursorAcrossPages() throws {
        let pages: [String?: String] = [
            nil: Self.page(["video_5", "video_4"], hasMore: true),
            "video_4": Self.page(["video_3", "video_2"], hasMore: true),
            "video_2": Self.page(["video_1"], hasMore: false),
        ]
        let server = try LoopbackServer { request in
            guard let body = pages[request.query?["after"]] else { return .json("{}", status: 400) }
            return .json(body, headers: [(name: "x-request-id", value: "req_\(request.index)")])
        }
        defer { server.stop() }
        let client = try makeClient(server)

        var ids: [String] = []
        var bodies: [[UInt8]] = []
        var cursor: String?
        repeat {
            let page = try client.listPage(after: cursor)
            ids += page.data.compactMap { $0["id"]?.stringValue }
            bodies.append(page.body)
            #expect(page.cursor == cursor)
            #expect(page.requestID == "req_\(bodies.count - 1)")
            cursor = page.nextCursor
        } while cursor != nil

        #expect(ids == ["video_5", "video_4", "video_3", "video_2", "video_1"])
        #expect(server.requests.map(\.target) == [
            "/v1/videos?limit=100&order=desc",
            "/v1/videos?limit=100&order=desc&after=video_4",
            "/v1/videos?limit=100&order=desc&after=video_2",
        ])
        #expect(bodies == ([nil, "video_4", "video_2"] as [String?]).map { Array(pages[$0, default: ""].utf8) })
        #expect(Set(server.requests.map(\.connection)) == [0])
        #expect(client.connectionsOpened == 1)
    }

    @Test func theLastPageHasNoNextCursorAndKeepsTheEnvelope() throws {
        let server = try LoopbackServer(script: [.json(Self.page(["video_b", "video_a"], hasMore: false))])
        defer { server.stop() }

        let page = try makeClient(server).listPage(limit: 2, order: .asc)

        #expect(page.hasMore == false)
        #expect(page.nextCursor == nil)
        #expect(page.firstID == "video_b")
        #expect(page.lastID == "video_a")
        #expect(page.data.count == 2)
        #expect(page.data[0]["seconds"] == .string("4"))
        #expect(server.requests.first?.target == "/v1/videos?limit=2&order=asc")
    }

    /// The reference: `after=<last_id>` until `has_more` is false or `last_id` is null or empty;
    /// the last item's id is never taken for a cursor the server did not give.
    @Test(arguments: ["null", #""""#])
    func aNullOrEmptyLastIDEndsTheList(lastID: String) throws {
        let body = #"{"object":"list","data":[\#(Self.video("video_7"))],"first_id":null,"last_id":\#(lastID),"has_more":true}"#
        let server = try LoopbackServer(script: [.json(body)])
        defer { server.stop() }

        let page = try makeClient(server).listPage(after: "video_9")

        #expect(page.hasMore)
        #expect(page.lastID == nil)
        #expect(page.nextCursor == nil)
        #expect(page.endsWithoutCursor)
        #expect(page.data.count == 1)
    }

    @Test func percentEncodesTheCursor() throws {
        let server = try LoopbackServer { _ in Self.okPage }
        defer { server.stop() }
        let cursor = "video_a b&c=d/é"

        _ = try makeClient(server).listPage(after: cursor)

        let request = try #require(server.requests.first)
        #expect(request.target == "/v1/videos?limit=100&order=desc&after=video_a%20b%26c%3Dd%2F%C3%A9")
        #expect(request.query?["after"] == cursor)
    }

    @Test func sendsBearerKeyOrganizationProjectAndUserAgent() throws {
        let server = try LoopbackServer { _ in Self.okPage }
        defer { server.stop() }

        _ = try makeClient(server, organization: "org-123", project: "proj_456").listPage()

        let request = try #require(server.requests.first)
        #expect(request.method == "GET")
        #expect(request.header("authorization") == "Bearer \(Self.key)")
        #expect(request.header("api-key") == nil)
        #expect(request.header("openai-organization") == "org-123")
        #expect(request.header("openai-project") == "proj_456")
        #expect(request.header("user-agent") == "soracost/9.9.9")
        #expect(request.header("accept") == "application/json")
    }

    @Test func azureStyleSendsTheApiKeyHeaderInstead() throws {
        let server = try LoopbackServer { _ in Self.okPage }
        defer { server.stop() }

        _ = try makeClient(server, auth: .apiKey(Secret("0123456789abcdef0123456789abcdef"))).listPage()

        let request = try #require(server.requests.first)
        #expect(request.header("api-key") == "0123456789abcdef0123456789abcdef")
        #expect(request.header("authorization") == nil)
        #expect(request.header("openai-organization") == nil)
        #expect(request.header("openai-project") == nil)
    }

    @Test func retrievesOneVideo() throws {
        let server = try LoopbackServer { _ in .json(Self.video("video_42")) }
        defer { server.stop() }

        let video = try makeClient(server).retrieve(id: "video_42")

        #expect(video["id"] == .string("video_42"))
        #expect(server.requests.first?.target == "/v1/videos/video_42")
    }

    @Test func defaultUserAgentNamesTheVersion() throws {
        let server = try LoopbackServer { _ in Self.okPage }
        defer { server.stop() }
        let client = try VideosAPIClient(configuration: .init(baseURL: "\(server.baseURL)/v1", auth: .bearer(Secret(Self.key))))

        _ = try client.listPage()

        #expect(server.requests.first?.header("user-agent") == "soracost/\(SoraCostVersion.current)")
    }

    // MARK: Retries

    @Test(arguments: [
        ("retry-after-ms", "250", 0.25),
        ("retry-after", "2", 2.0),
        ("retry-after", "Fri, 15 Jan 2027 08:00:03 GMT", 3.0),  // the recorder's clock is 08:00:00
    ])
    func rateLimitsWaitAsTheServerSays(header: String, value: String, expected: Double) throws {
        let server = try LoopbackServer(script: [
            .json(Self.errorBody("Rate limit reached", type: "requests", code: "rate_limit_exceeded"), status: 429,
                  headers: [(name: header, value: value)]),
            Self.okPage,
        ])
        defer { server.stop() }
        let sleeps = SleepRecorder()

        let page = try makeClient(server, retry: sleeps.policy()).listPage()

        #expect(page.data.count == 1)
        #expect(server.requests.count == 2)
        #expect(sleeps.delays == [expected])
    }

    @Test func xShouldRetryFalseStopsAtOnce() throws {
        let server = try LoopbackServer { _ in
            .json(Self.errorBody("The server had an error", type: "server_error", code: nil), status: 500,
                  headers: [(name: "x-should-retry", value: "false"), (name: "x-request-id", value: "req_500")])
        }
        defer { server.stop() }
        let sleeps = SleepRecorder()

        let error = try #require(throws: APIError.self) { try makeClient(server, retry: sleeps.policy()).listPage() }

        guard case .http(let failure) = error else { Issue.record("expected .http, got \(error)"); return }
        #expect(failure.status == 500)
        #expect(server.requests.count == 1)
        #expect(sleeps.delays.isEmpty)
        #expect(error.description.contains("HTTP 500 Internal Server Error"))
        #expect(error.description.contains("x-request-id req_500"))
        #expect(error.description.contains(#""The server had an error""#))
    }

    @Test func aServerErrorThenSuccessRetriesOnce() throws {
        let server = try LoopbackServer(script: [.json("{}", status: 500), Self.okPage])
        defer { server.stop() }
        let sleeps = SleepRecorder()

        let page = try makeClient(server, retry: sleeps.policy()).listPage()

        #expect(page.data.count == 1)
        #expect(server.requests.count == 2)
        #expect(sleeps.delays == [0.5])
    }

    @Test func persistentServerErrorsExhaustTheRetries() throws {
        let server = try LoopbackServer { _ in
            .json(Self.errorBody("Overloaded", type: "server_error", code: nil), status: 503,
                  headers: [(name: "x-request-id", value: "req_busy")])
        }
        defer { server.stop() }
        let sleeps = SleepRecorder()

        let error = try #require(throws: APIError.self) {
            try makeClient(server, retry: sleeps.policy(maxRetries: 2)).listPage()
        }

        #expect(server.requests.count == 3)
        #expect(sleeps.delays == [0.5, 1])
        #expect(error.status == 503)
        #expect(error.description.contains("after 3 attempts"))
        #expect(error.description.contains("x-request-id req_busy"))
    }

    // MARK: Transport failures

    @Test func aSlowServerHitsTheTotalTimeoutQuickly() throws {
        let server = try LoopbackServer { _ in Self.okPage.delayed(by: 10) }
        defer { server.stop() }
        let client = try makeClient(server, retry: SleepRecorder().policy(maxRetries: 0), totalTimeout: 1)
        let started = Date()

        let error = try #require(throws: APIError.self) { try client.listPage() }

        #expect(Date().timeIntervalSince(started) < 3)
        guard case .transport(let curl, _) = error else { Issue.record("expected .transport, got \(error)"); return }
        #expect(curl.isTimeout)
        #expect(error.description.contains("timed out"))
        #expect(error.description.contains("no HTTP response"))
        #expect(error.description.contains("listing videos (first page)"))
    }

    @Test func aTruncatedBodyIsRetriedThenNamesThePage() throws {
        let server = try LoopbackServer { _ in .json(Self.page(["video_8"], hasMore: true), truncateAfter: 40) }
        defer { server.stop() }
        let sleeps = SleepRecorder()

        let error = try #require(throws: APIError.self) {
            try makeClient(server, retry: sleeps.policy(maxRetries: 1)).listPage(after: "video_9")
        }

        #expect(server.requests.count == 2)
        #expect(sleeps.delays == [0.5])
        guard case .transport(let curl, _) = error else { Issue.record("expected .transport, got \(error)"); return }
        #expect(curl.isTruncatedBody)
        #expect(error.description.contains("truncated"))
        #expect(error.description.contains("page after video_9"))
        #expect(error.description.contains("after=video_9"))
        #expect(error.description.contains("2 attempts"))
    }

    // MARK: Malformed pages

    @Test(arguments: [
        ("", "the body is empty"),
        (#"{"object":"list","data":[{"id":"video_1","#, "ends early"),
        ("<html>Bad gateway</html>", "not valid JSON"),
        ("[]", "expected a JSON object"),
        (#"{"object":"list","has_more":false}"#, #""data" is missing"#),
        (#"{"data":{},"has_more":false}"#, #""data" is an object, expected an array"#),
        (#"{"data":[]}"#, #""has_more" is missing"#),
        (#"{"data":[],"has_more":"no"}"#, #""has_more" is a string"#),
        (#"{"data":[1],"has_more":false}"#, "data[0] is a number"),
        (#"{"data":[],"has_more":false,"last_id":5}"#, #""last_id" is a number"#),
        (#"{"data":[{"id":"video_9"}],"has_more":true,"last_id":"video_9"}"#, "loop"),
    ])
    func malformedPagesNameThePage(body: String, reason: String) throws {
        let server = try LoopbackServer { _ in .json(body, headers: [(name: "x-request-id", value: "req_page")]) }
        defer { server.stop() }

        let error = try #require(throws: APIError.self) { try makeClient(server).listPage(after: "video_9") }

        guard case .malformedPage(_, let found) = error else { Issue.record("expected .malformedPage, got \(error)"); return }
        #expect(found.contains(reason))
        #expect(server.requests.count == 1)
        let text = error.description
        #expect(text.contains("malformed list page"))
        #expect(text.contains("page after video_9"))
        #expect(text.contains("/v1/videos?limit=100&order=desc&after=video_9"))
        #expect(text.contains("HTTP 200"))
        #expect(text.contains("x-request-id req_page"))
    }

    @Test func aRetrievedNonObjectIsMalformed() throws {
        let server = try LoopbackServer { _ in .json("[1]") }
        defer { server.stop() }

        let error = try #require(throws: APIError.self) { try makeClient(server).retrieve(id: "video_1") }

        guard case .malformedResponse = error else { Issue.record("expected .malformedResponse, got \(error)"); return }
        #expect(error.description.contains("retrieving video video_1"))
    }
}

extension LoopbackServer.Response {
    /// The same response, sent after `seconds`.
    func delayed(by seconds: Double) -> Self {
        var copy = self
        copy.delay = seconds
        return copy
    }
}
