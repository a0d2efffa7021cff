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

    // MARK: Errors that stop at once

    /// The error of a page request to a server that always answers `response`, checking that it
    /// stopped at once: one request, no wait.
    func stopsAtOnce(_ response: LoopbackServer.Response) throws -> APIError {
        let server = try LoopbackServer { _ in response }
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let error = try #require(throws: APIError.self) { try makeClient(server, retry: sleeps.policy()).listPage() }
        #expect(server.requests.count == 1)
        #expect(sleeps.delays.isEmpty)
        return error
    }

    @Test(arguments: [401, 403])
    func badKeysStopWithoutRetry(status: Int) throws {
        let error = try stopsAtOnce(
            .json(Self.errorBody("Incorrect API key provided: \(Self.key).", type: "invalid_request_error",
                                 code: "invalid_api_key"),
                  status: status, headers: [(name: "x-request-id", value: "req_auth"), (name: "x-should-retry", value: "true")]))

        guard case .unauthorized = error else { Issue.record("expected .unauthorized, got \(error)"); return }
        let text = error.description
        #expect(text.lowercased().contains("bad key or no access"))
        #expect(text.contains("HTTP \(status)"))
        #expect(text.contains("x-request-id req_auth"))
        #expect(text.contains("code invalid_api_key"))
        #expect(text.contains("type invalid_request_error"))
        #expect(!text.contains(Self.key))
        #expect(text.contains("Incorrect API key provided: <redacted>"))
    }

    @Test func insufficientQuotaStopsWithoutRetry() throws {
        let error = try stopsAtOnce(
            .json(Self.errorBody("You exceeded your current quota, please check your plan and billing details.",
                                 type: "insufficient_quota", code: "insufficient_quota"),
                  status: 429, headers: [(name: "retry-after-ms", value: "100"), (name: "x-request-id", value: "req_quota")]))

        guard case .quotaExhausted = error else { Issue.record("expected .quotaExhausted, got \(error)"); return }
        #expect(error.description.contains("HTTP 429"))
        #expect(error.description.contains("no quota left"))
        #expect(error.description.contains("You exceeded your current quota"))
        #expect(error.description.contains("x-request-id req_quota"))
    }

    @Test func aListEndpoint404ExplainsTheShutdown() throws {
        let server = try LoopbackServer { _ in
            .json(Self.errorBody("Invalid URL (GET /v1/videos)", type: "invalid_request_error", code: nil),
                  status: 404, headers: [(name: "x-request-id", value: "req_gone")])
        }
        defer { server.stop() }

        let error = try #require(throws: APIError.self) { try makeClient(server).listPage() }

        guard case .endpointGone = error else { Issue.record("expected .endpointGone, got \(error)"); return }
        #expect(server.requests.count == 1)
        let text = error.description
        #expect(text.contains("HTTP 404 Not Found"))
        #expect(text.contains("no longer serves videos"))
        #expect(text.contains("2026-09-24"))
        #expect(text.contains("soracost import"))
        #expect(text.contains("point the base URL at a compatible endpoint"))
        #expect(!text.contains("--"), "kit errors name settings, the CLI names the options")
        #expect(error.settings == [.baseURL, .authHeader])
        #expect(text.contains("Invalid URL (GET /v1/videos)"))
        #expect(text.contains("x-request-id req_gone"))
    }

    @Test func aRetrieve404IsAMissingVideoNotAShutdown() throws {
        let server = try LoopbackServer { _ in
            .json(Self.errorBody("No video found", type: "invalid_request_error", code: nil), status: 404)
        }
        defer { server.stop() }

        let error = try #require(throws: APIError.self) { try makeClient(server).retrieve(id: "video_x") }

        guard case .http = error else { Issue.record("expected .http, got \(error)"); return }
        #expect(error.description.contains("No such video"))
        #expect(error.description.contains("no x-request-id"))
    }

    @Test func redirectsAreReportedNotFollowed() throws {
        let server = try LoopbackServer { _ in
            LoopbackServer.Response(status: 302, headers: [(name: "Location", value: "https://evil.example/v1/videos?key=abc")])
        }
        defer { server.stop() }

        let error = try #require(throws: APIError.self) { try makeClient(server).listPage() }

        #expect(server.requests.count == 1)
        #expect(error.status == 302)
        #expect(error.description.contains("not followed"))
        #expect(error.description.contains("https://evil.example/v1/videos?key=<redacted>"))
    }

    // MARK: Secrets

    /// Every failure the client can produce, against servers that echo the key wherever they can.
    @Test func theKeyNeverAppearsInAnyError() throws {
        let azureKey = "0123456789abcdef0123456789abcdef"
        let openAI = VideosAPIClient.Auth.bearer(Secret(Self.key))
        let azure = VideosAPIClient.Auth.apiKey(Secret(azureKey))
        // What each server echoes: the key it was sent, bare and in the header form.
        let echo = "got \(Self.key) and Bearer \(Self.key)"
        let azureEcho = "got \(azureKey) and api-key: \(azureKey)"
        let scenarios: [(VideosAPIClient.Auth, LoopbackServer.Response)] = [
            (openAI, .json(Self.errorBody(echo, type: echo, code: "invalid_api_key"), status: 401,
                           headers: [(name: "x-request-id", value: Self.key)])),
            (azure, .json(Self.errorBody(azureEcho, type: azureEcho, code: azureEcho), status: 403,
                          headers: [(name: "x-request-id", value: azureKey)])),
            (openAI, .json(Self.errorBody(echo, type: "t", code: "insufficient_quota"), status: 429)),
            (azure, .json(Self.errorBody(azureEcho, type: "t", code: nil), status: 404)),
            (openAI, .json(Self.errorBody(echo, type: "t", code: nil), status: 500,
                           headers: [(name: "x-should-retry", value: "false")])),
            (azure, .json(#"{"error":"\#(azureEcho)"}"#, status: 400)),
            (openAI, .json(#"{"data":"\#(echo)","has_more":false}"#)),
            (openAI, .json(echo)),
            (azure, LoopbackServer.Response(
                status: 302, headers: [(name: "Location", value: "http://x.example/\(azureKey)?api-key=\(azureKey)")])),
            (openAI, .json("{}", truncateAfter: 1)),
        ]
        for (auth, response) in scenarios {
            let server = try LoopbackServer { _ in response }
            defer { server.stop() }
            let client = try makeClient(server, auth: auth, retry: SleepRecorder().policy(maxRetries: 0))
            let error = try #require(throws: APIError.self) { try client.listPage() }
            let texts = [error.description, error.localizedDescription, "\(error)", String(reflecting: error),
                         error.errorDescription ?? ""]
            for text in texts {
                #expect(!text.contains(Self.key), "key leaked: \(text)")
                #expect(!text.contains("FAKE0000"), "key leaked: \(text)")
                #expect(!text.contains(azureKey), "key leaked: \(text)")
            }
            var dumped = ""
            dump(client.configuration, to: &dumped)
            for text in [dumped, "\(client.configuration)", String(reflecting: client.configuration)] {
                #expect(!text.contains(Self.key) && !text.contains(azureKey), "key leaked: \(text)")
            }
        }
    }

    @Test func scrubbingCatchesKeyShapesAndKnownSecrets() {
        let text = "a sk-proj-abc_DEF-123456 b key=sk-test-FAKE0000 Bearer tok.en/+= task-manager-thing Zm9vYmFy"
        let scrubbed = HTTPRedaction.scrub(text, secrets: [Secret("Zm9vYmFy")])
        #expect(scrubbed == "a <redacted> b key=<redacted> Bearer <redacted> task-manager-thing <redacted>")
        #expect(HTTPRedaction.url("https://u:p@h.example:8443/v1/x?limit=5&key=s3cret&after=v_1#frag")
            == "https://h.example:8443/v1/x?limit=5&key=<redacted>&after=v_1")
        #expect(HTTPRedaction.hostOnly("https://hooks.slack.com/services/T0/B0/XYZ?x=1") == "https://hooks.slack.com/…redacted")
        #expect("\(Secret(Self.key))" == "<redacted>")
    }

    // MARK: Configuration

    @Test(arguments: [
        ("https://api.example.com/v1#top", "fragment"),
        ("https://api.example.com/v1?api-version=a b", "query contains spaces"),
        ("https://user:sk-test-FAKE0000@api.example.com/v1", "user:password@"),
        ("http://gateway.internal/v1", "plain http"),
        ("ftp://api.example.com/v1", "must start with https://"),
        ("https:///v1", "no host"),
    ])
    func rejectsUnsafeBaseURLs(url: String, reason: String) throws {
        let error = try #require(throws: APIError.self) {
            try VideosAPIClient(configuration: .init(baseURL: url, auth: .bearer(Secret(Self.key))))
        }
        #expect(error.description.contains(reason))
        #expect(!error.description.contains("FAKE0000"))
    }

    @Test func normalizesTheBaseURLAndAllowsLoopbackOrOptedInHTTP() throws {
        let client = try VideosAPIClient(configuration: .init(baseURL: " https://x.openai.azure.com/openai/v1// ",
                                                              auth: .apiKey(Secret("k1234567"))))
        #expect(client.baseURL == "https://x.openai.azure.com/openai/v1")
        #expect(try VideosAPIClient(configuration: .init(baseURL: "http://localhost:8080/v1", auth: .bearer(Secret("k1234567"))))
            .baseURL == "http://localhost:8080/v1")
        #expect(try VideosAPIClient(configuration: .init(baseURL: "http://gw.internal/v1", auth: .bearer(Secret("k1234567")),
                                                         allowInsecureHTTP: true)).baseURL == "http://gw.internal/v1")
        #expect(VideosAPIClient.Configuration.defaultBaseURL == "https://api.openai.com/v1")
    }

    @Test func rejectsEmptyOrMultiLineKeysAndBadLimits() throws {
        #expect(throws: APIError.self) { try VideosAPIClient(configuration: .init(auth: .bearer(Secret("")))) }
        #expect(throws: APIError.self) { try VideosAPIClient(configuration: .init(auth: .bearer(Secret("sk-a\r\nX: y")))) }
        #expect(throws: APIError.self) {
            try VideosAPIClient(configuration: .init(auth: .bearer(Secret("sk-abcdefgh")), project: "p\nX: y"))
        }
        let client = try VideosAPIClient(configuration: .init(auth: .bearer(Secret("sk-abcdefgh"))))
        #expect(throws: APIError.self) { try client.listPage(limit: 0) }
        #expect(throws: APIError.self) { try client.listPage(limit: 101) }
    }

    @Test func loadsKeysFromTheEnvironmentOrAFile() throws {
        #expect(try Secret.fromEnvironment("K", environment: ["K": " sk-test-FAKE0000\n"]).exposedValue == Self.key)
        #expect(throws: SecretError.missingEnvironment(name: "OPENAI_API_KEY")) {
            try Secret.fromEnvironment(environment: [:])
        }
        #expect(throws: SecretError.emptyEnvironment(name: "K")) { try Secret.fromEnvironment("K", environment: ["K": " "]) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("soracost-key-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "\n  \(Self.key)  \n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try Secret.fromFile(path: path).exposedValue == Self.key)
        #expect(throws: SecretError.self) { try Secret.fromFile(path: path + ".missing") }
        let error = SecretError.malformed(source: path, reason: "contains spaces or control characters")
        #expect(throws: error) {
            try "sk-a b".write(toFile: path, atomically: true, encoding: .utf8)
            _ = try Secret.fromFile(path: path)
        }
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
